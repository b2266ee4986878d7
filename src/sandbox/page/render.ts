// Block Kit and mrkdwn, rendered in the browser the way Slack shows them.
// Everything a message says is text: it is escaped here and only the markup
// Slack itself interprets (<@U…>, <#C…>, <!date^…>, <url|label>, *bold*…) becomes HTML.

export type Json = Record<string, unknown>;

export interface Directory {
  userName(id: string): string | undefined;
  channelName(id: string): string | undefined;
  zone: string;
  locale: string;
  users: { id: string; name: string }[];
  channels: { id: string; name: string }[];
}

export interface StateValue {
  type: string;
  [key: string]: unknown;
}

export interface RenderContext {
  dir: Directory;
  /** A block_actions click/change; `values` are filled by the caller. */
  onAction?(action: Json): void;
  /** Options for an external select, from the app's options handler. */
  loadOptions?(blockId: string, actionId: string, value: string): Promise<Json>;
  /** Input errors by block_id (response_action: errors). */
  errors?: Record<string, string>;
  /** Where inputs register how to read their value (view.state.values). */
  state: Map<string, Map<string, () => StateValue>>;
  /** Disables every control (gallery). */
  readOnly?: boolean;
}

/** Slack's own client words (not the app's), in the viewer's language as Slack shows them. */
const CHROME = {
  en: { optional: ' (optional)', select: 'Select an item', search: 'Type to search…', noResults: 'No results', cancel: 'Cancel', yes: 'Yes' },
  fr: { optional: ' (facultatif)', select: 'Sélectionner un élément', search: 'Tapez pour rechercher…', noResults: 'Aucun résultat', cancel: 'Annuler', yes: 'Oui' },
};

export function chrome(dir: Pick<Directory, 'locale'>): (typeof CHROME)['en'] {
  return dir.locale.startsWith('fr') ? CHROME.fr : CHROME.en;
}

function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function s(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function records(value: unknown): Json[] {
  return Array.isArray(value) ? value.filter(isRecord) : [];
}

function el<K extends keyof HTMLElementTagNameMap>(tag: K, className?: string, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Slack's escaping of & < > undone once, for display. */
function decodeEntities(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

// ---------------------------------------------------------------------------
// mrkdwn
// ---------------------------------------------------------------------------

function formatDateToken(seconds: number, format: string, dir: Directory): string {
  const date = new Date(seconds * 1000);
  const opt = (o: Intl.DateTimeFormatOptions) => new Intl.DateTimeFormat(dir.locale, { timeZone: dir.zone, ...o }).format(date);
  return format
    .replace('{date_long_pretty}', opt({ weekday: 'long', month: 'long', day: 'numeric', year: 'numeric' }))
    .replace('{date_long}', opt({ weekday: 'long', month: 'long', day: 'numeric', year: 'numeric' }))
    .replace('{date_short_pretty}', opt({ month: 'short', day: 'numeric', year: 'numeric' }))
    .replace('{date_short}', opt({ month: 'short', day: 'numeric', year: 'numeric' }))
    .replace('{date_pretty}', opt({ month: 'long', day: 'numeric', year: 'numeric' }))
    .replace('{date_num}', opt({ year: 'numeric', month: '2-digit', day: '2-digit' }))
    .replace('{date}', opt({ month: 'long', day: 'numeric', year: 'numeric' }))
    .replace('{day_divider_pretty}', opt({ weekday: 'long', month: 'long', day: 'numeric' }))
    .replace('{time_secs}', opt({ hour: 'numeric', minute: '2-digit', second: '2-digit' }))
    .replace('{time}', opt({ hour: 'numeric', minute: '2-digit' }))
    .replace('{ago}', opt({ month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit' }));
}

/** One `<…>` token of Slack markup as HTML. */
function token(inner: string, dir: Directory): string {
  const [target = '', label] = splitOnce(inner, '|');
  if (target.startsWith('@')) {
    const id = target.slice(1);
    const name = dir.userName(id) ?? label ?? id;
    return `<span class="mention">@${escapeHtml(name)}</span>`;
  }
  if (target.startsWith('#')) {
    const id = target.slice(1);
    const name = dir.channelName(id) ?? label ?? id;
    return `<span class="mention">#${escapeHtml(name)}</span>`;
  }
  if (target.startsWith('!date^')) {
    const [, ts = '0', format = '{date}'] = target.split('^');
    const seconds = Number(ts);
    if (!Number.isFinite(seconds)) return escapeHtml(label ?? '');
    return `<span class="date" title="${escapeHtml(label ?? '')}">${escapeHtml(formatDateToken(seconds, format, dir))}</span>`;
  }
  if (target === '!here' || target === '!channel' || target === '!everyone') {
    return `<span class="mention broadcast">@${target.slice(1)}</span>`;
  }
  if (target.startsWith('!subteam^')) return `<span class="mention">@${escapeHtml(label ?? 'group')}</span>`;
  if (/^(https?:\/\/|mailto:)/i.test(target)) {
    const href = decodeEntities(target);
    const text = label !== undefined ? decodeEntities(label) : href;
    return `<a href="${escapeHtml(href)}" target="_blank" rel="noopener noreferrer">${escapeHtml(text)}</a>`;
  }
  return escapeHtml(decodeEntities(`<${inner}>`));
}

function splitOnce(text: string, sep: string): [string, string | undefined] {
  const i = text.indexOf(sep);
  return i < 0 ? [text, undefined] : [text.slice(0, i), text.slice(i + 1)];
}

const BOUNDARY_BEFORE = `(^|[\\s(\\[{"'“‘«>~_*\u0000])`;
const BOUNDARY_AFTER = `(?=$|[\\s)\\]}.,!?;:"'”’»<~_*\u0000\u202f])`;
const styleRules: [RegExp, string][] = [
  [new RegExp(`${BOUNDARY_BEFORE}\\*(?!\\s)([^*\\n]+?)\\*${BOUNDARY_AFTER}`, 'g'), '$1<b>$2</b>'],
  [new RegExp(`${BOUNDARY_BEFORE}_(?!\\s)([^_\\n]+?)_${BOUNDARY_AFTER}`, 'g'), '$1<i>$2</i>'],
  [new RegExp(`${BOUNDARY_BEFORE}~(?!\\s)([^~\\n]+?)~${BOUNDARY_AFTER}`, 'g'), '$1<s>$2</s>'],
];

/** Bold, italic, strike and line structure of text without code. */
function styled(text: string, dir: Directory): string {
  const tokens: string[] = [];
  // Tokens first (so a URL's underscores stay a URL), kept aside as \u0000n\u0000.
  let html = text.replace(/<([^<>\n]+)>/g, (_m, inner: string) => {
    tokens.push(token(inner, dir));
    return `\u0000${tokens.length - 1}\u0000`;
  });
  html = escapeHtml(decodeEntities(html));
  for (let pass = 0; pass < 2; pass++) for (const [re, to] of styleRules) html = html.replace(re, to);
  // Quotes: lines starting with "> " (escaped as &gt;).
  const lines = html.split('\n');
  const out: string[] = [];
  let quote: string[] = [];
  const flush = () => {
    if (quote.length) out.push(`<blockquote>${quote.join('<br>')}</blockquote>`);
    quote = [];
  };
  for (const line of lines) {
    const m = /^&gt;\s?(.*)$/.exec(line);
    if (m) quote.push(m[1] ?? '');
    else {
      flush();
      out.push(line);
    }
  }
  flush();
  html = out.join('<br>').replace(/<\/blockquote><br>/g, '</blockquote>');
  return html.replace(/\u0000(\d+)\u0000/g, (_m, n: string) => tokens[Number(n)] ?? '');
}

export function mrkdwnHtml(text: string, dir: Directory): string {
  const parts = text.split('```');
  return parts
    .map((part, i) => {
      if (i % 2 === 1) return `<pre>${escapeHtml(decodeEntities(part.replace(/^\n/, '')))}</pre>`;
      return part
        .split('`')
        .map((piece, j) => (j % 2 === 1 && j < part.split('`').length - 1 ? `<code>${escapeHtml(decodeEntities(piece))}</code>` : styled(piece, dir)))
        .join('');
    })
    .join('');
}

/** A text object (plain_text or mrkdwn) as an element. */
export function textObject(obj: unknown, dir: Directory, className = 'mrkdwn'): HTMLElement {
  const node = el('div', className);
  if (!isRecord(obj)) return node;
  if (obj['type'] === 'mrkdwn' && obj['verbatim'] !== true) node.innerHTML = mrkdwnHtml(s(obj['text']), dir);
  else if (obj['type'] === 'mrkdwn') node.innerHTML = escapeHtml(decodeEntities(s(obj['text']))).replace(/\n/g, '<br>');
  else node.textContent = emoji(s(obj['text']));
  return node;
}

/** The few emoji codes Cadence uses, as characters; others stay as typed. */
const EMOJI: Record<string, string> = {
  white_check_mark: '✅', warning: '⚠️', x: '❌', bug: '🐛', bulb: '💡', calendar: '📅', rotating_light: '🚨', hourglass: '⏳',
  bar_chart: '📊', memo: '📝', mag: '🔍', tada: '🎉', clock9: '🕘', inbox_tray: '📥', chart_with_upwards_trend: '📈', fire: '🔥',
};

export function emoji(text: string): string {
  return text.replace(/:([a-z0-9_+-]+):/g, (m, name: string) => EMOJI[name] ?? m);
}

function plain(obj: unknown): string {
  return isRecord(obj) ? emoji(decodeEntities(s(obj['text']))) : '';
}

// ---------------------------------------------------------------------------
// Elements
// ---------------------------------------------------------------------------

function optionOf(o: Json): Json {
  return { text: o['text'], value: o['value'] };
}

function register(ctx: RenderContext, blockId: string, actionId: string, read: () => StateValue): void {
  const forBlock = ctx.state.get(blockId) ?? new Map<string, () => StateValue>();
  forBlock.set(actionId, read);
  ctx.state.set(blockId, forBlock);
}

function allOptions(element: Json): Json[] {
  const direct = records(element['options']);
  const grouped = records(element['option_groups']).flatMap((g) => records(g['options']));
  return [...direct, ...grouped];
}

interface ElementPlace {
  blockId: string;
  /** Only inputs with dispatch_action send block_actions; elsewhere every element does. */
  dispatch: boolean;
}

function fire(ctx: RenderContext, place: ElementPlace, element: Json, extra: Json): void {
  if (!place.dispatch || !ctx.onAction || ctx.readOnly) return;
  ctx.onAction({ type: element['type'], action_id: element['action_id'], block_id: place.blockId, ...extra });
}

function withConfirm(ctx: RenderContext, element: Json, go: () => void): void {
  const confirm = element['confirm'];
  if (!isRecord(confirm)) {
    go();
    return;
  }
  const overlay = el('div', 'overlay confirm-overlay');
  const box = el('div', 'modal confirm');
  const head = el('div', 'modal-head');
  head.append(el('h2', undefined, plain(confirm['title'])));
  const body = el('div', 'modal-body');
  body.append(textObject(confirm['text'], ctx.dir));
  const foot = el('div', 'modal-foot');
  const deny = el('button', 'bk-btn', plain(confirm['deny']) || chrome(ctx.dir).cancel);
  const ok = el('button', `bk-btn ${confirm['style'] === 'danger' ? 'danger' : 'primary'}`, plain(confirm['confirm']) || chrome(ctx.dir).yes);
  deny.onclick = () => overlay.remove();
  ok.onclick = () => {
    overlay.remove();
    go();
  };
  foot.append(deny, ok);
  box.append(head, body, foot);
  overlay.append(box);
  document.body.append(overlay);
}

export function renderElement(element: Json, place: ElementPlace, ctx: RenderContext): HTMLElement {
  const type = s(element['type']);
  const actionId = s(element['action_id']);
  const placeholder = plain(element['placeholder']);
  switch (type) {
    case 'button': {
      const button = el('button', `bk-btn${element['style'] ? ` ${s(element['style'])}` : ''}${element['url'] ? ' url' : ''}`, plain(element['text']));
      button.type = 'button';
      button.dataset['actionId'] = actionId;
      button.disabled = ctx.readOnly === true;
      button.onclick = () =>
        withConfirm(ctx, element, () => {
          if (typeof element['url'] === 'string') window.open(element['url'], '_blank', 'noopener');
          fire(ctx, { ...place, dispatch: true }, element, { text: element['text'], ...(element['value'] !== undefined ? { value: element['value'] } : {}) });
        });
      return button;
    }
    case 'static_select':
    case 'multi_static_select':
    case 'users_select':
    case 'multi_users_select':
    case 'conversations_select':
    case 'multi_conversations_select':
    case 'channels_select':
    case 'multi_channels_select': {
      const multi = type.startsWith('multi_');
      const select = el('select', 'bk-select');
      select.multiple = multi;
      select.dataset['actionId'] = actionId;
      select.disabled = ctx.readOnly === true;
      if (!multi) {
        const none = el('option', undefined, placeholder || chrome(ctx.dir).select);
        none.value = '';
        select.append(none);
      }
      const kind = type.replace('multi_', '');
      let options: { value: string; label: string; raw?: Json }[];
      let initial: string[] = [];
      if (kind === 'static_select') {
        const addOptions = (parent: HTMLElement, list: Json[]) => {
          for (const o of list) {
            const option = el('option', undefined, plain(o['text']));
            option.value = s(o['value']);
            parent.append(option);
          }
        };
        if (Array.isArray(element['option_groups'])) {
          for (const g of records(element['option_groups'])) {
            const group = el('optgroup');
            group.label = plain(g['label']);
            addOptions(group, records(g['options']));
            select.append(group);
          }
        } else addOptions(select, records(element['options']));
        options = allOptions(element).map((o) => ({ value: s(o['value']), label: plain(o['text']), raw: o }));
        initial = [...(isRecord(element['initial_option']) ? [s(element['initial_option']['value'])] : []), ...records(element['initial_options']).map((o) => s(o['value']))];
      } else {
        const source = kind === 'users_select' ? ctx.dir.users : ctx.dir.channels;
        options = source.map((x) => ({ value: x.id, label: kind === 'users_select' ? x.name : `#${x.name}` }));
        for (const o of options) {
          const option = el('option', undefined, o.label);
          option.value = o.value;
          select.append(option);
        }
        const single = element['initial_user'] ?? element['initial_conversation'] ?? element['initial_channel'];
        const many = element['initial_users'] ?? element['initial_conversations'] ?? element['initial_channels'];
        initial = [...(typeof single === 'string' ? [single] : []), ...(Array.isArray(many) ? many.map(String) : [])];
      }
      for (const option of Array.from(select.options)) option.selected = initial.includes(option.value);
      const read = (): StateValue => {
        const chosen = Array.from(select.selectedOptions).map((o) => o.value).filter((v) => v !== '');
        const chosenOptions = chosen.map((v) => {
          const raw = options.find((o) => o.value === v)?.raw;
          return raw ? optionOf(raw) : { value: v };
        });
        switch (kind) {
          case 'static_select':
            return multi ? { type, selected_options: chosenOptions } : { type, selected_option: chosenOptions[0] ?? null };
          case 'users_select':
            return multi ? { type, selected_users: chosen } : { type, selected_user: chosen[0] ?? null };
          case 'conversations_select':
            return multi ? { type, selected_conversations: chosen } : { type, selected_conversation: chosen[0] ?? null };
          default:
            return multi ? { type, selected_channels: chosen } : { type, selected_channel: chosen[0] ?? null };
        }
      };
      register(ctx, place.blockId, actionId, read);
      select.onchange = () => {
        const { type: _t, ...value } = read();
        fire(ctx, place, element, value);
      };
      return select;
    }
    case 'external_select':
    case 'multi_external_select': {
      const wrap = el('div', 'external');
      const input = el('input', 'bk-select');
      input.placeholder = placeholder || chrome(ctx.dir).search;
      input.dataset['actionId'] = actionId;
      input.disabled = ctx.readOnly === true;
      const chosen: Json[] = [];
      const initial = element['initial_option'];
      if (isRecord(initial)) {
        chosen.push(optionOf(initial));
        input.value = plain(initial['text']);
      }
      for (const o of records(element['initial_options'])) chosen.push(optionOf(o));
      const chips = el('div', 'bk-context');
      const showChips = () => {
        chips.textContent = type.startsWith('multi_') ? chosen.map((o) => plain(o['text'])).join(' · ') : '';
      };
      showChips();
      const list = el('div', 'suggestions');
      list.hidden = true;
      let timer: number | undefined;
      const minLength = typeof element['min_query_length'] === 'number' ? element['min_query_length'] : 3;
      const load = () => {
        if (!ctx.loadOptions || input.value.length < minLength) {
          list.hidden = true;
          return;
        }
        const query = input.value;
        void ctx.loadOptions(place.blockId, actionId, query).then((answer) => {
          if (input.value !== query) return;
          list.replaceChildren();
          const add = (o: Json) => {
            const item = el('div', 'option', plain(o['text']));
            item.onmousedown = (e) => {
              e.preventDefault();
              if (type.startsWith('multi_')) chosen.push(optionOf(o));
              else chosen.splice(0, chosen.length, optionOf(o));
              input.value = type.startsWith('multi_') ? '' : plain(o['text']);
              showChips();
              list.hidden = true;
              const { type: _t, ...value } = read();
              fire(ctx, place, element, value);
            };
            list.append(item);
          };
          for (const o of records(answer['options'])) add(o);
          for (const g of records(answer['option_groups'])) {
            list.append(el('div', 'group', plain(g['label'])));
            for (const o of records(g['options'])) add(o);
          }
          if (list.childElementCount === 0) list.append(el('div', 'group', chrome(ctx.dir).noResults));
          list.hidden = false;
        });
      };
      input.oninput = () => {
        if (!type.startsWith('multi_') && chosen.length > 0) chosen.length = 0;
        window.clearTimeout(timer);
        timer = window.setTimeout(load, 150);
      };
      input.onblur = () => window.setTimeout(() => (list.hidden = true), 150);
      const read = (): StateValue =>
        type.startsWith('multi_') ? { type, selected_options: [...chosen] } : { type, selected_option: chosen[0] ?? null };
      register(ctx, place.blockId, actionId, read);
      wrap.append(input, list, chips);
      return wrap;
    }
    case 'overflow': {
      const wrap = el('div', 'bk-overflow');
      const button = el('button', 'bk-btn', '⋯');
      button.type = 'button';
      button.title = 'More';
      button.dataset['actionId'] = actionId;
      button.disabled = ctx.readOnly === true;
      button.onclick = () => {
        const existing = wrap.querySelector('.menu-pop');
        if (existing) {
          existing.remove();
          return;
        }
        const menu = el('div', 'menu-pop');
        for (const o of records(element['options'])) {
          const item = el('button', undefined, plain(o['text']));
          item.type = 'button';
          item.onclick = () => {
            menu.remove();
            if (typeof o['url'] === 'string') window.open(o['url'], '_blank', 'noopener');
            withConfirm(ctx, element, () => fire(ctx, { ...place, dispatch: true }, element, { selected_option: optionOf(o) }));
          };
          menu.append(item);
        }
        wrap.append(menu);
      };
      wrap.append(button);
      return wrap;
    }
    case 'datepicker':
    case 'timepicker': {
      const input = el('input', 'bk-date');
      input.type = type === 'datepicker' ? 'date' : 'time';
      input.value = s(element[type === 'datepicker' ? 'initial_date' : 'initial_time']);
      input.dataset['actionId'] = actionId;
      input.disabled = ctx.readOnly === true;
      const key = type === 'datepicker' ? 'selected_date' : 'selected_time';
      const read = (): StateValue => ({ type, [key]: input.value || null });
      register(ctx, place.blockId, actionId, read);
      input.onchange = () => fire(ctx, place, element, { [key]: input.value || null });
      return input;
    }
    case 'checkboxes':
    case 'radio_buttons': {
      const wrap = el('div', 'bk-options');
      const name = `${place.blockId}:${actionId}:${Math.random().toString(36).slice(2)}`;
      const initial = [
        ...(isRecord(element['initial_option']) ? [s(element['initial_option']['value'])] : []),
        ...records(element['initial_options']).map((o) => s(o['value'])),
      ];
      const boxes: { input: HTMLInputElement; option: Json }[] = [];
      for (const o of records(element['options'])) {
        const label = el('label');
        const input = el('input');
        input.type = type === 'checkboxes' ? 'checkbox' : 'radio';
        input.name = name;
        input.value = s(o['value']);
        input.checked = initial.includes(input.value);
        input.disabled = ctx.readOnly === true;
        const textNode = el('span');
        textNode.append(textObject(o['text'], ctx.dir));
        if (isRecord(o['description'])) textNode.append(textObject(o['description'], ctx.dir, 'desc'));
        label.append(input, textNode);
        wrap.append(label);
        boxes.push({ input, option: o });
      }
      const read = (): StateValue => {
        const chosen = boxes.filter((b) => b.input.checked).map((b) => optionOf(b.option));
        return type === 'checkboxes' ? { type, selected_options: chosen } : { type, selected_option: chosen[0] ?? null };
      };
      register(ctx, place.blockId, actionId, read);
      wrap.onchange = () => {
        const { type: _t, ...value } = read();
        fire(ctx, place, element, value);
      };
      return wrap;
    }
    case 'plain_text_input':
    case 'number_input':
    case 'email_text_input':
    case 'url_text_input': {
      const multiline = element['multiline'] === true;
      const input = multiline ? el('textarea', 'bk-input') : el('input', 'bk-input');
      if (input instanceof HTMLInputElement) {
        input.type = type === 'email_text_input' ? 'email' : type === 'url_text_input' ? 'url' : 'text';
        if (type === 'number_input') input.inputMode = element['is_decimal_allowed'] === true ? 'decimal' : 'numeric';
      }
      input.placeholder = placeholder;
      input.value = s(element['initial_value']);
      input.dataset['actionId'] = actionId;
      input.disabled = ctx.readOnly === true;
      if (typeof element['max_length'] === 'number') input.maxLength = element['max_length'];
      const read = (): StateValue => ({ type, value: input.value === '' ? null : input.value });
      register(ctx, place.blockId, actionId, read);
      input.onkeydown = (e) => {
        if (e instanceof KeyboardEvent && e.key === 'Enter' && !multiline) {
          e.preventDefault();
          fire(ctx, place, element, { value: input.value });
        }
      };
      return input;
    }
    case 'image': {
      const img = el('img');
      img.src = s(element['image_url']);
      img.alt = s(element['alt_text']);
      return img;
    }
    default:
      return el('span', 'bk-context', `[${type}]`);
  }
}

// ---------------------------------------------------------------------------
// Blocks
// ---------------------------------------------------------------------------

export function renderBlocks(blocks: unknown, ctx: RenderContext): HTMLElement {
  const root = el('div', 'blocks');
  records(blocks).forEach((block, index) => {
    const blockId = s(block['block_id']) || `auto${index}`;
    const place: ElementPlace = { blockId, dispatch: true };
    let node: HTMLElement;
    switch (block['type']) {
      case 'header':
        node = el('div', 'bk-header', plain(block['text']));
        break;
      case 'divider':
        node = el('hr', 'bk-divider');
        break;
      case 'section': {
        node = el('div', 'bk-section');
        const left = el('div');
        if (block['text']) left.append(textObject(block['text'], ctx.dir));
        const fields = records(block['fields']);
        if (fields.length) {
          const grid = el('div', 'bk-fields');
          for (const f of fields) grid.append(textObject(f, ctx.dir));
          left.append(grid);
        }
        node.append(left);
        if (isRecord(block['accessory'])) node.append(renderElement(block['accessory'], place, ctx));
        break;
      }
      case 'context': {
        node = el('div', 'bk-context');
        for (const e of records(block['elements'])) {
          if (e['type'] === 'image') node.append(renderElement(e, place, ctx));
          else node.append(textObject(e, ctx.dir));
        }
        break;
      }
      case 'actions': {
        node = el('div', 'bk-actions');
        for (const e of records(block['elements'])) node.append(renderElement(e, place, ctx));
        break;
      }
      case 'image': {
        node = el('div', 'bk-image');
        if (block['title']) node.append(el('div', 'title', plain(block['title'])));
        node.append(renderElement({ ...block, type: 'image' }, place, ctx));
        break;
      }
      case 'input': {
        node = el('div', 'bk-input-block');
        node.dataset['blockId'] = blockId;
        const label = el('label', 'label', plain(block['label']));
        if (block['optional'] === true) label.append(el('span', 'optional', chrome(ctx.dir).optional));
        node.append(label);
        if (isRecord(block['element'])) node.append(renderElement(block['element'], { blockId, dispatch: block['dispatch_action'] === true }, ctx));
        if (block['hint']) node.append(el('div', 'hint', plain(block['hint'])));
        const error = ctx.errors?.[blockId];
        if (error) {
          node.classList.add('has-error');
          node.append(el('div', 'error', error));
        }
        break;
      }
      case 'rich_text':
        node = el('div', 'mrkdwn', '[rich text]');
        break;
      default:
        node = el('div', 'bk-context', `[unsupported block ${s(block['type'])}]`);
    }
    node.dataset['block'] = s(block['type']);
    root.append(node);
  });
  return root;
}

/** Reads every registered input as `view.state.values`. */
export function stateValues(ctx: RenderContext): Record<string, Record<string, StateValue>> {
  const out: Record<string, Record<string, StateValue>> = {};
  for (const [blockId, actions] of ctx.state) {
    out[blockId] = {};
    for (const [actionId, read] of actions) out[blockId][actionId] = read();
  }
  return out;
}

/** A modal as Slack draws it: title, ×, blocks, Cancel / Submit. */
export function renderModal(
  view: Json,
  ctx: RenderContext,
  handlers: { onClose?(): void; onSubmit?(): void; back?: boolean },
): HTMLElement {
  const modal = el('div', 'modal');
  modal.dataset['callbackId'] = s(view['callback_id']);
  const head = el('div', 'modal-head');
  if (handlers.back) {
    const back = el('button', 'back', '‹');
    back.title = 'Back';
    back.onclick = () => handlers.onClose?.();
    head.append(back);
  }
  head.append(el('div', 'app', 'C'), el('h2', undefined, plain(view['title'])));
  const x = el('button', 'close-x', '×');
  x.title = 'Close';
  x.onclick = () => handlers.onClose?.();
  head.append(x);
  const body = el('div', 'modal-body');
  body.append(renderBlocks(view['blocks'], ctx));
  modal.append(head, body);
  const foot = el('div', 'modal-foot');
  const close = el('button', 'bk-btn modal-close', plain(view['close']) || chrome(ctx.dir).cancel);
  close.onclick = () => handlers.onClose?.();
  foot.append(close);
  if (isRecord(view['submit'])) {
    const submit = el('button', 'bk-btn primary modal-submit', plain(view['submit']));
    submit.onclick = () => handlers.onSubmit?.();
    foot.append(submit);
  }
  modal.append(foot);
  return modal;
}

/** Legacy attachments (some messages still carry them): colour bar, text, blocks. */
export function renderAttachments(attachments: unknown, ctx: RenderContext): HTMLElement {
  const root = el('div');
  for (const a of records(attachments)) {
    const box = el('div', 'attachment');
    if (typeof a['color'] === 'string') box.style.borderLeftColor = a['color'].startsWith('#') ? a['color'] : `#${a['color']}`;
    if (typeof a['text'] === 'string') box.append(textObject({ type: 'mrkdwn', text: a['text'] }, ctx.dir));
    if (Array.isArray(a['blocks'])) box.append(renderBlocks(a['blocks'], ctx));
    root.append(box);
  }
  return root;
}

/** True when a state value holds nothing (no text, no selection). */
function isEmpty(value: StateValue | undefined): boolean {
  if (!value) return true;
  for (const [key, v] of Object.entries(value)) {
    if (key === 'type') continue;
    if (Array.isArray(v) ? v.length > 0 : v !== null && v !== undefined && v !== '') return false;
  }
  return true;
}

/**
 * What Slack's own client checks before it sends a view_submission: required inputs
 * filled, number inputs that are numbers within their bounds. Errors by block_id.
 */
export function clientChecks(view: Json, values: Record<string, Record<string, StateValue>>): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const block of records(view['blocks'])) {
    if (block['type'] !== 'input' || !isRecord(block['element'])) continue;
    const blockId = s(block['block_id']);
    const element = block['element'];
    const value = values[blockId]?.[s(element['action_id'])];
    if (isEmpty(value)) {
      if (block['optional'] !== true) errors[blockId] = 'Please fill out this field.';
      continue;
    }
    if (element['type'] === 'number_input' && typeof value?.['value'] === 'string') {
      const text = value['value'].trim();
      const decimal = element['is_decimal_allowed'] === true;
      if (!(decimal ? /^-?\d+(\.\d+)?$/ : /^-?\d+$/).test(text)) {
        errors[blockId] = decimal ? 'Please enter a number.' : 'Please enter a whole number.';
        continue;
      }
      const n = Number(text);
      const min = element['min_value'] !== undefined ? Number(element['min_value']) : undefined;
      const max = element['max_value'] !== undefined ? Number(element['max_value']) : undefined;
      if (min !== undefined && n < min) errors[blockId] = `Please enter a number of at least ${min}.`;
      else if (max !== undefined && n > max) errors[blockId] = `Please enter a number of at most ${max}.`;
    }
  }
  return errors;
}
