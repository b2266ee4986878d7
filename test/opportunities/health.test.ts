import { describe, expect, it } from 'vitest';
import { summariseHealth, type HealthCount } from '../../src/opportunities/health.js';

const row = (over: Partial<HealthCount>): HealthCount => ({ status: 'pitched', commitment: 'leads', topDown: false, hasEvidence: true, count: 1, ...over });

describe('summariseHealth', () => {
  it('an empty backlog: zero everywhere, not over the goal', () => {
    const h = summariseHealth([], ['leads', 'conversion'], 0.2);
    expect(h).toMatchObject({ total: 0, open: 0, topDown: 0, topDownShare: 0, topDownOverGoal: false, noEvidence: 0 });
    expect(h.byCommitment).toEqual([
      { commitment: 'leads', count: 0 },
      { commitment: 'conversion', count: 0 },
    ]);
    expect(Object.values(h.byStatus).every((n) => n === 0)).toBe(true);
  });

  it('measures the top-down share on the open backlog only (drafts, no-go and shipped excluded)', () => {
    const h = summariseHealth(
      [
        row({ count: 8 }),
        row({ topDown: true, count: 1, status: 'go' }),
        row({ topDown: true, count: 5, status: 'draft' }),
        row({ topDown: true, count: 5, status: 'shipped' }),
        row({ topDown: true, count: 5, status: 'no_go' }),
      ],
      ['leads'],
      0.2,
    );
    expect(h).toMatchObject({ total: 24, open: 9, topDown: 1, topDownOverGoal: false });
    expect(h.topDownShare).toBeCloseTo(1 / 9);
    expect(h.byStatus).toMatchObject({ pitched: 8, go: 1, draft: 5, shipped: 5, no_go: 5, rework: 0 });
  });

  it('a share equal to the goal is over it ("under 20 %")', () => {
    const h = summariseHealth([row({ count: 4 }), row({ topDown: true, count: 1 })], ['leads'], 0.2);
    expect(h.topDownShare).toBe(0.2);
    expect(h.topDownOverGoal).toBe(true);
  });

  it('counts open opportunities without evidence and by commitment, keeping a commitment no longer in the config', () => {
    const h = summariseHealth(
      [row({ hasEvidence: false, count: 3 }), row({ commitment: 'old-okr', count: 2, hasEvidence: false, status: 'rework' }), row({ hasEvidence: false, status: 'draft', count: 7 })],
      ['conversion', 'leads'],
      0.2,
    );
    expect(h.noEvidence).toBe(5);
    expect(h.byCommitment).toEqual([
      { commitment: 'conversion', count: 0 },
      { commitment: 'leads', count: 3 },
      { commitment: 'old-okr', count: 2 },
    ]);
  });

  it('handles huge counts', () => {
    const h = summariseHealth([row({ count: 1_000_000 }), row({ topDown: true, count: 250_000 })], ['leads'], 0.2);
    expect(h.topDownShare).toBe(0.2);
    expect(h.open).toBe(1_250_000);
  });
});
