import { OPEN_STATUSES, STATUSES, type Status } from './lifecycle.js';

/*
 * Backlog health (issue 4): pure figures over aggregated counts, so the SQL
 * stays one GROUP BY (store.ts `healthCounts`) and the rules are tested here.
 */

/** One aggregated row: how many opportunities share these four values. */
export interface HealthCount {
  status: Status;
  commitment: string;
  topDown: boolean;
  hasEvidence: boolean;
  count: number;
}

export interface BacklogHealth {
  /** Every opportunity counted, drafts included. */
  total: number;
  byStatus: Record<Status, number>;
  /** The open backlog (OPEN_STATUSES) only. */
  open: number;
  /** Open backlog by commitment, in config order; a key no longer in the config is listed after them. */
  byCommitment: { commitment: string; count: number }[];
  topDown: number;
  /** topDown ÷ open, 0 for an empty backlog. */
  topDownShare: number;
  /** The goal: top-down topics stay under this share of the backlog. */
  topDownGoal: number;
  /** True when the share is at or above the goal (and the backlog is not empty). */
  topDownOverGoal: boolean;
  /** Open opportunities that no insight supports. */
  noEvidence: number;
}

/**
 * Rule 1: the top-down share and the evidence gap are measured on the open
 *         backlog: drafts are not pitched yet, and a no-go or a shipped topic no
 *         longer competes for the roadmap.
 * Rule 2: the goal is "under 20 %": a share equal to the goal is over it.
 * Rule 3: an empty backlog has a share of 0 and is not over any goal.
 */
export function summariseHealth(rows: readonly HealthCount[], commitmentOrder: readonly string[], topDownGoal: number): BacklogHealth {
  const byStatus = Object.fromEntries(STATUSES.map((s) => [s, 0])) as Record<Status, number>;
  const commitments = new Map<string, number>(commitmentOrder.map((c) => [c, 0]));
  const openSet = new Set<Status>(OPEN_STATUSES);
  let total = 0;
  let open = 0;
  let topDown = 0;
  let noEvidence = 0;
  for (const row of rows) {
    total += row.count;
    byStatus[row.status] += row.count;
    if (!openSet.has(row.status)) continue;
    open += row.count;
    commitments.set(row.commitment, (commitments.get(row.commitment) ?? 0) + row.count);
    if (row.topDown) topDown += row.count;
    if (!row.hasEvidence) noEvidence += row.count;
  }
  const known = new Set(commitmentOrder);
  const extra = [...commitments.keys()].filter((c) => !known.has(c)).sort();
  const topDownShare = open === 0 ? 0 : topDown / open;
  return {
    total,
    byStatus,
    open,
    byCommitment: [...commitmentOrder, ...extra].map((commitment) => ({ commitment, count: commitments.get(commitment) ?? 0 })),
    topDown,
    topDownShare,
    topDownGoal,
    topDownOverGoal: open > 0 && topDownShare >= topDownGoal,
    noEvidence,
  };
}
