/**
 * Parser for the RFC 5545 RRULE subset Cadence supports (see recurrence.ts
 * for the full description). It only checks syntax and combinations; whether
 * a rule ever produces an occurrence is checked by `parseRecurrence`, which
 * knows the anchor date.
 *
 * Error messages are read by an operator fixing a config file: each one names
 * the offending part as written and says what would be accepted.
 */
import { MS_PER_DAY, dayNumber, validDay } from './calendar.js';

export type Frequency = 'DAILY' | 'WEEKLY' | 'MONTHLY' | 'YEARLY';
export type WeekdayCode = 'MO' | 'TU' | 'WE' | 'TH' | 'FR' | 'SA' | 'SU';

export const WEEKDAY_CODES: readonly WeekdayCode[] = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'];

export interface ByDayRule {
  readonly weekday: WeekdayCode;
  /** 1..5 = nth in the month, -1..-5 = nth from the end; null = every such weekday. */
  readonly ordinal: number | null;
}

/** UNTIL is inclusive: a local date, or a UTC instant (RFC 5545 form ending in Z). */
export type Until = { readonly kind: 'date'; readonly date: string } | { readonly kind: 'instant'; readonly at: string };

export interface RuleParts {
  readonly freq: Frequency;
  readonly interval: number;
  readonly byDay: readonly ByDayRule[];
  readonly byMonthDay: readonly number[];
  readonly byMonth: readonly number[];
  readonly count: number | null;
  readonly until: Until | null;
}

export const MAX_INTERVAL = 1000;
export const MAX_COUNT = 100_000;

const FREQUENCIES: readonly Frequency[] = ['DAILY', 'WEEKLY', 'MONTHLY', 'YEARLY'];
const SUPPORTED = 'FREQ, INTERVAL, BYDAY, BYMONTHDAY, BYMONTH, COUNT, UNTIL';

/** Parts RFC 5545 defines that Cadence deliberately leaves out, with what to do instead. */
const UNSUPPORTED_HINTS: Readonly<Record<string, string>> = {
  BYSETPOS: 'use an ordinal in BYDAY instead, e.g. BYDAY=-1FR for the last Friday',
  BYHOUR: 'set the time of day with the ritual\'s "time" field instead',
  BYMINUTE: 'set the time of day with the ritual\'s "time" field instead',
  BYSECOND: 'set the time of day with the ritual\'s "time" field instead',
  BYYEARDAY: 'use BYMONTH with BYMONTHDAY instead',
  BYWEEKNO: 'use FREQ=WEEKLY with INTERVAL and the dtstart anchor instead',
  WKST: 'weeks always start on Monday (the RFC 5545 default); remove it',
  RSCALE: 'only the Gregorian calendar is supported; remove it',
  SKIP: 'invalid dates (e.g. the 31st in April) are always skipped; remove it',
  DTSTART: 'give the anchor date in the ritual\'s "dtstart" field instead',
};

const WHOLE = /^\d+$/;
const SIGNED = /^[+-]?\d+$/;
const BYDAY_ITEM = /^([+-]?\d+)?([A-Z]{2})$/;
const UNTIL_DATE = /^(\d{4})(\d{2})(\d{2})$/;
const UNTIL_UTC = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;
const UNTIL_LOCAL = /^\d{8}T\d{6}$/;

export function parseRRule(text: string): { ok: true; value: RuleParts } | { ok: false; error: string } {
  const errors: string[] = [];
  const body = text.trim().replace(/^RRULE:/i, '');
  if (body === '') return { ok: false, error: 'rrule is empty: expected e.g. "FREQ=WEEKLY;BYDAY=TH"' };

  const raw = new Map<string, string>();
  // Trailing or doubled ';' carries no meaning; tolerate it rather than fail a hand-written file.
  for (const part of body.split(';').filter((p) => p.trim() !== '')) {
    const eq = part.indexOf('=');
    if (eq < 0) {
      errors.push(`"${part.trim()}": expected KEY=VALUE, e.g. FREQ=WEEKLY`);
      continue;
    }
    const key = part.slice(0, eq).trim().toUpperCase();
    const value = part.slice(eq + 1).trim().toUpperCase();
    if (raw.has(key)) {
      errors.push(`${key} appears more than once`);
      continue;
    }
    raw.set(key, value);
  }

  for (const key of raw.keys()) {
    if (key === 'WKST' && raw.get(key) === 'MO') continue; // the default, harmless when pasted from a calendar
    const hint = UNSUPPORTED_HINTS[key];
    if (hint !== undefined) errors.push(`${key} is not supported: ${hint}`);
    else if (!['FREQ', 'INTERVAL', 'BYDAY', 'BYMONTHDAY', 'BYMONTH', 'COUNT', 'UNTIL'].includes(key)) {
      errors.push(`unknown rule part "${key}" (supported: ${SUPPORTED})`);
    }
  }

  const freqText = raw.get('FREQ');
  let freq: Frequency | null = null;
  if (freqText === undefined) errors.push('FREQ is missing: add FREQ=DAILY, WEEKLY, MONTHLY or YEARLY');
  else {
    freq = FREQUENCIES.find((f) => f === freqText) ?? null;
    if (freq === null) errors.push(`FREQ "${freqText}": supported values are DAILY, WEEKLY, MONTHLY, YEARLY`);
  }

  const interval = parseBoundedInt(raw.get('INTERVAL'), 'INTERVAL', 1, MAX_INTERVAL, errors) ?? 1;
  const count = parseBoundedInt(raw.get('COUNT'), 'COUNT', 1, MAX_COUNT, errors);
  const byMonth = parseIntList(raw.get('BYMONTH'), 'BYMONTH', errors, (n) =>
    n >= 1 && n <= 12 ? null : 'month must be 1..12',
  );
  const byMonthDay = parseIntList(raw.get('BYMONTHDAY'), 'BYMONTHDAY', errors, (n) =>
    n !== 0 && n >= -31 && n <= 31 ? null : 'day must be 1..31, or -1..-31 counted from the end of the month',
  );
  const byDay = parseByDay(raw.get('BYDAY'), freq, byMonth.length > 0, errors);
  const until = parseUntil(raw.get('UNTIL'), errors);

  if (count !== null && until !== null) {
    errors.push('COUNT and UNTIL cannot both be set (RFC 5545): keep one');
  }
  if (freq === 'WEEKLY' && byMonthDay.length > 0) {
    errors.push('BYMONTHDAY cannot be used with FREQ=WEEKLY (RFC 5545): use FREQ=MONTHLY or FREQ=DAILY');
  }

  if (errors.length > 0 || freq === null) return { ok: false, error: errors.join('; ') };
  return { ok: true, value: { freq, interval, byDay, byMonthDay, byMonth, count, until } };
}

function parseBoundedInt(
  text: string | undefined,
  key: string,
  min: number,
  max: number,
  errors: string[],
): number | null {
  if (text === undefined) return null;
  const n = Number(text);
  if (!WHOLE.test(text) || n < min || n > max) {
    errors.push(`${key} "${text}": must be a whole number from ${min} to ${max}`);
    return null;
  }
  return n;
}

function parseIntList(
  text: string | undefined,
  key: string,
  errors: string[],
  check: (n: number) => string | null,
): number[] {
  if (text === undefined) return [];
  const values = new Set<number>();
  for (const item of text.split(',')) {
    const n = Number(item);
    const problem = SIGNED.test(item) ? check(n) : 'expected a whole number';
    if (problem !== null) errors.push(`${key} "${item}": ${problem}`);
    else values.add(n);
  }
  return [...values].sort((a, b) => a - b);
}

function parseByDay(
  text: string | undefined,
  freq: Frequency | null,
  hasByMonth: boolean,
  errors: string[],
): ByDayRule[] {
  if (text === undefined) return [];
  const rules: ByDayRule[] = [];
  const seen = new Set<string>();
  for (const item of text.split(',')) {
    const m = BYDAY_ITEM.exec(item);
    const weekday = WEEKDAY_CODES.find((code) => code === m?.[2]);
    if (!m || weekday === undefined) {
      errors.push(
        `BYDAY "${item}": expected a weekday code MO, TU, WE, TH, FR, SA or SU, optionally with an ordinal such as 1WE or -1FR`,
      );
      continue;
    }
    let ordinal: number | null = null;
    if (m[1] !== undefined) {
      ordinal = Number(m[1]);
      if (ordinal === 0 || ordinal < -5 || ordinal > 5) {
        errors.push(`BYDAY "${item}": ordinal must be 1..5 or -1..-5`);
        continue;
      }
      // Ordinals count within a month; DAILY/WEEKLY have no month to count in, and
      // YEARLY without BYMONTH would mean "20th Monday of the year", which we leave out.
      const monthScoped = freq === 'MONTHLY' || (freq === 'YEARLY' && hasByMonth);
      if (freq !== null && !monthScoped) {
        errors.push(
          freq === 'YEARLY'
            ? `BYDAY "${item}": an ordinal with FREQ=YEARLY needs BYMONTH (e.g. BYMONTH=5;BYDAY=-1MO)`
            : `BYDAY "${item}": ordinals (1WE, -1FR) only work with FREQ=MONTHLY or FREQ=YEARLY;BYMONTH=..., not FREQ=${freq}`,
        );
        continue;
      }
    }
    const id = `${ordinal ?? ''}${weekday}`;
    if (seen.has(id)) continue;
    seen.add(id);
    rules.push({ weekday, ordinal });
  }
  return rules;
}

function parseUntil(text: string | undefined, errors: string[]): Until | null {
  if (text === undefined) return null;
  const date = UNTIL_DATE.exec(text);
  if (date) {
    const day = validDay(Number(date[1]), Number(date[2]), Number(date[3]));
    if (day === null) {
      errors.push(`UNTIL "${text}": not a calendar date`);
      return null;
    }
    return { kind: 'date', date: `${date[1]}-${date[2]}-${date[3]}` };
  }
  const utc = UNTIL_UTC.exec(text);
  if (utc) {
    const day = validDay(Number(utc[1]), Number(utc[2]), Number(utc[3]));
    const [h, mi, s] = [Number(utc[4]), Number(utc[5]), Number(utc[6])];
    if (day === null || h > 23 || mi > 59 || s > 59) {
      errors.push(`UNTIL "${text}": not a valid date-time`);
      return null;
    }
    const ms = dayNumber(Number(utc[1]), Number(utc[2]), Number(utc[3])) * MS_PER_DAY + ((h * 60 + mi) * 60 + s) * 1000;
    return { kind: 'instant', at: new Date(ms).toISOString() };
  }
  if (UNTIL_LOCAL.test(text)) {
    errors.push(
      `UNTIL "${text}": a date-time UNTIL must be in UTC and end with Z (RFC 5545), or give a local date such as ${text.slice(0, 8)}`,
    );
    return null;
  }
  errors.push(`UNTIL "${text}": expected a local date YYYYMMDD (inclusive) or a UTC date-time YYYYMMDDTHHMMSSZ`);
  return null;
}
