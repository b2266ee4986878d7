/*
 * Slack's limits apply after escaping: `&` becomes `&amp;` (5 characters), so a
 * title cut to 500 characters and then escaped can reach 2,500 and push a section
 * past 3,000 characters — Slack then refuses the whole message (issue 11 item 5).
 * These cut the raw text so that the ESCAPED result fits `max`.
 */
import { escapeMrkdwn, escapeText, truncate } from './text.js';

function capped(escape: (text: string) => string, text: string, max: number): string {
  const whole = escape(text);
  if (whole.length <= max) return whole;
  // The escaped length grows with the raw length: find the longest cut that fits.
  let low = 0;
  let high = Math.min(text.length, max);
  let best = '';
  while (low <= high) {
    const mid = Math.floor((low + high) / 2);
    const candidate = mid === 0 ? '' : escape(truncate(text, mid));
    if (candidate.length <= max) {
      best = candidate;
      low = mid + 1;
    } else high = mid - 1;
  }
  return best;
}

/** escapeText(text), cut so the escaped result is at most `max` characters. */
export function escapeTextCapped(text: string, max: number): string {
  return capped(escapeText, text, max);
}

/** escapeMrkdwn(text), cut so the escaped result is at most `max` characters. */
export function escapeMrkdwnCapped(text: string, max: number): string {
  return capped(escapeMrkdwn, text, max);
}
