/*
 * Health check results as pure functions: distributions per dimension, the
 * change since the previous check, the unit lists. No I/O.
 */
import type { OrgConfig } from '../config/org.js';

export type Color = 'green' | 'amber' | 'red';
export type Trend = 'better' | 'same' | 'worse';
export const COLORS: readonly Color[] = ['green', 'amber', 'red'];
export const TRENDS: readonly Trend[] = ['better', 'same', 'worse'];

export interface Answer {
  dimension: string;
  color: Color;
  trend: Trend;
}

export interface Distribution {
  dimension: string;
  green: number;
  amber: number;
  red: number;
  better: number;
  same: number;
  worse: number;
}

export type Change = 'up' | 'down' | 'same' | 'first';

/** Per dimension, in the survey's order; a dimension nobody answered has zeros. */
export function distributions(dimensions: readonly string[], answers: readonly Answer[]): Distribution[] {
  return dimensions.map((dimension) => {
    const d: Distribution = { dimension, green: 0, amber: 0, red: 0, better: 0, same: 0, worse: 0 };
    for (const a of answers) {
      if (a.dimension !== dimension) continue;
      d[a.color]++;
      d[a.trend]++;
    }
    return d;
  });
}

/** From −1 (all red) to +1 (all green); undefined without answers. */
export function score(d: Pick<Distribution, 'green' | 'amber' | 'red'>): number | undefined {
  const n = d.green + d.amber + d.red;
  return n === 0 ? undefined : (d.green - d.red) / n;
}

/**
 * Rule 1: a dimension moved when its score (green share minus red share)
 * changed by at least a tenth; smaller moves are noise with a handful of
 * answers. Rule 2: without a previous shown check, it is the first one.
 */
export function changeOf(now: Pick<Distribution, 'green' | 'amber' | 'red'>, before: Pick<Distribution, 'green' | 'amber' | 'red'> | undefined): Change {
  const a = score(now);
  const b = before ? score(before) : undefined;
  if (a === undefined || b === undefined) return 'first';
  if (a - b >= 0.1) return 'up';
  if (b - a >= 0.1) return 'down';
  return 'same';
}

/** Whole percentages that add up to 100 (largest remainder), for the digest line. */
export function percentages(counts: readonly number[]): number[] {
  const total = counts.reduce((s, n) => s + n, 0);
  if (total === 0) return counts.map(() => 0);
  const raw = counts.map((n) => (n * 100) / total);
  const floors = raw.map(Math.floor);
  let left = 100 - floors.reduce((s, n) => s + n, 0);
  const order = raw.map((r, i) => ({ i, rem: r - Math.floor(r) })).sort((x, y) => y.rem - x.rem || x.i - y.i);
  for (const { i } of order) {
    if (left <= 0) break;
    floors[i] = (floors[i] ?? 0) + 1;
    left--;
  }
  return floors;
}

export interface HealthUnit {
  kind: 'team' | 'tribe';
  key: string;
  name: string;
  /** Where results go: the team's channel, else its tribe's. */
  channel: string;
  members: string[];
}

/** The teams (members and lead) or tribes (everyone in them), each member once. */
export function healthUnits(org: OrgConfig, kind: 'team' | 'tribe'): HealthUnit[] {
  const uniq = (ids: readonly (string | undefined)[]) => [...new Set(ids.filter((x): x is string => x !== undefined))];
  if (kind === 'tribe') {
    return org.tribes.map((t) => ({
      kind,
      key: t.key,
      name: t.name,
      channel: t.channel,
      members: uniq([t.lead, ...t.members, ...t.impactTeams.flatMap((team) => [team.lead, ...team.members])]),
    }));
  }
  return org.tribes.flatMap((t) =>
    t.impactTeams.map((team) => ({ kind, key: team.key, name: team.name, channel: team.channel ?? t.channel, members: uniq([team.lead, ...team.members]) })),
  );
}
