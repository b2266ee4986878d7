// The gallery: every distinct message, modal and Home view the app showed in this
// sandbox, rendered read-only with the page's own Block Kit renderer.
// `npm run gallery` fills a sandbox with representative data, opens this page in
// headless Chromium, and saves it (and one PNG per item).

import { mrkdwnHtml, renderAttachments, renderBlocks, renderModal, type Directory, type Json, type RenderContext } from './render.js';

interface Item {
  kind: 'message' | 'ephemeral' | 'modal' | 'home';
  where: string;
  content: Json;
}

interface Gallery {
  zone: string;
  language: string;
  personas: { id: string; name: string }[];
  channels: { id: string; name: string; kind: string }[];
  items: Item[];
}

function h<K extends keyof HTMLElementTagNameMap>(tag: K, className?: string, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

async function main(): Promise<void> {
  const g = (await (await fetch('/sandbox/api/gallery')).json()) as Gallery;
  const dir: Directory = {
    userName: (id) => (id === 'UBOT' ? 'Cadence' : g.personas.find((p) => p.id === id)?.name),
    channelName: (id) => g.channels.find((c) => c.id === id)?.name,
    zone: g.zone,
    locale: g.language === 'fr' ? 'fr-FR' : 'en-GB',
    users: g.personas,
    channels: g.channels.filter((c) => c.kind === 'channel'),
  };
  const root = document.getElementById('root');
  if (!root) return;
  root.append(h('h1', undefined, `Cadence gallery · ${g.language.toUpperCase()} · ${g.items.length} items`));
  g.items.forEach((item, i) => {
    const box = h('section', 'gallery-item');
    box.id = `item-${i + 1}`;
    box.dataset['kind'] = item.kind;
    const title = typeof item.content['callback_id'] === 'string' && item.content['callback_id'] ? ` · ${item.content['callback_id']}` : '';
    box.append(h('h2', undefined, `${i + 1}. ${item.kind} · ${item.where}${title}`));
    const ctx: RenderContext = { dir, state: new Map(), readOnly: true };
    if (item.kind === 'modal') box.append(renderModal(item.content, ctx, {}));
    else if (item.kind === 'home') {
      const home = h('div', 'home');
      home.append(renderBlocks(item.content['blocks'], ctx));
      box.append(home);
    } else {
      const msg = h('div', `msg${item.kind === 'ephemeral' ? ' ephemeral' : ''}`);
      const content = h('div', 'content');
      if (item.kind === 'ephemeral') content.append(h('div', 'only-you', '👁 Only visible to you'));
      const head = h('div', 'msg-head');
      head.append(h('span', 'who', 'Cadence'), h('span', 'app-tag', 'APP'));
      content.append(head);
      const blocks = item.content['blocks'];
      if (Array.isArray(blocks) && blocks.length > 0) content.append(renderBlocks(blocks, ctx));
      else {
        const text = h('div', 'mrkdwn');
        text.innerHTML = mrkdwnHtml(typeof item.content['text'] === 'string' ? item.content['text'] : '', dir);
        content.append(text);
      }
      if (item.content['attachments']) content.append(renderAttachments(item.content['attachments'], ctx));
      msg.append(h('div', 'avatar bot', 'C'), content);
      box.append(msg);
    }
    root.append(box);
  });
  document.body.dataset['ready'] = 'true';
}

void main();
