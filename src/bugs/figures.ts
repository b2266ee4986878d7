/**
 * The bug figures leaders want (PRODUCT.md, "Zero-bug rule"), computed from
 * plain rows so the digest, `/bug stats` and the export share one definition.
 * One pass over the rows, then one numeric sort per team for the medians.
 */
import { DEFAULT_DUE_SOON_HOURS, bugRisk, resolvedWithinSla, type Severity } from './sla.js';

/** byTeam key for bugs with no team (null or empty). */
export const NO_TEAM = '';
export const DEFAULT_FIGURES_WINDOW_DAYS = 30;

const HOUR_MS = 3_600_000;

export interface BugRow {
  key: string;
  team: string | null;
  severity: Severity;
  /** Start of the bug's current SLA clock: qualification, or the last reopen. */
  qualifiedAt: Date;
  /** Deadline of that clock. */
  deadline: Date;
  resolvedAt: Date | null;
  /** Closed as "won't do" / "not planned" / deleted in the tracker: closed, but not a fix (issue 13). */
  dropped?: boolean;
}

export interface BugFigures {
  /** Unresolved as of `now` (includes due soon and breached). */
  open: number;
  /** Open, not yet breached, deadline within `dueSoonHours`. */
  dueWithin48h: number;
  /** Open and at or past the deadline. */
  breached: number;
  /** Share (0..1) of bugs resolved in the window that met their deadline; null when none resolved. */
  fixedWithinSlaShare: number | null;
  /** Resolved in [now − windowDays × 24 h, now]. */
  resolvedLast30Days: number;
  /** Median of resolvedAt − qualifiedAt over the same window, in hours; null when none. */
  medianTimeToFixHours: number | null;
  /** Dropped (won't do, not planned, deleted) in the same window: neither fixed within SLA nor breached. */
  droppedLast30Days: number;
}

export interface FiguresOptions {
  dueSoonHours?: number;
  windowDays?: number;
}

export interface FiguresResult {
  overall: BugFigures;
  byTeam: Map<string, BugFigures>;
}

class Accumulator {
  open = 0;
  dueSoon = 0;
  breached = 0;
  resolved = 0;
  withinSla = 0;
  fixHours: number[] = [];
  dropped = 0;

  toFigures(): BugFigures {
    return {
      open: this.open,
      dueWithin48h: this.dueSoon,
      breached: this.breached,
      fixedWithinSlaShare: this.resolved === 0 ? null : this.withinSla / this.resolved,
      resolvedLast30Days: this.resolved,
      medianTimeToFixHours: median(this.fixHours),
      droppedLast30Days: this.dropped,
    };
  }
}

/** Median with the even-count rule: mean of the two middle values. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  // A typed array sorts numerically without a comparator callback, which
  // matters at 100,000 values.
  const sorted = Float64Array.from(values).sort();
  const mid = sorted.length >> 1;
  const upper = sorted[mid] ?? 0;
  if (sorted.length % 2 === 1) return upper;
  return ((sorted[mid - 1] ?? 0) + upper) / 2;
}

/**
 * Rules for the figures (docs/decisions/0004-sla-clock.md):
 *  1. Everything is as seen at `now`: a row qualified after `now` does not
 *     exist yet and is skipped; a resolution after `now` has not happened yet.
 *  2. Open / due soon / breached follow `bugRisk`, so lists, notices and
 *     figures never disagree about one bug.
 *  3. The share within SLA and the median time to fix cover bugs resolved in
 *     the last `windowDays` × 24 h, window start inclusive; a fix exactly at
 *     the deadline is within SLA.
 *  4. A resolution before the qualification (tracker clock skew, or a fix that
 *     landed while QA was still qualifying) counts as a fix in 0 h: the bug is
 *     genuinely resolved, so dropping it would make the counts disagree with
 *     `/bug list`, while a negative duration would drag the median below zero.
 *  5. A dropped bug (closed as won't do / not planned / deleted in its
 *     tracker) is closed, so it is not open and cannot breach; it is not a
 *     fix either, so it stays out of the share within SLA and the median. It
 *     is counted on its own, over the same window.
 */
export function computeBugFigures(rows: Iterable<BugRow>, now: Date, opts: FiguresOptions = {}): FiguresResult {
  const dueSoonHours = opts.dueSoonHours ?? DEFAULT_DUE_SOON_HOURS;
  const windowDays = opts.windowDays ?? DEFAULT_FIGURES_WINDOW_DAYS;
  if (!Number.isFinite(dueSoonHours) || dueSoonHours < 0) {
    throw new RangeError(`dueSoonHours must be a non-negative number, got ${dueSoonHours}`);
  }
  if (!Number.isFinite(windowDays) || windowDays <= 0) {
    throw new RangeError(`windowDays must be a positive number, got ${windowDays}`);
  }

  const nowMs = now.getTime();
  const windowStartMs = nowMs - windowDays * 24 * HOUR_MS;
  const overall = new Accumulator();
  const teams = new Map<string, Accumulator>();

  for (const row of rows) {
    const qualifiedMs = row.qualifiedAt.getTime();
    if (qualifiedMs > nowMs) continue;

    const teamKey = row.team ?? NO_TEAM;
    let team = teams.get(teamKey);
    if (team === undefined) {
      team = new Accumulator();
      teams.set(teamKey, team);
    }

    const risk = bugRisk(row.deadline, now, row.resolvedAt, dueSoonHours);
    if (risk !== 'resolved') {
      overall.open++;
      team.open++;
      if (risk === 'breached') {
        overall.breached++;
        team.breached++;
      } else if (risk === 'due_soon') {
        overall.dueSoon++;
        team.dueSoon++;
      }
      continue;
    }

    // bugRisk returned 'resolved', so resolvedAt is set and not after now.
    const resolvedAt = row.resolvedAt;
    if (resolvedAt === null || resolvedAt.getTime() < windowStartMs) continue;
    if (row.dropped) {
      overall.dropped++;
      team.dropped++;
      continue;
    }
    const fixHours = Math.max(0, resolvedAt.getTime() - qualifiedMs) / HOUR_MS;
    const within = resolvedWithinSla(row.deadline, resolvedAt);
    for (const acc of [overall, team]) {
      acc.resolved++;
      if (within) acc.withinSla++;
      acc.fixHours.push(fixHours);
    }
  }

  const byTeam = new Map<string, BugFigures>();
  for (const [key, acc] of teams) byTeam.set(key, acc.toFigures());
  return { overall: overall.toFigures(), byTeam };
}
