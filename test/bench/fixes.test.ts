import { describe, expect, it } from 'vitest';
import { fixFigures, medianOf } from '../../bench/lib/fixes.js';
import { buildDigestModel } from '../../src/digests/model.js';
import type { InsightAggregates, OpportunityAggregates } from '../../src/digests/queries.js';

const noInsights: InsightAggregates = { count: 0, previousCount: 0, bySource: [], topTags: [], weightiest: [], untriagedByTribe: [], oldestUntriaged: undefined };
const noOpportunities: OpportunityAggregates = { newPitches: 0, newPitchList: [], top: [], decisions: [], decisionCount: 0, withoutEvidence: 0, insightToShipDays: [] };
const NOW = new Date('2026-11-16T08:00:00.000Z');

describe('medianOf', () => {
  it('is null for nothing, the middle value for an odd count, the mean of the two middle ones for an even count', () => {
    expect(medianOf(new Float64Array())).toBeNull();
    expect(medianOf(Float64Array.from([5]))).toBe(5);
    expect(medianOf(Float64Array.from([9, 1, 5]))).toBe(5);
    expect(medianOf(Float64Array.from([4, 1, 3, 2]))).toBe(2.5);
  });
});

describe('the baseline bug-fix figures', () => {
  it('give the digest model’s share and medians, per team and overall (ties, a fix right at the deadline, a clock started after the fix)', () => {
    const rows: [string, string, string, string][] = [
      // [team, deadline, resolved_at, clock_started_at]
      ['checkout', '2026-11-10T10:00:00.000Z', '2026-11-10T10:00:00.000Z', '2026-11-03T10:00:00.000Z'], // at the deadline: within
      ['checkout', '2026-11-10T10:00:00.000Z', '2026-11-10T10:00:00.001Z', '2026-11-03T10:00:00.000Z'], // 1 ms late
      ['checkout', '2026-11-12T00:00:00.000Z', '2026-11-06T00:00:00.000Z', '2026-11-05T00:00:00.000Z'],
      ['', '2026-11-20T00:00:00.000Z', '2026-11-14T12:30:00.000Z', '2026-11-13T00:00:00.000Z'],
      ['', '2026-11-20T00:00:00.000Z', '2026-11-14T12:30:00.000Z', '2026-11-15T00:00:00.000Z'], // clock after the fix: 0 hours
    ];
    const mine = fixFigures(rows);
    const model = buildDigestModel(
      noInsights,
      {
        open: [],
        worstBreached: [],
        resolved: rows.map(([team, deadline, resolved_at, clock_started_at]) => ({ team: team === '' ? null : team, qualified_at: clock_started_at, clock_started_at, deadline, resolved_at })),
      },
      noOpportunities,
      NOW,
    );
    expect(mine.overall).toEqual({ share: model.bugs.overall.fixedWithinSlaShare, medianHours: model.bugs.overall.medianHoursToFix });
    expect(mine.byTeam.size).toBe(model.bugs.byTeam.length);
    for (const line of model.bugs.byTeam) {
      expect(mine.byTeam.get(line.team), line.team).toEqual({ share: line.fixedWithinSlaShare, medianHours: line.medianHoursToFix });
    }
    expect(mine.byTeam.get('checkout')?.share).toBeCloseTo(2 / 3);
  });

  it('has no figures without fixes', () => {
    expect(fixFigures([])).toEqual({ overall: { share: null, medianHours: null }, byTeam: new Map() });
  });
});
