import { describe, expect, it } from 'vitest';
import {
  DEFAULT_LADDER,
  DEFAULT_SLA_DAYS,
  bugRisk,
  clockOnReopen,
  computeDeadline,
  defaultSlaPolicy,
  isWorkingDay,
  levelTriggerAt,
  levelsDue,
  planNotices,
  resolvedWithinSla,
  slaDurationDays,
  startClock,
  type EscalationLevel,
  type SlaPolicy,
} from '../../src/bugs/sla.js';

const PARIS = 'Europe/Paris';

function buildPolicy(overrides: Partial<SlaPolicy> = {}): SlaPolicy {
  return { ...defaultSlaPolicy(PARIS), ...overrides };
}

function businessPolicy(days: number, holidays: string[] = [], overrides: Partial<SlaPolicy> = {}): SlaPolicy {
  return buildPolicy({ mode: 'business', days, holidays: new Set(holidays), ...overrides });
}

/** Instant written with an explicit offset so each test states both local and UTC time. */
const at = (iso: string): Date => {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) throw new Error(`bad test date ${iso}`);
  return d;
};

const HOUR = 3_600_000;

describe('Rule 1: durations', () => {
  it('defaults to 7 days for every severity', () => {
    const policy = buildPolicy();
    expect(DEFAULT_SLA_DAYS).toBe(7);
    for (const s of ['critical', 'high', 'medium', 'low'] as const) expect(slaDurationDays(policy, s)).toBe(7);
  });

  it('uses a per-severity override only for that severity', () => {
    const policy = buildPolicy({ bySeverity: { critical: 1, low: 30 } });
    expect(slaDurationDays(policy, 'critical')).toBe(1);
    expect(slaDurationDays(policy, 'low')).toBe(30);
    expect(slaDurationDays(policy, 'high')).toBe(7);
    expect(computeDeadline(at('2026-01-05T10:00:00Z'), 'critical', policy)).toEqual(at('2026-01-06T10:00:00Z'));
  });

  it('applies per-severity durations in business mode too', () => {
    const policy = businessPolicy(7, [], { bySeverity: { critical: 1 } });
    // Friday 17:00 Paris, critical → Monday 17:00.
    expect(computeDeadline(at('2026-01-09T17:00:00+01:00'), 'critical', policy)).toEqual(at('2026-01-12T17:00:00+01:00'));
  });

  it('rejects durations that are not positive, and fractional business days', () => {
    expect(() => slaDurationDays(buildPolicy({ days: 0 }), 'high')).toThrow(RangeError);
    expect(() => slaDurationDays(buildPolicy({ days: Number.NaN }), 'high')).toThrow(RangeError);
    expect(() => slaDurationDays(buildPolicy({ bySeverity: { low: -1 } }), 'low')).toThrow(RangeError);
    expect(() => slaDurationDays(businessPolicy(2.5), 'high')).toThrow(RangeError);
    // Half a calendar day is a meaningful 12 h.
    expect(computeDeadline(at('2026-01-05T10:00:00Z'), 'high', buildPolicy({ days: 0.5 }))).toEqual(at('2026-01-05T22:00:00Z'));
  });

  it('rejects an invalid start date and an unknown zone in business mode', () => {
    expect(() => computeDeadline(new Date('nope'), 'high', buildPolicy())).toThrow(RangeError);
    expect(() => computeDeadline(at('2026-01-05T10:00:00Z'), 'high', businessPolicy(1, [], { zone: 'Mars/Olympus' }))).toThrow(
      /Mars\/Olympus/,
    );
  });
});

describe('Rule 2: calendar mode is N × 24 h of elapsed time', () => {
  const policy = buildPolicy();

  it('adds exactly 168 h', () => {
    const q = at('2026-01-07T15:42:10.123Z');
    expect(computeDeadline(q, 'medium', policy).getTime() - q.getTime()).toBe(168 * HOUR);
  });

  it('spring forward (Europe/Paris, 2026-03-29): 10:00 CET → 11:00 CEST a week later', () => {
    const q = at('2026-03-25T10:00:00+01:00');
    const d = computeDeadline(q, 'high', policy);
    expect(d).toEqual(at('2026-04-01T11:00:00+02:00'));
    expect(d.getTime() - q.getTime()).toBe(168 * HOUR);
  });

  it('fall back (Europe/Paris, 2026-10-25): 10:00 CEST → 09:00 CET a week later', () => {
    const q = at('2026-10-21T10:00:00+02:00');
    const d = computeDeadline(q, 'high', policy);
    expect(d).toEqual(at('2026-10-28T09:00:00+01:00'));
    expect(d.getTime() - q.getTime()).toBe(168 * HOUR);
  });

  it('does not depend on the org zone', () => {
    const q = at('2026-03-25T10:00:00+01:00');
    expect(computeDeadline(q, 'high', buildPolicy({ zone: 'America/New_York' }))).toEqual(computeDeadline(q, 'high', policy));
  });

  it('ignores weekends and holidays', () => {
    const q = at('2026-12-23T15:00:00+01:00');
    expect(computeDeadline(q, 'high', buildPolicy({ holidays: new Set(['2026-12-24', '2026-12-25']) }))).toEqual(
      at('2026-12-30T15:00:00+01:00'),
    );
  });

  it('crosses a leap day: qualified 2028-02-26, due 2028-03-04', () => {
    expect(computeDeadline(at('2028-02-26T10:00:00Z'), 'high', policy)).toEqual(at('2028-03-04T10:00:00Z'));
  });
});

describe('Rule 3: business mode counts working days in the org zone', () => {
  it('knows which local dates are working days', () => {
    const policy = businessPolicy(1, ['2026-05-01']);
    expect(isWorkingDay(at('2026-04-30T23:30:00+02:00'), policy)).toBe(true);
    // 2026-04-30T22:30Z is already Friday 1 May, a holiday, in Paris.
    expect(isWorkingDay(at('2026-04-30T22:30:00Z'), policy)).toBe(false);
    expect(isWorkingDay(at('2026-01-10T12:00:00+01:00'), policy)).toBe(false);
  });

  it('same day of week and time after 5 working days (weekday start, one weekend)', () => {
    // Thursday 8 Jan 14:00 → Thursday 15 Jan 14:00.
    expect(computeDeadline(at('2026-01-08T14:00:00+01:00'), 'high', businessPolicy(5))).toEqual(at('2026-01-15T14:00:00+01:00'));
  });

  it('7 working days across a weekend', () => {
    // Thu 8 → Fri 9, Mon 12 … Fri 16 (6), Mon 19 (7).
    expect(computeDeadline(at('2026-01-08T14:00:00+01:00'), 'high', businessPolicy(7))).toEqual(at('2026-01-19T14:00:00+01:00'));
  });

  it('qualified on a Friday evening: counts from Monday, keeps the time of day', () => {
    expect(computeDeadline(at('2026-01-09T19:30:00+01:00'), 'high', businessPolicy(1))).toEqual(at('2026-01-12T19:30:00+01:00'));
    expect(computeDeadline(at('2026-01-09T19:30:00+01:00'), 'high', businessPolicy(7))).toEqual(at('2026-01-20T19:30:00+01:00'));
  });

  it('qualified on a Saturday: clock starts Monday 00:00, due at the end of the 5th working day', () => {
    // End of Friday 16 Jan = Saturday 17 Jan 00:00 Paris.
    expect(computeDeadline(at('2026-01-10T10:00:00+01:00'), 'high', businessPolicy(5))).toEqual(at('2026-01-17T00:00:00+01:00'));
    expect(computeDeadline(at('2026-01-11T23:59:00+01:00'), 'high', businessPolicy(1))).toEqual(at('2026-01-13T00:00:00+01:00'));
  });

  it('a clock starting exactly at 00:00 of a working day owns that whole day', () => {
    expect(computeDeadline(at('2026-01-12T00:00:00+01:00'), 'high', businessPolicy(5))).toEqual(at('2026-01-17T00:00:00+01:00'));
  });

  it('across a holiday (Friday 1 May 2026)', () => {
    expect(computeDeadline(at('2026-04-30T10:00:00+02:00'), 'high', businessPolicy(1, ['2026-05-01']))).toEqual(
      at('2026-05-04T10:00:00+02:00'),
    );
    // Without the holiday, Friday counts.
    expect(computeDeadline(at('2026-04-30T10:00:00+02:00'), 'high', businessPolicy(1))).toEqual(at('2026-05-01T10:00:00+02:00'));
  });

  it('qualified on a holiday (Tuesday 14 July): clock starts the next working morning', () => {
    expect(computeDeadline(at('2026-07-14T11:00:00+02:00'), 'high', businessPolicy(1, ['2026-07-14']))).toEqual(
      at('2026-07-16T00:00:00+02:00'),
    );
  });

  it('a holiday falling on a weekend changes nothing (no substitute day)', () => {
    // Saturday 15 August 2026.
    const q = at('2026-08-13T09:00:00+02:00');
    expect(computeDeadline(q, 'high', businessPolicy(2, ['2026-08-15']))).toEqual(computeDeadline(q, 'high', businessPolicy(2)));
    expect(computeDeadline(q, 'high', businessPolicy(2, ['2026-08-15']))).toEqual(at('2026-08-17T09:00:00+02:00'));
  });

  it('a run of holidays from Christmas to New Year', () => {
    const closure = ['2026-12-24', '2026-12-25', '2026-12-28', '2026-12-29', '2026-12-30', '2026-12-31', '2027-01-01'];
    // Wed 23 Dec 15:00; every day up to Sun 3 Jan is a holiday or weekend → Mon 4 (1), Tue 5 (2).
    expect(computeDeadline(at('2026-12-23T15:00:00+01:00'), 'high', businessPolicy(2, closure))).toEqual(
      at('2027-01-05T15:00:00+01:00'),
    );
    // Qualified inside the closure: counts from Monday 4 January 00:00.
    expect(computeDeadline(at('2026-12-29T10:00:00+01:00'), 'high', businessPolicy(2, closure))).toEqual(
      at('2027-01-06T00:00:00+01:00'),
    );
  });

  it('DST week, spring forward: keeps the local time, so the weekend loses an hour of elapsed time', () => {
    const q = at('2026-03-27T10:00:00+01:00');
    const d = computeDeadline(q, 'high', businessPolicy(1));
    expect(d).toEqual(at('2026-03-30T10:00:00+02:00'));
    expect(d.getTime() - q.getTime()).toBe(71 * HOUR);
    expect(computeDeadline(q, 'high', businessPolicy(5))).toEqual(at('2026-04-03T10:00:00+02:00'));
  });

  it('DST week, fall back: keeps the local time, so the weekend gains an hour', () => {
    const q = at('2026-10-23T10:00:00+02:00');
    const d = computeDeadline(q, 'high', businessPolicy(1));
    expect(d).toEqual(at('2026-10-26T10:00:00+01:00'));
    expect(d.getTime() - q.getTime()).toBe(73 * HOUR);
  });

  it('qualified on the DST Sunday itself: due at local midnight, which is correct on either side', () => {
    expect(computeDeadline(at('2026-03-29T12:00:00+02:00'), 'high', businessPolicy(1))).toEqual(at('2026-03-31T00:00:00+02:00'));
    expect(computeDeadline(at('2026-10-25T02:30:00+01:00'), 'high', businessPolicy(1))).toEqual(at('2026-10-27T00:00:00+01:00'));
  });

  it('crosses a leap day', () => {
    // Thursday 24 Feb 2028 09:00 + 3 working days: Fri 25, Mon 28, Tue 29.
    expect(computeDeadline(at('2028-02-24T09:00:00+01:00'), 'high', businessPolicy(3))).toEqual(at('2028-02-29T09:00:00+01:00'));
    // Qualified Saturday 26 Feb: Mon 28, Tue 29, Wed 1, Thu 2, Fri 3 → end of Friday 3 March.
    expect(computeDeadline(at('2028-02-26T10:00:00+01:00'), 'high', businessPolicy(5))).toEqual(at('2028-03-04T00:00:00+01:00'));
  });
});

describe('SLA clocks and Rule 4: reopening restarts the clock', () => {
  const policy = buildPolicy();

  it('the first clock has id 1 and starts at qualification', () => {
    const q = at('2026-01-05T09:00:00Z');
    expect(startClock(q, 'high', policy)).toEqual({ clockId: 1, startedAt: q, deadline: at('2026-01-12T09:00:00Z') });
  });

  it('a reopen gives a full new SLA from the reopen instant under the next clock id', () => {
    const first = startClock(at('2026-01-05T09:00:00Z'), 'high', policy);
    // Resolved on day 6, reopened on day 10: resuming would leave 1 day, already past.
    const reopened = clockOnReopen(first, at('2026-01-15T14:00:00Z'), 'high', policy);
    expect(reopened).toEqual({ clockId: 2, startedAt: at('2026-01-15T14:00:00Z'), deadline: at('2026-01-22T14:00:00Z') });
    const again = clockOnReopen(reopened, at('2026-01-16T08:00:00Z'), 'critical', buildPolicy({ bySeverity: { critical: 2 } }));
    expect(again.clockId).toBe(3);
    expect(again.deadline).toEqual(at('2026-01-18T08:00:00Z'));
  });

  it('a reopen on a weekend in business mode starts counting on Monday', () => {
    const bp = businessPolicy(2);
    const first = startClock(at('2026-01-05T09:00:00+01:00'), 'high', bp);
    const reopened = clockOnReopen(first, at('2026-01-10T10:00:00+01:00'), 'high', bp);
    expect(reopened.deadline).toEqual(at('2026-01-14T00:00:00+01:00'));
  });

  it('rejects a reopen that precedes the clock it replaces', () => {
    const first = startClock(at('2026-01-05T09:00:00Z'), 'high', policy);
    expect(() => clockOnReopen(first, at('2026-01-04T09:00:00Z'), 'high', policy)).toThrow(RangeError);
  });
});

describe('Rules 5 and 6: the escalation ladder', () => {
  const deadline = at('2026-01-12T09:00:00Z');
  const names = (levels: EscalationLevel[]): string[] => levels.map((l) => l.name);

  it('has the three default levels from the issue', () => {
    expect(DEFAULT_LADDER.map((l) => [l.level, l.name, l.offsetMinutes])).toEqual([
      [1, 'due_soon', -1440],
      [2, 'breached', 0],
      [3, 'still_breached', 2880],
    ]);
    expect(levelTriggerAt(deadline, DEFAULT_LADDER[2] ?? { level: 0, name: 'x', offsetMinutes: 0 })).toEqual(
      at('2026-01-14T09:00:00Z'),
    );
  });

  it('returns nothing before the first trigger', () => {
    expect(levelsDue(deadline, at('2026-01-11T08:59:59.999Z'), DEFAULT_LADDER)).toEqual([]);
  });

  it('triggers are inclusive: each level is due at its exact instant', () => {
    expect(names(levelsDue(deadline, at('2026-01-11T09:00:00Z'), DEFAULT_LADDER))).toEqual(['due_soon']);
    expect(names(levelsDue(deadline, at('2026-01-12T08:59:59.999Z'), DEFAULT_LADDER))).toEqual(['due_soon']);
    expect(names(levelsDue(deadline, deadline, DEFAULT_LADDER))).toEqual(['due_soon', 'breached']);
    expect(names(levelsDue(deadline, at('2026-01-14T08:59:59.999Z'), DEFAULT_LADDER))).toEqual(['due_soon', 'breached']);
    expect(names(levelsDue(deadline, at('2026-01-14T09:00:00Z'), DEFAULT_LADDER))).toEqual([
      'due_soon',
      'breached',
      'still_breached',
    ]);
  });

  it('orders by trigger instant whatever the configured order, ties by level', () => {
    const ladder: EscalationLevel[] = [
      { level: 3, name: 'still_breached', offsetMinutes: 2880 },
      { level: 5, name: 'cto', offsetMinutes: 0 },
      { level: 1, name: 'due_soon', offsetMinutes: -60 },
      { level: 2, name: 'breached', offsetMinutes: 0 },
    ];
    expect(levelsDue(deadline, at('2026-02-01T00:00:00Z'), ladder).map((l) => l.level)).toEqual([1, 2, 5, 3]);
    // The configured ladder is not mutated.
    expect(ladder.map((l) => l.level)).toEqual([3, 5, 1, 2]);
  });
});

describe('Rule 7: catch-up after downtime', () => {
  const deadline = at('2026-01-12T09:00:00Z');

  it('before the deadline a late warning is still sent', () => {
    expect(planNotices(deadline, at('2026-01-12T08:00:00Z'), DEFAULT_LADDER)).toEqual({
      send: [DEFAULT_LADDER[0]],
      superseded: [],
    });
  });

  it('after a long outage sends breached then still_breached, and supersedes the stale warning', () => {
    const plan = planNotices(deadline, at('2026-01-15T00:00:00Z'), DEFAULT_LADDER);
    expect(plan.send.map((l) => l.name)).toEqual(['breached', 'still_breached']);
    expect(plan.superseded.map((l) => l.name)).toEqual(['due_soon']);
  });

  it('skips levels already claimed, so a repeated run plans nothing', () => {
    const now = at('2026-01-15T00:00:00Z');
    expect(planNotices(deadline, now, DEFAULT_LADDER, new Set([1, 2]))).toEqual({
      send: [DEFAULT_LADDER[2]],
      superseded: [],
    });
    expect(planNotices(deadline, now, DEFAULT_LADDER, new Set([1, 2, 3]))).toEqual({ send: [], superseded: [] });
  });

  it('a ladder with no pre-deadline level sends everything due', () => {
    const ladder: EscalationLevel[] = [
      { level: 1, name: 'breached', offsetMinutes: 0 },
      { level: 2, name: 'still_breached', offsetMinutes: 60 },
    ];
    expect(planNotices(deadline, at('2026-01-13T00:00:00Z'), ladder).send.map((l) => l.level)).toEqual([1, 2]);
  });
});

describe('Rules 8 and 9: risk and within-SLA', () => {
  const deadline = at('2026-01-12T09:00:00Z');

  it('classifies open bugs by time left, inclusive at both boundaries', () => {
    expect(bugRisk(deadline, at('2026-01-10T08:59:59.999Z'), null)).toBe('ok');
    expect(bugRisk(deadline, at('2026-01-10T09:00:00Z'), null)).toBe('due_soon');
    expect(bugRisk(deadline, at('2026-01-12T08:59:59.999Z'), null)).toBe('due_soon');
    expect(bugRisk(deadline, deadline, null)).toBe('breached');
    expect(bugRisk(deadline, at('2026-02-01T00:00:00Z'), null)).toBe('breached');
  });

  it('takes a configurable due-soon window', () => {
    expect(bugRisk(deadline, at('2026-01-11T09:00:00Z'), null, 24)).toBe('due_soon');
    expect(bugRisk(deadline, at('2026-01-11T08:59:00Z'), null, 24)).toBe('ok');
  });

  it('a resolved bug is resolved, even past its deadline; a future resolution has not happened yet', () => {
    expect(bugRisk(deadline, at('2026-02-01T00:00:00Z'), at('2026-01-13T00:00:00Z'))).toBe('resolved');
    expect(bugRisk(deadline, at('2026-01-11T00:00:00Z'), at('2026-01-11T00:00:00Z'))).toBe('resolved');
    expect(bugRisk(deadline, at('2026-01-11T00:00:00Z'), at('2026-01-11T00:00:00.001Z'))).toBe('due_soon');
  });

  it('a fix exactly at the deadline is within SLA', () => {
    expect(resolvedWithinSla(deadline, deadline)).toBe(true);
    expect(resolvedWithinSla(deadline, at('2026-01-12T09:00:00.001Z'))).toBe(false);
  });
});
