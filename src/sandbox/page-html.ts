import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../paths.js';

/**
 * The page's script is plain TypeScript in src/sandbox/page/, compiled with the
 * rest of Cadence by `npm run build` into dist/ and served from there: no CDN, no
 * separate build (docs/decisions/0026-sandbox.md).
 */
export function pageAsset(file: string): { type: string; body: Buffer } | undefined {
  if (!/^[a-z-]+\.js(\.map)?$/.test(file)) return undefined;
  const path = join(packageRoot(), 'dist', 'src', 'sandbox', 'page', file);
  if (!existsSync(path)) return undefined;
  return { type: file.endsWith('.map') ? 'application/json' : 'text/javascript; charset=utf-8', body: readFileSync(path) };
}

export function pageHtml(entry: 'app' | 'gallery'): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>${entry === 'app' ? 'Cadence sandbox' : 'Cadence gallery'} — not connected to Slack</title>
<style>${STYLES}</style>
</head>
<body class="${entry}">
<div id="banner" role="status">Sandbox — not connected to Slack</div>
<div id="root"><noscript>The sandbox page needs JavaScript.</noscript></div>
<script type="module" src="/sandbox/page/${entry}.js"></script>
</body>
</html>
`;
}

export const STYLES = `
:root { --aubergine: #3f0e40; --aubergine-2: #350d36; --side-text: #cfc3cf; --border: #dddddd; --muted: #616061;
  --link: #1264a3; --green: #007a5a; --danger: #e01e5a; --focus: #1d9bd1; --bg: #ffffff; font-size: 15px; }
* { box-sizing: border-box; }
html, body { margin: 0; height: 100%; font-family: "Lato", "Segoe UI", "Helvetica Neue", Arial, sans-serif; color: #1d1c1d; background: var(--bg); }
#banner { background: #f2c744; color: #1d1c1d; font-weight: 700; text-align: center; padding: 6px 10px; font-size: 14px; letter-spacing: .2px; border-bottom: 1px solid #d4a72c; }
#root { height: calc(100% - 31px); }
.app-shell { display: grid; grid-template-rows: auto 1fr; height: 100%; }
.topbar { display: flex; gap: 14px; align-items: center; flex-wrap: wrap; background: var(--aubergine-2); color: #fff; padding: 7px 14px; font-size: 13px; }
.topbar label { display: flex; gap: 6px; align-items: center; }
.topbar select, .topbar button { font: inherit; }
.topbar .clock { display: flex; gap: 6px; align-items: center; margin-left: auto; }
.topbar .clock time { font-weight: 700; background: rgba(255,255,255,.12); padding: 3px 8px; border-radius: 4px; }
.topbar button { background: rgba(255,255,255,.16); color: #fff; border: 1px solid rgba(255,255,255,.3); border-radius: 4px; padding: 3px 9px; cursor: pointer; }
.topbar button:hover { background: rgba(255,255,255,.28); }
.topbar button.reset { border-color: #f4a3bf; }
.body { display: grid; grid-template-columns: 240px 1fr 300px; min-height: 0; }
.sidebar { background: var(--aubergine); color: var(--side-text); overflow-y: auto; padding: 10px 0; }
.sidebar h2 { color: #fff; font-size: 17px; margin: 2px 16px 12px; }
.sidebar h3 { font-size: 13px; font-weight: 600; margin: 14px 16px 4px; color: var(--side-text); }
.sidebar a { display: block; color: var(--side-text); padding: 3px 16px 3px 24px; text-decoration: none; font-size: 15px; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; cursor: pointer; }
.sidebar a:hover { background: var(--aubergine-2); }
.sidebar a.active { background: #1164a3; color: #fff; }
.sidebar a .count { float: right; background: var(--danger); color: #fff; border-radius: 9px; font-size: 11px; padding: 0 6px; margin-top: 2px; }
.main { display: grid; grid-template-rows: auto 1fr auto; min-height: 0; border-right: 1px solid var(--border); }
.channel-header { padding: 10px 18px; border-bottom: 1px solid var(--border); }
.channel-header h1 { font-size: 18px; margin: 0; }
.channel-header p { margin: 2px 0 0; color: var(--muted); font-size: 13px; }
.messages { overflow-y: auto; padding: 8px 0 12px; }
.empty { color: var(--muted); padding: 24px; text-align: center; }
.msg { display: grid; grid-template-columns: 40px 1fr; gap: 8px; padding: 6px 18px; position: relative; }
.msg:hover { background: #f8f8f8; }
.msg.ephemeral { background: #f4f9fd; }
.avatar { width: 36px; height: 36px; border-radius: 6px; background: #4a154b; color: #fff; display: flex; align-items: center; justify-content: center; font-weight: 700; font-size: 14px; }
.avatar.bot { background: #2c2d6e; }
.msg-head { display: flex; gap: 8px; align-items: baseline; }
.msg-head .who { font-weight: 900; }
.msg-head .app-tag { background: #e8e8e8; color: var(--muted); font-size: 10px; font-weight: 700; padding: 0 3px; border-radius: 2px; }
.msg-head .when { color: var(--muted); font-size: 12px; }
.only-you { color: var(--muted); font-size: 12px; margin-bottom: 2px; }
.only-you button { border: 0; background: none; color: var(--link); cursor: pointer; font-size: 12px; padding: 0; }
.edited { color: var(--muted); font-size: 12px; }
.msg-menu { position: absolute; right: 16px; top: -10px; display: none; background: #fff; border: 1px solid var(--border); border-radius: 6px; box-shadow: 0 1px 3px rgba(0,0,0,.08); }
.msg:hover .msg-menu, .msg-menu.open { display: flex; }
.msg-menu button { border: 0; background: none; padding: 4px 8px; cursor: pointer; font-size: 13px; }
.menu-pop { position: absolute; right: 16px; top: 20px; z-index: 20; background: #fff; border: 1px solid var(--border); border-radius: 6px; box-shadow: 0 4px 12px rgba(0,0,0,.15); padding: 4px 0; min-width: 180px; }
.menu-pop button { display: block; width: 100%; text-align: left; border: 0; background: none; padding: 6px 14px; cursor: pointer; font: inherit; }
.menu-pop button:hover { background: var(--link); color: #fff; }
.thread-link { color: var(--link); font-size: 13px; font-weight: 700; cursor: pointer; border: 0; background: none; padding: 2px 0; }
.replies { border-left: 3px solid #e8e8e8; margin: 4px 0 0 0; padding-left: 8px; }
.thread-reply { margin: 4px 0 2px; max-width: 420px; }
.composer { padding: 10px 18px 14px; position: relative; }
.composer form { display: flex; border: 1px solid #bbb; border-radius: 8px; overflow: hidden; }
.composer textarea { flex: 1; border: 0; padding: 10px; font: inherit; resize: none; height: 42px; outline: none; }
.composer button { border: 0; background: var(--green); color: #fff; padding: 0 16px; font-weight: 700; cursor: pointer; }
.composer .error { color: var(--danger); font-size: 13px; margin-top: 4px; }
.composer button.shortcuts { background: #fff; color: #333; padding: 0 12px; font-weight: 400; border-right: 1px solid #ddd; }
.composer .menu-pop { top: auto; bottom: 62px; left: 18px; right: auto; }
.autocomplete { position: absolute; bottom: 62px; left: 18px; right: 18px; background: #fff; border: 1px solid var(--border); border-radius: 8px; box-shadow: 0 4px 14px rgba(0,0,0,.15); max-height: 260px; overflow-y: auto; z-index: 10; }
.autocomplete div { padding: 7px 12px; cursor: pointer; }
.autocomplete div.sel, .autocomplete div:hover { background: var(--link); color: #fff; }
.autocomplete b { margin-right: 8px; }
.autocomplete .hint { font-size: 12px; opacity: .85; display: block; }
.side-panel { overflow-y: auto; padding: 10px 12px; font-size: 13px; background: #fafafa; }
.side-panel h3 { margin: 10px 0 6px; font-size: 14px; }
.side-panel form { display: grid; gap: 5px; }
.side-panel input, .side-panel select { font: inherit; padding: 4px 6px; border: 1px solid #bbb; border-radius: 4px; }
.side-panel form button { font: inherit; background: var(--green); color: #fff; border: 0; border-radius: 4px; padding: 5px; cursor: pointer; }
.log-entry { border-bottom: 1px solid #eee; padding: 5px 0; }
.log-entry time { color: var(--muted); font-size: 11px; display: block; }
.log-entry.slack-error, .log-entry.app-error { color: #a3123f; }
.log-entry ul { margin: 2px 0 0 16px; padding: 0; color: var(--muted); }
/* Block Kit */
.blocks { display: grid; gap: 6px; margin-top: 2px; }
.bk-header { font-size: 18px; font-weight: 900; margin: 4px 0 2px; }
.bk-section { display: grid; grid-template-columns: 1fr auto; gap: 10px; align-items: start; }
.bk-fields { display: grid; grid-template-columns: 1fr 1fr; gap: 6px 16px; margin-top: 6px; }
.bk-context { display: flex; gap: 8px; flex-wrap: wrap; align-items: center; color: var(--muted); font-size: 12.5px; }
.bk-context img { width: 16px; height: 16px; border-radius: 3px; }
.bk-divider { border: 0; border-top: 1px solid var(--border); margin: 6px 0; width: 100%; }
.bk-actions { display: flex; gap: 8px; flex-wrap: wrap; align-items: center; }
.bk-image img { max-width: 360px; border-radius: 6px; border: 1px solid var(--border); }
.bk-image .title { font-size: 13px; color: var(--muted); }
.bk-btn { font: inherit; font-size: 14px; font-weight: 700; border: 1px solid #bbb; background: #fff; color: #1d1c1d; border-radius: 4px; padding: 4px 12px; cursor: pointer; min-height: 30px; }
.bk-btn:hover { background: #f6f6f6; }
.bk-btn.primary { background: var(--green); border-color: var(--green); color: #fff; }
.bk-btn.danger { background: #fff; border-color: var(--danger); color: var(--danger); }
.bk-btn.url::after { content: " ↗"; font-weight: 400; }
.bk-select, .bk-input, .bk-date { font: inherit; font-size: 14px; border: 1px solid #bbb; border-radius: 4px; padding: 5px 8px; background: #fff; min-height: 32px; }
.bk-input { width: 100%; }
textarea.bk-input { min-height: 80px; resize: vertical; }
.bk-overflow { position: relative; display: inline-block; }
.bk-overflow > button { font-weight: 900; }
.bk-options { display: grid; gap: 4px; }
.bk-options label { display: flex; gap: 6px; align-items: flex-start; }
.bk-options .desc { color: var(--muted); font-size: 12px; display: block; }
.bk-input-block { display: grid; gap: 4px; margin: 4px 0 6px; }
.bk-input-block > .label { font-weight: 700; }
.bk-input-block > .label .optional { color: var(--muted); font-weight: 400; }
.bk-input-block > .hint { color: var(--muted); font-size: 12.5px; }
.bk-input-block > .error { color: var(--danger); font-size: 13px; }
.bk-input-block.has-error .bk-input, .bk-input-block.has-error .bk-select { border-color: var(--danger); }
.external { position: relative; }
.bk-input-block .external input { width: 100%; }
.external .suggestions { position: absolute; z-index: 30; top: 100%; left: 0; right: 0; background: #fff; border: 1px solid var(--border); border-radius: 4px; box-shadow: 0 4px 12px rgba(0,0,0,.15); max-height: 220px; overflow-y: auto; }
.external .suggestions div { padding: 6px 10px; cursor: pointer; }
.external .suggestions div:hover { background: var(--link); color: #fff; }
.external .suggestions .group { font-weight: 700; color: var(--muted); cursor: default; }
.mrkdwn { line-height: 1.46; overflow-wrap: anywhere; }
.mrkdwn code { background: #f6f6f6; border: 1px solid #e1e1e1; border-radius: 3px; padding: 0 3px; color: #e01e5a; font-size: 12.5px; }
.mrkdwn pre { background: #f8f8f8; border: 1px solid #e1e1e1; border-radius: 4px; padding: 8px; margin: 4px 0; white-space: pre-wrap; font-size: 12.5px; }
.mrkdwn blockquote { margin: 2px 0; padding-left: 10px; border-left: 4px solid #ddd; }
.mrkdwn a { color: var(--link); text-decoration: none; }
.mrkdwn .mention { background: #e8f5fa; color: var(--link); border-radius: 3px; padding: 0 2px; }
.mrkdwn .mention.broadcast { background: #fef3cd; color: #1d1c1d; }
.attachment { border-left: 4px solid #ddd; padding-left: 10px; margin-top: 4px; }
/* Modals */
.overlay { position: fixed; inset: 0; background: rgba(0,0,0,.45); display: flex; align-items: flex-start; justify-content: center; z-index: 50; overflow-y: auto; padding: 50px 0; }
.modal { background: #fff; border-radius: 8px; width: 560px; max-width: 95vw; box-shadow: 0 18px 48px rgba(0,0,0,.35); display: grid; grid-template-rows: auto 1fr auto; }
.modal-head { display: flex; align-items: center; gap: 10px; padding: 16px 22px; border-bottom: 1px solid var(--border); }
.modal-head h2 { font-size: 20px; margin: 0; flex: 1; }
.modal-head .app { width: 26px; height: 26px; border-radius: 5px; background: #2c2d6e; color: #fff; display: flex; align-items: center; justify-content: center; font-weight: 900; font-size: 13px; }
.modal-head button { border: 0; background: none; font-size: 22px; cursor: pointer; color: var(--muted); }
.modal-body { padding: 16px 22px; max-height: 62vh; overflow-y: auto; }
.modal-foot { display: flex; justify-content: flex-end; gap: 8px; padding: 14px 22px; border-top: 1px solid var(--border); }
.confirm { width: 420px; }
.home { padding: 16px 22px; overflow-y: auto; }
.home .tabs { display: flex; gap: 18px; border-bottom: 1px solid var(--border); margin: -6px 0 14px; }
.home .tabs span { padding: 6px 0; font-weight: 700; border-bottom: 2px solid var(--green); }
/* Gallery */
body.gallery { background: #f4f4f4; }
body.gallery #root { height: auto; padding: 18px; }
.gallery-item { background: #fff; border: 1px solid var(--border); border-radius: 8px; margin: 0 0 18px; padding: 10px 4px; max-width: 760px; }
.gallery-item > h2 { font-size: 13px; color: var(--muted); margin: 0 16px 6px; font-weight: 600; font-family: monospace; }
.gallery-item .modal { box-shadow: none; border: 1px solid var(--border); margin: 6px 16px; }
.gallery-item .modal-body { max-height: none; }
`;
