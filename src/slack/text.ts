/*
 * Slack text helpers shared by every feature. Slack sends command and message
 * text with `&`, `<` and `>` escaped as entities, and with references
 * (mentions, channels, links) in angle brackets.
 */

export function decodeEntities(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

/*
 * User text is never markup (issue 19, items 2 and 3; docs/decisions/0024).
 * Whatever a person typed, once shown by the bot:
 * - no mention pings anyone: `<!channel>`, `<!here>`, `<!everyone>`,
 *   `<!subteam^…>` and `<@U…>` become inert text (a user mention shows as
 *   `@name`, or `@U…` when Slack sent no name);
 * - no link disguises its target: `<http://evil|https://bank>` shows the real
 *   target (`https://bank (http://evil)` with only the real URL clickable); a
 *   link whose label is its own address stays a plain link;
 * - channel references (`<#C…>`) stay clickable: they notify nobody.
 * This holds in blocks (`escapeMrkdwn`) and in the top-level `text`
 * notifications show (`inertText`).
 */
const ANGLE = /<([^<>]*)>/g;
const CHANNEL_REF = /^#[CG][A-Z0-9]+(?:\|[^<>|]*)?$/;
const USER_REF = /^@([UW][A-Z0-9]+)(?:\|([^<>|]*))?$/;
const LINK_REF = /^((?:https?|mailto):[^\s|<>]+)(?:\|([^<>]*))?$/i;

/** The same address, give or take its scheme, a `www.` and a trailing slash: what Slack's own auto-links look like. */
function sameTarget(url: string, label: string): boolean {
  const norm = (s: string) => s.trim().toLowerCase().replace(/^(?:https?:\/\/|mailto:)/, '').replace(/^www\./, '').replace(/\/+$/, '');
  return norm(url) === norm(label);
}

type Piece = { kind: 'text'; text: string } | { kind: 'channel'; raw: string; name: string } | { kind: 'user'; shown: string } | { kind: 'link'; url: string; label: string | undefined };

function pieces(text: string): Piece[] {
  const out: Piece[] = [];
  let last = 0;
  for (const m of text.matchAll(ANGLE)) {
    if (m.index > last) out.push({ kind: 'text', text: text.slice(last, m.index) });
    last = m.index + m[0].length;
    const inner = m[1] ?? '';
    const user = USER_REF.exec(inner);
    const link = LINK_REF.exec(inner);
    if (CHANNEL_REF.test(inner)) out.push({ kind: 'channel', raw: m[0], name: inner.split('|')[1] || inner.slice(1).split('|')[0] || '' });
    else if (user) out.push({ kind: 'user', shown: `@${user[2]?.trim() || user[1]}` });
    else if (link && link[1]) out.push({ kind: 'link', url: link[1], label: link[2] && !sameTarget(link[1], link[2]) ? link[2] : undefined });
    else out.push({ kind: 'text', text: m[0] });
  }
  if (last < text.length) out.push({ kind: 'text', text: text.slice(last) });
  return out;
}

/** Escapes user text for mrkdwn: inert mentions, links that show their real target, clickable channel references. */
export function escapeMrkdwn(text: string): string {
  return pieces(text)
    .map((p) => {
      if (p.kind === 'text') return escapeText(p.text);
      if (p.kind === 'channel') return p.raw.replace(/&(?!amp;|lt;|gt;)/g, '&amp;');
      if (p.kind === 'user') return escapeText(p.shown);
      const link = `<${p.url.replace(/&(?!amp;)/g, '&amp;')}>`;
      return p.label === undefined ? link : `${escapeText(p.label)} (${link})`;
    })
    .join('');
}

/** Escapes every mrkdwn control character: for titles, keys and names that must never become a mention or a link. */
export function escapeText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * Slack references rendered as readable plain text (for plain_text fields): `@name`, `#channel`, a
 * link's label followed by its real address when they differ. Not escaped: for a message's `text`, use `inertText`.
 */
export function plainOf(text: string): string {
  return pieces(text)
    .map((p) => {
      if (p.kind === 'text') return p.text;
      if (p.kind === 'channel') return `#${p.name}`;
      if (p.kind === 'user') return p.shown;
      return p.label === undefined ? p.url : `${p.label} (${p.url})`;
    })
    .join('');
}

/** User text for a message's top-level `text` (what notifications show): readable, and inert. */
export function inertText(text: string): string {
  return escapeText(plainOf(text));
}

/**
 * Cuts to at most `max` UTF-16 code units (Slack's stricter reading of its
 * limits), at a word boundary when it can, never splitting a Slack reference
 * or a surrogate pair.
 */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = '';
  for (const ch of text) {
    if (cut.length + ch.length > max - 1) break;
    cut += ch;
  }
  const open = cut.lastIndexOf('<');
  if (open > cut.lastIndexOf('>')) cut = cut.slice(0, open);
  const space = cut.lastIndexOf(' ');
  if (space > cut.length * 0.6) cut = cut.slice(0, space);
  return `${cut.trimEnd()}…`;
}

/** `https://<domain>.slack.com/archives/C…/p1712345678123456`, the form Slack's own permalinks take. */
export function messageLink(teamDomain: string | undefined, channel: string, ts: string): string | undefined {
  if (!teamDomain || !/^[a-z0-9-]+$/i.test(teamDomain)) return undefined;
  return `https://${teamDomain}.slack.com/archives/${channel}/p${ts.replace('.', '')}`;
}

/**
 * A date Slack renders in each reader's own time zone and language
 * (`<!date^…>`), with the fallback old clients and notifications show.
 */
export function slackDateToken(at: Date, format: string, fallback: string): string {
  return `<!date^${Math.floor(at.getTime() / 1000)}^${format}|${fallback}>`;
}

/**
 * Text as it enters (issue 19, items 8 and 13): control characters removed (line breaks
 * and tabs kept: they carry nothing a reader sees, and SQLite's length() stops at a NUL),
 * lone UTF-16 surrogates replaced by U+FFFD (they are not text: re-delivering the same
 * title must compare equal), and the result in Unicode NFC (a composed "é" and an
 * "e" + accent are the same title).
 */
export function cleanInput(text: string): string {
  return text
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '')
    .replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd')
    .normalize('NFC');
}
