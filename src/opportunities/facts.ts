import type { Db } from '../db/open.js';

/**
 * The evidence behind an opportunity in one line's worth of facts (issue 14
 * item 7, the approvers' validation DM): how many insights, and the distinct
 * customers behind them, heaviest ARR first (an account's ARR counted once,
 * its largest known value).
 */
export interface EvidenceFacts {
  count: number;
  customers: { name: string; arr: number | null }[];
  /** The sum of the distinct customers' ARR; null when none is known. */
  arr: number | null;
}

export function evidenceFacts(db: Db, opportunityId: number): EvidenceFacts {
  const count = db.prepare<[number], number>('SELECT COUNT(*) FROM opportunity_evidence WHERE opportunity_id = ?').pluck().get(opportunityId) ?? 0;
  const customers = db
    .prepare<[number], { name: string; arr: number | null }>(
      `SELECT MIN(i.customer) AS name, MAX(i.arr) AS arr
       FROM opportunity_evidence e JOIN insights i ON i.id = e.insight_id
       WHERE e.opportunity_id = ? AND i.customer IS NOT NULL
       GROUP BY i.customer COLLATE NOCASE
       ORDER BY MAX(i.arr) IS NULL, MAX(i.arr) DESC, MIN(i.customer)`,
    )
    .all(opportunityId);
  const known = customers.filter((c) => c.arr !== null);
  return { count, customers, arr: known.length ? known.reduce((sum, c) => sum + (c.arr ?? 0), 0) : null };
}
