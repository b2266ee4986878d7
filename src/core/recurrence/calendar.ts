/**
 * Calendar arithmetic and wall-clock <-> instant conversion for the recurrence
 * engine. Pure: no clock reads, no I/O.
 *
 * Dates are "day numbers" (days since 1970-01-01 in the proleptic Gregorian
 * calendar) so that stepping by days, weeks and months is integer arithmetic
 * and never touches a time zone. Time zones only come in when a local date and
 * a wall-clock time are turned into an instant, through `localToInstant`.
 *
 * DST policy (these are product rules, referenced from tests and docs):
 *
 * Rule 1 - Wall clock wins. A ritual "Thursday 14:00" is 14:00 on the wall
 *   clock of the organisation's zone on every Thursday; its UTC instant moves
 *   by an hour across a DST change.
 * Rule 2 - Gap: a local time that does not exist (spring forward) runs at the
 *   first valid minute after the gap: 02:30 on the Paris spring-forward day is
 *   03:00 CEST. Luxon's default shifts by the gap length (02:30 -> 03:30), which
 *   would let a 02:59 item run after a 03:15 one; "first minute at or after the
 *   requested wall-clock time" keeps the day's order and fires as early as
 *   the clock allows.
 * Rule 3 - Overlap: a local time that exists twice (fall back) maps to ONE
 *   instant, the earlier one (the offset in force before the change), so the
 *   ritual runs once, the first time the clock shows that time. Luxon's
 *   default picks the later offset, which is why this module does not use
 *   `DateTime.fromObject` for the conversion.
 */
import { IANAZone } from 'luxon';

export const MS_PER_MINUTE = 60_000;
export const MS_PER_DAY = 86_400_000;

export interface CivilDate {
  readonly year: number;
  readonly month: number; // 1..12
  readonly day: number; // 1..31
}

export function dayNumber(year: number, month: number, day: number): number {
  return Math.floor(Date.UTC(year, month - 1, day) / MS_PER_DAY);
}

export function civilFromDay(dayNum: number): CivilDate {
  const d = new Date(dayNum * MS_PER_DAY);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/** ISO weekday: 1 = Monday .. 7 = Sunday. */
export function isoWeekday(dayNum: number): number {
  // 1970-01-01 was a Thursday (ISO 4).
  return ((((dayNum + 3) % 7) + 7) % 7) + 1;
}

/** Index of the Monday-started week containing the day (RFC 5545 default WKST=MO). */
export function weekIndex(dayNum: number): number {
  return Math.floor((dayNum + 3) / 7);
}

export function mondayOfWeek(week: number): number {
  return week * 7 - 3;
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

export function formatDay(dayNum: number): string {
  const { year, month, day } = civilFromDay(dayNum);
  return `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
}

export function formatMinuteOfDay(minuteOfDay: number): string {
  return `${pad(Math.floor(minuteOfDay / 60), 2)}:${pad(minuteOfDay % 60, 2)}`;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const HH_MM = /^(\d{2}):(\d{2})$/;

/** Parses a real calendar date 'YYYY-MM-DD' (rejects 2027-02-29) to a day number. */
export function parseIsoDate(text: string): number | null {
  const m = ISO_DATE.exec(text);
  if (!m) return null;
  return validDay(Number(m[1]), Number(m[2]), Number(m[3]));
}

export function validDay(year: number, month: number, day: number): number | null {
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  return dayNumber(year, month, day);
}

/** Parses 'HH:mm' (00:00..23:59) to minutes since local midnight. */
export function parseHhMm(text: string): number | null {
  const m = HH_MM.exec(text);
  if (!m) return null;
  const hours = Number(m[1]);
  const minutes = Number(m[2]);
  if (hours > 23 || minutes > 59) return null;
  return hours * 60 + minutes;
}

const zones = new Map<string, IANAZone>();

/**
 * Returns the zone or throws: zones come from validated organisation config, so a bad one is a bug.
 * Checked once per zone name: luxon's isValidZone builds an Intl.DateTimeFormat on every call, which
 * was two thirds of the App Home's CPU (it runs for every step instant of every ritual shown).
 */
export function requireZone(zone: string): IANAZone {
  const known = zones.get(zone);
  if (known) return known;
  if (!IANAZone.isValidZone(zone)) {
    throw new RangeError(`Unknown IANA time zone "${zone}" (expected e.g. "Europe/Paris")`);
  }
  const created = IANAZone.create(zone);
  zones.set(zone, created);
  return created;
}

/** Offset in whole minutes; luxon may report fractional minutes for pre-1900 local mean time. */
function offsetMinutes(zone: IANAZone, ms: number): number {
  return Math.round(zone.offset(ms));
}

/** The local day number and minute of day that the zone's wall clock shows at an instant. */
export function instantToLocal(zone: IANAZone, ms: number): { dayNum: number; minuteOfDay: number } {
  const wallMs = ms + offsetMinutes(zone, ms) * MS_PER_MINUTE;
  const dayNum = Math.floor(wallMs / MS_PER_DAY);
  return { dayNum, minuteOfDay: Math.floor((wallMs - dayNum * MS_PER_DAY) / MS_PER_MINUTE) };
}

/**
 * The instant (epoch ms) at which the zone's wall clock shows `minuteOfDay` on
 * `dayNum`, applying Rules 2 and 3 above.
 */
export function localToInstant(zone: IANAZone, dayNum: number, minuteOfDay: number): number {
  // The wall-clock reading written as if it were UTC; the real instant is this minus the offset.
  const wall = dayNum * MS_PER_DAY + minuteOfDay * MS_PER_MINUTE;
  // Offsets in force two days either side cover both sides of any single
  // transition near the target (offsets are within +-14 h, gaps up to 24 h).
  const candidates = new Set<number>([
    offsetMinutes(zone, wall - 2 * MS_PER_DAY),
    offsetMinutes(zone, wall),
    offsetMinutes(zone, wall + 2 * MS_PER_DAY),
  ]);

  let earliest: number | null = null;
  for (const offset of candidates) {
    const instant = wall - offset * MS_PER_MINUTE;
    // A candidate is a true reading only if the zone agrees it is in force at that instant.
    if (offsetMinutes(zone, instant) === offset && (earliest === null || instant < earliest)) {
      earliest = instant; // Rule 3: with two readings (overlap), the earlier instant wins.
    }
  }
  if (earliest !== null) return earliest;

  // Rule 2: no instant shows this time; find the first minute whose wall-clock
  // reading is at or after it. Between the two candidate instants the wall
  // clock is monotonic (the only transition there is the gap), so bisect.
  const offsets = [...candidates];
  let lo = Math.floor((wall - Math.max(...offsets) * MS_PER_MINUTE) / MS_PER_MINUTE);
  let hi = Math.ceil((wall - Math.min(...offsets) * MS_PER_MINUTE) / MS_PER_MINUTE);
  const showsAtOrAfter = (minute: number): boolean =>
    minute * MS_PER_MINUTE + offsetMinutes(zone, minute * MS_PER_MINUTE) * MS_PER_MINUTE >= wall;
  while (lo < hi) {
    const mid = Math.floor((lo + hi) / 2);
    if (showsAtOrAfter(mid)) hi = mid;
    else lo = mid + 1;
  }
  return lo * MS_PER_MINUTE;
}
