import { describe, expect, it } from 'vitest';
import { median, percentile, summarize } from '../../bench/lib/stats.js';

describe('percentile (nearest rank)', () => {
  const oneToHundred = Array.from({ length: 100 }, (_, i) => i + 1);

  it('on 1..100 the p-th percentile is p', () => {
    expect(percentile(oneToHundred, 50)).toBe(50);
    expect(percentile(oneToHundred, 99)).toBe(99);
    expect(percentile(oneToHundred, 100)).toBe(100);
    expect(percentile(oneToHundred, 1)).toBe(1);
  });

  it('p0 is the minimum; a value is always one that was measured', () => {
    expect(percentile([7, 3, 9], 0)).toBe(3);
    expect(percentile([1, 2, 3, 4], 50)).toBe(2);
    expect(percentile([1, 2, 3, 4], 51)).toBe(3);
  });

  it('p99 of ten samples is the largest (ceil(9.9) = 10th)', () => {
    expect(percentile([5, 1, 4, 2, 3, 10, 9, 8, 7, 6], 99)).toBe(10);
  });

  it('does not care about input order and does not sort the caller’s array', () => {
    const input = [30, 10, 20];
    expect(percentile(input, 50)).toBe(20);
    expect(input).toEqual([30, 10, 20]);
  });

  it('a single sample is every percentile', () => {
    expect(percentile([4.2], 0)).toBe(4.2);
    expect(percentile([4.2], 99)).toBe(4.2);
  });

  it('refuses no samples and percentiles outside 0..100', () => {
    expect(() => percentile([], 50)).toThrow('no samples');
    expect(() => percentile([1], 101)).toThrow('0..100');
    expect(() => percentile([1], -1)).toThrow('0..100');
    expect(() => percentile([1], Number.NaN)).toThrow('0..100');
  });
});

describe('summarize and median', () => {
  it('summarizes known data', () => {
    const s = summarize([4, 1, 3, 2, 100]);
    expect(s).toEqual({ n: 5, min: 1, mean: 22, p50: 3, p90: 100, p99: 100, max: 100 });
  });

  it('on a huge sample p99 separates the slow tail', () => {
    const samples = Array.from({ length: 100_000 }, (_, i) => (i < 99_000 ? 1 : 50));
    const s = summarize(samples);
    expect(s.p50).toBe(1);
    expect(s.p99).toBe(1);
    expect(s.max).toBe(50);
    expect(summarize([...samples, 50]).p99).toBe(50);
  });

  it('median of an even count is the mean of the middle two', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(() => median([])).toThrow('no samples');
    expect(() => summarize([])).toThrow('no samples');
  });
});
