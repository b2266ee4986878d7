/*
 * Insight text rules. Insights store the text with Slack's entities decoded
 * but references kept (src/slack/text.ts), so it exports readably and still
 * renders mentions when shown again.
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
