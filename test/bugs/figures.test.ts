import { describe, expect, it } from 'vitest';
import { NO_TEAM, computeBugFigures, median, type BugFigures, type BugRow } from '../../src/bugs/figures.js';

const HOUR = 3_600_000;
const NOW = new Date('2026-06-01T12:00:00Z');
const hoursFromNow = (h: number): Date => new Date(NOW.getTime() + h * HOUR);

let seq = 0;
function buildBug(overrides: Partial<BugRow> = {}): BugRow {
  const qualifiedAt = overrides.qualifiedAt ?? hoursFromNow(-24);
  return {
    key: `BUG-${++seq}`,
    team: 'payments',
    severity: 'high',
    qualifiedAt,
    deadline: new Date(qualifiedAt.getTime() + 168 * HOUR),
    resolvedAt: null,
    ...overrides,
  };
}

/** A bug resolved `ageHours` before NOW after taking `fixHours`, with a 7-day SLA. */
function resolvedBug(fixHours: number, ageHours = 1, overrides: Partial<BugRow> = {}): BugRow {
  const resolvedAt = hoursFromNow(-ageHours);
  const qualifiedAt = new Date(resolvedAt.getTime() - fixHours * HOUR);
  return buildBug({ qualifiedAt, deadline: new Date(qualifiedAt.getTime() + 168 * HOUR), resolvedAt, ...overrides });
}

const EMPTY: BugFigures = {
  open: 0,
  dueWithin48h: 0,
  breached: 0,
  fixedWithinSlaShare: null,
  resolvedLast30Days: 0,
  medianTimeToFixHours: null,
  droppedLast30Days: 0,
};

describe('median', () => {
  it('handles empty, odd, even and ties', () => {
    expect(median([])).toBeNull();
    expect(median([5])).toBe(5);
    expect(median([9, 1, 5])).toBe(5);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([2, 5, 2, 2])).toBe(2);
    expect(median([10, 2])).toBe(6);
  });

  it('sorts numerically, not as strings', () => {
    expect(median([100, 9, 20])).toBe(20);
  });
});

describe('computeBugFigures', () => {
  it('empty input gives zeros and nulls, and no teams', () => {
    const { overall, byTeam } = computeBugFigures([], NOW);
    expect(overall).toEqual(EMPTY);
    expect(byTeam.size).toBe(0);
  });

  it('counts open, due soon and breached with inclusive boundaries', () => {
    const rows = [
      buildBug({ deadline: hoursFromNow(100) }), // ok
      buildBug({ deadline: hoursFromNow(48) }), // due soon: exactly 48 h left
      buildBug({ deadline: hoursFromNow(48.001) }), // ok
      buildBug({ deadline: hoursFromNow(0.5) }), // due soon
      buildBug({ deadline: NOW }), // breached: at the deadline
      buildBug({ qualifiedAt: hoursFromNow(-500), deadline: hoursFromNow(-332) }), // breached
    ];
    const { overall } = computeBugFigures(rows, NOW);
    expect(overall).toEqual({ ...EMPTY, open: 6, dueWithin48h: 2, breached: 2 });
  });

  it('honours a custom due-soon window', () => {
    const rows = [buildBug({ deadline: hoursFromNow(30) }), buildBug({ deadline: hoursFromNow(10) })];
    expect(computeBugFigures(rows, NOW, { dueSoonHours: 24 }).overall.dueWithin48h).toBe(1);
  });

  it('share within SLA and median over the last 30 days; a fix exactly at the deadline is within', () => {
    const atDeadline = resolvedBug(168);
    const late = resolvedBug(169);
    const rows = [resolvedBug(2), resolvedBug(10), atDeadline, late, resolvedBug(5, 31 * 24)];
    const { overall } = computeBugFigures(rows, NOW);
    expect(overall.resolvedLast30Days).toBe(4);
    expect(overall.fixedWithinSlaShare).toBe(3 / 4);
    expect(overall.medianTimeToFixHours).toBe((10 + 168) / 2);
    expect(overall.open).toBe(0);
  });

  it('the window start is inclusive, and configurable', () => {
    const rows = [resolvedBug(1, 30 * 24), resolvedBug(1, 30 * 24 + 0.001)];
    expect(computeBugFigures(rows, NOW).overall.resolvedLast30Days).toBe(1);
    expect(computeBugFigures(rows, NOW, { windowDays: 7 }).overall.resolvedLast30Days).toBe(0);
  });

  it('a resolution before qualification counts as a fix in 0 h, within SLA', () => {
    const qualifiedAt = hoursFromNow(-10);
    const skewed = buildBug({ qualifiedAt, resolvedAt: hoursFromNow(-11) });
    const { overall } = computeBugFigures([skewed, resolvedBug(4)], NOW);
    expect(overall.resolvedLast30Days).toBe(2);
    expect(overall.fixedWithinSlaShare).toBe(1);
    expect(overall.medianTimeToFixHours).toBe(2);
  });

  it('is computed as seen at now: future qualifications are skipped, future resolutions leave the bug open', () => {
    const rows = [
      buildBug({ qualifiedAt: hoursFromNow(1) }),
      buildBug({ deadline: hoursFromNow(200), resolvedAt: hoursFromNow(3) }),
    ];
    const { overall, byTeam } = computeBugFigures(rows, NOW);
    expect(overall).toEqual({ ...EMPTY, open: 1 });
    expect(byTeam.get('payments')?.open).toBe(1);
  });

  it('splits by team, with null and empty teams under NO_TEAM, and overall is the sum', () => {
    const rows = [
      buildBug({ team: 'payments', deadline: hoursFromNow(10) }),
      buildBug({ team: 'search', deadline: hoursFromNow(-1) }),
      resolvedBug(3, 1, { team: 'search' }),
      buildBug({ team: null, deadline: hoursFromNow(100) }),
      resolvedBug(7, 1, { team: '' }),
    ];
    const { overall, byTeam } = computeBugFigures(rows, NOW);
    expect([...byTeam.keys()].sort()).toEqual([NO_TEAM, 'payments', 'search'].sort());
    expect(byTeam.get('payments')).toEqual({ ...EMPTY, open: 1, dueWithin48h: 1 });
    expect(byTeam.get('search')).toEqual({
      ...EMPTY,
      open: 1,
      breached: 1,
      resolvedLast30Days: 1,
      fixedWithinSlaShare: 1,
      medianTimeToFixHours: 3,
      droppedLast30Days: 0,
    });
    expect(byTeam.get(NO_TEAM)).toEqual({
      ...EMPTY,
      open: 1,
      resolvedLast30Days: 1,
      fixedWithinSlaShare: 1,
      medianTimeToFixHours: 7,
      droppedLast30Days: 0,
    });
    expect(overall).toEqual({
      open: 3,
      dueWithin48h: 1,
      breached: 1,
      resolvedLast30Days: 2,
      fixedWithinSlaShare: 1,
      medianTimeToFixHours: 5,
      droppedLast30Days: 0,
    });
  });

  it('ties: identical deadlines and fix times count once each', () => {
    const deadline = hoursFromNow(5);
    const rows = [buildBug({ deadline }), buildBug({ deadline }), resolvedBug(6), resolvedBug(6), resolvedBug(6)];
    const { overall } = computeBugFigures(rows, NOW);
    expect(overall.dueWithin48h).toBe(2);
    expect(overall.resolvedLast30Days).toBe(3);
    expect(overall.medianTimeToFixHours).toBe(6);
  });

  it('accepts any iterable, such as a generator streaming rows', () => {
    function* rows(): Generator<BugRow> {
      yield resolvedBug(1);
      yield resolvedBug(3);
    }
    expect(computeBugFigures(rows(), NOW).overall.medianTimeToFixHours).toBe(2);
  });

  it('rejects nonsensical options', () => {
    expect(() => computeBugFigures([], NOW, { dueSoonHours: -1 })).toThrow(RangeError);
    expect(() => computeBugFigures([], NOW, { windowDays: 0 })).toThrow(RangeError);
  });

  it('a dropped bug is closed: not open, not breached, not a fix; counted apart within the window', () => {
    const dropped = resolvedBug(500, 2, { dropped: true, team: 'search' });
    const old = resolvedBug(1, 40 * 24, { dropped: true });
    const fixed = resolvedBug(3, 1);
    const { overall, byTeam } = computeBugFigures([dropped, old, fixed], NOW);
    expect(overall).toEqual({ ...EMPTY, resolvedLast30Days: 1, fixedWithinSlaShare: 1, medianTimeToFixHours: 3, droppedLast30Days: 1 });
    expect(byTeam.get('search')).toEqual({ ...EMPTY, droppedLast30Days: 1 });
  });

  it('computes 100,000 rows correctly', () => {
    // Ten categories cycling with i % 10, four teams cycling with floor(i / 10) % 4,
    // so every team gets 2,500 rows of every category and the expected values
    // follow from the construction rather than from a second implementation.
    const teams = ['a', 'b', null, 'c'] as const;
    const fixHoursByCategory: Record<number, number> = { 5: 1, 6: 2, 7: 3, 8: 200 };
    function* rows(): Generator<BugRow> {
      for (let i = 0; i < 100_000; i++) {
        const category = i % 10;
        const team = teams[Math.floor(i / 10) % 4] ?? null;
        const fix = fixHoursByCategory[category];
        if (category <= 2) yield buildBug({ team, deadline: hoursFromNow(120) });
        else if (category === 3) yield buildBug({ team, deadline: hoursFromNow(24) });
        else if (category === 4) yield buildBug({ team, qualifiedAt: hoursFromNow(-169), deadline: hoursFromNow(-1) });
        else if (fix !== undefined) yield resolvedBug(fix, 5, { team });
        else yield resolvedBug(1, 40 * 24, { team });
      }
    }
    const { overall, byTeam } = computeBugFigures(rows(), NOW);
    // Resolved in window: 10,000 each of 1 h, 2 h, 3 h and 200 h (the last ones late),
    // so the even-count median is the mean of 2 h and 3 h.
    expect(overall).toEqual({
      open: 50_000,
      dueWithin48h: 10_000,
      breached: 10_000,
      resolvedLast30Days: 40_000,
      fixedWithinSlaShare: 0.75,
      medianTimeToFixHours: 2.5,
      droppedLast30Days: 0,
    });
    expect(byTeam.size).toBe(4);
    for (const key of ['a', 'b', 'c', NO_TEAM]) {
      expect(byTeam.get(key)).toEqual({
        open: 12_500,
        dueWithin48h: 2_500,
        breached: 2_500,
        resolvedLast30Days: 10_000,
        fixedWithinSlaShare: 0.75,
        medianTimeToFixHours: 2.5,
        droppedLast30Days: 0,
      });
    }
  });
});
