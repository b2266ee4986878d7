import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cycleLength, normalisePools, pairsForRound } from '../../src/pairing/rotation.js';

const people = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `U${prefix}${String(i).padStart(6, '0')}`);
const key = (p: { pm: string; csm: string }) => `${p.pm}+${p.csm}`;

describe('pairing rotation', () => {
  it('pairs every PM each round, rotating through the CSMs (3 PMs, 3 CSMs)', () => {
    const pms = ['UPM0000003', 'UPM0000001', 'UPM0000002'];
    const csms = ['UCS0000001', 'UCS0000002', 'UCS0000003'];
    expect(pairsForRound(pms, csms, 0)).toEqual([
      { pm: 'UPM0000001', csm: 'UCS0000001' },
      { pm: 'UPM0000002', csm: 'UCS0000002' },
      { pm: 'UPM0000003', csm: 'UCS0000003' },
    ]);
    expect(pairsForRound(pms, csms, 1).map((p) => p.csm)).toEqual(['UCS0000002', 'UCS0000003', 'UCS0000001']);
    // The cycle restarts after everyone has met: round 3 is round 0 again.
    expect(pairsForRound(pms, csms, 3)).toEqual(pairsForRound(pms, csms, 0));
  });

  it('unequal pools: more PMs than CSMs shares CSMs evenly; more CSMs than PMs leaves CSMs idle in turn', () => {
    const five = people('PM', 5);
    const two = people('CS', 2);
    const r0 = pairsForRound(five, two, 0);
    expect(r0).toHaveLength(5);
    const load = (pairs: { csm: string }[]) => [...pairs.reduce((m, p) => m.set(p.csm, (m.get(p.csm) ?? 0) + 1), new Map<string, number>()).values()].sort();
    expect(load(r0)).toEqual([2, 3]);
    const two2 = people('PM', 2);
    const five2 = people('CS', 5);
    const rounds = [0, 1, 2, 3, 4].map((r) => pairsForRound(two2, five2, r));
    expect(rounds.every((r) => r.length === 2 && new Set(r.map((p) => p.csm)).size === 2)).toBe(true);
    expect(new Set(rounds.flat().map(key)).size).toBe(10);
  });

  it('empty pools give no pairs; duplicates and people in both pools are handled', () => {
    expect(pairsForRound([], people('CS', 3), 0)).toEqual([]);
    expect(pairsForRound(people('PM', 3), [], 4)).toEqual([]);
    expect(normalisePools(['UB0000001', 'UA0000001', 'UA0000001'], ['UA0000001', 'UC0000001'])).toEqual({ pms: ['UA0000001', 'UB0000001'], csms: ['UC0000001'] });
    expect(cycleLength([], ['UC0000001'])).toBe(0);
  });

  it('property: within a cycle no pair repeats, and after it every PM has met every CSM, whatever the pool sizes', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 0, max: 50 }), (m, n, start) => {
        const pms = people('PM', m);
        const csms = people('CS', n);
        const cycle = cycleLength(pms, csms);
        expect(cycle).toBe(n);
        const seen = new Set<string>();
        for (let r = start; r < start + cycle; r++) {
          const pairs = pairsForRound(pms, csms, r);
          expect(pairs).toHaveLength(m);
          const perCsm = new Map<string, number>();
          for (const p of pairs) {
            expect(seen.has(key(p))).toBe(false);
            seen.add(key(p));
            perCsm.set(p.csm, (perCsm.get(p.csm) ?? 0) + 1);
          }
          // Rule 3: the load differs by at most one between CSMs.
          const loads = [...perCsm.values()];
          expect(Math.max(...loads) - Math.min(...loads)).toBeLessThanOrEqual(1);
          expect(Math.max(...loads)).toBe(Math.ceil(m / n));
        }
        expect(seen.size).toBe(m * n);
      }),
    );
  });

  it('is deterministic and ignores the config order', () => {
    const pms = people('PM', 7);
    const csms = people('CS', 4);
    expect(pairsForRound([...pms].reverse(), [...csms].reverse(), 9)).toEqual(pairsForRound(pms, csms, 9));
  });
});
