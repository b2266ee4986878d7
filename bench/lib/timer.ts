import { performance } from 'node:perf_hooks';
import { summarize, type Summary } from './stats.js';

export interface MeasureOptions {
  /** Calls made first and thrown away: JIT, SQLite page cache and statement caches warm up. */
  warmup: number;
  /** Calls that are timed. */
  iterations: number;
}

/** Times `fn` once per iteration, after the warm-up; returns each duration in ms. */
export function measureSync(fn: (i: number) => unknown, opts: MeasureOptions): number[] {
  for (let i = 0; i < opts.warmup; i += 1) fn(i);
  const samples = new Array<number>(opts.iterations);
  for (let i = 0; i < opts.iterations; i += 1) {
    const start = performance.now();
    fn(i);
    samples[i] = performance.now() - start;
  }
  return samples;
}

export async function measureAsync(fn: (i: number) => Promise<unknown>, opts: MeasureOptions): Promise<number[]> {
  for (let i = 0; i < opts.warmup; i += 1) await fn(i);
  const samples = new Array<number>(opts.iterations);
  for (let i = 0; i < opts.iterations; i += 1) {
    const start = performance.now();
    await fn(i);
    samples[i] = performance.now() - start;
  }
  return samples;
}

/** Times one query function N times: the raw-SQL baseline every data suite reports against. */
export function timeQuery(query: (i: number) => unknown, opts: MeasureOptions): Summary {
  return summarize(measureSync(query, opts));
}

export interface Comparison {
  feature: Summary;
  baseline: Summary;
  /** feature ÷ baseline, for p50 and p99. */
  ratioP50: number;
  ratioP99: number;
}

/**
 * "Feature path vs hand-written SQL": both are warmed up, then timed alternately
 * call by call (baseline first on even iterations, feature first on odd ones), so that a slow patch of the machine (another process, a GC, the
 * CPU clock) hits both sides alike instead of whichever ran second.
 * Both functions receive the same iteration index, so they can look up the same key.
 */
export function compareWithBaseline(
  feature: (i: number) => unknown,
  baseline: (i: number) => unknown,
  opts: MeasureOptions,
): Comparison {
  for (let i = 0; i < opts.warmup; i += 1) {
    feature(i);
    baseline(i);
  }
  const f = new Array<number>(opts.iterations);
  const b = new Array<number>(opts.iterations);
  for (let i = 0; i < opts.iterations; i += 1) {
    // Whoever runs second finds the same key's pages hot in the CPU cache: alternate who goes first.
    if (i % 2 === 0) {
      b[i] = timed(baseline, i);
      f[i] = timed(feature, i);
    } else {
      f[i] = timed(feature, i);
      b[i] = timed(baseline, i);
    }
  }
  const fs = summarize(f);
  const bs = summarize(b);
  return { feature: fs, baseline: bs, ratioP50: ratio(fs.p50, bs.p50), ratioP99: ratio(fs.p99, bs.p99) };
}

function timed(fn: (i: number) => unknown, i: number): number {
  const start = performance.now();
  fn(i);
  return performance.now() - start;
}

/** value ÷ baseline; NaN when the baseline is zero or not finite (rendered as "n/a"). */
export function ratio(value: number, baseline: number): number {
  if (!Number.isFinite(value) || !Number.isFinite(baseline) || baseline === 0) return Number.NaN;
  return value / baseline;
}

/** Wall-clock duration of one synchronous call, in ms. */
export function timeOnce<T>(fn: () => T): { result: T; ms: number } {
  const start = performance.now();
  const result = fn();
  return { result, ms: performance.now() - start };
}
