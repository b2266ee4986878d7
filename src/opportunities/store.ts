import type { Db } from '../db/open.js';
import type { HealthCount } from './health.js';
import { OPEN_STATUSES, type Status } from './lifecycle.js';
import type { Kind, ListFilters, PitchDraft } from './parse.js';
import type { Confidence, Impact } from './rice.js';
import { cachedStatement } from '../db/statements.js';
import { emitDomainEvent } from '../core/events.js';

/*
 * Opportunity SQL: plain functions over a better-sqlite3 handle, usable from
 * listeners, jobs, the CLI and benchmarks. Every write is one synchronous
 * transaction. docs/decisions/0011-opportunities-ranking-and-lifecycle.md
 */

export interface OpportunityRow {
  id: number;
  title: string;
  problem: string;
  segment: string;
  metric: string;
  today: string | null;
  target: string;
  valuePerYear: number;
  kind: Kind;
  commitment: string;
  tribe: string | null;
  topDown: boolean;
  reach: number;
  impact: Impact;
  confidence: Confidence;
  effort: number;
  score: number;
  status: Status;
  ownerId: string;
  evidenceCount: number;
  createdAt: string;
  updatedAt: string;
  updatedBy: string;
  statusAt: string;
  cardChannel: string | null;
  cardTs: string | null;
}

export interface Opportunity extends OpportunityRow {
  initiatives: string[];
}

interface Row {
  id: number;
  title: string;
  problem: string;
  segment: string;
  value_metric: string;
  value_today: string | null;
  value_target: string;
  value_per_year: number;
  kind: Kind;
  commitment: string;
  tribe: string | null;
  top_down: number;
  reach: number;
  impact: number;
  confidence: number;
  effort: number;
  score: number;
  status: Status;
  owner_id: string;
  evidence_count: number;
  created_at: string;
  updated_at: string;
  updated_by: string;
  status_at: string;
  card_channel: string | null;
  card_ts: string | null;
}

const COLUMNS = `id, title, problem, segment, value_metric, value_today, value_target, value_per_year, kind, commitment, tribe, top_down,
  reach, impact, confidence, effort, score, status, owner_id, evidence_count, created_at, updated_at, updated_by, status_at, card_channel, card_ts`;

function toRow(r: Row): OpportunityRow {
  return {
    id: r.id,
    title: r.title,
    problem: r.problem,
    segment: r.segment,
    metric: r.value_metric,
    today: r.value_today,
    target: r.value_target,
    valuePerYear: r.value_per_year,
    kind: r.kind,
    commitment: r.commitment,
    tribe: r.tribe,
    topDown: r.top_down === 1,
    reach: r.reach,
    impact: r.impact as Impact,
    confidence: r.confidence as Confidence,
    effort: r.effort,
    score: r.score,
    status: r.status,
    ownerId: r.owner_id,
    evidenceCount: r.evidence_count,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    updatedBy: r.updated_by,
    statusAt: r.status_at,
    cardChannel: r.card_channel,
    cardTs: r.card_ts,
  };
}

const stmt = cachedStatement;

/** Word for word the WHERE of the migration's partial indexes: SQLite uses them only for this exact term. */
export const OPEN_SQL = `status IN (${OPEN_STATUSES.map((s) => `'${s}'`).join(', ')})`;

// ---------------------------------------------------------------------------
// Reading one
// ---------------------------------------------------------------------------

export function getOpportunityRow(db: Db, id: number): OpportunityRow | undefined {
  const row = stmt(db, `SELECT ${COLUMNS} FROM opportunities WHERE id = ?`).get(id) as Row | undefined;
  return row ? toRow(row) : undefined;
}

export function getOpportunity(db: Db, id: number): Opportunity | undefined {
  const row = getOpportunityRow(db, id);
  if (!row) return undefined;
  const initiatives = stmt(db, 'SELECT text FROM opportunity_initiatives WHERE opportunity_id = ? ORDER BY position').pluck().all(id) as string[];
  return { ...row, initiatives };
}

export interface HistoryEntry {
  at: string;
  by: string;
  from: Status | null;
  to: Status;
  note: string | null;
}

export function historyOf(db: Db, id: number): HistoryEntry[] {
  return stmt(db, 'SELECT at, by_user AS "by", from_status AS "from", to_status AS "to", note FROM opportunity_history WHERE opportunity_id = ? ORDER BY id').all(id) as HistoryEntry[];
}

export interface EvidenceItem {
  id: number;
  text: string;
  customer: string | null;
  status: string;
  linkedBy: string;
  linkedAt: string;
}

/** The newest links first. */
export function evidenceOf(db: Db, id: number, limit = 100): EvidenceItem[] {
  return stmt(
    db,
    `SELECT i.id, i.text, i.customer, i.status, e.linked_by AS linkedBy, e.linked_at AS linkedAt
     FROM opportunity_evidence e JOIN insights i ON i.id = e.insight_id
     WHERE e.opportunity_id = ? ORDER BY e.linked_at DESC, i.id DESC LIMIT ?`,
  ).all(id, limit) as EvidenceItem[];
}

export function evidenceIdsOf(db: Db, id: number): number[] {
  return stmt(db, 'SELECT insight_id FROM opportunity_evidence WHERE opportunity_id = ? ORDER BY insight_id').pluck().all(id) as number[];
}

/** The given insight ids that do not exist (evidence validation). */
export function missingInsightIds(db: Db, ids: readonly number[]): number[] {
  const exists = stmt(db, 'SELECT 1 FROM insights WHERE id = ?');
  return ids.filter((id) => exists.get(id) === undefined);
}

/** Opportunities an insight is evidence for (the triage card). */
export function opportunityIdsOfInsight(db: Db, insightId: number): number[] {
  return stmt(db, 'SELECT opportunity_id FROM opportunity_evidence WHERE insight_id = ? ORDER BY opportunity_id').pluck().all(insightId) as number[];
}

// ---------------------------------------------------------------------------
// Writing
// ---------------------------------------------------------------------------

export interface NewOpportunity {
  draft: PitchDraft;
  score: number;
  ownerId: string;
  status: Extract<Status, 'draft' | 'pitched'>;
  /** The modal submission's view id: the same submission twice creates one opportunity. */
  sourceViewId?: string | null;
}

function writeInitiatives(db: Db, id: number, initiatives: readonly string[]): void {
  stmt(db, 'DELETE FROM opportunity_initiatives WHERE opportunity_id = ?').run(id);
  const ins = stmt(db, 'INSERT INTO opportunity_initiatives (opportunity_id, position, text) VALUES (?, ?, ?)');
  initiatives.forEach((text, i) => ins.run(id, i + 1, text));
}

function addLinks(db: Db, id: number, insightIds: readonly number[], by: string, at: string): number {
  const link = stmt(db, 'INSERT INTO opportunity_evidence (opportunity_id, insight_id, linked_by, linked_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING');
  let added = 0;
  const linked: number[] = [];
  for (const insightId of insightIds) {
    const changes = link.run(id, insightId, by, at).changes;
    added += changes;
    if (changes === 1) linked.push(insightId);
  }
  // Inside the caller's transaction (src/core/events.ts, Rule 1).
  if (linked.length > 0) emitDomainEvent(db, 'evidence.linked', { opportunityId: id, insightIds: linked, by, at });
  return added;
}

/** Stores a new opportunity with its initiatives, evidence and first history row; a repeated submission returns the first. */
export function insertOpportunity(db: Db, input: NewOpportunity, now: Date): { opportunity: Opportunity; created: boolean } {
  const at = now.toISOString();
  const d = input.draft;
  const write = db.transaction((): { id: number; created: boolean } => {
    let sourceViewId = input.sourceViewId ?? null;
    if (sourceViewId) {
      // Scoped by person (issue 19, item 13): a forged submission reusing someone else's view id
      // must not get their pitch (a private draft, perhaps) back; it is stored without the id.
      const existing = stmt(db, 'SELECT id, owner_id AS ownerId FROM opportunities WHERE source_view_id = ?').get(sourceViewId) as { id: number; ownerId: string } | undefined;
      if (existing !== undefined && existing.ownerId === input.ownerId) return { id: existing.id, created: false };
      if (existing !== undefined) sourceViewId = null;
    }
    const result = stmt(
      db,
      `INSERT INTO opportunities (title, problem, segment, value_metric, value_today, value_target, value_per_year, kind, commitment, tribe,
         top_down, reach, impact, confidence, effort, score, status, owner_id, source_view_id, created_at, updated_at, updated_by, status_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      d.title, d.problem, d.segment, d.metric, d.today, d.target, d.valuePerYear, d.kind, d.commitment, d.tribe,
      d.topDown ? 1 : 0, d.reach, d.impact, d.confidence, d.effort, input.score, input.status, input.ownerId,
      sourceViewId, at, at, input.ownerId, at,
    );
    const id = Number(result.lastInsertRowid);
    writeInitiatives(db, id, d.initiatives);
    addLinks(db, id, d.evidenceIds, input.ownerId, at);
    stmt(db, 'INSERT INTO opportunity_history (opportunity_id, at, by_user, from_status, to_status, note) VALUES (?, ?, ?, NULL, ?, NULL)').run(id, at, input.ownerId, input.status);
    return { id, created: true };
  });
  // IMMEDIATE: the source_view_id check and the insert happen under one write lock.
  const { id, created } = write.immediate();
  const opportunity = getOpportunity(db, id);
  if (!opportunity) throw new Error(`opportunity ${id} vanished right after insert`);
  return { opportunity, created };
}

/**
 * An edit: every field of the draft. Evidence changes as a difference (what
 * the editor added and removed), so an insight linked from its triage card
 * while the modal was open is kept.
 */
export function updateOpportunity(
  db: Db,
  id: number,
  input: { draft: PitchDraft; score: number; by: string; evidenceBefore: readonly number[] },
  now: Date,
): Opportunity | undefined {
  const at = now.toISOString();
  const d = input.draft;
  const changed = db.transaction((): boolean => {
    const result = stmt(
      db,
      `UPDATE opportunities SET title = ?, problem = ?, segment = ?, value_metric = ?, value_today = ?, value_target = ?, value_per_year = ?,
         kind = ?, commitment = ?, tribe = ?, top_down = ?, reach = ?, impact = ?, confidence = ?, effort = ?, score = ?, updated_at = ?, updated_by = ?
       WHERE id = ?`,
    ).run(
      d.title, d.problem, d.segment, d.metric, d.today, d.target, d.valuePerYear, d.kind, d.commitment, d.tribe,
      d.topDown ? 1 : 0, d.reach, d.impact, d.confidence, d.effort, input.score, at, input.by, id,
    );
    if (result.changes !== 1) return false;
    writeInitiatives(db, id, d.initiatives);
    const selected = new Set(d.evidenceIds);
    const unlink = stmt(db, 'DELETE FROM opportunity_evidence WHERE opportunity_id = ? AND insight_id = ?');
    for (const before of input.evidenceBefore) if (!selected.has(before)) unlink.run(id, before);
    const before = new Set(input.evidenceBefore);
    addLinks(db, id, d.evidenceIds.filter((e) => !before.has(e)), input.by, at);
    return true;
  })();
  return changed ? getOpportunity(db, id) : undefined;
}

/** Links insights as evidence; already linked ones are left as they are. Returns how many links are new. */
export function linkEvidence(db: Db, id: number, insightIds: readonly number[], by: string, now: Date): number {
  return db.transaction(() => {
    const added = addLinks(db, id, insightIds, by, now.toISOString());
    if (added > 0) stmt(db, 'UPDATE opportunities SET updated_at = ?, updated_by = ? WHERE id = ?').run(now.toISOString(), by, id);
    return added;
  })();
}

/**
 * Moves an opportunity from `from` to `to` and records it, or does nothing
 * when its status is no longer `from` (someone else moved it first).
 */
export function recordTransition(db: Db, input: { id: number; from: Status; to: Status; by: string; note: string | null }, now: Date): boolean {
  const at = now.toISOString();
  return db.transaction((): boolean => {
    const moved = stmt(db, 'UPDATE opportunities SET status = ?, status_at = ?, updated_at = ?, updated_by = ? WHERE id = ? AND status = ?').run(
      input.to, at, at, input.by, input.id, input.from,
    );
    if (moved.changes !== 1) return false;
    stmt(db, 'INSERT INTO opportunity_history (opportunity_id, at, by_user, from_status, to_status, note) VALUES (?, ?, ?, ?, ?, ?)').run(
      input.id, at, input.by, input.from, input.to, input.note,
    );
    emitDomainEvent(db, 'opportunity.moved', { opportunityId: input.id, from: input.from, to: input.to, by: input.by, at, note: input.note });
    return true;
  })();
}

// ---------------------------------------------------------------------------
// The channel card: claimed with one conditional UPDATE so it is posted once
// ---------------------------------------------------------------------------

export const CARD_CLAIM_TIMEOUT_MS = 5 * 60_000;

export function claimCard(db: Db, id: number, now: Date): boolean {
  const stale = new Date(now.getTime() - CARD_CLAIM_TIMEOUT_MS).toISOString();
  return (
    stmt(
      db,
      `UPDATE opportunities SET card_claimed_at = ?
       WHERE id = ? AND card_ts IS NULL AND status <> 'draft' AND (card_claimed_at IS NULL OR card_claimed_at < ?)`,
    ).run(now.toISOString(), id, stale).changes === 1
  );
}

export function recordCard(db: Db, id: number, channel: string, ts: string): void {
  stmt(db, 'UPDATE opportunities SET card_channel = ?, card_ts = ? WHERE id = ?').run(channel, ts, id);
}

export function releaseCardClaim(db: Db, id: number): void {
  stmt(db, 'UPDATE opportunities SET card_claimed_at = NULL WHERE id = ? AND card_ts IS NULL').run(id);
}

/** Pitched (not draft) opportunities whose card is still to post, oldest first, created since `since`. */
export function undeliveredCardIds(db: Db, since: Date, limit: number): number[] {
  return stmt(db, "SELECT id FROM opportunities WHERE card_ts IS NULL AND status <> 'draft' AND created_at >= ? ORDER BY id LIMIT ?")
    .pluck()
    .all(since.toISOString(), limit) as number[];
}

// ---------------------------------------------------------------------------
// The ranked backlog
// ---------------------------------------------------------------------------

export interface ListQuery extends ListFilters {
  /** Who is looking: `mine` and `status:draft` are theirs. */
  viewer: string;
  /** 0-based. */
  page: number;
  pageSize: number;
}

export interface RankedPage {
  items: OpportunityRow[];
  total: number;
  page: number;
  pageSize: number;
}

/** WHERE terms and parameters for the list filters; the shapes match the migration's indexes. */
function where(filters: Omit<ListQuery, 'page' | 'pageSize'>): { sql: string; params: unknown[] } {
  const terms: string[] = [];
  const params: unknown[] = [];
  if (filters.status === 'open') terms.push(OPEN_SQL);
  else if (filters.status === 'all') terms.push("status <> 'draft'");
  else {
    terms.push('status = ?');
    params.push(filters.status);
  }
  // Drafts are private to their owner: they appear only as the owner's own.
  if (filters.mine || filters.status === 'draft') {
    terms.push('owner_id = ?');
    params.push(filters.viewer);
  }
  if (filters.tribe !== undefined) {
    terms.push('tribe = ?');
    params.push(filters.tribe);
  }
  if (filters.commitment !== undefined) {
    terms.push('commitment = ?');
    params.push(filters.commitment);
  }
  return { sql: terms.join(' AND '), params };
}

/**
 * The index that serves a filter shape. SQLite's planner, without statistics,
 * prefers `status IN (…)` on (status, score) plus a sort of every open row to
 * the partial index that is already in score order; on 100,000 rows that sort
 * is the whole cost. The shapes are few and known, so the index is named
 * (INDEXED BY), and test/opportunities/store.test.ts checks every shape's plan.
 * Rule 1: a person's own rows (mine, drafts) are few: the owner index when the status is one, the planner otherwise.
 * Rule 2: open backlog: the partial indexes, by tribe first (tribes are fewer and larger than commitments).
 * Rule 3: one status: the (…, status, score) indexes, by tribe first.
 * Rule 4: all statuses: the score index, filtering as it goes.
 */
function indexFor(filters: Omit<ListQuery, 'page' | 'pageSize'>): string | undefined {
  if (filters.mine || filters.status === 'draft') return filters.status === 'open' || filters.status === 'all' ? undefined : 'opportunities_by_owner';
  if (filters.status === 'open') {
    if (filters.tribe !== undefined) return 'opportunities_open_tribe_rank';
    return filters.commitment !== undefined ? 'opportunities_open_commitment_rank' : 'opportunities_open_rank';
  }
  if (filters.status === 'all') return 'opportunities_rank';
  if (filters.tribe !== undefined) return 'opportunities_tribe_status_rank';
  return filters.commitment !== undefined ? 'opportunities_commitment_status_rank' : 'opportunities_status_rank';
}

/** The SQL `listRanked` runs for these filters (for the query-plan test and the benchmark). */
export function listRankedSql(filters: Omit<ListQuery, 'page' | 'pageSize'>): { sql: string; countSql: string; params: unknown[] } {
  const w = where(filters);
  const index = indexFor(filters);
  const from = `opportunities${index ? ` INDEXED BY ${index}` : ''}`;
  return {
    sql: `SELECT ${COLUMNS} FROM ${from} WHERE ${w.sql} ORDER BY score DESC, id LIMIT ? OFFSET ?`,
    countSql: `SELECT COUNT(*) FROM ${from} WHERE ${w.sql}`,
    params: w.params,
  };
}

/**
 * One page of the backlog, best RICE score first, ties by id (older first).
 * The first page is read from an index in score order (no sort of the whole
 * backlog); the total is a count over the same index.
 */
export function listRanked(db: Db, query: ListQuery): RankedPage {
  const { sql, countSql, params } = listRankedSql(query);
  const rows = stmt(db, sql).all(...params, query.pageSize, query.page * query.pageSize) as Row[];
  const total = stmt(db, countSql).pluck().get(...params) as number;
  return { items: rows.map(toRow), total, page: query.page, pageSize: query.pageSize };
}

/** A person's opportunities in some statuses, best first (the agenda sign-up lists pitched and rework ones). */
export function opportunitiesOfOwner(db: Db, ownerId: string, statuses: readonly Status[]): OpportunityRow[] {
  if (statuses.length === 0) return [];
  const rows = stmt(
    db,
    `SELECT ${COLUMNS} FROM opportunities WHERE owner_id = ? AND status IN (${statuses.map(() => '?').join(', ')}) ORDER BY score DESC, id`,
  ).all(ownerId, ...statuses) as Row[];
  return rows.map(toRow);
}

/**
 * Opportunities whose title has these words (or whose id is `#N`), best first:
 * the picker on an insight's triage card. Drafts are offered to their owner only.
 */
export function searchByTitle(db: Db, query: string, viewer: string, limit: number): OpportunityRow[] {
  const q = query.trim();
  const id = /^#?(\d{1,15})$/.exec(q)?.[1];
  if (id !== undefined) {
    const row = getOpportunityRow(db, Number(id));
    return row && (row.status !== 'draft' || row.ownerId === viewer) ? [row] : [];
  }
  const words = q.toLowerCase().split(/\s+/).filter(Boolean).slice(0, 5);
  const likes = words.map(() => "lower(title) LIKE ? ESCAPE '\\'");
  const params = words.map((w) => `%${w.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
  const rows = stmt(
    db,
    `SELECT ${COLUMNS} FROM opportunities WHERE (status <> 'draft' OR owner_id = ?) ${likes.map((l) => `AND ${l}`).join(' ')}
     ORDER BY score DESC, id LIMIT ?`,
  ).all(viewer, ...params, limit) as Row[];
  return rows.map(toRow);
}

// ---------------------------------------------------------------------------
// Backlog health
// ---------------------------------------------------------------------------

/**
 * One GROUP BY (at most statuses × commitments × 2 × 2 rows), for summariseHealth,
 * read from a covering index: the planner would pick a commitment index that
 * is not covering and read 50,000 table rows for `commitment:` (decision 0011).
 */
export function healthCounts(db: Db, filters: { tribe?: string | undefined; commitment?: string | undefined } = {}): HealthCount[] {
  const terms: string[] = [];
  const params: unknown[] = [];
  if (filters.tribe !== undefined) {
    terms.push('tribe = ?');
    params.push(filters.tribe);
  }
  if (filters.commitment !== undefined) {
    terms.push('commitment = ?');
    params.push(filters.commitment);
  }
  // Grouped by a prefix of the index (in index order, no temporary B-tree), the evidence split counted
  // inside each group: grouping by `evidence_count > 0` made SQLite sort all 100,000 entries first
  // (32 ms instead of 10 ms at 100,000 opportunities, bench/suites/opportunities-scale.ts).
  const rows = stmt(
    db,
    `SELECT status, commitment, top_down AS topDown, COUNT(*) AS count, SUM(evidence_count = 0) AS bare
     FROM opportunities INDEXED BY ${filters.tribe !== undefined ? 'opportunities_tribe_health' : 'opportunities_health'}
     ${terms.length ? `WHERE ${terms.join(' AND ')}` : ''}
     GROUP BY status, commitment, top_down`,
  ).all(...params) as { status: Status; commitment: string; topDown: number; count: number; bare: number }[];
  const out: HealthCount[] = [];
  for (const r of rows) {
    const base = { status: r.status, commitment: r.commitment, topDown: r.topDown === 1 };
    if (r.bare > 0) out.push({ ...base, hasEvidence: false, count: r.bare });
    if (r.count > r.bare) out.push({ ...base, hasEvidence: true, count: r.count - r.bare });
  }
  return out;
}

/** The best-scored open opportunities without evidence: the first ones to back with insights. */
export function openWithoutEvidence(db: Db, filters: { tribe?: string | undefined; commitment?: string | undefined }, limit: number): OpportunityRow[] {
  const terms = [OPEN_SQL, 'evidence_count = 0'];
  const params: unknown[] = [];
  if (filters.tribe !== undefined) {
    terms.push('tribe = ?');
    params.push(filters.tribe);
  }
  if (filters.commitment !== undefined) {
    terms.push('commitment = ?');
    params.push(filters.commitment);
  }
  const rows = stmt(db, `SELECT ${COLUMNS} FROM opportunities WHERE ${terms.join(' AND ')} ORDER BY score DESC, id LIMIT ?`).all(...params, limit) as Row[];
  return rows.map(toRow);
}

// ---------------------------------------------------------------------------
// Export
// ---------------------------------------------------------------------------

export const EXPORT_COLUMNS = [
  'id',
  'created_at',
  'updated_at',
  'updated_by',
  'title',
  'problem',
  'segment',
  'value_metric',
  'value_today',
  'value_target',
  'value_per_year',
  'kind',
  'commitment',
  'tribe',
  'origin',
  'reach',
  'impact',
  'confidence',
  'effort',
  'score',
  'status',
  'status_at',
  'owner_id',
  'initiatives',
  'evidence_ids',
  'history',
  'card_channel',
  'card_ts',
] as const;

/** Every opportunity, oldest first, one row at a time; lists as JSON arrays. */
export function* exportOpportunities(db: Db): Generator<Record<string, unknown>> {
  const rows = db
    .prepare(
      `SELECT ${COLUMNS},
         (SELECT json_group_array(text) FROM (SELECT text FROM opportunity_initiatives WHERE opportunity_id = o.id ORDER BY position)) AS initiatives,
         (SELECT json_group_array(insight_id) FROM (SELECT insight_id FROM opportunity_evidence WHERE opportunity_id = o.id ORDER BY insight_id)) AS evidence_ids,
         (SELECT json_group_array(json_object('at', at, 'by', by_user, 'from', from_status, 'to', to_status, 'note', note))
            FROM (SELECT * FROM opportunity_history WHERE opportunity_id = o.id ORDER BY id)) AS history
       FROM opportunities o ORDER BY id`,
    )
    .iterate() as IterableIterator<Row & { initiatives: string; evidence_ids: string; history: string }>;
  for (const r of rows) {
    yield {
      id: r.id,
      created_at: r.created_at,
      updated_at: r.updated_at,
      updated_by: r.updated_by,
      title: r.title,
      problem: r.problem,
      segment: r.segment,
      value_metric: r.value_metric,
      value_today: r.value_today,
      value_target: r.value_target,
      value_per_year: r.value_per_year,
      kind: r.kind,
      commitment: r.commitment,
      tribe: r.tribe,
      origin: r.top_down === 1 ? 'top_down' : 'bottom_up',
      reach: r.reach,
      impact: r.impact,
      confidence: r.confidence,
      effort: r.effort,
      score: r.score,
      status: r.status,
      status_at: r.status_at,
      owner_id: r.owner_id,
      initiatives: JSON.parse(r.initiatives) as string[],
      evidence_ids: JSON.parse(r.evidence_ids) as number[],
      history: JSON.parse(r.history) as unknown[],
      card_channel: r.card_channel,
      card_ts: r.card_ts,
    };
  }
}

export function countOpportunities(db: Db): number {
  return stmt(db, 'SELECT COUNT(*) FROM opportunities').pluck().get() as number;
}
