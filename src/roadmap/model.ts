import type { OrgConfig } from '../config/org.js';
import { cycle as cycleOf, type CyclePosition } from './cycles.js';
import type { IndicatorValue, RoadmapItem } from './store.js';

/*
 * The roadmap as data, from pure functions (what /roadmap, the Home section
 * and the tests read).
 */

export const HORIZONS = ['now', 'next', 'later', 'shipped'] as const;
export type Horizon = (typeof HORIZONS)[number];
export type Horizons = Record<Horizon, RoadmapItem[]>;

/**
 * Where an opportunity stands:
 * Rule 1: shipped → "shipped this semester" (the query keeps this semester's only);
 * Rule 2: planned for the current cycle, or for a cycle already over and not
 *         shipped (late) → "now";
 * Rule 3: planned for a later cycle starting within the horizon (6 months) → "next";
 * Rule 4: planned further, or not planned yet → "later".
 */
export function horizonOf(item: Pick<RoadmapItem, 'status' | 'cycle'>, pos: CyclePosition, org: Pick<OrgConfig, 'roadmap' | 'organisation'>, now: Date): Horizon {
  if (item.status === 'shipped') return 'shipped';
  if (item.cycle === null) return 'later';
  const firstAhead = pos.current ? pos.current.number + 1 : pos.next.number;
  if (item.cycle < firstAhead) return 'now';
  const start = cycleOf(org.roadmap, org.organisation.timezone, item.cycle).start;
  return start.getTime() < now.getTime() + org.roadmap.horizonWeeks * 7 * 86_400_000 ? 'next' : 'later';
}

export function emptyHorizons(): Horizons {
  return { now: [], next: [], later: [], shipped: [] };
}

export interface Balance {
  /** Tribe key; null for the whole organisation. */
  tribe: string | null;
  /** Opportunities with a go or in the roadmap (shipped work is done, not planned). */
  total: number;
  tech: number;
  topDown: number;
  techShare: number | null;
  topDownShare: number | null;
  /** Against roadmap.techShare: below, within, above the band; empty when nothing is planned. */
  techBand: 'below' | 'within' | 'above' | 'empty';
  /** The top-down share is at or above opportunities.topDownGoal. */
  topDownOver: boolean;
}

/** What a balance is computed from: the planned items (go or in the roadmap), the tech ones, the top-down ones. */
export interface BalanceCounts {
  total: number;
  tech: number;
  topDown: number;
}

export function balanceOf(tribe: string | null, items: readonly RoadmapItem[], org: Pick<OrgConfig, 'roadmap' | 'opportunities'>): Balance {
  const planned = items.filter((i) => i.status !== 'shipped');
  return balanceFrom(tribe, { total: planned.length, tech: planned.filter((i) => i.kind === 'tech').length, topDown: planned.filter((i) => i.topDown).length }, org);
}

/** The balance from counts (`roadmapBalanceCounts` computes them in SQL, for views that need only the shares). */
export function balanceFrom(tribe: string | null, counts: BalanceCounts, org: Pick<OrgConfig, 'roadmap' | 'opportunities'>): Balance {
  const { total, tech, topDown } = counts;
  if (total === 0) return { tribe, total, tech, topDown, techShare: null, topDownShare: null, techBand: 'empty', topDownOver: false };
  const techShare = tech / total;
  const topDownShare = topDown / total;
  const band = org.roadmap.techShare;
  return {
    tribe,
    total,
    tech,
    topDown,
    techShare,
    topDownShare,
    techBand: techShare < band.min ? 'below' : techShare > band.max ? 'above' : 'within',
    topDownOver: topDownShare >= org.opportunities.topDownGoal,
  };
}

export interface IndicatorLine {
  name: string;
  current: IndicatorValue | undefined;
  previous: IndicatorValue | undefined;
}

export interface CommitmentView {
  key: string;
  title: string;
  indicators: IndicatorLine[];
  horizons: Horizons;
}

export interface RoadmapModel {
  position: CyclePosition;
  commitments: CommitmentView[];
  /** Opportunities whose commitment is not (or no longer) in the config. */
  unaligned: Horizons;
  /** Per tribe (in config order, those with a tribe filter only that one), then the whole organisation. */
  balance: Balance[];
  overall: Balance;
}

export function buildRoadmapModel(
  org: Pick<OrgConfig, 'roadmap' | 'organisation' | 'opportunities' | 'commitments' | 'tribes'>,
  input: {
    items: readonly RoadmapItem[];
    position: CyclePosition;
    now: Date;
    filters: { tribe?: string | undefined; commitment?: string | undefined };
    indicators: (commitment: string, indicator: string) => IndicatorValue[];
  },
): RoadmapModel {
  const keys = new Set(org.commitments.map((c) => c.key));
  const shown = org.commitments.filter((c) => !input.filters.commitment || c.key === input.filters.commitment);
  const byCommitment = new Map<string, Horizons>(shown.map((c) => [c.key, emptyHorizons()]));
  const unaligned = emptyHorizons();
  for (const item of input.items) {
    const h = horizonOf(item, input.position, org, input.now);
    const target = keys.has(item.commitment) ? byCommitment.get(item.commitment) : unaligned;
    target?.[h].push(item);
  }
  // Next and Later read in time order (then best RICE first, as the query sorted them); unplanned last.
  const byCycle = (a: RoadmapItem, b: RoadmapItem) => (a.cycle ?? Number.MAX_SAFE_INTEGER) - (b.cycle ?? Number.MAX_SAFE_INTEGER);
  for (const h of [...byCommitment.values(), unaligned]) {
    h.next.sort(byCycle);
    h.later.sort(byCycle);
  }
  const tribes = org.tribes.filter((t) => !input.filters.tribe || t.key === input.filters.tribe);
  return {
    position: input.position,
    commitments: shown.map((c) => ({
      key: c.key,
      title: c.title,
      indicators: c.indicators.map((name) => {
        const [current, previous] = input.indicators(c.key, name);
        return { name, current, previous };
      }),
      horizons: byCommitment.get(c.key) ?? emptyHorizons(),
    })),
    unaligned,
    balance: tribes.map((t) => balanceOf(t.key, input.items.filter((i) => i.tribe === t.key), org)),
    overall: balanceOf(null, input.items, org),
  };
}
