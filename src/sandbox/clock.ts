import { DateTime } from 'luxon';
import type { Clock } from '../clock.js';

/**
 * The sandbox's own clock: it starts at the real time, runs with it, and can
 * only be moved forward (time never goes back for the jobs' claims and the
 * outbox). The app sees it as its injected `Clock`.
 */
export class SandboxClock implements Clock {
  private offsetMs = 0;

  constructor(private readonly realNow: () => number = Date.now) {}

  now(): Date {
    return new Date(this.realNow() + this.offsetMs);
  }

  /** Moves the clock to `at`; an instant in the past leaves it where it is. */
  moveTo(at: Date): void {
    const wanted = at.getTime() - this.realNow();
    if (wanted > this.offsetMs) this.offsetMs = wanted;
  }

  /** How far ahead of the real time it is, to be restored after a restart. */
  aheadMs(): number {
    return this.offsetMs;
  }

  restoreAhead(ms: number): void {
    if (Number.isFinite(ms) && ms > 0) this.offsetMs = ms;
  }

  /** Back to real time (Reset). */
  reset(): void {
    this.offsetMs = 0;
  }
}

const MINUTE = 60_000;

/** Floors an instant to its minute. */
export function minuteOf(at: Date | number): number {
  const ms = typeof at === 'number' ? at : at.getTime();
  return Math.floor(ms / MINUTE) * MINUTE;
}

// ---------------------------------------------------------------------------
// Cron matching (the five fields node-cron takes), in the organisation's zone
// ---------------------------------------------------------------------------

type FieldSet = ReadonlySet<number>;

interface ParsedCron {
  minute: FieldSet;
  hour: FieldSet;
  dayOfMonth: FieldSet;
  month: FieldSet;
  dayOfWeek: FieldSet;
  /** Cron's rule: when both day fields are restricted, a day matches if either does. */
  daysRestricted: { dom: boolean; dow: boolean };
}

function parseField(text: string, min: number, max: number, what: string): { set: Set<number>; restricted: boolean } {
  const set = new Set<number>();
  for (const part of text.split(',')) {
    const m = /^(\*|\d+(?:-\d+)?)(?:\/(\d+))?$/.exec(part);
    if (!m || !m[1]) throw new Error(`cron ${what}: cannot read "${part}"`);
    const step = m[2] ? Number(m[2]) : 1;
    if (step < 1) throw new Error(`cron ${what}: step must be at least 1 in "${part}"`);
    let from = min;
    let to = max;
    if (m[1] !== '*') {
      const [a, b] = m[1].split('-').map(Number);
      from = a ?? min;
      to = b ?? (m[2] ? max : from);
    }
    if (from < min || to > max || from > to) throw new Error(`cron ${what}: "${part}" is outside ${min}-${max}`);
    for (let v = from; v <= to; v += step) set.add(what === 'day of week' && v === 7 ? 0 : v);
  }
  return { set, restricted: text !== '*' };
}

export function parseCron(expression: string): ParsedCron {
  const fields = expression.trim().split(/\s+/);
  // node-cron accepts an optional leading seconds field; the sandbox runs jobs per minute.
  if (fields.length === 6) fields.shift();
  if (fields.length !== 5) throw new Error(`cron "${expression}": expected 5 fields`);
  const [mi, h, dom, mo, dow] = fields as [string, string, string, string, string];
  const dayOfMonth = parseField(dom, 1, 31, 'day of month');
  const dayOfWeek = parseField(dow, 0, 7, 'day of week');
  return {
    minute: parseField(mi, 0, 59, 'minute').set,
    hour: parseField(h, 0, 23, 'hour').set,
    dayOfMonth: dayOfMonth.set,
    month: parseField(mo, 1, 12, 'month').set,
    dayOfWeek: dayOfWeek.set,
    daysRestricted: { dom: dayOfMonth.restricted, dow: dayOfWeek.restricted },
  };
}

export function cronMatches(cron: ParsedCron, at: Date, zone: string): boolean {
  const local = DateTime.fromJSDate(at, { zone });
  if (!cron.minute.has(local.minute) || !cron.hour.has(local.hour) || !cron.month.has(local.month)) return false;
  const dom = cron.dayOfMonth.has(local.day);
  const dow = cron.dayOfWeek.has(local.weekday % 7);
  const { dom: domR, dow: dowR } = cron.daysRestricted;
  if (domR && dowR) return dom || dow;
  return dom && dow;
}

// ---------------------------------------------------------------------------
// Where "now" can move to
// ---------------------------------------------------------------------------

export type ClockMove = 'next-step' | 'plus-hour' | 'plus-day' | 'next-monday';

export const CLOCK_MOVES: readonly ClockMove[] = ['next-step', 'plus-hour', 'plus-day', 'next-monday'];

/** Next Monday 09:00 in `zone`, strictly after `now`. */
export function nextMondayNine(now: Date, zone: string): Date {
  const local = DateTime.fromJSDate(now, { zone });
  let candidate = local.set({ hour: 9, minute: 0, second: 0, millisecond: 0 }).plus({ days: (8 - local.weekday) % 7 });
  if (candidate <= local) candidate = candidate.plus({ weeks: 1 });
  return candidate.toJSDate();
}

/**
 * The instants at which the jobs run while the clock goes from `from` (excluded)
 * to `to` (included). Up to an hour: every minute, as the real scheduler would.
 * Beyond: every hour on the hour plus each `exact` instant (ritual steps, which
 * may have short grace windows). The digests, bugs, insights and opportunities
 * jobs look at what is due when they run, so an hourly run does the same work,
 * at most an hour of sandbox time later than a 5- or 15-minute tick would
 * (docs/decisions/0026-sandbox.md); a week is under two hundred runs, not ten thousand.
 */
export function sampleInstants(from: Date, to: Date, exact: readonly Date[]): Date[] {
  const start = minuteOf(from) + MINUTE;
  const end = minuteOf(to);
  if (end < start) return [];
  const out = new Set<number>();
  if (end - start <= 60 * MINUTE) {
    for (let m = start; m <= end; m += MINUTE) out.add(m);
  } else {
    const hour = 60 * MINUTE;
    for (let m = Math.ceil(start / hour) * hour; m <= end; m += hour) out.add(m);
    for (const e of exact) {
      const m = minuteOf(e);
      if (m >= start && m <= end) out.add(m);
    }
    out.add(end);
  }
  return [...out].sort((a, b) => a - b).map((m) => new Date(m));
}

/** Whether the cron fires at any minute in (after, at]. */
export function firesBetween(cron: ParsedCron, after: Date, at: Date, zone: string): boolean {
  for (let m = minuteOf(after) + MINUTE; m <= minuteOf(at); m += MINUTE) {
    if (cronMatches(cron, new Date(m), zone)) return true;
  }
  return false;
}
