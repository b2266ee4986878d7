/**
 * Zero-bug rule: the SLA clock and the escalation ladder, as pure functions.
 *
 * Nothing here reads the clock or touches I/O: `now` is always an argument so
 * `cadence jobs run bug-escalation --at <ISO>` and the tests replay any moment.
 * The reasoning behind each rule is in docs/decisions/0004-sla-clock.md.
 */
import { DateTime } from 'luxon';

import type { Severity } from './config.js';
export { SEVERITIES, type Severity } from './config.js';

export interface SlaPolicy {
  /** Default duration in days (PRODUCT.md: 7). */
  days: number;
  /**
   * calendar: qualification + N×24 h of elapsed time.
   * business: N working days in the org time zone, skipping Sat/Sun and holidays.
   */
  mode: 'calendar' | 'business';
  /** Optional per-severity durations in days, counted in the same mode. */
  bySeverity?: Partial<Record<Severity, number>>;
  /** IANA zone of the organisation; only business mode depends on it. */
  zone: string;
  /** 'YYYY-MM-DD' local dates that are not working days. */
  holidays: ReadonlySet<string>;
}

export const DEFAULT_SLA_DAYS = 7;
export const DEFAULT_DUE_SOON_HOURS = 48;

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;

export function defaultSlaPolicy(zone: string): SlaPolicy {
  return { days: DEFAULT_SLA_DAYS, mode: 'calendar', zone, holidays: new Set() };
}

/**
 * Rule 1: a per-severity duration, when configured, replaces the default for
 * that severity only; every other severity keeps `policy.days`.
 */
export function slaDurationDays(policy: SlaPolicy, severity: Severity): number {
  const days = policy.bySeverity?.[severity] ?? policy.days;
  // Config is validated with zod at the edge; this guard keeps a bad value
  // from silently producing a deadline in the past or an endless day count.
  if (!Number.isFinite(days) || days <= 0) {
    throw new RangeError(`SLA duration for ${severity} must be a positive number of days, got ${days}`);
  }
  if (policy.mode === 'business' && !Number.isInteger(days)) {
    throw new RangeError(`business-day SLA durations must be whole days, got ${days} for ${severity}`);
  }
  return days;
}

/**
 * Deadline of a clock that started at `clockStart` (qualification, or reopen).
 *
 * Rule 2 (calendar mode): deadline = start + N × 24 h of elapsed time. The
 * org zone plays no part, so a deadline never moves when the zone setting
 * changes, never lands in a DST gap, and every bug gets exactly the same
 * number of hours. Across a DST change the local wall-clock time of the
 * deadline shifts by one hour (10:00 → 11:00 in spring, 10:00 → 09:00 in autumn).
 *
 * Rule 3 (business mode): the clock only runs on working days (Mon–Fri, not a
 * configured holiday, in the org zone). The deadline is the first instant at
 * which N whole working days have elapsed:
 *  - started during a working day at local time T → the Nth following working day at T;
 *  - started on a weekend or holiday → the clock starts at 00:00 of the next
 *    working day, so the deadline is the end (24:00) of the Nth working day
 *    counting that day as the first.
 * Working days are counted by local date, so a DST week costs nobody an hour
 * of working time: the deadline keeps the local time of day.
 */
export function computeDeadline(clockStart: Date, severity: Severity, policy: SlaPolicy): Date {
  const startMs = clockStart.getTime();
  if (Number.isNaN(startMs)) throw new RangeError('clock start is not a valid date');
  const days = slaDurationDays(policy, severity);
  if (policy.mode === 'calendar') return new Date(startMs + days * DAY_MS);
  return businessDeadline(clockStart, days, policy);
}

/** Whether the local date of `instant` in the org zone is a working day. */
export function isWorkingDay(instant: Date, policy: Pick<SlaPolicy, 'zone' | 'holidays'>): boolean {
  return isWorkingDate(toLocal(instant, policy.zone), policy.holidays);
}

function toLocal(instant: Date, zone: string): DateTime {
  const local = DateTime.fromJSDate(instant, { zone });
  if (!local.isValid) {
    throw new RangeError(`cannot read ${instant.toISOString()} in time zone "${zone}": ${local.invalidExplanation ?? local.invalidReason ?? 'invalid'}`);
  }
  return local;
}

function isWorkingDate(day: DateTime, holidays: ReadonlySet<string>): boolean {
  // Luxon weekdays: 1 = Monday … 6 = Saturday, 7 = Sunday.
  return day.weekday <= 5 && !holidays.has(day.toISODate() ?? '');
}

function nextWorkingDay(day: DateTime, holidays: ReadonlySet<string>): DateTime {
  // Terminates: holidays is a finite set and every week has five weekdays.
  let next = day;
  do {
    next = next.plus({ days: 1 }).startOf('day');
  } while (!isWorkingDate(next, holidays));
  return next;
}

function businessDeadline(clockStart: Date, days: number, policy: SlaPolicy): Date {
  const local = toLocal(clockStart, policy.zone);
  const startDay = local.startOf('day');

  // A clock that starts at the very beginning of a working day, or on a day
  // that does not count, owns whole days: its deadline is the end of the Nth
  // working day, not the start of the (N+1)th (which could be after a weekend).
  if (!isWorkingDate(startDay, policy.holidays) || local.toMillis() === startDay.toMillis()) {
    let lastDay = isWorkingDate(startDay, policy.holidays) ? startDay : nextWorkingDay(startDay, policy.holidays);
    for (let i = 1; i < days; i++) lastDay = nextWorkingDay(lastDay, policy.holidays);
    return lastDay.plus({ days: 1 }).startOf('day').toJSDate();
  }

  let target = startDay;
  for (let i = 0; i < days; i++) target = nextWorkingDay(target, policy.holidays);
  // If T does not exist on the target day (a DST gap), Luxon moves it forward
  // by the gap, which is the later, safer side of a deadline.
  return target
    .set({ hour: local.hour, minute: local.minute, second: local.second, millisecond: local.millisecond })
    .toJSDate();
}

/**
 * One SLA clock of one bug. The escalation ledger keys its claims on
 * (bug, clockId, level), so a reopened bug gets a fresh ladder while a clock
 * that already escalated never repeats a level.
 */
export interface SlaClock {
  /** 1 for the qualification clock; +1 on each reopen. */
  clockId: number;
  /** Qualification or reopen instant (before any business-day adjustment). */
  startedAt: Date;
  deadline: Date;
}

export function startClock(qualifiedAt: Date, severity: Severity, policy: SlaPolicy): SlaClock {
  return { clockId: 1, startedAt: qualifiedAt, deadline: computeDeadline(qualifiedAt, severity, policy) };
}

/**
 * Rule 4: reopening restarts the clock: a full new SLA from the reopen
 * instant, under a new clock id. A reopened bug is a freshly qualified
 * failure (the fix did not hold); resuming would often leave minutes, or a
 * deadline already in the past, and would need the consumed time stored.
 * `severity` is the bug's severity at reopen time, which may have changed.
 */
export function clockOnReopen(previous: SlaClock, reopenedAt: Date, severity: Severity, policy: SlaPolicy): SlaClock {
  if (reopenedAt.getTime() < previous.startedAt.getTime()) {
    throw new RangeError(
      `reopen at ${reopenedAt.toISOString()} precedes the clock it replaces (started ${previous.startedAt.toISOString()})`,
    );
  }
  return {
    clockId: previous.clockId + 1,
    startedAt: reopenedAt,
    deadline: computeDeadline(reopenedAt, severity, policy),
  };
}

export interface EscalationLevel {
  level: number;
  // `string & {}` keeps editor completion for the known names while allowing custom levels.
  name: 'due_soon' | 'breached' | 'still_breached' | (string & {});
  /** Trigger relative to the deadline: -1440 = 24 h before, 0 = at it, 2880 = 48 h after. */
  offsetMinutes: number;
}

/**
 * Rule 5: the default ladder (issue 5). Level 1 warns the owner 24 h before
 * the deadline, level 2 tells the team channel, owner and lead at the
 * deadline, level 3 tells leadership when the breach has lasted 48 h.
 */
export const DEFAULT_LADDER: readonly EscalationLevel[] = Object.freeze([
  Object.freeze({ level: 1, name: 'due_soon', offsetMinutes: -24 * 60 }),
  Object.freeze({ level: 2, name: 'breached', offsetMinutes: 0 }),
  Object.freeze({ level: 3, name: 'still_breached', offsetMinutes: 48 * 60 }),
]);

export function levelTriggerAt(deadline: Date, level: EscalationLevel): Date {
  return new Date(deadline.getTime() + level.offsetMinutes * MINUTE_MS);
}

/**
 * Rule 6: a level is due once its trigger instant is at or before `now`
 * (inclusive, so the "breached" level fires at the deadline itself). Levels
 * come back ordered by trigger instant, then level number, whatever the
 * configured order.
 *
 * Callers: only ask this for unresolved bugs (a resolved bug gets no further
 * notices), and claim (bug, clockId, level) before sending so a second run
 * or an overlapping tick sends nothing. To decide what to send after
 * downtime, use `planNotices`, which applies Rule 7.
 */
export function levelsDue<L extends EscalationLevel>(
  deadline: Date,
  now: Date,
  ladder: readonly L[],
  triggerOf: (deadline: Date, level: L) => Date = levelTriggerAt,
): L[] {
  const nowMs = now.getTime();
  return ladder
    .filter((l) => triggerOf(deadline, l).getTime() <= nowMs)
    .sort((a, b) => a.offsetMinutes - b.offsetMinutes || a.level - b.level);
}

export interface NoticePlan {
  /** Levels to claim and send now, in this order. */
  send: EscalationLevel[];
  /** Levels to claim as superseded and never send (see Rule 7). */
  superseded: EscalationLevel[];
}

/**
 * Rule 7 (catch-up): when several levels are due at once (the bot was down,
 * or a bug was registered late), each unclaimed level is sent once, in order,
 * because each one reaches different people. One exception: a warning that
 * precedes the deadline (offset < 0) is superseded when a level at or after
 * the deadline is also due. Its news ("due soon") is no longer true, and the
 * breach notice reaches the same owner. Claim superseded levels too, so the
 * ledger shows they were decided, not forgotten.
 */
export function planNotices<L extends EscalationLevel>(
  deadline: Date,
  now: Date,
  ladder: readonly L[],
  alreadyClaimed: ReadonlySet<number> = new Set(),
  triggerOf: (deadline: Date, level: L) => Date = levelTriggerAt,
): NoticePlan {
  const due = levelsDue(deadline, now, ladder, triggerOf);
  const breachDue = due.some((l) => l.offsetMinutes >= 0);
  const plan: NoticePlan = { send: [], superseded: [] };
  for (const level of due) {
    if (alreadyClaimed.has(level.level)) continue;
    if (breachDue && level.offsetMinutes < 0) plan.superseded.push(level);
    else plan.send.push(level);
  }
  return plan;
}

export type BugRisk = 'resolved' | 'ok' | 'due_soon' | 'breached';

/**
 * Rule 8: risk as seen at `now`.
 *  - resolved: resolvedAt is at or before `now` (a resolution later than `now`
 *    has not happened yet when replaying a past moment);
 *  - breached: open and `now` is at or past the deadline (same instant as level 2);
 *  - due_soon: open and the deadline is at most `dueSoonHours` away (inclusive);
 *  - ok otherwise.
 */
export function bugRisk(
  deadline: Date,
  now: Date,
  resolvedAt: Date | null,
  dueSoonHours: number = DEFAULT_DUE_SOON_HOURS,
): BugRisk {
  const nowMs = now.getTime();
  if (resolvedAt !== null && resolvedAt.getTime() <= nowMs) return 'resolved';
  const remainingMs = deadline.getTime() - nowMs;
  if (remainingMs <= 0) return 'breached';
  if (remainingMs <= dueSoonHours * HOUR_MS) return 'due_soon';
  return 'ok';
}

/**
 * Rule 9: a bug resolved at or before its deadline was fixed within the SLA.
 * The deadline instant belongs to the team: a fix landing exactly on it is in
 * time (an open bug observed at that instant is nonetheless breached, Rule 8,
 * because at that point it can no longer be fixed before the deadline).
 */
export function resolvedWithinSla(deadline: Date, resolvedAt: Date): boolean {
  return resolvedAt.getTime() <= deadline.getTime();
}
