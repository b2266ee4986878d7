/**
 * Recurrence engine for the ritual calendar. Pure: no I/O and no clock reads;
 * every function takes the instants and ranges it works on.
 *
 * A ritual's recurrence is configured as
 *   { rrule: 'FREQ=WEEKLY;INTERVAL=2;BYDAY=FR', dtstart: '2026-12-18', time: '10:00' }
 * where `dtstart` (the anchor date) and `time` are wall-clock in the
 * organisation's IANA time zone, given separately to each expansion call.
 * Decision record: docs/decisions/0003-recurrences.md.
 *
 * Supported RFC 5545 RRULE subset (anything else is rejected with a message
 * naming the bad part):
 *   FREQ=DAILY|WEEKLY|MONTHLY|YEARLY   required.
 *   INTERVAL=n        1..1000; every n days/weeks/months/years counted from the
 *                     period containing dtstart (weeks start on Monday), so
 *                     "every other Friday" alternates from the anchor's week.
 *   BYDAY=MO,TU,...   weekdays. With FREQ=MONTHLY (or YEARLY with BYMONTH) an
 *                     ordinal picks one within the month: 1WE = first Wednesday,
 *                     -1FR = last Friday; ordinals are 1..5 or -1..-5.
 *   BYMONTHDAY=n,...  1..31 or -1..-31 (-1 = last day). Not with FREQ=WEEKLY.
 *                     Months without that day are skipped (RFC 5545): the 31st
 *                     monthly runs 7 times a year; use -1 for "last day".
 *   BYMONTH=n,...     1..12.
 *   COUNT=n           1..100000 occurrences counted from dtstart, including
 *                     skipped (holiday) ones: a skip cancels an occurrence, it
 *                     does not postpone the end of the series (like EXDATE).
 *   UNTIL=YYYYMMDD    inclusive local date, or UNTIL=YYYYMMDDTHHMMSSZ, an
 *                     inclusive UTC instant. Not together with COUNT.
 * Quarterly is FREQ=MONTHLY;INTERVAL=3. A leading "RRULE:" and WKST=MO (the
 * default) are accepted and ignored.
 *
 * Semantics that differ from, or sharpen, RFC 5545:
 *   - dtstart is an anchor and a lower bound, not a forced first occurrence:
 *     if it does not match the rule it is not returned (python-dateutil does
 *     the same). "1st and 3rd Wednesday" can be anchored on any date.
 *   - Without BYDAY/BYMONTHDAY, MONTHLY uses dtstart's day of month and
 *     YEARLY uses dtstart's month and day (so Feb 29 recurs in leap years only).
 *   - A rule that can never produce a date (BYMONTH=2;BYMONTHDAY=30) is a
 *     parse error rather than an empty calendar.
 *   - Time zone and DST handling: Rules 1-3 in recurrence-calendar.ts; step
 *     offsets: Rules 4-5 below.
 *
 * Ranges: `occurrencesBetween` is half-open [from, to), so consecutive windows
 * never return an occurrence twice; `nextOccurrences` is strictly after
 * `after`, so feeding back the last occurrence's start pages forward without
 * repeating it.
 */
import type { IANAZone } from 'luxon';
import {
  type CivilDate,
  MS_PER_DAY,
  MS_PER_MINUTE,
  civilFromDay,
  dayNumber,
  daysInMonth,
  formatDay,
  instantToLocal,
  isoWeekday,
  localToInstant,
  mondayOfWeek,
  parseHhMm,
  parseIsoDate,
  requireZone,
  weekIndex,
} from './calendar.js';
import { type RuleParts, WEEKDAY_CODES, parseRRule } from './rrule.js';

export type { ByDayRule, Frequency, RuleParts, Until, WeekdayCode } from './rrule.js';

export interface RecurrenceSpec {
  rrule: string;
  /** 'YYYY-MM-DD', local anchor date. */
  dtstart: string;
  /** 'HH:mm', local time of day. */
  time: string;
}

/** A validated recurrence; obtain it from `parseRecurrence`. */
export interface Recurrence extends RuleParts {
  readonly rrule: string;
  readonly dtstart: string;
  readonly time: string;
}

export interface Occurrence {
  /** 'YYYY-MM-DD': the date the rule picked, even if a DST gap moved the start (see key). */
  localDate: string;
  /** UTC instant the occurrence starts, after DST Rules 2-3. */
  start: Date;
  /**
   * Stable identity, '<localDate>T<HH:mm>' from the rule's date and configured
   * time (never the DST-adjusted one), so a restart on a DST day claims the
   * same unique key.
   */
  key: string;
}

export interface OccurrenceOptions {
  /** 'YYYY-MM-DD' local dates (holidays, one-off skips) whose occurrence is cancelled. */
  skipDates?: ReadonlySet<string>;
}

/**
 * When a ritual step happens relative to its occurrence.
 *
 * Rule 4 - Day steps are wall-clock: `{ days: -3, at: '09:00' }` is 09:00 on
 *   the local date three days before the occurrence's local date, whatever
 *   DST change lies in between; a nonexistent or repeated `at` follows Rules 2-3.
 * Rule 5 - Hour and minute steps are elapsed time: `{ minutes: -15 }` is 15
 *   real minutes before the start instant and `{ hours: 2 }` is when a 2-hour
 *   meeting ends, even if the clocks change during it.
 */
export type StepOffset =
  | { readonly days: number; readonly at: string }
  | { readonly hours: number }
  | { readonly minutes: number };

type Result<T> = { ok: true; value: T } | { ok: false; error: string };

const MIN_YEAR = 1900;
// Expansion stops here: it keeps day arithmetic inside the Date range and clear of five-digit years.
const HORIZON_DAY = parseIsoDate('9999-12-31') ?? 0;

/**
 * How many consecutive periods can be empty before a rule is certainly empty
 * forever: the Gregorian calendar (month lengths, leap years and weekdays)
 * repeats every 400 years = 146097 days = 20871 weeks = 4800 months, so the
 * sequence of periods repeats after CYCLE / gcd(INTERVAL, CYCLE) periods.
 */
const CALENDAR_CYCLE: Readonly<Record<RuleParts['freq'], number>> = {
  DAILY: 146_097,
  WEEKLY: 20_871,
  MONTHLY: 4_800,
  YEARLY: 400,
};

export function parseRecurrence(spec: RecurrenceSpec): Result<Recurrence> {
  const errors: string[] = [];
  const startDay = parseIsoDate(spec.dtstart);
  if (startDay === null) {
    errors.push(`dtstart "${spec.dtstart}": expected a calendar date YYYY-MM-DD, e.g. 2026-01-15`);
  } else if (civilFromDay(startDay).year < MIN_YEAR) {
    errors.push(`dtstart "${spec.dtstart}": year must be ${MIN_YEAR} or later`);
  }
  if (parseHhMm(spec.time) === null) {
    errors.push(`time "${spec.time}": expected HH:mm from 00:00 to 23:59, e.g. 14:00`);
  }
  const rule = parseRRule(spec.rrule);
  if (!rule.ok) errors.push(rule.error);
  if (!rule.ok || startDay === null || errors.length > 0) return { ok: false, error: errors.join('; ') };

  const rec: Recurrence = { ...rule.value, rrule: spec.rrule.trim(), dtstart: spec.dtstart, time: spec.time };
  const plan = compile(rec);
  if (plan.untilDay !== null && plan.untilDay < startDay) {
    const until = rec.until?.kind === 'date' ? rec.until.date : rec.until?.at;
    return { ok: false, error: `UNTIL ${until} is before dtstart ${rec.dtstart}: the ritual would never run` };
  }
  const first = ruleDays(plan, 0).next();
  if (first.done === true || (plan.untilDay !== null && first.value > plan.untilDay)) {
    return {
      ok: false,
      error:
        `rrule "${rec.rrule}" never produces a date on or after dtstart ${rec.dtstart}` +
        `${plan.untilDay !== null ? ' within UNTIL' : ''}: check BYMONTH, BYMONTHDAY and BYDAY ` +
        `(e.g. BYMONTHDAY=30 never falls in BYMONTH=2)`,
    };
  }
  return { ok: true, value: rec };
}

export function occurrencesBetween(
  rec: Recurrence,
  zone: string,
  from: Date,
  to: Date,
  opts: OccurrenceOptions = {},
): Occurrence[] {
  const tz = requireZone(zone);
  const fromMs = requireInstant(from, 'from');
  const toMs = requireInstant(to, 'to');
  if (fromMs >= toMs) return [];
  // An occurrence's instant lies on its local date, or up to a day later when
  // a DST gap pushes it forward, so these day bounds only need a small margin.
  const lowDay = instantToLocal(tz, fromMs).dayNum - 2;
  const highDay = instantToLocal(tz, toMs).dayNum + 1;
  const out: Occurrence[] = [];
  for (const occ of expand(rec, tz, lowDay)) {
    if (occ.dayNum > highDay) break;
    if (occ.ms >= fromMs && occ.ms < toMs && !isSkipped(occ.localDate, opts)) out.push(toOccurrence(occ, rec));
  }
  return out;
}

export function nextOccurrences(
  rec: Recurrence,
  zone: string,
  after: Date,
  count: number,
  opts: OccurrenceOptions = {},
): Occurrence[] {
  const tz = requireZone(zone);
  const afterMs = requireInstant(after, 'after');
  if (!Number.isInteger(count) || count < 0) throw new RangeError(`count must be a whole number >= 0, got ${count}`);
  const out: Occurrence[] = [];
  if (count === 0) return out;
  for (const occ of expand(rec, tz, instantToLocal(tz, afterMs).dayNum - 2)) {
    if (occ.ms > afterMs && !isSkipped(occ.localDate, opts)) {
      out.push(toOccurrence(occ, rec));
      if (out.length === count) break;
    }
  }
  return out;
}

export function stepInstant(occurrenceStart: Date, zone: string, offset: StepOffset): Date {
  const tz = requireZone(zone);
  const startMs = requireInstant(occurrenceStart, 'occurrenceStart');
  if ('days' in offset) {
    const at = parseHhMm(offset.at);
    if (at === null || !Number.isInteger(offset.days)) {
      throw new RangeError(`invalid day step ${JSON.stringify(offset)}: build it with parseStepOffset`);
    }
    return new Date(localToInstant(tz, instantToLocal(tz, startMs).dayNum + offset.days, at));
  }
  const minutes = 'hours' in offset ? offset.hours * 60 : offset.minutes;
  if (!Number.isFinite(minutes)) {
    throw new RangeError(`invalid step ${JSON.stringify(offset)}: build it with parseStepOffset`);
  }
  return new Date(startMs + minutes * MS_PER_MINUTE);
}

const STEP = /^([+-]?)(\d{1,6})([dhm])(?:@(.*))?$/;
const STEP_EXAMPLES =
  '-3d@09:00 (3 days before, at 09:00), -15m (15 minutes before the start), +2h (2 hours after) or +0m (at the start)';
const STEP_LIMITS: Readonly<Record<'d' | 'h' | 'm', { max: number; word: string }>> = {
  d: { max: 366, word: 'days' },
  h: { max: 366 * 24, word: 'hours' },
  m: { max: 366 * 24 * 60, word: 'minutes' },
};

/** Parses the compact YAML form of a step offset: -3d@09:00, +1d@18:00, -15m, +2h, +0m. */
export function parseStepOffset(text: string): Result<StepOffset> {
  const trimmed = text.trim();
  const m = STEP.exec(trimmed.toLowerCase());
  const [, sign, digits, unit, at] = m ?? [];
  if (!m || digits === undefined || (unit !== 'd' && unit !== 'h' && unit !== 'm')) {
    return { ok: false, error: `step "${trimmed}": expected ${STEP_EXAMPLES}` };
  }
  const magnitude = Number(digits);
  const limit = STEP_LIMITS[unit];
  if (magnitude > limit.max) {
    return { ok: false, error: `step "${trimmed}": at most ${limit.max} ${limit.word} before or after` };
  }
  if (sign === '' && magnitude !== 0) {
    return {
      ok: false,
      error: `step "${trimmed}": add a sign, "-${trimmed}" (before the start) or "+${trimmed}" (after)`,
    };
  }
  // `|| 0` folds -0 into 0 so "-0m" and "+0m" compare equal.
  const value = (sign === '-' ? -magnitude : magnitude) || 0;
  if (unit === 'd') {
    if (at === undefined) {
      return { ok: false, error: `step "${trimmed}": a day offset needs a time of day, e.g. ${trimmed}@09:00` };
    }
    if (parseHhMm(at) === null) {
      return { ok: false, error: `step "${trimmed}": time "${at}" must be HH:mm from 00:00 to 23:59, e.g. 09:00` };
    }
    return { ok: true, value: { days: value, at } };
  }
  if (at !== undefined) {
    return {
      ok: false,
      error: `step "${trimmed}": "@time" only goes with a day offset (e.g. -1d@09:00); ${unit === 'h' ? 'hours' : 'minutes'} count from the start`,
    };
  }
  return { ok: true, value: unit === 'h' ? { hours: value } : { minutes: value } };
}

// ---------------------------------------------------------------------------
// Expansion

/** The rule reduced to numbers, built once per call. */
interface Plan {
  readonly rec: Recurrence;
  readonly startDay: number;
  readonly start: CivilDate;
  readonly minuteOfDay: number;
  readonly startUnit: number;
  readonly weekdays: ReadonlySet<number>; // ISO weekdays from BYDAY without ordinal
  readonly weeklyDays: ReadonlySet<number>; // FREQ=WEEKLY falls back to dtstart's weekday
  readonly ordinals: readonly { weekday: number; ordinal: number }[];
  readonly months: ReadonlySet<number>;
  readonly untilDay: number | null;
  readonly untilMs: number | null;
  readonly maxEmptyPeriods: number;
}

interface RawOccurrence {
  dayNum: number;
  localDate: string;
  ms: number;
}

function compile(rec: Recurrence): Plan {
  const startDay = parseIsoDate(rec.dtstart);
  const minuteOfDay = parseHhMm(rec.time);
  if (startDay === null || minuteOfDay === null) {
    throw new RangeError(`invalid recurrence ${JSON.stringify(rec)}: build it with parseRecurrence`);
  }
  const weekdays = new Set<number>();
  const ordinals: { weekday: number; ordinal: number }[] = [];
  for (const rule of rec.byDay) {
    const weekday = WEEKDAY_CODES.indexOf(rule.weekday) + 1;
    if (rule.ordinal === null) weekdays.add(weekday);
    else ordinals.push({ weekday, ordinal: rule.ordinal });
  }
  // A UTC UNTIL can fall on the next local date in zones east of UTC.
  const untilDay =
    rec.until === null
      ? null
      : rec.until.kind === 'date'
        ? parseIsoDate(rec.until.date)
        : Math.floor(Date.parse(rec.until.at) / MS_PER_DAY) + 1;
  const cycle = CALENDAR_CYCLE[rec.freq];
  return {
    rec,
    startDay,
    start: civilFromDay(startDay),
    minuteOfDay,
    weekdays,
    ordinals,
    months: new Set(rec.byMonth),
    untilDay,
    untilMs: rec.until?.kind === 'instant' ? Date.parse(rec.until.at) : null,
    maxEmptyPeriods: cycle / gcd(rec.interval, cycle),
    startUnit: unitOf(rec.freq, startDay),
    weeklyDays: weekdays.size > 0 ? weekdays : new Set([isoWeekday(startDay)]),
  };
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

/** Index of the period (day, week, month, year) that contains a day. */
function unitOf(freq: RuleParts['freq'], dayNum: number): number {
  if (freq === 'DAILY') return dayNum;
  if (freq === 'WEEKLY') return weekIndex(dayNum);
  const { year, month } = civilFromDay(dayNum);
  return freq === 'MONTHLY' ? year * 12 + (month - 1) : year;
}

/** Days of the rule in one period, ascending, before dtstart/COUNT/UNTIL are applied. */
function daysOfPeriod(plan: Plan, unit: number): number[] {
  const { rec } = plan;
  switch (rec.freq) {
    case 'DAILY': {
      const { year, month, day } = civilFromDay(unit);
      if (plan.months.size > 0 && !plan.months.has(month)) return [];
      if (rec.byMonthDay.length > 0 && !monthDaySet(rec.byMonthDay, daysInMonth(year, month)).has(day)) return [];
      if (plan.weekdays.size > 0 && !plan.weekdays.has(isoWeekday(unit))) return [];
      return [unit];
    }
    case 'WEEKLY': {
      const wanted = plan.weeklyDays;
      const monday = mondayOfWeek(unit);
      const days: number[] = [];
      for (let d = monday; d < monday + 7; d++) {
        if (wanted.has(isoWeekday(d)) && (plan.months.size === 0 || plan.months.has(civilFromDay(d).month))) {
          days.push(d);
        }
      }
      return days;
    }
    case 'MONTHLY': {
      const year = Math.floor(unit / 12);
      const month = unit - year * 12 + 1;
      return plan.months.size > 0 && !plan.months.has(month) ? [] : daysOfMonth(plan, year, month);
    }
    case 'YEARLY': {
      const months =
        plan.months.size > 0
          ? [...plan.months].sort((a, b) => a - b)
          : rec.byDay.length > 0 || rec.byMonthDay.length > 0
            ? [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]
            : [plan.start.month];
      return months.flatMap((month) => daysOfMonth(plan, unit, month));
    }
  }
}

function monthDaySet(byMonthDay: readonly number[], length: number): Set<number> {
  const days = new Set<number>();
  for (const n of byMonthDay) {
    const day = n > 0 ? n : length + 1 + n;
    if (day >= 1 && day <= length) days.add(day); // RFC 5545: a day the month lacks is skipped
  }
  return days;
}

function daysOfMonth(plan: Plan, year: number, month: number): number[] {
  const { rec } = plan;
  const length = daysInMonth(year, month);
  const first = dayNumber(year, month, 1);
  const byMonthDay = rec.byMonthDay.length > 0 ? monthDaySet(rec.byMonthDay, length) : null;
  let byDay: Set<number> | null = null;
  if (rec.byDay.length > 0) {
    byDay = new Set();
    const firstWeekday = isoWeekday(first);
    for (let day = 1; day <= length; day++) {
      if (plan.weekdays.has(((firstWeekday - 1 + day - 1) % 7) + 1)) byDay.add(day);
    }
    const lastWeekday = isoWeekday(first + length - 1);
    for (const { weekday, ordinal } of plan.ordinals) {
      const day =
        ordinal > 0
          ? 1 + ((weekday - firstWeekday + 7) % 7) + 7 * (ordinal - 1)
          : length - ((lastWeekday - weekday + 7) % 7) - 7 * (-ordinal - 1);
      if (day >= 1 && day <= length) byDay.add(day); // a 5th Friday exists only in some months
    }
  }
  let days: number[];
  if (byMonthDay && byDay) days = [...byMonthDay].filter((d) => byDay.has(d));
  else if (byMonthDay) days = [...byMonthDay];
  else if (byDay) days = [...byDay];
  else days = plan.start.day <= length ? [plan.start.day] : [];
  return days.sort((a, b) => a - b).map((d) => first + d - 1);
}

/**
 * Rule days from dtstart on, ascending, starting at period `firstPeriod`.
 * Ends when the calendar cycle proves no further day can match, or at the horizon.
 */
function* ruleDays(plan: Plan, firstPeriod: number): Generator<number, void, void> {
  let emptyPeriods = 0;
  for (let k = firstPeriod; ; k++) {
    const days = daysOfPeriod(plan, plan.startUnit + k * plan.rec.interval);
    let produced = false;
    for (const day of days) {
      if (day > HORIZON_DAY) return;
      if (day >= plan.startDay) {
        produced = true;
        yield day;
      }
    }
    if (produced) emptyPeriods = 0;
    else if (++emptyPeriods > plan.maxEmptyPeriods) return;
    else if (days.length === 0 && periodStartsAfterHorizon(plan, k)) return;
  }
}

function periodStartsAfterHorizon(plan: Plan, k: number): boolean {
  const unit = plan.startUnit + k * plan.rec.interval;
  switch (plan.rec.freq) {
    case 'DAILY':
      return unit > HORIZON_DAY;
    case 'WEEKLY':
      return mondayOfWeek(unit) > HORIZON_DAY;
    case 'MONTHLY':
      return unit / 12 >= 10_000;
    case 'YEARLY':
      return unit >= 10_000;
  }
}

/** Occurrences in order with COUNT and UNTIL applied; skips are the caller's filter. */
function* expand(
  rec: Recurrence,
  tz: IANAZone,
  lowDay: number,
): Generator<RawOccurrence, void, void> {
  const plan = compile(rec);
  // COUNT is counted from dtstart, so only an uncounted rule may jump ahead.
  const firstPeriod =
    rec.count === null
      ? Math.max(0, Math.floor((unitOf(rec.freq, Math.max(lowDay, plan.startDay)) - plan.startUnit) / rec.interval))
      : 0;
  let index = 0;
  for (const dayNum of ruleDays(plan, firstPeriod)) {
    index++;
    if (rec.count !== null && index > rec.count) return;
    if (plan.untilDay !== null && dayNum > plan.untilDay) return;
    // Days before the window only advance COUNT; resolving their instant would cost time zone lookups.
    if (dayNum < lowDay) continue;
    const ms = localToInstant(tz, dayNum, plan.minuteOfDay);
    if (plan.untilMs !== null && ms > plan.untilMs) return;
    yield { dayNum, localDate: formatDay(dayNum), ms };
  }
}

function toOccurrence(occ: RawOccurrence, rec: Recurrence): Occurrence {
  return { localDate: occ.localDate, start: new Date(occ.ms), key: `${occ.localDate}T${rec.time}` };
}

function isSkipped(localDate: string, opts: OccurrenceOptions): boolean {
  return opts.skipDates?.has(localDate) ?? false;
}

function requireInstant(date: Date, name: string): number {
  const ms = date.getTime();
  if (Number.isNaN(ms)) throw new RangeError(`${name} is an invalid Date`);
  return ms;
}
