import { describe, expect, it } from 'vitest';
import { positionAt } from '../../src/roadmap/cycles.js';
import { balanceOf, buildRoadmapModel, horizonOf } from '../../src/roadmap/model.js';
import { parseNumber } from '../../src/roadmap/service.js';
import type { RoadmapItem } from '../../src/roadmap/store.js';
import { exampleOrgConfig } from '../helpers/org.js';

const org = exampleOrgConfig();
const NOW = new Date('2026-11-23T10:00:00Z'); // cycle 8
const pos = positionAt(org.roadmap, org.organisation.timezone, NOW);
function item(over: Partial<RoadmapItem> = {}): RoadmapItem {
  return { id: 1, title: 't', status: 'in_roadmap', statusAt: NOW.toISOString(), ownerId: 'U1', tribe: 'payments', commitment: 'retention', topDown: false, score: 1, evidenceCount: 0, cycle: 8, kind: 'product', ...over };
}

describe('horizonOf', () => {
  it('now for the current cycle and late ones, next within 6 months, later beyond or unplanned, shipped apart', () => {
    expect(horizonOf(item({ cycle: 8 }), pos, org, NOW)).toBe('now');
    expect(horizonOf(item({ cycle: 5 }), pos, org, NOW)).toBe('now');
    expect(horizonOf(item({ cycle: 9 }), pos, org, NOW)).toBe('next');
    expect(horizonOf(item({ cycle: 12 }), pos, org, NOW)).toBe('next'); // starts 10 May 2027, within 26 weeks
    expect(horizonOf(item({ cycle: 13 }), pos, org, NOW)).toBe('later'); // starts 5 July 2027
    expect(horizonOf(item({ cycle: null }), pos, org, NOW)).toBe('later');
    expect(horizonOf(item({ status: 'shipped', cycle: 8 }), pos, org, NOW)).toBe('shipped');
  });

  it('during the buffer, the next semester’s first cycle is next, not now', () => {
    const at = new Date('2026-12-28T10:00:00Z');
    const buffer = positionAt(org.roadmap, org.organisation.timezone, at);
    expect(horizonOf(item({ cycle: 9 }), buffer, org, at)).toBe('next');
    expect(horizonOf(item({ cycle: 8 }), buffer, org, at)).toBe('now');
  });
});

describe('balanceOf', () => {
  it('is empty with nothing planned; counts go and in-roadmap only; flags the band and the top-down goal', () => {
    expect(balanceOf('payments', [], org)).toMatchObject({ total: 0, techBand: 'empty', techShare: null, topDownOver: false });
    const items = [item({ kind: 'tech' }), item({ topDown: true }), item({}), item({}), item({ status: 'shipped', kind: 'tech' })];
    expect(balanceOf('payments', items, org)).toMatchObject({ total: 4, tech: 1, techShare: 0.25, techBand: 'within', topDown: 1, topDownShare: 0.25, topDownOver: true });
    expect(balanceOf(null, [item({ kind: 'tech' }), item({ kind: 'tech' })], org).techBand).toBe('above');
    expect(balanceOf(null, [item({ kind: 'maintenance' })], org).techBand).toBe('below');
  });
});

describe('buildRoadmapModel', () => {
  it('groups by commitment in config order, keeps unknown commitments apart, and copes with thousands of items', () => {
    const many = Array.from({ length: 5000 }, (_, i) => item({ id: i + 1, cycle: (i % 6) + 7, commitment: i % 10 === 0 ? 'gone' : 'retention' }));
    const model = buildRoadmapModel(org, { items: many, position: pos, now: NOW, filters: {}, indicators: () => [] });
    expect(model.commitments.map((c) => c.key)).toEqual(['leads', 'conversion', 'retention']);
    const retention = model.commitments[2];
    expect((retention?.horizons.now.length ?? 0) + (retention?.horizons.next.length ?? 0) + (retention?.horizons.later.length ?? 0)).toBe(4500);
    expect(model.unaligned.now.length + model.unaligned.next.length + model.unaligned.later.length).toBe(500);
    const next = retention?.horizons.next.map((i) => i.cycle) ?? [];
    expect([...next].sort((a, b) => (a ?? 0) - (b ?? 0))).toEqual(next);
  });
});

describe('parseNumber', () => {
  it('reads numbers as people type them, and nothing else', () => {
    expect([parseNumber('42'), parseNumber('-3.5'), parseNumber('3,5'), parseNumber('12%'), parseNumber('+7')]).toEqual([42, -3.5, 3.5, 12, 7]);
    expect([parseNumber('lots'), parseNumber(''), parseNumber('1e9'), parseNumber('NaN'), parseNumber('1.2.3'), parseNumber('Infinity')]).toEqual([undefined, undefined, undefined, undefined, undefined, undefined]);
  });
});
