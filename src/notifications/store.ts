import type { Db } from '../db/open.js';
import { cachedStatement as stmt } from '../db/statements.js';

/*
 * Closing-the-loop SQL (migrations/0020_notifications.sql). Plain functions
 * over a better-sqlite3 handle; the writes are synchronous so they can run
 * inside the transaction of the change they record.
 */

export const NOTICE_KINDS = ['triaged', 'linked', 'go', 'rework', 'no_go', 'in_roadmap', 'shipped'] as const;
export type NoticeKind = (typeof NOTICE_KINDS)[number];

export const LEVELS = ['all', 'shipped', 'off'] as const;
export type NotifyLevel = (typeof LEVELS)[number];

export function isLevel(value: string): value is NotifyLevel {
  return (LEVELS as readonly string[]).includes(value);
}

export interface NewNotice {
  recipient: string;
  kind: NoticeKind;
  opportunityId: number | null;
  insightId: number;
  actor: string;
  note: string | null;
  at: string;
}

export function insertNotice(db: Db, n: NewNotice): void {
  stmt(
    db,
    `INSERT INTO loop_notices (recipient, kind, opportunity_id, insight_id, actor, note, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
  ).run(n.recipient, n.kind, n.opportunityId, n.insightId, n.actor, n.note, n.at);
}

/** Who logged an insight: its reporter, and its voice when that is someone else. */
export function peopleOf(db: Db, insightId: number): string[] {
  const row = stmt(db, 'SELECT reporter_id, voice_id FROM insights WHERE id = ?').get(insightId) as { reporter_id: string; voice_id: string | null } | undefined;
  if (!row) return [];
  return row.voice_id && row.voice_id !== row.reporter_id ? [row.reporter_id, row.voice_id] : [row.reporter_id];
}

export function evidenceIds(db: Db, opportunityId: number): number[] {
  return stmt(db, 'SELECT insight_id FROM opportunity_evidence WHERE opportunity_id = ? ORDER BY insight_id').pluck().all(opportunityId) as number[];
}

/** True when the opportunity was pitched before the move being recorded (its history row is already written). */
export function pitchedBefore(db: Db, opportunityId: number): boolean {
  return (stmt(db, "SELECT COUNT(*) FROM opportunity_history WHERE opportunity_id = ? AND to_status = 'pitched'").pluck().get(opportunityId) as number) > 1;
}

export function opportunityStatus(db: Db, id: number): string | undefined {
  return stmt(db, 'SELECT status FROM opportunities WHERE id = ?').pluck().get(id) as string | undefined;
}

// ---------------------------------------------------------------------------
// Preferences
// ---------------------------------------------------------------------------

export function levelOf(db: Db, userId: string): NotifyLevel {
  const level = stmt(db, 'SELECT level FROM notification_settings WHERE user_id = ?').pluck().get(userId) as string | undefined;
  return level !== undefined && isLevel(level) ? level : 'all';
}

export function setLevel(db: Db, userId: string, level: NotifyLevel, now: Date): void {
  stmt(
    db,
    `INSERT INTO notification_settings (user_id, level, updated_at) VALUES (?, ?, ?)
     ON CONFLICT (user_id) DO UPDATE SET level = excluded.level, updated_at = excluded.updated_at`,
  ).run(userId, level, now.toISOString());
}

// ---------------------------------------------------------------------------
// Batches
// ---------------------------------------------------------------------------

export interface DueBatch {
  recipient: string;
  kind: NoticeKind;
  opportunityId: number | null;
  /** The newest notice of the batch: the batch holds every waiting notice up to it. */
  lastId: number;
  firstId: number;
}

/**
 * Batches whose newest notice is at least `settleMs` old: someone linking
 * several insights one after the other gets one message, not one per click.
 */
export function dueBatches(db: Db, now: Date, settleMs: number, limit: number): DueBatch[] {
  const rows = stmt(
    db,
    `SELECT recipient, kind, opportunity_id, MIN(id) AS first_id, MAX(id) AS last_id, MAX(created_at) AS last_at
     FROM loop_notices WHERE state = 'waiting'
     GROUP BY recipient, kind, opportunity_id
     HAVING last_at <= ?
     ORDER BY first_id LIMIT ?`,
  ).all(new Date(now.getTime() - settleMs).toISOString(), limit) as {
    recipient: string;
    kind: NoticeKind;
    opportunity_id: number | null;
    first_id: number;
    last_id: number;
  }[];
  return rows.map((r) => ({ recipient: r.recipient, kind: r.kind, opportunityId: r.opportunity_id, firstId: r.first_id, lastId: r.last_id }));
}

export interface BatchNotice {
  id: number;
  insightId: number;
  customer: string | null;
  arr: number | null;
  tribe: string | null;
  impactTeam: string | null;
  note: string | null;
  actor: string;
  at: string;
  /** For opportunity notices: the insight is still evidence of the opportunity. */
  stillLinked: boolean;
}

export function noticesOf(db: Db, b: DueBatch): BatchNotice[] {
  const rows = stmt(
    db,
    `SELECT n.id, n.insight_id, i.customer, i.arr, i.tribe, i.impact_team, n.note, n.actor, n.created_at,
       (n.opportunity_id IS NULL OR EXISTS (SELECT 1 FROM opportunity_evidence e WHERE e.opportunity_id = n.opportunity_id AND e.insight_id = n.insight_id)) AS still
     FROM loop_notices n JOIN insights i ON i.id = n.insight_id
     WHERE n.state = 'waiting' AND n.recipient = ? AND n.kind = ? AND n.opportunity_id IS ? AND n.id <= ?
     ORDER BY n.id`,
  ).all(b.recipient, b.kind, b.opportunityId, b.lastId) as {
    id: number;
    insight_id: number;
    customer: string | null;
    arr: number | null;
    tribe: string | null;
    impact_team: string | null;
    note: string | null;
    actor: string;
    created_at: string;
    still: number;
  }[];
  return rows.map((r) => ({
    id: r.id,
    insightId: r.insight_id,
    customer: r.customer,
    arr: r.arr,
    tribe: r.tribe,
    impactTeam: r.impact_team,
    note: r.note,
    actor: r.actor,
    at: r.created_at,
    stillLinked: r.still === 1,
  }));
}

/** Claims notices (waiting → state); false when another run got there first. */
export function settleNotices(db: Db, ids: readonly number[], state: 'queued' | 'muted' | 'dropped', batchKey: string | null, now: Date): boolean {
  if (ids.length === 0) return true;
  const update = stmt(db, `UPDATE loop_notices SET state = ?, batch_key = ?, batched_at = ? WHERE id = ? AND state = 'waiting'`);
  let changed = 0;
  for (const id of ids) changed += update.run(state, batchKey, now.toISOString(), id).changes;
  return changed === ids.length;
}

export interface OpportunityRef {
  id: number;
  title: string;
  status: string;
  cardChannel: string | null;
  cardTs: string | null;
}

export function opportunityRef(db: Db, id: number): OpportunityRef | undefined {
  const row = stmt(db, 'SELECT id, title, status, card_channel, card_ts FROM opportunities WHERE id = ?').get(id) as
    | { id: number; title: string; status: string; card_channel: string | null; card_ts: string | null }
    | undefined;
  return row && { id: row.id, title: row.title, status: row.status, cardChannel: row.card_channel, cardTs: row.card_ts };
}

// ---------------------------------------------------------------------------
// My insights (App Home)
// ---------------------------------------------------------------------------

export interface MyInsight {
  id: number;
  text: string;
  customer: string | null;
  status: 'new' | 'triaged' | 'archived';
  /** The most advanced opportunity it is evidence for, if any. */
  opportunity: { id: number; title: string; status: string } | undefined;
}

const STATUS_RANK = `CASE o.status WHEN 'shipped' THEN 7 WHEN 'in_roadmap' THEN 6 WHEN 'go' THEN 5 WHEN 'on_agenda' THEN 4
  WHEN 'rework' THEN 3 WHEN 'pitched' THEN 2 WHEN 'no_go' THEN 1 ELSE 0 END`;

/** A person's insights (as reporter or voice), newest first, with the furthest opportunity each serves. */
export function myInsights(db: Db, userId: string, limit: number): { total: number; items: MyInsight[] } {
  const total = stmt(
    db,
    `SELECT (SELECT COUNT(*) FROM insights WHERE reporter_id = ?) + (SELECT COUNT(*) FROM insights WHERE voice_id = ? AND reporter_id <> ?)`,
  ).pluck().get(userId, userId, userId) as number;
  const rows = stmt(
    db,
    `SELECT i.id, i.text, i.customer, i.status,
       (SELECT json_object('id', o.id, 'title', o.title, 'status', o.status) FROM opportunity_evidence e JOIN opportunities o ON o.id = e.opportunity_id
        WHERE e.insight_id = i.id AND o.status <> 'draft' ORDER BY ${STATUS_RANK} DESC, o.id LIMIT 1) AS opp
     FROM (SELECT * FROM (SELECT id FROM insights WHERE reporter_id = ? ORDER BY id DESC LIMIT ?)
           UNION SELECT * FROM (SELECT id FROM insights WHERE voice_id = ? ORDER BY id DESC LIMIT ?)) AS mine
     JOIN insights i ON i.id = mine.id
     ORDER BY i.id DESC LIMIT ?`,
  ).all(userId, limit, userId, limit, limit) as { id: number; text: string; customer: string | null; status: MyInsight['status']; opp: string | null }[];
  return {
    total,
    items: rows.map((r) => ({
      id: r.id,
      text: r.text,
      customer: r.customer,
      status: r.status,
      opportunity: r.opp === null ? undefined : (JSON.parse(r.opp) as { id: number; title: string; status: string }),
    })),
  };
}

// ---------------------------------------------------------------------------
// What shipped for your customers (digest)
// ---------------------------------------------------------------------------

export interface ShippedForCustomers {
  id: number;
  title: string;
  tribe: string | null;
  /** Distinct customers behind its evidence, heaviest ARR first. */
  customers: { name: string; arr: number | null }[];
  totalArr: number;
}

/** Opportunities shipped in [from, to) (optionally of one tribe), with the customers and ARR behind their evidence. */
export function shippedForCustomers(db: Db, period: { from: Date; to: Date }, tribe: string | undefined, limit: number): ShippedForCustomers[] {
  const opps = stmt(
    db,
    `SELECT o.id, o.title, o.tribe, MIN(h.at) AS at FROM opportunity_history h JOIN opportunities o ON o.id = h.opportunity_id
     WHERE h.to_status = 'shipped' AND h.at >= ? AND h.at < ? AND o.status = 'shipped' AND (? IS NULL OR o.tribe = ?)
     GROUP BY o.id ORDER BY at, o.id LIMIT ?`,
  ).all(period.from.toISOString(), period.to.toISOString(), tribe ?? null, tribe ?? null, limit) as { id: number; title: string; tribe: string | null }[];
  const customers = stmt(
    db,
    `SELECT i.customer AS name, MAX(i.arr) AS arr FROM opportunity_evidence e JOIN insights i ON i.id = e.insight_id
     WHERE e.opportunity_id = ? AND i.customer IS NOT NULL GROUP BY i.customer COLLATE NOCASE ORDER BY MAX(i.arr) DESC NULLS LAST, i.customer`,
  );
  return opps.map((o) => {
    const list = customers.all(o.id) as { name: string; arr: number | null }[];
    return { id: o.id, title: o.title, tribe: o.tribe, customers: list, totalArr: list.reduce((s, c) => s + (c.arr ?? 0), 0) };
  });
}
