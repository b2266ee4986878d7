import { describe, expect, it } from 'vitest';
import { compareWithBaseline, measureAsync, measureSync, ratio, timeQuery } from '../../bench/lib/timer.js';

// These check what the helpers call and return, never how fast anything is.
describe('timing helpers', () => {
  it('measureSync runs the warm-up untimed, then one sample per iteration', () => {
    const seen: number[] = [];
    const samples = measureSync((i) => seen.push(i), { warmup: 3, iterations: 5 });
    expect(samples).toHaveLength(5);
    expect(samples.every((s) => s >= 0)).toBe(true);
    expect(seen).toEqual([0, 1, 2, 0, 1, 2, 3, 4]);
  });

  it('measureAsync awaits each call', async () => {
    let running = 0;
    let maxRunning = 0;
    const samples = await measureAsync(
      async () => {
        running += 1;
        maxRunning = Math.max(maxRunning, running);
        await Promise.resolve();
        running -= 1;
      },
      { warmup: 2, iterations: 4 },
    );
    expect(samples).toHaveLength(4);
    expect(maxRunning).toBe(1);
  });

  it('timeQuery returns a summary of N runs', () => {
    let calls = 0;
    const s = timeQuery(() => (calls += 1), { warmup: 10, iterations: 100 });
    expect(s.n).toBe(100);
    expect(calls).toBe(110);
    expect(s.p50).toBeLessThanOrEqual(s.p99);
  });

  it('compareWithBaseline gives both sides the same indices, interleaved, and ratios of their percentiles', () => {
    const order: string[] = [];
    const cmp = compareWithBaseline(
      (i) => order.push(`f${i}`),
      (i) => order.push(`b${i}`),
      { warmup: 1, iterations: 3 },
    );
    // Warm-up, then who goes first alternates (the second one finds the key's pages hot).
    expect(order).toEqual(['f0', 'b0', 'b0', 'f0', 'f1', 'b1', 'b2', 'f2']);
    expect(cmp.feature.n).toBe(3);
    expect(cmp.baseline.n).toBe(3);
    expect(cmp.ratioP99).toBe(ratio(cmp.feature.p99, cmp.baseline.p99));
  });

  it('ratio is NaN for a zero or non-finite baseline', () => {
    expect(ratio(3, 2)).toBe(1.5);
    expect(ratio(1, 0)).toBeNaN();
    expect(ratio(Number.POSITIVE_INFINITY, 1)).toBeNaN();
  });
});
