/**
 * SQL for the zero-bug rule (migrations/0004_bugs.sql). Statements are
 * prepared once per database; every function is synchronous so callers can
 * group them in one better-sqlite3 transaction.
 */
import type { Db } from '../db/open.js';
import type { BugRow } from './figures.js';
import type { Severity } from './sla.js';

export type BugSource = 'command' | 'modal' | 'webhook';
export type BugEventKind = 'registered' | 'updated' | 'assigned' | 'resolved' | 'reopened' | 'dropped';
export type NoticeOutcome = 'enqueued' | 'superseded' | 'no_recipient';

export interface Bug {
  key: string;
  title: string;
  severity: Severity;
  team: string | null;
  owner: string | null;
  ownerEmail: string | null;
  url: string | null;
  source: BugSource;
  reportedBy: string | null;
  qualifiedAt: Date;
  clockId: number;
  clockStartedAt: Date;
  deadline: Date;
  resolvedAt: Date | null;
  resolvedBy: string | null;
  nextNoticeAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
  /**
   * Set when the tracker closed the bug as "won't do", "not planned" or
   * deleted it (migrations/0017): then `resolvedAt` holds the same instant,
   * and the bug counts as dropped, not fixed. Optional so older callers
   * building a Bug need not know about it; absent = not dropped.
   */
  droppedAt?: Date | null;
  droppedReason?: string | null;
}

export interface BugEvent {
  id: number;
  at: Date;
  kind: BugEventKind;
  actor: string | null;
  detail: Record<string, unknown>;
}

export interface BugNotice {
  clockId: number;
  level: number;
  name: string;
  outcome: NoticeOutcome;
  recipients: string[];
  claimedAt: Date;
}

export interface Acknowledgement {
  user: string;
  at: Date;
}

interface Row {
  key: string;
  title: string;
  severity: Severity;
  team: string | null;
  owner: string | null;
  owner_email: string | null;
  url: string | null;
  source: BugSource;
  reported_by: string | null;
  qualified_at: string;
  clock_id: number;
  clock_started_at: string;
  deadline: string;
  resolved_at: string | null;
  resolved_by: string | null;
  next_notice_at: string | null;
  created_at: string;
  updated_at: string;
  dropped_at: string | null;
  dropped_reason: string | null;
}

const COLUMNS =
  'key, title, severity, team, owner, owner_email, url, source, reported_by, qualified_at, clock_id, clock_started_at, deadline, resolved_at, resolved_by, next_notice_at, created_at, updated_at, dropped_at, dropped_reason';

function toBug(r: Row): Bug {
  return {
    key: r.key,
    title: r.title,
    severity: r.severity,
    team: r.team,
    owner: r.owner,
    ownerEmail: r.owner_email,
    url: r.url,
    source: r.source,
    reportedBy: r.reported_by,
    qualifiedAt: new Date(r.qualified_at),
    clockId: r.clock_id,
    clockStartedAt: new Date(r.clock_started_at),
    deadline: new Date(r.deadline),
    resolvedAt: r.resolved_at === null ? null : new Date(r.resolved_at),
    resolvedBy: r.resolved_by,
    nextNoticeAt: r.next_notice_at === null ? null : new Date(r.next_notice_at),
    createdAt: new Date(r.created_at),
    updatedAt: new Date(r.updated_at),
    droppedAt: r.dropped_at === null ? null : new Date(r.dropped_at),
    droppedReason: r.dropped_reason,
  };
}

function toParams(b: Bug): unknown[] {
  return [
    b.key,
    b.title,
    b.severity,
    b.team,
    b.owner,
    b.ownerEmail,
    b.url,
    b.source,
    b.reportedBy,
    b.qualifiedAt.toISOString(),
    b.clockId,
    b.clockStartedAt.toISOString(),
    b.deadline.toISOString(),
    b.resolvedAt?.toISOString() ?? null,
    b.resolvedBy,
    b.nextNoticeAt?.toISOString() ?? null,
    b.createdAt.toISOString(),
    b.updatedAt.toISOString(),
    b.droppedAt?.toISOString() ?? null,
    b.droppedReason ?? null,
  ];
}

/** The figures' view of a bug: judged by its current clock (docs/decisions/0004-sla-clock.md). */
export function toBugRow(b: Bug): BugRow {
  return { key: b.key, team: b.team, severity: b.severity, qualifiedAt: b.clockStartedAt, deadline: b.deadline, resolvedAt: b.resolvedAt, dropped: Boolean(b.droppedAt) };
}

/** The sweep's query (bugs_next_notice index); exported for the query-plan test. */
export const DUE_FOR_NOTICE_SQL = `SELECT ${COLUMNS} FROM bugs WHERE next_notice_at IS NOT NULL AND next_notice_at <= ? ORDER BY next_notice_at LIMIT ?`;

export class BugStore {
  private readonly stmts;

  constructor(readonly db: Db) {
    const placeholders = COLUMNS.split(',').map(() => '?').join(', ');
    const assignments = COLUMNS.split(',')
      .map((c) => c.trim())
      .filter((c) => c !== 'key')
      .map((c) => `${c} = ?`)
      .join(', ');
    this.stmts = {
      get: db.prepare<[string], Row>(`SELECT ${COLUMNS} FROM bugs WHERE key = ?`),
      insert: db.prepare(`INSERT INTO bugs (${COLUMNS}) VALUES (${placeholders})`),
      update: db.prepare(`UPDATE bugs SET ${assignments} WHERE key = ?`),
      setNextNotice: db.prepare<[string | null, string]>(`UPDATE bugs SET next_notice_at = ? WHERE key = ?`),
      due: db.prepare<[string, number], Row>(DUE_FOR_NOTICE_SQL),
      open: db.prepare<[], Row>(`SELECT ${COLUMNS} FROM bugs WHERE resolved_at IS NULL ORDER BY deadline, key`),
      resolvedSince: db.prepare<[string], Row>(`SELECT ${COLUMNS} FROM bugs WHERE resolved_at IS NOT NULL AND resolved_at >= ?`),
      all: db.prepare<[], Row>(`SELECT ${COLUMNS} FROM bugs ORDER BY created_at, key`),
      pendingEmails: db.prepare<[number], Row>(
        `SELECT ${COLUMNS} FROM bugs WHERE owner IS NULL AND owner_email IS NOT NULL AND resolved_at IS NULL LIMIT ?`,
      ),
      addEvent: db.prepare(`INSERT INTO bug_events (bug_key, at, kind, actor, detail) VALUES (?, ?, ?, ?, ?)`),
      events: db.prepare<[string], { id: number; at: string; kind: BugEventKind; actor: string | null; detail: string }>(
        `SELECT id, at, kind, actor, detail FROM bug_events WHERE bug_key = ? ORDER BY id`,
      ),
      claimed: db.prepare<[string, number], { level: number }>(`SELECT level FROM bug_notices WHERE bug_key = ? AND clock_id = ?`),
      claim: db.prepare(
        `INSERT INTO bug_notices (bug_key, clock_id, level, name, outcome, recipients, claimed_at) VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT DO NOTHING`,
      ),
      notices: db.prepare<
        [string],
        { clock_id: number; level: number; name: string; outcome: NoticeOutcome; recipients: string; claimed_at: string }
      >(`SELECT clock_id, level, name, outcome, recipients, claimed_at FROM bug_notices WHERE bug_key = ? ORDER BY clock_id, level`),
      getMeta: db.prepare<[string], { value: string }>(`SELECT value FROM bug_meta WHERE key = ?`),
      setMeta: db.prepare(`INSERT INTO bug_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`),
      count: db.prepare<[], { n: number }>(`SELECT COUNT(*) AS n FROM bugs`),
      acknowledge: db.prepare(
        `INSERT INTO bug_acknowledgements (bug_key, clock_id, user_id, acknowledged_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING`,
      ),
      acknowledgement: db.prepare<[string, number], { user_id: string; acknowledged_at: string }>(
        `SELECT user_id, acknowledged_at FROM bug_acknowledgements WHERE bug_key = ? AND clock_id = ?`,
      ),
    };
  }

  get(key: string): Bug | undefined {
    const row = this.stmts.get.get(key);
    return row ? toBug(row) : undefined;
  }

  insert(bug: Bug): void {
    this.stmts.insert.run(...toParams(bug));
  }

  /** Writes every column of `bug` (the row must exist). */
  save(bug: Bug): void {
    const [key, ...rest] = toParams(bug);
    this.stmts.update.run(...rest, key);
  }

  setNextNotice(key: string, at: Date | null): void {
    this.stmts.setNextNotice.run(at?.toISOString() ?? null, key);
  }

  /** Bugs with an escalation level due at `now`, through the bugs_next_notice index. */
  dueForNotice(now: Date, limit: number): Bug[] {
    return this.stmts.due.all(now.toISOString(), limit).map(toBug);
  }

  /** Open bugs, earliest deadline first. */
  *open(): Generator<Bug> {
    for (const row of this.stmts.open.iterate()) yield toBug(row);
  }

  /** Only the bugs resolved since the window start (what the figures need beyond the open counts, which SQL computes). */
  *resolvedFigureRows(now: Date, windowDays: number): Generator<BugRow> {
    const since = new Date(now.getTime() - windowDays * 86_400_000).toISOString();
    for (const row of this.stmts.resolvedSince.iterate(since)) yield toBugRow(toBug(row));
  }

  /**
   * What `computeBugFigures` needs at `now`: open bugs and bugs resolved
   * since the window start, as BugRows, streamed (two indexed range reads,
   * not one OR that would scan the table).
   */
  *figureRows(now: Date, windowDays: number): Generator<BugRow> {
    for (const row of this.stmts.open.iterate()) yield toBugRow(toBug(row));
    const since = new Date(now.getTime() - windowDays * 86_400_000).toISOString();
    for (const row of this.stmts.resolvedSince.iterate(since)) yield toBugRow(toBug(row));
  }

  *all(): Generator<Bug> {
    for (const row of this.stmts.all.iterate()) yield toBug(row);
  }

  count(): number {
    return this.stmts.count.get()?.n ?? 0;
  }

  ownersToMatch(limit: number): Bug[] {
    return this.stmts.pendingEmails.all(limit).map(toBug);
  }

  addEvent(key: string, at: Date, kind: BugEventKind, actor: string | null, detail: Record<string, unknown> = {}): number {
    return Number(this.stmts.addEvent.run(key, at.toISOString(), kind, actor, JSON.stringify(detail)).lastInsertRowid);
  }

  events(key: string): BugEvent[] {
    return this.stmts.events.all(key).map((e) => ({
      id: e.id,
      at: new Date(e.at),
      kind: e.kind,
      actor: e.actor,
      detail: JSON.parse(e.detail) as Record<string, unknown>,
    }));
  }

  claimedLevels(key: string, clockId: number): Set<number> {
    return new Set(this.stmts.claimed.all(key, clockId).map((r) => r.level));
  }

  /** The escalation claim: true when this call took (bug, clock, level). */
  claimLevel(key: string, clockId: number, level: number, name: string, outcome: NoticeOutcome, recipients: string[], at: Date): boolean {
    return this.stmts.claim.run(key, clockId, level, name, outcome, JSON.stringify(recipients), at.toISOString()).changes === 1;
  }

  notices(key: string): BugNotice[] {
    return this.stmts.notices.all(key).map((n) => ({
      clockId: n.clock_id,
      level: n.level,
      name: n.name,
      outcome: n.outcome,
      recipients: JSON.parse(n.recipients) as string[],
      claimedAt: new Date(n.claimed_at),
    }));
  }

  /** Records "I'm on it" for one clock: true when this call recorded it (the first click wins). */
  acknowledge(key: string, clockId: number, user: string, at: Date): boolean {
    return this.stmts.acknowledge.run(key, clockId, user, at.toISOString()).changes === 1;
  }

  acknowledgement(key: string, clockId: number): Acknowledgement | undefined {
    const row = this.stmts.acknowledgement.get(key, clockId);
    return row ? { user: row.user_id, at: new Date(row.acknowledged_at) } : undefined;
  }

  meta(key: string): string | undefined {
    return this.stmts.getMeta.get(key)?.value;
  }

  setMeta(key: string, value: string): void {
    this.stmts.setMeta.run(key, value);
  }
}

const stores = new WeakMap<Db, BugStore>();

/** The store of one database, prepared once. */
export function bugStore(db: Db): BugStore {
  let store = stores.get(db);
  if (!store) {
    store = new BugStore(db);
    stores.set(db, store);
  }
  return store;
}
