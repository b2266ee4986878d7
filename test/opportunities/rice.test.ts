import { describe, expect, it } from 'vitest';
import { compareRanked, formatScore, riceScore, type Impact, type Confidence } from '../../src/opportunities/rice.js';

describe('riceScore', () => {
  it('is reach × impact × confidence ÷ effort', () => {
    expect(riceScore({ reach: 1200, impact: 2, confidence: 80, effort: 1.5 })).toBe(1280);
    expect(riceScore({ reach: 500, impact: 0.25, confidence: 50, effort: 0.5 })).toBe(125);
    expect(riceScore({ reach: 0, impact: 3, confidence: 100, effort: 10 })).toBe(0);
  });

  it('rounds to 2 decimals so equal scores are equal (ties decided by the tie-break, not float noise)', () => {
    expect(riceScore({ reach: 100, impact: 1, confidence: 80, effort: 2 })).toBe(riceScore({ reach: 80, impact: 1, confidence: 100, effort: 2 }));
    expect(riceScore({ reach: 10, impact: 1, confidence: 80, effort: 3 })).toBe(2.67);
    // 0.1 + 0.2 style noise: 7 × 0.25 × 0.8 ÷ 0.7 = 2 exactly once rounded.
    expect(riceScore({ reach: 7, impact: 0.25, confidence: 80, effort: 0.7 })).toBe(2);
  });

  it('handles huge reach without losing the order of magnitude', () => {
    expect(riceScore({ reach: 10_000_000_000, impact: 3, confidence: 100, effort: 0.5 })).toBe(60_000_000_000);
  });

  it('refuses inputs outside the scales (the parser refuses them first)', () => {
    expect(() => riceScore({ reach: -1, impact: 1, confidence: 100, effort: 1 })).toThrow(RangeError);
    expect(() => riceScore({ reach: 1.5, impact: 1, confidence: 100, effort: 1 })).toThrow(RangeError);
    expect(() => riceScore({ reach: 1, impact: 5 as Impact, confidence: 100, effort: 1 })).toThrow(RangeError);
    expect(() => riceScore({ reach: 1, impact: 1, confidence: 90 as Confidence, effort: 1 })).toThrow(RangeError);
    expect(() => riceScore({ reach: 1, impact: 1, confidence: 100, effort: 0 })).toThrow(RangeError);
    expect(() => riceScore({ reach: 1, impact: 1, confidence: 100, effort: 0.49 })).toThrow(RangeError);
    expect(() => riceScore({ reach: 1, impact: 1, confidence: 100, effort: Number.NaN })).toThrow(RangeError);
  });
});

describe('formatScore', () => {
  it('shows whole numbers from 100, one decimal from 10, two below, in the reader’s language', () => {
    expect(formatScore(1280, 'en')).toBe('1,280');
    expect(formatScore(1234.56, 'en')).toBe('1,235');
    expect(formatScore(12.34, 'en')).toBe('12.3');
    expect(formatScore(2.67, 'en')).toBe('2.67');
    expect(formatScore(0, 'en')).toBe('0');
    expect(formatScore(12.34, 'fr')).toBe('12,3');
    expect(formatScore(1280, 'fr').replace(/\s/g, ' ')).toBe('1 280');
  });
});

describe('compareRanked', () => {
  it('orders by score, then the older pitch first, whatever the input order', () => {
    const items = [
      { id: 4, score: 40 },
      { id: 1, score: 50 },
      { id: 3, score: 40 },
      { id: 2, score: 800 },
    ];
    expect([...items].sort(compareRanked).map((x) => x.id)).toEqual([2, 1, 3, 4]);
    expect([...items].reverse().sort(compareRanked).map((x) => x.id)).toEqual([2, 1, 3, 4]);
  });
});
