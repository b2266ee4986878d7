import type Database from 'better-sqlite3';
import type { Db } from '../db/open.js';
import type { Status } from '../opportunities/index.js';

/*
 * Agenda SQL: plain synchronous functions over better-sqlite3. Callers wrap
 * read-check-write sequences in one IMMEDIATE transaction (service.ts).
 */

export type ItemStatus = 'slotted' | 'waitlisted' | 'withdrawn' | 'dropped';
export type Ask = 'feedback' | 'decision';
export type Approval = 'approved' | 'declined';
export type EndReason = 'withdrawn' | 'declined' | 'not_approved' | 'waitlist' | 'opportunity_moved';
export type Outcome = 'go' | 'rework' | 'no_go';

export const ASKS: readonly Ask[] = ['feedback', 'decision'];
export const OUTCOMES: readonly Outcome[] = ['go', 'rework', 'no_go'];

export interface AgendaItem {
  id: number;
  ritualKey: string;
  occurrenceKey: string;
  presenterId: string;
  opportunityId: number | null;
  /** The opportunity's title (alignment) or the free topic (decision session). */
  title: string;
  /** The opportunity's current status, when it presents one. */
  opportunityStatus: Status | null;
  topic: string | null;
  ask: Ask;
  duration: number;
  status: ItemStatus;
  signedUpAt: string;
  promotedAt: string | null;
  approval: Approval | null;
  approvalBy: string | null;
  approvalAt: string | null;
  approvalNote: string | null;
  endedAt: string | null;
  endedBy: string | null;
  endReason: EndReason | null;
  outcome: Outcome | null;
  outcomeBy: string | null;
  outcomeAt: string | null;
  outcomeNote: string | null;
}

interface Row {
  id: number;
  ritual_key: string;
  occurrence_key: string;
  presenter_id: string;
  opportunity_id: number | null;
  opp_title: string | null;
  opp_status: Status | null;
  topic: string | null;
  ask: Ask;
  duration_minutes: number;
  status: ItemStatus;
  signed_up_at: string;
  promoted_at: string | null;
  approval: Approval | null;
  approval_by: string | null;
  approval_at: string | null;
  approval_note: string | null;
  ended_at: string | null;
  ended_by: string | null;
  end_reason: EndReason | null;
  outcome: Outcome | null;
  outcome_by: string | null;
  outcome_at: string | null;
  outcome_note: string | null;
}

const SELECT = `SELECT i.*, o.title AS opp_title, o.status AS opp_status FROM agenda_items i LEFT JOIN opportunities o ON o.id = i.opportunity_id`;

function toItem(r: Row): AgendaItem {
  return {
    id: r.id,
    ritualKey: r.ritual_key,
    occurrenceKey: r.occurrence_key,
    presenterId: r.presenter_id,
    opportunityId: r.opportunity_id,
    title: r.opp_title ?? r.topic ?? '',
    opportunityStatus: r.opp_status,
    topic: r.topic,
    ask: r.ask,
    duration: r.duration_minutes,
    status: r.status,
    signedUpAt: r.signed_up_at,
    promotedAt: r.promoted_at,
    approval: r.approval,
    approvalBy: r.approval_by,
    approvalAt: r.approval_at,
    approvalNote: r.approval_note,
    endedAt: r.ended_at,
    endedBy: r.ended_by,
    endReason: r.end_reason,
    outcome: r.outcome,
    outcomeBy: r.outcome_by,
    outcomeAt: r.outcome_at,
    outcomeNote: r.outcome_note,
  };
}

type Statement = Database.Statement<unknown[]>;
const statements = new WeakMap<Db, Map<string, Statement>>();
function stmt(db: Db, sql: string): Statement {
  let cache = statements.get(db);
  if (!cache) statements.set(db, (cache = new Map()));
  let s = cache.get(sql);
  if (!s) cache.set(sql, (s = db.prepare<unknown[]>(sql)));
  return s;
}

export function getItem(db: Db, id: number): AgendaItem | undefined {
  const row = stmt(db, `${SELECT} WHERE i.id = ?`).get(id) as Row | undefined;
  return row ? toItem(row) : undefined;
}

/** Every item of one occurrence, in sign-up order (the agenda's order). */
export function itemsOf(db: Db, ritualKey: string, occurrenceKey: string): AgendaItem[] {
  const rows = stmt(db, `${SELECT} WHERE i.ritual_key = ? AND i.occurrence_key = ? ORDER BY i.id`).all(ritualKey, occurrenceKey) as Row[];
  return rows.map(toItem);
}

export interface NewItem {
  ritualKey: string;
  occurrenceKey: string;
  presenterId: string;
  opportunityId: number | null;
  topic: string | null;
  ask: Ask;
  duration: number;
  status: 'slotted' | 'waitlisted';
}

export function insertItem(db: Db, item: NewItem, now: Date): number {
  const result = stmt(
    db,
    `INSERT INTO agenda_items (ritual_key, occurrence_key, presenter_id, opportunity_id, topic, ask, duration_minutes, status, signed_up_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(item.ritualKey, item.occurrenceKey, item.presenterId, item.opportunityId, item.topic, item.ask, item.duration, item.status, now.toISOString());
  return Number(result.lastInsertRowid);
}

/** Ends a live item (withdrawn or dropped); false when it was no longer live. */
export function endItem(db: Db, id: number, status: 'withdrawn' | 'dropped', reason: EndReason, by: string, now: Date): boolean {
  return (
    stmt(
      db,
      `UPDATE agenda_items SET status = ?, end_reason = ?, ended_by = ?, ended_at = ?
       WHERE id = ? AND status IN ('slotted', 'waitlisted')`,
    ).run(status, reason, by, now.toISOString(), id).changes === 1
  );
}

/** The live (slotted or waitlisted) items of one opportunity, on any agenda. */
export function liveItemIdsOfOpportunity(db: Db, opportunityId: number): number[] {
  return db
    .prepare<[number], { id: number }>(`SELECT id FROM agenda_items WHERE opportunity_id = ? AND status IN ('slotted', 'waitlisted')`)
    .all(opportunityId)
    .map((r) => r.id);
}

export function promoteItem(db: Db, id: number, now: Date): boolean {
  return stmt(db, `UPDATE agenda_items SET status = 'slotted', promoted_at = ? WHERE id = ? AND status = 'waitlisted'`).run(now.toISOString(), id).changes === 1;
}

export function setApproval(db: Db, id: number, approval: Approval, by: string, note: string | null, now: Date): boolean {
  return (
    stmt(db, `UPDATE agenda_items SET approval = ?, approval_by = ?, approval_note = ?, approval_at = ? WHERE id = ? AND status IN ('slotted', 'waitlisted')`).run(
      approval, by, note, now.toISOString(), id,
    ).changes === 1
  );
}

/** Records the outcome once: false when one was already recorded. */
export function setOutcome(db: Db, id: number, outcome: Outcome, by: string, note: string | null, now: Date): boolean {
  return (
    stmt(db, `UPDATE agenda_items SET outcome = ?, outcome_by = ?, outcome_note = ?, outcome_at = ? WHERE id = ? AND status = 'slotted' AND outcome IS NULL`).run(
      outcome, by, note, now.toISOString(), id,
    ).changes === 1
  );
}

export function isLocked(db: Db, ritualKey: string, occurrenceKey: string): boolean {
  return stmt(db, 'SELECT 1 AS x FROM agenda_locks WHERE ritual_key = ? AND occurrence_key = ?').get(ritualKey, occurrenceKey) !== undefined;
}

/** Locks the agenda; false when it was already locked. */
export function lock(db: Db, ritualKey: string, occurrenceKey: string, now: Date): boolean {
  return (
    stmt(db, 'INSERT INTO agenda_locks (ritual_key, occurrence_key, locked_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING').run(ritualKey, occurrenceKey, now.toISOString())
      .changes === 1
  );
}

export function countItems(db: Db): number {
  return (stmt(db, 'SELECT COUNT(*) AS n FROM agenda_items').get() as { n: number }).n;
}
