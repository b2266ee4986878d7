/**
 * When a bug notice may be sent: the team's working hours in the
 * organisation's zone (issue 14 item 14). Deadlines never move; only the
 * moment a notice goes out does. Pure: no I/O, no clock.
 *
 * Rule 1: a notice whose trigger falls inside working hours (a working day —
 *         Monday to Friday, not in organisation.holidays — between `start`
 *         inclusive and `end` exclusive, local time) goes at its trigger.
 * Rule 2: a warning before the deadline (offset < 0) that falls outside
 *         moves EARLIER, to the last hour of the previous working window
 *         (`end` − 1 h; e.g. Friday 17:00 for a trigger on Saturday): a
 *         "due soon" for a Sunday deadline is useful on Friday, useless on
 *         Monday after the deadline. When that moment is before `notBefore`
 *         (the clock started since), it goes at the next working moment.
 * Rule 3: a notice at or after the deadline (offset >= 0) that falls outside
 *         moves LATER, to the start of the next working window (Monday 09:00):
 *         a breach is news, not an emergency at 03:00.
 * Rule 4: local times are read by date in the org zone, so a DST change moves
 *         neither the start nor the end of a working day; a start that does
 *         not exist (a DST gap) moves forward by the gap (luxon).
 */
import { DateTime } from 'luxon';

export interface NoticeHours {
  zone: string;
  holidays: ReadonlySet<string>;
  /** Minutes after local midnight. */
  startMinutes: number;
  endMinutes: number;
}

/** "09:00" → 540. */
export function minutesOf(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
}

function local(at: Date, zone: string): DateTime {
  return DateTime.fromJSDate(at, { zone });
}

function isWorkingDate(day: DateTime, holidays: ReadonlySet<string>): boolean {
  return day.weekday <= 5 && !holidays.has(day.toISODate() ?? '');
}

function at(day: DateTime, minutes: number): DateTime {
  return day.startOf('day').set({ hour: Math.floor(minutes / 60), minute: minutes % 60 });
}

/** Whether `instant` is inside working hours (Rule 1). */
export function inNoticeHours(instant: Date, hours: NoticeHours): boolean {
  const l = local(instant, hours.zone);
  if (!isWorkingDate(l, hours.holidays)) return false;
  const ms = l.toMillis();
  return ms >= at(l, hours.startMinutes).toMillis() && ms < at(l, hours.endMinutes).toMillis();
}

/** The first working moment at or after `instant`. */
export function nextNoticeMoment(instant: Date, hours: NoticeHours): Date {
  if (inNoticeHours(instant, hours)) return instant;
  let day = local(instant, hours.zone).startOf('day');
  // Today's window has not opened yet?
  if (isWorkingDate(day, hours.holidays) && instant.getTime() < at(day, hours.startMinutes).toMillis()) {
    return at(day, hours.startMinutes).toJSDate();
  }
  // Terminates: every week has five weekdays and holidays are finite.
  do day = day.plus({ days: 1 }).startOf('day');
  while (!isWorkingDate(day, hours.holidays));
  return at(day, hours.startMinutes).toJSDate();
}

/** The last hour of the latest working window that ends at or before `instant` (Rule 2). */
export function previousNoticeMoment(instant: Date, hours: NoticeHours): Date {
  if (inNoticeHours(instant, hours)) return instant;
  let day = local(instant, hours.zone).startOf('day');
  const lastHour = (d: DateTime) => at(d, Math.max(hours.startMinutes, hours.endMinutes - 60));
  if (isWorkingDate(day, hours.holidays) && instant.getTime() >= at(day, hours.endMinutes).toMillis()) {
    return lastHour(day).toJSDate();
  }
  do day = day.minus({ days: 1 }).startOf('day');
  while (!isWorkingDate(day, hours.holidays));
  return lastHour(day).toJSDate();
}

/**
 * When a notice triggered at `trigger` is sent (Rules 1–3). `null` hours means
 * "any time" (`bugs.noticeHours: false`).
 */
export function noticeTime(trigger: Date, offsetMinutes: number, hours: NoticeHours | null, notBefore?: Date): Date {
  if (!hours || inNoticeHours(trigger, hours)) return trigger;
  if (offsetMinutes < 0) {
    const earlier = previousNoticeMoment(trigger, hours);
    if (!notBefore || earlier.getTime() >= notBefore.getTime()) return earlier;
    return nextNoticeMoment(notBefore, hours);
  }
  return nextNoticeMoment(trigger, hours);
}
