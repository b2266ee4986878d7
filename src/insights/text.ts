/*
 * Slack text helpers. Slack sends command and message text with `&`, `<` and
 * `>` escaped as entities, and with references (mentions, channels, links) in
 * angle brackets. Insights store the text with entities decoded but references
 * kept, so it exports readably and still renders mentions when shown again.
 */

export const INSIGHT_SOURCES = ['call', 'ticket', 'sales', 'csm', 'test', 'internal', 'other'] as const;
export type InsightSource = (typeof INSIGHT_SOURCES)[number];

/** Longest verbatim accepted, in UTF-16 code units (Slack's plain_text_input allows up to 3000 characters). */
export const MAX_TEXT_LENGTH = 3000;
export const MAX_TAGS = 10;
export const MAX_TAG_LENGTH = 40;
export const MAX_CUSTOMER_LENGTH = 120;
/** A tag: letters or digits, then letters, digits, `_` or `-`; never digits only ("#42" is an issue number). */
export const TAG_PATTERN = /^[\p{L}\p{N}][\p{L}\p{N}_-]*$/u;

export function isSource(value: string): value is InsightSource {
  return (INSIGHT_SOURCES as readonly string[]).includes(value);
}

export function decodeEntities(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

/** Slack references that must survive escaping: users, channels, special mentions, links. */
const REFERENCE = /<(?:[@#!][^<>\s]*|(?:https?|mailto):[^<>\s]*)>/g;

/** Escapes text for mrkdwn while keeping Slack references clickable. */
export function escapeMrkdwn(text: string): string {
  let out = '';
  let last = 0;
  for (const m of text.matchAll(REFERENCE)) {
    out += escapePlain(text.slice(last, m.index));
    out += m[0];
    last = m.index + m[0].length;
  }
  return out + escapePlain(text.slice(last));
}

function escapePlain(text: string): string {
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

/** Collapses runs of spaces and blank lines left behind when tokens are removed. */
export function tidyWhitespace(text: string): string {
  return text
    // Control characters carry nothing a reader sees, and SQLite's length() stops at a NUL
    // (a text starting with one broke the length CHECK): they go, line breaks stay.
    .replace(/\r\n?/g, '\n')
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '')
    .split('\n')
    .map((line) => line.replace(/[ \t]+/g, ' ').trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** `https://<domain>.slack.com/archives/C…/p1712345678123456`, the form Slack's own permalinks take. */
export function messageLink(teamDomain: string | undefined, channel: string, ts: string): string | undefined {
  if (!teamDomain || !/^[a-z0-9-]+$/i.test(teamDomain)) return undefined;
  return `https://${teamDomain}.slack.com/archives/${channel}/p${ts.replace('.', '')}`;
}
