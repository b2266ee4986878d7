/**
 * A small, fast, seeded pseudo-random generator for benchmark data: sfc32
 * (Chris Doty-Humphrey's Small Fast Counter, 128-bit state, period ≥ 2^32,
 * passes PractRand), seeded through splitmix32 so that nearby seeds give
 * unrelated streams. Not for anything secret: for data that must be the same
 * on every run and every machine.
 */

export interface Rng {
  /** A float in [0, 1). */
  next(): number;
  /** An unsigned 32-bit integer. */
  uint32(): number;
  /** An integer in [min, max], both included. */
  int(min: number, max: number): number;
  /** True with probability p. */
  chance(p: number): boolean;
  /** One element of a non-empty array, uniformly. */
  pick<T>(items: readonly T[]): T;
  /** k distinct elements (k ≤ items.length), in random order. */
  sample<T>(items: readonly T[], k: number): T[];
  /** An independent stream derived from this generator's seed and a label. */
  fork(label: string): Rng;
}

/** FNV-1a over the string, then splitmix32: a 32-bit seed from any string or number. */
export function seedOf(seed: number | string): number {
  const text = typeof seed === 'number' ? `n:${seed}` : `s:${seed}`;
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

function splitmix32(state: number): () => number {
  let s = state >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
}

/** sfc32 exactly as published (PractRand's reference, as in the common JS port): 32-bit outputs. */
export function sfc32(a0: number, b0: number, c0: number, d0: number): () => number {
  let a = a0 | 0;
  let b = b0 | 0;
  let c = c0 | 0;
  let d = d0 | 0;
  return () => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return t >>> 0;
  };
}

export function createRng(seed: number | string): Rng {
  const rootSeed = seedOf(seed);
  const init = splitmix32(rootSeed);
  const uint32 = sfc32(init(), init(), init(), init());
  // The first outputs of a freshly seeded sfc32 are the weakest: skip them, as its author advises.
  for (let i = 0; i < 12; i += 1) uint32();

  const next = (): number => uint32() / 4294967296;

  const rng: Rng = {
    next,
    uint32,
    int(min, max) {
      if (!Number.isInteger(min) || !Number.isInteger(max) || max < min) throw new Error(`int(${min}, ${max}): need integers with min ≤ max`);
      return min + Math.floor(next() * (max - min + 1));
    },
    chance(p) {
      return next() < p;
    },
    pick(items) {
      if (items.length === 0) throw new Error('pick from an empty list');
      return items[Math.floor(next() * items.length)] as (typeof items)[number];
    },
    sample(items, k) {
      if (k > items.length) throw new Error(`sample ${k} of ${items.length}`);
      // Partial Fisher-Yates on a copy: O(n) copy, O(k) swaps.
      const copy = [...items];
      for (let i = 0; i < k; i += 1) {
        const j = i + Math.floor(next() * (copy.length - i));
        const tmp = copy[i] as (typeof copy)[number];
        copy[i] = copy[j] as (typeof copy)[number];
        copy[j] = tmp;
      }
      return copy.slice(0, k);
    },
    fork(label) {
      return createRng(`${rootSeed}/${label}`);
    },
  };
  return rng;
}

/**
 * Picks from a fixed list with Zipf-like weights (rank r has weight 1 / r^s):
 * a few words are very common, most are rare — as in real text, which is what
 * makes full-text search cost realistic. Precomputes the CDF; each pick is a
 * binary search.
 */
export function zipfPicker<T>(items: readonly T[], s = 1): (rng: Rng) => T {
  if (items.length === 0) throw new Error('zipfPicker of an empty list');
  const cdf = new Float64Array(items.length);
  let total = 0;
  for (let r = 0; r < items.length; r += 1) {
    total += 1 / (r + 1) ** s;
    cdf[r] = total;
  }
  return (rng) => {
    const x = rng.next() * total;
    let lo = 0;
    let hi = items.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((cdf[mid] as number) > x) hi = mid;
      else lo = mid + 1;
    }
    return items[lo] as T;
  };
}
