import { describe, expect, it } from 'vitest';
import { historyOf, insightStatusByAge, pathTo } from '../../bench/data/history.js';
import { createRng } from '../../bench/data/prng.js';
import { OPPORTUNITY_STATUSES } from '../../bench/data/vocabulary.js';
import { checkTransition } from '../../src/opportunities/lifecycle.js';

const DAY = 86_400_000;
const ANCHOR = Date.parse('2026-11-16T08:00:00.000Z');
// The owner is also an approver here, so every legal edge is allowed to the same person.
const org = { admins: [], approvers: ['U1'] };

describe('generated opportunity history', () => {
  it('walks only legal lifecycle edges to each status, from a creation as pitched or draft', () => {
    for (const status of OPPORTUNITY_STATUSES) {
      for (const draftFirst of [false, true]) {
        const path = pathTo(status, draftFirst);
        expect(path.at(-1)).toBe(status);
        expect(path[0]).toBe(draftFirst || status === 'draft' ? 'draft' : 'pitched');
        for (let i = 1; i < path.length; i++) {
          const check = checkTransition(org, { from: path[i - 1] as never, to: path[i] as never, userId: 'U1', ownerId: 'U1', note: 'feedback' });
          expect(check.ok, `${path[i - 1]} → ${path[i]}`).toBe(true);
        }
      }
    }
  });

  it('has one creation row, then moves strictly later in time, all before the anchor', () => {
    const rng = createRng('history-test');
    for (const created of [ANCHOR - 700 * DAY, ANCHOR - 30 * DAY, ANCHOR - DAY, ANCHOR - 60_000]) {
      const steps = historyOf('shipped', created, ANCHOR, rng, true);
      expect(steps.map((s) => s.to)).toEqual(['draft', 'pitched', 'on_agenda', 'go', 'in_roadmap', 'shipped']);
      expect(steps[0]).toEqual({ from: null, to: 'draft', at: created });
      for (let i = 1; i < steps.length; i++) {
        expect(steps[i]?.from).toBe(steps[i - 1]?.to);
        expect(steps[i]?.at).toBeGreaterThan(steps[i - 1]?.at ?? Infinity);
      }
      expect(steps.at(-1)?.at).toBeLessThan(ANCHOR);
    }
  });

  it('keeps realistic gaps (1 to 22 days) when there is room, and refuses a creation at or after the anchor', () => {
    const steps = historyOf('go', ANCHOR - 500 * DAY, ANCHOR, createRng(1));
    for (let i = 1; i < steps.length; i++) {
      const gap = (steps[i]?.at ?? 0) - (steps[i - 1]?.at ?? 0);
      expect(gap).toBeGreaterThanOrEqual(DAY);
      expect(gap).toBeLessThan(22 * DAY);
    }
    expect(() => historyOf('go', ANCHOR, ANCHOR, createRng(1))).toThrow(/before the anchor/);
  });

  it('is deterministic for a seed', () => {
    expect(historyOf('rework', ANCHOR - 90 * DAY, ANCHOR, createRng(7))).toEqual(historyOf('rework', ANCHOR - 90 * DAY, ANCHOR, createRng(7)));
  });
});

describe('insight triage status by age', () => {
  const share = (ageMs: number) => {
    const rng = createRng(`age-${ageMs}`);
    let n = 0;
    for (let i = 0; i < 20_000; i++) if (insightStatusByAge(ageMs, rng) === 'new') n++;
    return n / 20_000;
  };

  it('leaves most of the last week untriaged, few of last month, almost none older', () => {
    expect(share(DAY)).toBeCloseTo(0.6, 1);
    expect(share(20 * DAY)).toBeCloseTo(0.15, 1);
    expect(share(200 * DAY)).toBeLessThan(0.02);
  });

  it('archives a small share of what is triaged, never what is new', () => {
    const rng = createRng('archive');
    const seen = new Set<string>();
    for (let i = 0; i < 5_000; i++) seen.add(insightStatusByAge(200 * DAY, rng));
    expect([...seen].sort()).toEqual(['archived', 'new', 'triaged']);
  });
});
