/*
 * Slack text helpers shared by every feature. Slack sends command and message
 * text with `&`, `<` and `>` escaped as entities, and with references
 * (mentions, channels, links) in angle brackets.
 */

export function decodeEntities(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

/**
 * Slack references that survive escaping: users, channels and links. Special
 * mentions (`<!here>`, `<!channel>`, `<!subteam^…>`) do not: quoting a message
 * that pinged a channel must not ping the channel it is quoted in.
 */
const REFERENCE = /<(?:[@#][^<>\s]*|(?:https?|mailto):[^<>\s]*)>/g;

/** Escapes text for mrkdwn while keeping user, channel and link references clickable. */
export function escapeMrkdwn(text: string): string {
  let out = '';
  let last = 0;
  for (const m of text.matchAll(REFERENCE)) {
    out += escapeText(text.slice(last, m.index));
    out += m[0];
    last = m.index + m[0].length;
  }
  return out + escapeText(text.slice(last));
}

/** Escapes every mrkdwn control character: for titles, keys and names that must never become a mention or a link. */
export function escapeText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Slack references rendered as readable plain text (for plain_text fields and notifications). */
export function plainOf(text: string): string {
  return text
    .replace(/<([@#])[A-Z0-9]+\|([^>]+)>/g, (_, sigil: string, name: string) => `${sigil}${name}`)
    .replace(/<((?:https?|mailto):[^|>]+)\|([^>]+)>/g, '$2')
    .replace(/<((?:https?|mailto):[^>]+)>/g, '$1');
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
