import type { Db } from '../db/open.js';
import { cachedStatement as stmt } from '../db/statements.js';

/*
 * Roadmap SQL (migrations/0021_roadmap.sql): plans, kinds of work, indicator
 * values. Reads the opportunities table, never writes it.
 */

export const WORK_KINDS = ['product', 'tech', 'maintenance'] as const;
export type WorkKind = (typeof WORK_KINDS)[number];

export function isWorkKind(value: string): value is WorkKind {
  return (WORK_KINDS as readonly string[]).includes(value);
}

/** What the roadmap shows of an opportunity. */
export interface RoadmapItem {
  id: number;
  title: string;
  status: string;
  statusAt: string;
  ownerId: string;
  tribe: string | null;
  commitment: string;
  topDown: boolean;
  score: number;
  evidenceCount: number;
  cycle: number | null;
  kind: WorkKind;
}

interface ItemRow {
  id: number;
  title: string;
  status: string;
  status_at: string;
  owner_id: string;
  tribe: string | null;
  commitment: string;
  top_down: number;
  score: number;
  evidence_count: number;
  cycle: number | null;
  kind: string | null;
}

const ITEM_COLUMNS = `o.id, o.title, o.status, o.status_at, o.owner_id, o.tribe, o.commitment, o.top_down, o.score, o.evidence_count,
  p.cycle, k.kind`;
const ITEM_FROM = `opportunities o LEFT JOIN roadmap_plans p ON p.opportunity_id = o.id LEFT JOIN work_kinds k ON k.opportunity_id = o.id`;

function toItem(r: ItemRow): RoadmapItem {
  return {
    id: r.id,
    title: r.title,
    status: r.status,
    statusAt: r.status_at,
    ownerId: r.owner_id,
    tribe: r.tribe,
    commitment: r.commitment,
    topDown: r.top_down === 1,
    score: r.score,
    evidenceCount: r.evidence_count,
    cycle: r.cycle,
    kind: r.kind !== null && isWorkKind(r.kind) ? r.kind : 'product',
  };
}

/**
 * The balance's counts per tribe (planned = go or in the roadmap), counted in SQL:
 * the App Home and `/pitch health` need the shares, not the items (with 100,000
 * opportunities, loading every roadmap item cost the Home tab about 300 ms).
 */
export function roadmapBalanceCounts(db: Db, commitment?: string): Map<string | null, { total: number; tech: number; topDown: number }> {
  const rows = stmt(
    db,
    `SELECT o.tribe AS tribe, COUNT(*) AS total, COALESCE(SUM(k.kind = 'tech'), 0) AS tech, COALESCE(SUM(o.top_down = 1), 0) AS topDown
     FROM opportunities o LEFT JOIN work_kinds k ON k.opportunity_id = o.id
     WHERE o.status IN ('go', 'in_roadmap') AND (? IS NULL OR o.commitment = ?) GROUP BY o.tribe`,
  ).all(commitment ?? null, commitment ?? null) as { tribe: string | null; total: number; tech: number; topDown: number }[];
  return new Map(rows.map((r) => [r.tribe, { total: r.total, tech: r.tech, topDown: r.topDown }]));
}

/**
 * The roadmap: opportunities with a go or in the roadmap, and those shipped
 * since `shippedSince`, best RICE first; optionally of one tribe or commitment.
 * Each status is one range of the opportunities_status_rank index.
 */
export function roadmapItems(db: Db, filters: { tribe?: string | undefined; commitment?: string | undefined }, shippedSince: Date | null): RoadmapItem[] {
  const rows = stmt(
    db,
    `SELECT ${ITEM_COLUMNS} FROM ${ITEM_FROM}
     WHERE (o.status IN ('go', 'in_roadmap') OR (o.status = 'shipped' AND (? IS NULL OR o.status_at >= ?)))
       AND (? IS NULL OR o.tribe = ?) AND (? IS NULL OR o.commitment = ?)
     ORDER BY o.score DESC, o.id`,
  ).all(
    shippedSince?.toISOString() ?? null,
    shippedSince?.toISOString() ?? null,
    filters.tribe ?? null,
    filters.tribe ?? null,
    filters.commitment ?? null,
    filters.commitment ?? null,
  ) as ItemRow[];
  return rows.map(toItem);
}

export function roadmapItem(db: Db, id: number): RoadmapItem | undefined {
  const row = stmt(db, `SELECT ${ITEM_COLUMNS} FROM ${ITEM_FROM} WHERE o.id = ?`).get(id) as ItemRow | undefined;
  return row && toItem(row);
}

/** Plans (or re-plans) an opportunity for a cycle, with its history row. */
export function planCycle(db: Db, opportunityId: number, cycle: number, by: string, now: Date): void {
  const at = now.toISOString();
  db.transaction(() => {
    stmt(
      db,
      `INSERT INTO roadmap_plans (opportunity_id, cycle, planned_by, planned_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (opportunity_id) DO UPDATE SET cycle = excluded.cycle, planned_by = excluded.planned_by, planned_at = excluded.planned_at`,
    ).run(opportunityId, cycle, by, at);
    stmt(db, 'INSERT INTO roadmap_plan_history (opportunity_id, cycle, by_user, at) VALUES (?, ?, ?, ?)').run(opportunityId, cycle, by, at);
  })();
}

export function plannedCycle(db: Db, opportunityId: number): number | undefined {
  return stmt(db, 'SELECT cycle FROM roadmap_plans WHERE opportunity_id = ?').pluck().get(opportunityId) as number | undefined;
}

export function setWorkKind(db: Db, opportunityId: number, kind: WorkKind, by: string, now: Date): void {
  stmt(
    db,
    `INSERT INTO work_kinds (opportunity_id, kind, set_by, set_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (opportunity_id) DO UPDATE SET kind = excluded.kind, set_by = excluded.set_by, set_at = excluded.set_at`,
  ).run(opportunityId, kind, by, now.toISOString());
}

// ---------------------------------------------------------------------------
// Indicators
// ---------------------------------------------------------------------------

export interface IndicatorValue {
  commitment: string;
  indicator: string;
  value: number;
  target: number | null;
  setBy: string;
  setAt: string;
}

interface ValueRow {
  commitment: string;
  indicator: string;
  value: number;
  target: number | null;
  set_by: string;
  set_at: string;
}

const toValue = (r: ValueRow): IndicatorValue => ({ commitment: r.commitment, indicator: r.indicator, value: r.value, target: r.target, setBy: r.set_by, setAt: r.set_at });

/** Records a value; the target carries over from the previous value when not given. */
export function recordIndicator(db: Db, input: { commitment: string; indicator: string; value: number; target: number | undefined; by: string }, now: Date): IndicatorValue {
  return db.transaction(() => {
    const target = input.target ?? (indicatorHistory(db, input.commitment, input.indicator, 1)[0]?.target ?? null);
    stmt(db, 'INSERT INTO indicator_values (commitment, indicator, value, target, set_by, set_at) VALUES (?, ?, ?, ?, ?, ?)').run(
      input.commitment, input.indicator, input.value, target, input.by, now.toISOString(),
    );
    return { commitment: input.commitment, indicator: input.indicator, value: input.value, target, setBy: input.by, setAt: now.toISOString() };
  })();
}

/** An indicator's values, newest first. */
export function indicatorHistory(db: Db, commitment: string, indicator: string, limit: number): IndicatorValue[] {
  return (
    stmt(db, 'SELECT commitment, indicator, value, target, set_by, set_at FROM indicator_values WHERE commitment = ? AND indicator = ? ORDER BY id DESC LIMIT ?').all(
      commitment, indicator, limit,
    ) as ValueRow[]
  ).map(toValue);
}

export function countRows(db: Db, table: 'indicator_values' | 'roadmap_plans' | 'roadmap_plan_history' | 'work_kinds'): number {
  return stmt(db, `SELECT COUNT(*) FROM ${table}`).pluck().get() as number;
}

// ---------------------------------------------------------------------------
// Export
// ---------------------------------------------------------------------------

/** Every opportunity in the roadmap (go, in roadmap, shipped), streamed, with its evidence's customers. */
export function* exportRoadmapRows(db: Db): Generator<RoadmapItem & { customers: string[] }> {
  const rows = db
    .prepare(
      `SELECT ${ITEM_COLUMNS},
         (SELECT json_group_array(c) FROM (SELECT DISTINCT i.customer AS c FROM opportunity_evidence e JOIN insights i ON i.id = e.insight_id
            WHERE e.opportunity_id = o.id AND i.customer IS NOT NULL ORDER BY c)) AS customers
       FROM ${ITEM_FROM} WHERE o.status IN ('go', 'in_roadmap', 'shipped') ORDER BY o.id`,
    )
    .iterate() as IterableIterator<ItemRow & { customers: string }>;
  for (const row of rows) yield { ...toItem(row), customers: JSON.parse(row.customers) as string[] };
}
