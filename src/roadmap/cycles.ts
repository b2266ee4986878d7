import { DateTime } from 'luxon';
import type { RoadmapConfig } from './config.js';

/*
 * Cycles, pure (issue 15, PRODUCT.md: "commit firmly for the next 6 weeks,
 * visibility over 6 months, a twice-yearly plan").
 * Rule 1: cycles are counted from `start` (a local date in the organisation's
 *         zone), `cycleWeeks` long, in wall-clock weeks: a cycle starts at
 *         local midnight whatever the daylight-saving change in between.
 * Rule 2: a semester is `cyclesPerSemester` cycles then `bufferWeeks` of
 *         buffer; during a buffer there is no current cycle.
 * Rule 3: cycle numbers run on across semesters (semester 2 starts at cycle 5
 *         with the defaults); there is no cycle before `start`.
 */

export interface Cycle {
  number: number;
  /** Semester number, from 1. */
  semester: number;
  start: Date;
  /** Exclusive: the next cycle's (or the buffer's) first instant. */
  end: Date;
  /** Local first and last days, YYYY-MM-DD. */
  firstDay: string;
  lastDay: string;
}

export interface CyclePosition {
  /** The cycle `at` falls in; undefined before `start` and in a buffer. */
  current: Cycle | undefined;
  /** The first cycle starting after `at`. */
  next: Cycle;
  /** The start of the semester `at` falls in (the first one before `start`). */
  semesterStart: Date;
}

type CycleSettings = Pick<RoadmapConfig, 'start' | 'cycleWeeks' | 'cyclesPerSemester' | 'bufferWeeks'>;

function origin(cfg: CycleSettings, zone: string): DateTime {
  return DateTime.fromISO(cfg.start, { zone }).startOf('day');
}

function semesterWeeks(cfg: CycleSettings): number {
  return cfg.cyclesPerSemester * cfg.cycleWeeks + cfg.bufferWeeks;
}

export function cycle(cfg: CycleSettings, zone: string, n: number): Cycle {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`no cycle ${n}: cycles count from 1`);
  const semester = Math.floor((n - 1) / cfg.cyclesPerSemester);
  const index = (n - 1) % cfg.cyclesPerSemester;
  const start = origin(cfg, zone).plus({ weeks: semester * semesterWeeks(cfg) + index * cfg.cycleWeeks });
  const end = start.plus({ weeks: cfg.cycleWeeks });
  return {
    number: n,
    semester: semester + 1,
    start: start.toJSDate(),
    end: end.toJSDate(),
    firstDay: start.toISODate() ?? '',
    lastDay: end.minus({ days: 1 }).toISODate() ?? '',
  };
}

export function positionAt(cfg: CycleSettings, zone: string, at: Date): CyclePosition {
  const o = origin(cfg, zone);
  const day = DateTime.fromJSDate(at, { zone }).startOf('day');
  // Calendar days between local midnights: DST days of 23 or 25 hours count as one.
  const days = Math.round(day.diff(o, 'days').days);
  if (days < 0) return { current: undefined, next: cycle(cfg, zone, 1), semesterStart: o.toJSDate() };
  const weeks = Math.floor(days / 7);
  const semester = Math.floor(weeks / semesterWeeks(cfg));
  const offset = weeks - semester * semesterWeeks(cfg);
  const semesterStart = o.plus({ weeks: semester * semesterWeeks(cfg) }).toJSDate();
  if (offset < cfg.cyclesPerSemester * cfg.cycleWeeks) {
    const n = semester * cfg.cyclesPerSemester + Math.floor(offset / cfg.cycleWeeks) + 1;
    return { current: cycle(cfg, zone, n), next: cycle(cfg, zone, n + 1), semesterStart };
  }
  return { current: undefined, next: cycle(cfg, zone, (semester + 1) * cfg.cyclesPerSemester + 1), semesterStart };
}

export type CycleProblem = 'unknown' | 'past' | 'tooFar' | 'noCurrent';

/** How far ahead a plan may go: a cycle starting later than this is refused as unknown. */
export const MAX_PLAN_WEEKS = 104;

/**
 * What a person typed for a cycle: `now`, `next`, `c8`, `C8` or `8`.
 * Rule 4: a new plan may not be for a cycle that has ended (the current one is fine).
 */
export function parseCycle(cfg: CycleSettings, zone: string, input: string, at: Date): { cycle: Cycle } | { problem: CycleProblem } {
  const word = input.trim().toLowerCase();
  const pos = positionAt(cfg, zone, at);
  if (word === 'now' || word === 'maintenant') return pos.current ? { cycle: pos.current } : { problem: 'noCurrent' };
  if (word === 'next' || word === 'suivant') return { cycle: pos.next };
  const m = /^c?(\d{1,4})$/.exec(word);
  if (!m) return { problem: 'unknown' };
  const n = Number(m[1]);
  if (n < 1) return { problem: 'unknown' };
  const c = cycle(cfg, zone, n);
  if (c.end.getTime() <= at.getTime()) return { problem: 'past' };
  if (c.start.getTime() > at.getTime() + MAX_PLAN_WEEKS * 7 * 86_400_000) return { problem: 'tooFar' };
  return { cycle: c };
}
