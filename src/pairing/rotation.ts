/**
 * The pairing rotation, pure and deterministic.
 *
 * Pools are sorted (so the config's order does not matter) and a person in
 * both pools is kept on the PM side only. In round r, PM i is paired with
 * CSM (i + r) mod n, where n is the number of CSMs:
 * Rule 1 - every PM has a pair every round (two hours a month each).
 * Rule 2 - no pair repeats within n consecutive rounds, and after n rounds
 *   every PM has met every CSM: for PM i, (i + r) mod n takes n distinct
 *   values as r runs over n consecutive rounds.
 * Rule 3 - CSMs share the load evenly: with more PMs than CSMs each CSM has
 *   floor(m/n) or ceil(m/n) PMs in a round; with more CSMs than PMs each CSM
 *   has at most one and the idle ones rotate.
 * With an empty pool there are no pairs. A change of pools restarts the
 * cycle from the new sorted order (a pair may then meet again early).
 */
export interface Pair {
  pm: string;
  csm: string;
}

export function normalisePools(pms: readonly string[], csms: readonly string[]): { pms: string[]; csms: string[] } {
  const a = [...new Set(pms)].sort();
  const inA = new Set(a);
  const b = [...new Set(csms)].filter((u) => !inA.has(u)).sort();
  return { pms: a, csms: b };
}

export function pairsForRound(pms: readonly string[], csms: readonly string[], round: number): Pair[] {
  const { pms: a, csms: b } = normalisePools(pms, csms);
  const n = b.length;
  if (a.length === 0 || n === 0) return [];
  const r = ((round % n) + n) % n;
  return a.map((pm, i) => ({ pm, csm: b[(i + r) % n] ?? '' }));
}

/** Rounds until every PM has met every CSM (the cycle length). */
export function cycleLength(pms: readonly string[], csms: readonly string[]): number {
  const { pms: a, csms: b } = normalisePools(pms, csms);
  return a.length === 0 ? 0 : b.length;
}
