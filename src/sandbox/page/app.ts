// The sandbox page: a small Slack-like workspace over the sandbox's JSON interface
// (src/sandbox/server.ts). State comes from GET /sandbox/api/state; an event
// stream says when it changed; every click is one POST that becomes the request
// Slack would send to Cadence.

import { clientChecks, emoji, escapeHtml, mrkdwnHtml, renderAttachments, renderBlocks, renderModal, stateValues, type Directory, type Json, type RenderContext } from './render.js';

interface Persona { id: string; name: string; roles: string[] }
interface Channel { id: string; name: string; kind: 'channel' | 'dm'; topic: string; user?: string }
interface Message { ts: string; channel: string; user: string; text: string; blocks?: unknown[]; attachments?: unknown[]; thread_ts?: string; ephemeralFor?: string; edited?: boolean; at: string }
interface ViewEntry { id: string; hash: string; view: Json; user: string; errors?: Record<string, string> }
interface LogEntry { seq: number; at: string; kind: string; text: string; detail?: string[] }
interface Command { command: string; description: string; usage_hint: string }
interface Shortcut { name: string; callback_id: string; type: string }
interface State {
  banner: string; now: string; zone: string; language: string; organisation: string;
  personas: Persona[]; commands: Command[]; shortcuts: Shortcut[]; teams: string[];
  viewer: string; channels: Channel[]; messages: Record<string, Message[]>; modals: ViewEntry[]; home: ViewEntry | null; log: LogEntry[];
}

const BOT = 'UBOT';
const ui = {
  as: localStorage.getItem('cadence-sandbox-as') ?? '',
  current: localStorage.getItem('cadence-sandbox-channel') ?? '',
  openThreads: new Set<string>(),
  error: '',
  draft: '',
  suggestion: 0,
};
let state: State | undefined;

async function api(path: string, body: Json): Promise<Json> {
  const response = await fetch(`/sandbox/api/${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ as: ui.as, ...body }) });
  const answer = (await response.json()) as Json;
  if (!response.ok) throw new Error(typeof answer['error'] === 'string' ? answer['error'] : `HTTP ${response.status}`);
  return answer;
}

function fail(err: unknown): void {
  ui.error = err instanceof Error ? err.message : String(err);
  render();
}

async function refresh(): Promise<void> {
  const response = await fetch(`/sandbox/api/state?as=${encodeURIComponent(ui.as)}`);
  state = (await response.json()) as State;
  if (!state.personas.some((p) => p.id === ui.as)) ui.as = state.personas[0]?.id ?? '';
  if (ui.current !== 'home' && !state.channels.some((c) => c.id === ui.current)) ui.current = state.channels[0]?.id ?? 'home';
  render();
}

function directory(s: State): Directory {
  const channels = s.channels.filter((c) => c.kind === 'channel');
  return {
    userName: (id) => (id === BOT ? 'Cadence' : s.personas.find((p) => p.id === id)?.name),
    channelName: (id) => s.channels.find((c) => c.id === id)?.name,
    zone: s.zone,
    locale: s.language === 'fr' ? 'fr-FR' : 'en-GB',
    users: s.personas.map((p) => ({ id: p.id, name: p.name })),
    channels: channels.map((c) => ({ id: c.id, name: c.name })),
  };
}

function h<K extends keyof HTMLElementTagNameMap>(tag: K, className?: string, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function formatTime(iso: string, s: State, withDate = false): string {
  return new Intl.DateTimeFormat(s.language === 'fr' ? 'fr-FR' : 'en-GB', {
    timeZone: s.zone,
    ...(withDate ? { weekday: 'short', day: 'numeric', month: 'short' } : {}),
    hour: '2-digit',
    minute: '2-digit',
  }).format(new Date(iso));
}

// ---------------------------------------------------------------------------
// Rendering
// ---------------------------------------------------------------------------

function render(): void {
  const root = document.getElementById('root');
  if (!root || !state) return;
  const s = state;
  const shell = h('div', 'app-shell');
  shell.append(topbar(s));
  const body = h('div', 'body');
  body.append(sidebar(s), ui.current === 'home' ? homePane(s) : channelPane(s), sidePanel(s));
  shell.append(body);
  const focused = document.activeElement instanceof HTMLTextAreaElement && document.activeElement.id === 'composer';
  root.replaceChildren(shell);
  const top = s.modals[s.modals.length - 1];
  if (top) root.append(modalOverlay(s, top));
  else modalCache = undefined;
  const list = root.querySelector('.messages');
  if (list) list.scrollTop = list.scrollHeight;
  const composer = document.getElementById('composer');
  if (focused && composer instanceof HTMLTextAreaElement) {
    composer.focus();
    composer.setSelectionRange(composer.value.length, composer.value.length);
  }
}

function topbar(s: State): HTMLElement {
  const bar = h('div', 'topbar');
  const who = h('label', undefined, 'Who am I');
  const select = h('select');
  select.id = 'who-am-i';
  for (const p of s.personas) {
    const option = h('option', undefined, `${p.name}${p.roles.length > 1 ? ` (${p.roles.slice(1).join(', ')})` : ''}`);
    option.value = p.id;
    option.selected = p.id === ui.as;
    select.append(option);
  }
  select.onchange = () => {
    ui.as = select.value;
    localStorage.setItem('cadence-sandbox-as', ui.as);
    void refresh().then(() => (ui.current === 'home' ? openHome() : undefined));
  };
  who.append(select);
  bar.append(h('strong', undefined, s.organisation), who);

  const clock = h('div', 'clock');
  const time = h('time', undefined, `${formatTime(s.now, s, true)} · ${s.zone}`);
  time.id = 'clock-now';
  time.dateTime = s.now;
  clock.append(time);
  const moves: [string, string][] = [
    ['next-step', 'Next ritual step'],
    ['plus-hour', '+1 hour'],
    ['plus-day', '+1 day'],
    ['next-monday', 'Next Monday 09:00'],
  ];
  for (const [move, label] of moves) {
    const button = h('button', undefined, label);
    button.dataset['move'] = move;
    button.onclick = () => {
      button.disabled = true;
      void api('clock', { move }).then(() => refresh(), fail);
    };
    clock.append(button);
  }
  const reset = h('button', 'reset', 'Reset');
  reset.id = 'reset';
  reset.title = 'Start over: empty database, clock back to now';
  reset.onclick = () => {
    if (!window.confirm('Start the sandbox over? Everything done here is deleted.')) return;
    void api('reset', {}).then(() => refresh(), fail);
  };
  clock.append(reset);
  bar.append(clock);
  return bar;
}

function sidebar(s: State): HTMLElement {
  const side = h('nav', 'sidebar');
  side.append(h('h2', undefined, s.organisation));
  const link = (id: string, label: string) => {
    const a = h('a', id === ui.current ? 'active' : undefined, label);
    a.dataset['channel'] = id;
    a.onclick = () => {
      ui.current = id;
      localStorage.setItem('cadence-sandbox-channel', id);
      ui.error = '';
      render();
      if (id === 'home') void openHome();
    };
    return a;
  };
  side.append(h('h3', undefined, 'Apps'), link('home', 'Cadence — Home'));
  side.append(h('h3', undefined, 'Channels'));
  for (const c of s.channels.filter((x) => x.kind === 'channel')) side.append(link(c.id, `# ${c.name}`));
  side.append(h('h3', undefined, 'Direct messages'));
  for (const c of s.channels.filter((x) => x.kind === 'dm')) side.append(link(c.id, '● Cadence'));
  return side;
}

function renderContext(s: State, source: { channel: string; ts: string } | { viewId: string }, errors?: Record<string, string>): RenderContext {
  const ctx: RenderContext = {
    dir: directory(s),
    state: new Map(),
    onAction: (action) => {
      void api('action', { ...source, action, values: stateValues(ctx) }).catch(fail);
    },
    loadOptions: async (blockId, actionId, value) => {
      const answer = await api('options', { ...source, block_id: blockId, action_id: actionId, value });
      return (answer['answer'] as Json | undefined) ?? {};
    },
  };
  if (errors) ctx.errors = errors;
  return ctx;
}

function messageNode(s: State, m: Message, replies: Message[]): HTMLElement {
  const node = h('div', `msg${m.ephemeralFor ? ' ephemeral' : ''}`);
  node.dataset['ts'] = m.ts;
  const bot = m.user === BOT;
  const name = bot ? 'Cadence' : (s.personas.find((p) => p.id === m.user)?.name ?? m.user);
  const avatar = h('div', `avatar${bot ? ' bot' : ''}`, bot ? 'C' : name.slice(0, 1).toUpperCase());
  const content = h('div', 'content');
  if (m.ephemeralFor) {
    const only = h('div', 'only-you', '👁 Only visible to you · ');
    const dismiss = h('button', undefined, 'Dismiss');
    dismiss.onclick = () => void api('dismiss', { channel: m.channel, ts: m.ts }).catch(fail);
    only.append(dismiss);
    content.append(only);
  }
  const head = h('div', 'msg-head');
  head.append(h('span', 'who', name));
  if (bot) head.append(h('span', 'app-tag', 'APP'));
  head.append(h('span', 'when', formatTime(m.at, s, true)));
  content.append(head);
  const ctx = renderContext(s, { channel: m.channel, ts: m.ts });
  if (m.blocks && m.blocks.length > 0) content.append(renderBlocks(m.blocks, ctx));
  else {
    const text = h('div', 'mrkdwn');
    text.innerHTML = mrkdwnHtml(m.text, ctx.dir);
    content.append(text);
  }
  if (m.attachments) content.append(renderAttachments(m.attachments, ctx));
  if (m.edited) content.append(h('span', 'edited', '(edited)'));
  if (!m.thread_ts && !m.ephemeralFor) {
    const open = ui.openThreads.has(m.ts);
    if (replies.length > 0 || open) {
      const link = h('button', 'thread-link', replies.length > 0 ? `${replies.length} ${replies.length === 1 ? 'reply' : 'replies'}` : 'Hide thread');
      link.onclick = () => {
        if (open) ui.openThreads.delete(m.ts);
        else ui.openThreads.add(m.ts);
        render();
      };
      content.append(link);
    }
    if (open) {
      const box = h('div', 'replies');
      for (const r of replies) box.append(messageNode(s, r, []));
      // Reply in the thread: plain text, as the person (the bot sees no message events).
      const form = h('form', 'thread-reply');
      const input = h('input', 'bk-input');
      input.placeholder = 'Reply…';
      form.append(input);
      form.onsubmit = (e) => {
        e.preventDefault();
        if (input.value.trim() === '') return;
        void api('send', { channel: m.channel, text: input.value, thread_ts: m.ts }).then(() => refresh(), fail);
      };
      box.append(form);
      content.append(box);
    }
  }
  // The message's menu: reply in thread, and the app's message shortcuts.
  if (!m.ephemeralFor) {
    const menu = h('div', 'msg-menu');
    const more = h('button', 'more', '⋮');
    more.title = 'More actions';
    more.onclick = () => {
      const existing = node.querySelector('.menu-pop');
      if (existing) {
        existing.remove();
        return;
      }
      const pop = h('div', 'menu-pop');
      if (!m.thread_ts) {
        const reply = h('button', undefined, 'Reply in thread');
        reply.onclick = () => {
          ui.openThreads.add(m.ts);
          pop.remove();
          render();
        };
        pop.append(reply);
      }
      for (const sc of s.shortcuts.filter((x) => x.type === 'message')) {
        const item = h('button', 'shortcut', `${sc.name} · Cadence`);
        item.dataset['callbackId'] = sc.callback_id;
        item.onclick = () => {
          pop.remove();
          void api('shortcut', { channel: m.channel, ts: m.ts, callback_id: sc.callback_id }).catch(fail);
        };
        pop.append(item);
      }
      node.append(pop);
    };
    menu.append(more);
    node.append(menu);
  }
  node.prepend(avatar, content);
  return node;
}

function channelPane(s: State): HTMLElement {
  const pane = h('main', 'main');
  const channel = s.channels.find((c) => c.id === ui.current);
  const header = h('div', 'channel-header');
  header.append(h('h1', undefined, channel?.kind === 'dm' ? 'Cadence' : `# ${channel?.name ?? ''}`), h('p', undefined, channel?.topic ?? ''));
  pane.append(header);
  const list = h('div', 'messages');
  const all = s.messages[ui.current] ?? [];
  const top = all.filter((m) => !m.thread_ts || m.thread_ts === m.ts);
  if (top.length === 0) list.append(h('div', 'empty', 'No messages yet. Try a slash command below, e.g. /insight or /pitch.'));
  for (const m of top) list.append(messageNode(s, m, all.filter((r) => r.thread_ts === m.ts && r.ts !== m.ts)));
  pane.append(list, composer(s));
  return pane;
}

function composer(s: State): HTMLElement {
  const wrap = h('div', 'composer');
  const form = h('form');
  const input = h('textarea');
  input.id = 'composer';
  input.placeholder = `Message ${ui.current.startsWith('D') ? 'Cadence' : `#${s.channels.find((c) => c.id === ui.current)?.name ?? ''}`} — type / for commands`;
  input.value = ui.draft;
  const send = h('button', undefined, 'Send');
  send.type = 'submit';
  // The app's global (⚡) shortcuts, as in Slack's shortcuts menu: a `shortcut` payload, no channel nor message.
  const globals = s.shortcuts.filter((x) => x.type === 'global');
  const bolt = h('button', 'shortcuts', '⚡');
  bolt.type = 'button';
  bolt.title = 'Shortcuts';
  bolt.hidden = globals.length === 0;
  bolt.onclick = () => {
    const existing = wrap.querySelector('.menu-pop');
    if (existing) {
      existing.remove();
      return;
    }
    const pop = h('div', 'menu-pop');
    for (const sc of globals) {
      const item = h('button', 'shortcut', `${sc.name} · Cadence`);
      item.dataset['callbackId'] = sc.callback_id;
      item.onclick = () => {
        pop.remove();
        void api('global-shortcut', { callback_id: sc.callback_id }).catch(fail);
      };
      pop.append(item);
    }
    wrap.append(pop);
  };
  form.append(bolt, input, send);
  const matches = () => {
    const m = /^(\/\S*)$/.exec(ui.draft.trim()) ?? /^(\/\S+)\s/.exec(ui.draft);
    if (!m || !m[1]) return [];
    const typed = m[1];
    return s.commands.filter((c) => (ui.draft.includes(' ') ? c.command === typed : c.command.startsWith(typed)));
  };
  const popup = h('div', 'autocomplete');
  const showPopup = () => {
    const found = matches();
    popup.replaceChildren();
    popup.hidden = found.length === 0;
    found.forEach((c, i) => {
      const row = h('div', i === ui.suggestion ? 'sel' : undefined);
      row.innerHTML = `<b>${escapeHtml(c.command)}</b>${escapeHtml(c.usage_hint)}<span class="hint">${escapeHtml(c.description)}</span>`;
      row.onmousedown = (e) => {
        e.preventDefault();
        ui.draft = `${c.command} `;
        input.value = ui.draft;
        showPopup();
        input.focus();
      };
      popup.append(row);
    });
  };
  input.oninput = () => {
    ui.draft = input.value;
    ui.suggestion = 0;
    showPopup();
  };
  input.onkeydown = (e) => {
    const found = matches();
    if (!ui.draft.includes(' ') && found.length > 0 && (e.key === 'Tab' || e.key === 'ArrowDown' || e.key === 'ArrowUp')) {
      e.preventDefault();
      if (e.key === 'Tab') {
        ui.draft = `${found[ui.suggestion]?.command ?? ''} `;
        input.value = ui.draft;
      } else ui.suggestion = (ui.suggestion + (e.key === 'ArrowDown' ? 1 : found.length - 1)) % found.length;
      showPopup();
      return;
    }
    if (e.key === 'Enter' && !e.shiftKey) {
      e.preventDefault();
      form.requestSubmit();
    }
  };
  form.onsubmit = (e) => {
    e.preventDefault();
    const text = ui.draft;
    if (text.trim() === '') return;
    ui.draft = '';
    ui.error = '';
    input.value = '';
    popup.hidden = true;
    void api('send', { channel: ui.current, text }).then(() => refresh(), (err: unknown) => {
      ui.draft = text;
      fail(err);
    });
  };
  showPopup();
  wrap.append(popup, form);
  if (ui.error) {
    const error = h('div', 'error', ui.error);
    error.id = 'composer-error';
    wrap.append(error);
  }
  return wrap;
}

function homePane(s: State): HTMLElement {
  const pane = h('main', 'main');
  const header = h('div', 'channel-header');
  header.append(h('h1', undefined, 'Cadence'), h('p', undefined, 'App Home'));
  const body = h('div', 'home');
  const tabs = h('div', 'tabs');
  tabs.append(h('span', undefined, 'Home'));
  body.append(tabs);
  if (s.home) body.append(renderBlocks(s.home.view['blocks'], renderContext(s, { viewId: s.home.id })));
  else body.append(h('div', 'empty', 'Opening the Home tab…'));
  pane.append(header, body, h('div'));
  return pane;
}

/** The open modal survives refreshes (what the person typed stays) until the app changes the view. */
let modalCache: { key: string; node: HTMLElement } | undefined;

function showErrors(node: HTMLElement, errors: Record<string, string> | undefined): void {
  for (const block of Array.from(node.querySelectorAll<HTMLElement>('.bk-input-block'))) {
    block.querySelector(':scope > .error')?.remove();
    block.classList.remove('has-error');
    const error = errors?.[block.dataset['blockId'] ?? ''];
    if (error) {
      block.classList.add('has-error');
      block.append(h('div', 'error', error));
    }
  }
}

function modalOverlay(s: State, top: ViewEntry): HTMLElement {
  const key = `${top.id}:${top.hash}`;
  if (modalCache?.key === key) {
    showErrors(modalCache.node, top.errors);
    return modalCache.node;
  }
  const overlay = h('div', 'overlay');
  modalCache = { key, node: overlay };
  const ctx = renderContext(s, { viewId: top.id }, top.errors);
  overlay.append(
    renderModal(top.view, ctx, {
      back: s.modals.length > 1,
      onClose: () => void api('close', { viewId: top.id }).catch(fail),
      onSubmit: () => {
        // Slack's client refuses an empty required field or a bad number itself, without asking the app.
        const values = stateValues(ctx);
        const problems = clientChecks(top.view, values);
        if (Object.keys(problems).length > 0) {
          showErrors(overlay, problems);
          return;
        }
        void api('submit', { viewId: top.id, values }).catch(fail);
      },
    }),
  );
  return overlay;
}

function sidePanel(s: State): HTMLElement {
  const panel = h('aside', 'side-panel');
  panel.append(h('h3', undefined, 'Tracker: send a bug'));
  const form = h('form');
  form.id = 'tracker';
  const field = (name: string, placeholder: string, value = '') => {
    const input = h('input');
    input.name = name;
    input.placeholder = placeholder;
    input.value = value;
    form.append(input);
    return input;
  };
  const key = field('key', 'Key, e.g. PAY-101', `PAY-${100 + Math.floor(Math.random() * 900)}`);
  const title = field('title', 'Title', 'Card payment fails on Safari');
  const severity = h('select');
  severity.name = 'severity';
  for (const v of ['critical', 'high', 'medium', 'low']) {
    const o = h('option', undefined, v);
    o.selected = v === 'high';
    severity.append(o);
  }
  const team = h('select');
  team.name = 'team';
  for (const v of ['', ...s.teams]) team.append(Object.assign(h('option', undefined, v || '(no team)'), { value: v }));
  team.value = s.teams[0] ?? '';
  form.append(severity, team);
  const owner = h('select');
  owner.name = 'owner';
  for (const p of [{ id: '', name: '(no owner)' }, ...s.personas]) owner.append(Object.assign(h('option', undefined, p.name), { value: p.id }));
  form.append(owner);
  const submit = h('button', undefined, 'POST /webhooks/bugs (signed)');
  submit.type = 'submit';
  form.append(submit);
  form.onsubmit = (e) => {
    e.preventDefault();
    void api('tracker', { key: key.value, title: title.value, severity: severity.value, team: team.value, owner: owner.value }).then(() => refresh(), fail);
  };
  panel.append(form);
  panel.append(h('h3', undefined, 'What happened'));
  const log = h('div', 'log');
  log.id = 'log';
  for (const entry of [...s.log].reverse()) {
    const row = h('div', `log-entry ${entry.kind}`);
    row.append(h('time', undefined, formatTime(entry.at, s, true)), h('span', undefined, emoji(entry.text)));
    if (entry.detail?.length) {
      const ul = h('ul');
      for (const d of entry.detail.slice(0, 12)) ul.append(h('li', undefined, d));
      row.append(ul);
    }
    log.append(row);
  }
  if (s.log.length === 0) log.append(h('div', 'empty', 'Jobs, clock moves and Slack refusals show here.'));
  panel.append(log);
  return panel;
}

async function openHome(): Promise<void> {
  await api('home', {}).catch(fail);
}

// ---------------------------------------------------------------------------
// Start
// ---------------------------------------------------------------------------

void refresh().then(() => {
  if (ui.current === 'home') void openHome();
});
const stream = new EventSource('/sandbox/api/stream');
let refreshing = false;
let again = false;
stream.onmessage = () => {
  if (refreshing) {
    again = true;
    return;
  }
  refreshing = true;
  void refresh().finally(() => {
    refreshing = false;
    if (again) {
      again = false;
      void refresh();
    }
  });
};
