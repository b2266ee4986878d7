/*
 * What a message shortcut's `message` says, as a person would read it
 * (issue 11 items 6 and 8). Slack's documented payloads vary:
 *  - `message_ts` at the top level is absent from Slack's own example: use `message.ts`;
 *  - a bot's message has `bot_id` (and often a `user` too): it is no customer's voice;
 *  - the content may live in attachments (unfurls, forwarded messages) or files,
 *    with an empty `text`;
 *  - text is Slack-escaped markup: `<@U1|ana>`, `<https://…|label>`, `&amp;`.
 */

type Json = Record<string, unknown>;

function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** Slack markup as readable plain text: `<@U1|ana>` → @ana, `<https://x|site>` → site (https://x), entities decoded once. */
export function readableText(markup: string): string {
  return markup
    .replace(/<([@#])([A-Z0-9]+)\|([^>]+)>/g, (_, sigil: string, _id: string, name: string) => `${sigil}${name}`)
    .replace(/<@([A-Z0-9]+)>/g, '@$1')
    .replace(/<#([A-Z0-9]+)>/g, '#$1')
    .replace(/<!subteam\^[A-Z0-9]+\|([^>]+)>/g, '$1')
    .replace(/<!(here|channel|everyone)(?:\|[^>]*)?>/g, '@$1')
    .replace(/<!date\^[^|>]*\|([^>]*)>/g, '$1')
    .replace(/<((?:https?|mailto):[^|>]+)\|([^>]+)>/g, (_, url: string, label: string) => (label === url ? url : `${label} (${url})`))
    .replace(/<((?:https?|mailto):[^>]+)>/g, '$1')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

export interface ShortcutMessage {
  /** The message's ts: `message_ts`, else `message.ts`. */
  ts: string | undefined;
  /** The thread it belongs to, when it is a reply. */
  threadTs: string | undefined;
  /** The author when a person wrote it; undefined for a bot's message. */
  voice: string | undefined;
  /** Readable text: the message text, else its attachments' text and its files' titles. */
  text: string;
}

export function readShortcutMessage(shortcut: { message_ts?: unknown; message?: unknown }): ShortcutMessage {
  const message: Json = isRecord(shortcut.message) ? shortcut.message : {};
  const ts = str(shortcut.message_ts) ?? str(message['ts']);
  const threadTs = str(message['thread_ts']);
  const fromBot = message['bot_id'] !== undefined || message['subtype'] === 'bot_message' || isRecord(message['bot_profile']);
  const voice = fromBot ? undefined : str(message['user']);
  const parts: string[] = [];
  const own = str(message['text']);
  if (own) parts.push(own);
  const attachments = Array.isArray(message['attachments']) ? message['attachments'].filter(isRecord) : [];
  const files = [
    ...(Array.isArray(message['files']) ? message['files'] : []),
    ...attachments.flatMap((a) => (Array.isArray(a['files']) ? a['files'] : [])),
  ].filter(isRecord);
  if (!own) {
    for (const a of attachments) {
      const text = [str(a['pretext']), str(a['title']), str(a['text']) ?? str(a['fallback'])].filter(Boolean).join('\n');
      if (text) parts.push(text);
    }
  }
  for (const f of files) {
    const title = str(f['title']) ?? str(f['name']);
    if (title && title !== 'Untitled') parts.push(`📎 ${title}`);
    else if (str(f['name'])) parts.push(`📎 ${str(f['name'])}`);
  }
  return { ts, threadTs, voice, text: readableText(parts.join('\n')).trim() };
}

/** A link to a message that opens its thread when it is a reply (the form Slack's permalinks take). */
export function threadAwareLink(teamDomain: string | undefined, channel: string, ts: string, threadTs?: string): string | undefined {
  if (!teamDomain || !/^[a-z0-9-]+$/i.test(teamDomain)) return undefined;
  const base = `https://${teamDomain}.slack.com/archives/${channel}/p${ts.replace('.', '')}`;
  return threadTs && threadTs !== ts ? `${base}?thread_ts=${threadTs}&cid=${channel}` : base;
}
