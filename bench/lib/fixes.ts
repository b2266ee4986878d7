/*
 * The bug-fix figures of the digest's hand-tuned baseline (bench/suites/digest-scale.ts),
 * computed from raw rows: pure, so test/bench/fixes.test.ts checks them against the digest's own rules.
 */

const HOUR = 3_600_000;

/**
 * Share fixed within the SLA and median hours to fix, per team and overall,
 * from [team, deadline, resolved_at, clock_started_at] rows: ISO-8601 UTC text
 * compares in time order, so the SLA test is a string comparison.
 */
export function fixFigures(rows: readonly [string, string, string, string][]): {
  overall: { share: number | null; medianHours: number | null };
  byTeam: Map<string, { share: number; medianHours: number }>;
} {
  const hours = new Float64Array(rows.length);
  const teamOf: string[] = new Array<string>(rows.length);
  const groups = new Map<string, { n: number; within: number }>();
  let within = 0;
  for (let i = 0; i < rows.length; i++) {
    const [team, deadline, resolved, started] = rows[i] as [string, string, string, string];
    hours[i] = Math.max(0, Date.parse(resolved) - Date.parse(started)) / HOUR;
    teamOf[i] = team;
    const g = groups.get(team) ?? { n: 0, within: 0 };
    g.n++;
    if (resolved <= deadline) {
      g.within++;
      within++;
    }
    groups.set(team, g);
  }
  const byTeam = new Map<string, { share: number; medianHours: number }>();
  for (const [team, g] of groups) {
    const values = new Float64Array(g.n);
    let k = 0;
    for (let i = 0; i < rows.length; i++) if (teamOf[i] === team) values[k++] = hours[i] as number;
    byTeam.set(team, { share: g.within / g.n, medianHours: medianOf(values) as number });
  }
  return { overall: { share: rows.length ? within / rows.length : null, medianHours: medianOf(hours) }, byTeam };
}

/** The median of a typed array (sorted in place); null when empty. */
export function medianOf(values: Float64Array): number | null {
  if (values.length === 0) return null;
  values.sort();
  const mid = values.length >> 1;
  const upper = values[mid] as number;
  return values.length % 2 === 1 ? upper : ((values[mid - 1] as number) + upper) / 2;
}
