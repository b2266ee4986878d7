import type { Db } from '../../src/db/open.js';

/** Test rows written straight into the tables the digest reads. */

export interface SeedInsight {
  text?: string;
  source?: string;
  customer?: string | null;
  arr?: number | null;
  segment?: string | null;
  tribe?: string | null;
  tags?: string[];
  status?: 'new' | 'triaged' | 'archived';
  createdAt: string;
  triageChannel?: string | null;
}

export function seedInsight(db: Db, i: SeedInsight): number {
  const tags = [...(i.tags ?? [])].sort();
  const id = Number(
    db
      .prepare(
        `INSERT INTO insights (text, source, customer, arr, segment, tribe, tags, reporter_id, status, created_at, updated_at, triage_channel, triage_ts)
         VALUES (?, ?, ?, ?, ?, ?, ?, 'U0000REPORT', ?, ?, ?, ?, ?)`,
      )
      .run(
        i.text ?? 'Something customers said',
        i.source ?? 'call',
        i.customer ?? null,
        i.arr ?? null,
        i.segment ?? null,
        i.tribe ?? null,
        tags.join(' '),
        i.status ?? 'new',
        i.createdAt,
        i.createdAt,
        i.triageChannel ?? null,
        i.triageChannel ? '1700000000.000100' : null,
      ).lastInsertRowid,
  );
  for (const tag of tags) db.prepare('INSERT INTO insight_tags (tag, insight_id) VALUES (?, ?)').run(tag, id);
  return id;
}

export interface SeedBug {
  key: string;
  title?: string;
  team?: string | null;
  qualifiedAt: string;
  deadline: string;
  resolvedAt?: string | null;
  url?: string | null;
}

export function seedBug(db: Db, b: SeedBug): void {
  db.prepare(
    `INSERT INTO bugs (key, title, severity, team, source, qualified_at, clock_started_at, deadline, resolved_at, url, created_at, updated_at)
     VALUES (?, ?, 'high', ?, 'webhook', ?, ?, ?, ?, ?, ?, ?)`,
  ).run(b.key, b.title ?? `Bug ${b.key}`, b.team ?? null, b.qualifiedAt, b.qualifiedAt, b.deadline, b.resolvedAt ?? null, b.url ?? null, b.qualifiedAt, b.qualifiedAt);
}

export interface SeedOpportunity {
  title: string;
  score: number;
  status: string;
  tribe?: string | null;
  createdAt: string;
  /** Lifecycle moves after creation: [at, from, to, note?]. */
  history?: [string, string | null, string, string?][];
  evidence?: number[];
}

export function seedOpportunity(db: Db, o: SeedOpportunity): number {
  const id = Number(
    db
      .prepare(
        `INSERT INTO opportunities (title, problem, segment, value_metric, value_target, value_per_year, kind, commitment, tribe, top_down,
           reach, impact, confidence, effort, score, status, owner_id, created_at, updated_at, updated_by, status_at)
         VALUES (?, 'A problem', 'SMB', 'conversion', '5%', 100000, 'painkiller', 'conversion', ?, 0, 100, 1, 80, 1, ?, ?, 'U0000PMPAY1', ?, ?, 'U0000PMPAY1', ?)`,
      )
      .run(o.title, o.tribe ?? 'payments', o.score, o.status, o.createdAt, o.createdAt, o.createdAt).lastInsertRowid,
  );
  const history = db.prepare('INSERT INTO opportunity_history (opportunity_id, at, by_user, from_status, to_status, note) VALUES (?, ?, ?, ?, ?, ?)');
  for (const [at, from, to, note] of o.history ?? []) history.run(id, at, 'U0000VPPRD1', from, to, note ?? null);
  for (const insightId of o.evidence ?? []) {
    db.prepare('INSERT INTO opportunity_evidence (opportunity_id, insight_id, linked_by, linked_at) VALUES (?, ?, ?, ?)').run(id, insightId, 'U0000PMPAY1', o.createdAt);
  }
  return id;
}
