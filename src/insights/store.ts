import type { Db } from '../db/open.js';
import type { InsightDraft, ListFilters } from './parse.js';
import { candidateWords, ftsAllOf, ftsAnyOf, ftsOr, ftsPhrase, looksDuplicate, significantTerms } from './similarity.js';
import type { InsightSource } from './text.js';
import { cachedStatement } from '../db/statements.js';
import { emitDomainEvent } from '../core/events.js';

/*
 * Insight SQL. Plain functions over a better-sqlite3 handle, usable outside
 * Bolt (jobs, the CLI, benchmarks). Every write is one synchronous transaction.
 */

export type InsightStatus = 'new' | 'triaged' | 'archived';

export interface Insight {
  id: number;
  text: string;
  source: InsightSource;
  customer: string | null;
  arr: number | null;
  segment: string | null;
  tribe: string | null;
  impactTeam: string | null;
  tags: string[];
  reporterId: string;
  voiceId: string | null;
  channelId: string | null;
  messageTs: string | null;
  permalink: string | null;
  status: InsightStatus;
  duplicateOf: number | null;
  createdAt: string;
  updatedAt: string;
  triagedBy: string | null;
  triagedAt: string | null;
  archivedBy: string | null;
  archivedAt: string | null;
  triageChannel: string | null;
  triageTs: string | null;
  /** Opportunities this insight is evidence for (read by getInsight; absent elsewhere). */
  opportunityIds?: number[];
}

interface InsightRow {
  id: number;
  text: string;
  source: InsightSource;
  customer: string | null;
  arr: number | null;
  segment: string | null;
  tribe: string | null;
  impact_team: string | null;
  tags: string;
  reporter_id: string;
  voice_id: string | null;
  channel_id: string | null;
  message_ts: string | null;
  permalink: string | null;
  status: InsightStatus;
  duplicate_of: number | null;
  created_at: string;
  updated_at: string;
  triaged_by: string | null;
  triaged_at: string | null;
  archived_by: string | null;
  archived_at: string | null;
  triage_channel: string | null;
  triage_ts: string | null;
  /** JSON list, when the query asked for it. */
  opportunity_ids?: string;
}

const COLUMNS = `i.id, i.text, i.source, i.customer, i.arr, i.segment, i.tribe, i.impact_team, i.tags, i.reporter_id, i.voice_id,
  i.channel_id, i.message_ts, i.permalink, i.status, i.duplicate_of, i.created_at, i.updated_at, i.triaged_by, i.triaged_at,
  i.archived_by, i.archived_at, i.triage_channel, i.triage_ts`;

function toInsight(row: InsightRow): Insight {
  return {
    id: row.id,
    text: row.text,
    source: row.source,
    customer: row.customer,
    arr: row.arr,
    segment: row.segment,
    tribe: row.tribe,
    impactTeam: row.impact_team,
    tags: row.tags === '' ? [] : row.tags.split(' '),
    reporterId: row.reporter_id,
    voiceId: row.voice_id,
    channelId: row.channel_id,
    messageTs: row.message_ts,
    permalink: row.permalink,
    status: row.status,
    duplicateOf: row.duplicate_of,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    triagedBy: row.triaged_by,
    triagedAt: row.triaged_at,
    archivedBy: row.archived_by,
    archivedAt: row.archived_at,
    triageChannel: row.triage_channel,
    triageTs: row.triage_ts,
    ...(row.opportunity_ids !== undefined ? { opportunityIds: JSON.parse(row.opportunity_ids) as number[] } : {}),
  };
}

const stmt = cachedStatement;

export interface NewInsight extends InsightDraft {
  reporterId: string;
  voiceId?: string | null;
  channelId?: string | null;
  messageTs?: string | null;
  permalink?: string | null;
}

export function insertInsight(db: Db, input: NewInsight, now: Date): Insight {
  const at = now.toISOString();
  const write = db.transaction((): number => {
    const result = stmt(
      db,
      // The next number above any ever handed out (migrations/0032): an undone #4 leaves #4 unused.
      `INSERT INTO insights (id, text, source, customer, arr, segment, tribe, tags, reporter_id, voice_id, channel_id, message_ts, permalink, created_at, updated_at)
       VALUES (MAX(COALESCE((SELECT MAX(id) FROM insights), 0), COALESCE((SELECT last FROM insight_numbers WHERE one = 1), 0)) + 1,
         ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      input.text,
      input.source,
      input.customer,
      input.arr,
      input.segment,
      input.tribe,
      input.tags.join(' '),
      input.reporterId,
      input.voiceId ?? null,
      input.channelId ?? null,
      input.messageTs ?? null,
      input.permalink ?? null,
      at,
      at,
    );
    const id = Number(result.lastInsertRowid);
    const tag = stmt(db, 'INSERT INTO insight_tags (tag, insight_id) VALUES (?, ?)');
    for (const t of input.tags) tag.run(t, id);
    return id;
  });
  const id = write();
  const created = getInsight(db, id);
  if (!created) throw new Error(`insight ${id} vanished right after insert`);
  return created;
}

export function getInsight(db: Db, id: number): Insight | undefined {
  const row = stmt(
    db,
    `SELECT ${COLUMNS},
       (SELECT json_group_array(opportunity_id) FROM (SELECT e.opportunity_id FROM opportunity_evidence e WHERE e.insight_id = i.id ORDER BY e.opportunity_id)) AS opportunity_ids
     FROM insights i WHERE i.id = ?`,
  ).get(id) as InsightRow | undefined;
  return row ? toInsight(row) : undefined;
}

export function getInsights(db: Db, ids: readonly number[]): Insight[] {
  return ids.map((id) => getInsight(db, id)).filter((x): x is Insight => x !== undefined);
}

export function deleteInsight(db: Db, id: number): boolean {
  return stmt(db, 'DELETE FROM insights WHERE id = ?').run(id).changes === 1;
}

function replaceTags(db: Db, id: number, tags: readonly string[]): void {
  stmt(db, 'DELETE FROM insight_tags WHERE insight_id = ?').run(id);
  const ins = stmt(db, 'INSERT INTO insight_tags (tag, insight_id) VALUES (?, ?)');
  for (const t of tags) ins.run(t, id);
}

/** Edits from "Add details": every draft field; the impact team is dropped when the tribe changes. */
export function updateInsightDetails(db: Db, id: number, draft: InsightDraft, now: Date): Insight | undefined {
  const apply = db.transaction(() => {
    const changed = stmt(
      db,
      `UPDATE insights SET text = ?, source = ?, customer = ?, arr = ?, segment = ?, tags = ?,
         impact_team = CASE WHEN tribe IS ? THEN impact_team ELSE NULL END, tribe = ?, updated_at = ?
       WHERE id = ?`,
    ).run(draft.text, draft.source, draft.customer, draft.arr, draft.segment, draft.tags.join(' '), draft.tribe, draft.tribe, now.toISOString(), id);
    if (changed.changes === 1) replaceTags(db, id, draft.tags);
    return changed.changes === 1;
  });
  return apply() ? getInsight(db, id) : undefined;
}

/** A triage action by a permitted person: marks the insight triaged the first time. */
function triaged(db: Db, id: number, by: string, at: string): void {
  const first = stmt(db, "SELECT status = 'new' AS first FROM insights WHERE id = ?").pluck().get(id) === 1;
  stmt(
    db,
    `UPDATE insights SET status = CASE WHEN status = 'new' THEN 'triaged' ELSE status END,
       triaged_by = COALESCE(triaged_by, ?), triaged_at = COALESCE(triaged_at, ?), updated_at = ? WHERE id = ?`,
  ).run(by, at, at, id);
  // Inside the caller's transaction (src/core/events.ts, Rule 1).
  if (first) emitDomainEvent(db, 'insight.triaged', { insightId: id, by, at });
}

export function setTags(db: Db, id: number, tags: readonly string[], by: string, now: Date): Insight | undefined {
  const at = now.toISOString();
  db.transaction(() => {
    if (stmt(db, 'UPDATE insights SET tags = ? WHERE id = ?').run(tags.join(' '), id).changes === 0) return;
    replaceTags(db, id, tags);
    triaged(db, id, by, at);
  })();
  return getInsight(db, id);
}

export function assignTeam(db: Db, id: number, team: string, by: string, now: Date): Insight | undefined {
  db.transaction(() => {
    if (stmt(db, 'UPDATE insights SET impact_team = ? WHERE id = ?').run(team, id).changes === 0) return;
    triaged(db, id, by, now.toISOString());
  })();
  return getInsight(db, id);
}

export function archiveInsight(db: Db, id: number, by: string, now: Date): Insight | undefined {
  const at = now.toISOString();
  stmt(
    db,
    `UPDATE insights SET status = 'archived', archived_by = ?, archived_at = ?,
       triaged_by = COALESCE(triaged_by, ?), triaged_at = COALESCE(triaged_at, ?), updated_at = ? WHERE id = ?`,
  ).run(by, at, by, at, at, id);
  return getInsight(db, id);
}

export function restoreInsight(db: Db, id: number, now: Date): Insight | undefined {
  stmt(
    db,
    `UPDATE insights SET status = CASE WHEN triaged_at IS NULL THEN 'new' ELSE 'triaged' END,
       archived_by = NULL, archived_at = NULL, updated_at = ? WHERE id = ? AND status = 'archived'`,
  ).run(now.toISOString(), id);
  return getInsight(db, id);
}

/** Sends an inbox insight to a tribe: its card is posted again, in the tribe's channel. */
export function routeToTribe(db: Db, id: number, tribe: string, now: Date): Insight | undefined {
  stmt(
    db,
    `UPDATE insights SET tribe = ?, impact_team = NULL, triage_channel = NULL, triage_ts = NULL, triage_claimed_at = NULL, updated_at = ?
     WHERE id = ?`,
  ).run(tribe, now.toISOString(), id);
  return getInsight(db, id);
}

export function markDuplicate(db: Db, id: number, of: number, now: Date): Insight | undefined {
  stmt(db, 'UPDATE insights SET duplicate_of = ?, updated_at = ? WHERE id = ? AND id <> ?').run(of, now.toISOString(), id, of);
  return getInsight(db, id);
}

export type MergeResult =
  | { merged: true; insight: Insight; into: number }
  | { merged: false; reason: 'gone' | 'same' | 'already'; insight?: Insight; into?: number };

/**
 * "Same as #1" confirmed (issue 14 item 12, decision 0033), in one transaction:
 * Rule 1: the merge targets the original: merging into an insight that was itself
 *         merged goes to the one it was merged into;
 * Rule 2: once: a conditional UPDATE on `duplicate_of IS NULL`, so a second click
 *         (or a second person) finds it merged and changes nothing;
 * Rule 3: the insight joins the original's tribe (no impact team) and counts as triaged;
 * Rule 4: its evidence links move to the original (kept once per opportunity), and a
 *         later link to it goes to the original (trigger of migrations/0032):
 *         the customer's words count once.
 */
export function mergeInsight(db: Db, id: number, into: number, by: string, now: Date): MergeResult {
  const at = now.toISOString();
  return db.transaction((): MergeResult => {
    const target = getInsight(db, into);
    const insight = getInsight(db, id);
    if (!target || !insight) return { merged: false, reason: 'gone' };
    const root = target.duplicateOf ?? target.id;
    if (root === id) return { merged: false, reason: 'same', insight };
    if (insight.duplicateOf !== null) return { merged: false, reason: 'already', insight, into: insight.duplicateOf };
    const changed = stmt(
      db,
      `UPDATE insights SET duplicate_of = ?, tribe = (SELECT tribe FROM insights WHERE id = ?), impact_team = NULL, updated_at = ?
       WHERE id = ? AND duplicate_of IS NULL`,
    ).run(root, root, at, id).changes;
    if (changed !== 1) return { merged: false, reason: 'already', insight };
    stmt(
      db,
      `INSERT INTO opportunity_evidence (opportunity_id, insight_id, linked_by, linked_at)
       SELECT opportunity_id, ?, linked_by, linked_at FROM opportunity_evidence WHERE insight_id = ? ON CONFLICT DO NOTHING`,
    ).run(root, id);
    stmt(db, 'DELETE FROM opportunity_evidence WHERE insight_id = ?').run(id);
    triaged(db, id, by, at);
    const merged = getInsight(db, id);
    if (!merged) throw new Error(`insight ${id} vanished while being merged`);
    return { merged: true, insight: merged, into: root };
  })();
}

/** Keeps a card from being posted before `until` (a duplicate awaiting its reporter's answer); the delivery job posts it after. */
export function holdDelivery(db: Db, id: number, until: Date): void {
  stmt(db, 'UPDATE insights SET triage_next_at = ? WHERE id = ? AND triage_ts IS NULL').run(until.toISOString(), id);
}

// ---------------------------------------------------------------------------
// Triage card delivery: claimed with one conditional UPDATE so a card is posted once
// ---------------------------------------------------------------------------

/** How long a claim holds before another run may try again (a crash mid-post). */
export const CLAIM_TIMEOUT_MS = 5 * 60_000;

export function claimDelivery(db: Db, id: number, now: Date): boolean {
  const stale = new Date(now.getTime() - CLAIM_TIMEOUT_MS).toISOString();
  return (
    stmt(
      db,
      `UPDATE insights SET triage_claimed_at = ?
       WHERE id = ? AND triage_ts IS NULL AND (triage_claimed_at IS NULL OR triage_claimed_at < ?)`,
    ).run(now.toISOString(), id, stale).changes === 1
  );
}

export function recordDelivery(db: Db, id: number, channel: string, ts: string): boolean {
  return stmt(db, 'UPDATE insights SET triage_channel = ?, triage_ts = ? WHERE id = ?').run(channel, ts, id).changes === 1;
}

export function releaseClaim(db: Db, id: number): void {
  stmt(db, 'UPDATE insights SET triage_claimed_at = NULL WHERE id = ? AND triage_ts IS NULL').run(id);
}

/**
 * Insights whose card is still to post, among those with somewhere to go (issue 19, item 5):
 * Rule 1: a card Slack refused for good (triage_error) is not tried again;
 * Rule 2: a card that failed waits for its own back-off (triage_next_at);
 * Rule 3: the least-tried first, then the oldest: cards that keep failing cannot
 *         hold the first places of every run.
 */
export function undeliveredIds(db: Db, opts: { since: Date; tribes: readonly string[]; inbox: boolean; limit: number; now?: Date }): number[] {
  const where = [`i.tribe IN (${opts.tribes.map(() => '?').join(', ') || "''"})`];
  if (opts.inbox) where.push('i.tribe IS NULL');
  const rows = stmt(
    db,
    `SELECT i.id FROM insights i
     WHERE i.triage_ts IS NULL AND i.triage_error IS NULL AND i.duplicate_of IS NULL AND i.created_at >= ? AND (i.triage_next_at IS NULL OR i.triage_next_at <= ?)
       AND (${where.join(' OR ')})
     ORDER BY i.triage_attempts, i.id LIMIT ?`,
  ).all(opts.since.toISOString(), (opts.now ?? new Date(8.64e15)).toISOString(), ...opts.tribes, opts.limit) as { id: number }[];
  return rows.map((r) => r.id);
}

/** A failed post: back off (transient), or give up for good (permanent: the error is kept). */
export function recordDeliveryFailure(db: Db, id: number, failure: { permanent: boolean; error: string; retryAt: Date }): void {
  stmt(
    db,
    `UPDATE insights SET triage_attempts = triage_attempts + 1, triage_next_at = ?, triage_error = ?, triage_claimed_at = NULL
     WHERE id = ? AND triage_ts IS NULL`,
  ).run(failure.retryAt.toISOString(), failure.permanent ? failure.error.slice(0, 200) : null, id);
}

export function triageAttempts(db: Db, id: number): number {
  return (stmt(db, 'SELECT triage_attempts FROM insights WHERE id = ?').pluck().get(id) as number | undefined) ?? 0;
}

// ---------------------------------------------------------------------------
// Finding
// ---------------------------------------------------------------------------

export interface Page {
  items: Insight[];
  /** How many matched in all (capped: see `totalCapped`). */
  total: number;
  /** True when there are more than COUNT_CAP matches and `total` is the cap. */
  totalCapped: boolean;
}

/** Counting stops here: "more than 1000" is as useful as the exact figure and stays fast on a million rows. */
export const COUNT_CAP = 1000;

function cappedCount(db: Db, innerSql: string, params: unknown[]): { total: number; totalCapped: boolean } {
  const row = stmt(db, `SELECT COUNT(*) AS n FROM (${innerSql} LIMIT ${COUNT_CAP + 1})`).get(...params) as { n: number };
  return row.n > COUNT_CAP ? { total: COUNT_CAP, totalCapped: true } : { total: row.n, totalCapped: false };
}

/**
 * Full-text search, best matches first (bm25, weights set in the migration).
 * Rule 1: every word must match; Rule 2: when no insight has them all, any word may.
 */
export function searchInsights(db: Db, input: string, limit = 10, offset = 0): Page & { matchedAll: boolean } {
  const all = ftsAllOf(input);
  if (!all) return { items: [], total: 0, totalCapped: false, matchedAll: true };
  const first = runSearch(db, all, limit, offset);
  if (first.total > 0) return { ...first, matchedAll: true };
  const any = ftsAnyOf(input);
  if (!any || any === all) return { ...first, matchedAll: true };
  return { ...runSearch(db, any, limit, offset), matchedAll: false };
}

/**
 * Ranking reads at most the newest RANK_WINDOW matches (decision 0006).
 * Rule 1: a query matching fewer insights is ranked exactly, over all of them.
 * Rule 2: a broad query ("checkout" on a million insights) ranks the newest 5,000
 *         matches: FTS5's bm25 costs one evaluation per match, and recent
 *         feedback is what people look for; more words narrow it down.
 * The weights favour the verbatim, then tags, then the customer (as the table's `rank`).
 */
export const RANK_WINDOW = 5000;
const BM25 = 'bm25(insights_fts, 10.0, 2.0, 5.0)';

function runSearch(db: Db, match: string, limit: number, offset: number): Page {
  const ids = stmt(
    db,
    `SELECT id FROM (SELECT rowid AS id, ${BM25} AS score FROM insights_fts WHERE insights_fts MATCH ? ORDER BY rowid DESC LIMIT ${RANK_WINDOW})
     ORDER BY score, id DESC LIMIT ? OFFSET ?`,
  ).all(match, limit, offset) as { id: number }[];
  const items = getInsights(db, ids.map((r) => r.id));
  // The total counts every match (pages go on from it), exact below the cap.
  const count =
    offset === 0 && ids.length < limit ? { total: ids.length, totalCapped: false } : cappedCount(db, 'SELECT rowid FROM insights_fts WHERE insights_fts MATCH ?', [match]);
  return { items, ...count };
}

export interface ListQuery extends Omit<ListFilters, 'reporter'> {
  reporter?: string | undefined;
}

/** Newest first, with the filters of `/insight list`; archived insights only when asked for. */
export function listInsights(db: Db, filters: ListQuery, limit = 10, offset = 0): Page {
  const where: string[] = [];
  const params: unknown[] = [];
  let from = 'insights i';
  filters.tags.forEach((tag, n) => {
    from += ` JOIN insight_tags t${n} ON t${n}.insight_id = i.id AND t${n}.tag = ?`;
    params.push(tag);
  });
  if (filters.tribe !== undefined) {
    where.push('i.tribe = ?');
    params.push(filters.tribe);
  }
  if (filters.customer !== undefined) {
    where.push('i.customer = ?');
    params.push(filters.customer);
  }
  if (filters.reporter !== undefined) {
    where.push('i.reporter_id = ?');
    params.push(filters.reporter);
  }
  if (filters.archived) where.push("i.status = 'archived'");
  else if (filters.untriaged) where.push("i.status = 'new'");
  else where.push("i.status <> 'archived'");
  const order = filters.tags.length ? 't0.insight_id DESC' : 'i.id DESC';
  const base = `SELECT i.id FROM ${from} WHERE ${where.join(' AND ')} ORDER BY ${order}`;
  const ids = stmt(db, `${base} LIMIT ? OFFSET ?`).all(...params, limit, offset) as { id: number }[];
  const items = getInsights(db, ids.map((r) => r.id));
  const count = offset === 0 && ids.length < limit ? { total: ids.length, totalCapped: false } : cappedCount(db, base, params);
  return { items, ...count };
}

/**
 * Insights recently logged that read like `text` (see similarity.ts for the rules).
 * The cost is bounded whatever the table size:
 * Rule 1: only the 6 rarest words of the new text look for candidates (a word found
 *         in a third of all insights says nothing about a duplicate, and costs the most);
 * Rule 2: only the newest 2,000 insights having one of them are scored, and only
 *         those inside the time window and among the newest `window` insights count;
 * Rule 3: the 20 best by bm25 are compared word by word (Dice), which decides.
 */
/**
 * Recent insights that read like `text` (the duplicate hint), best first.
 * `before` (an insight id) looks only at insights logged before that one, as
 * if the hint had been computed just before it was stored: the hint runs after
 * the ack, once the new insight is already in the table and in the index.
 */
export function findSimilar(db: Db, text: string, opts: { since: Date; before?: number; limit?: number; window?: number }): Insight[] {
  const candidatesWords = candidateWords(text);
  if (candidatesWords.length === 0) return [];
  // A new insight's id is above every id in the table (rowid = max + 1), so every insight logged
  // before it has a smaller one: a rowid bound, which FTS5 applies while it reads its index.
  const before = opts.before ?? Number.MAX_SAFE_INTEGER;
  const newest = (stmt(db, 'SELECT MAX(id) AS id FROM insights WHERE id < ?').get(before) as { id: number | null }).id ?? 0;
  // The first insight logged inside the window, read from the created_at index (one seek).
  const firstRecent = (stmt(db, 'SELECT id FROM insights WHERE created_at >= ? ORDER BY created_at LIMIT 1').get(opts.since.toISOString()) as
    | { id: number }
    | undefined)?.id;
  if (firstRecent === undefined || firstRecent >= before) return [];
  const floor = Math.max(firstRecent, newest - (opts.window ?? 5000));
  const rarest = candidatesWords
    .map((word) => ({ word, n: cappedCount(db, 'SELECT rowid FROM insights_fts WHERE insights_fts MATCH ? AND rowid < ?', [ftsPhrase(word), before]).total }))
    .filter((x) => x.n > 0)
    .sort((a, b) => a.n - b.n)
    .slice(0, 6)
    .map((x) => x.word);
  const query = ftsOr(rarest);
  if (!query) return [];
  const candidates = stmt(
    db,
    `SELECT c.id AS id, i.text AS text FROM (
       SELECT rowid AS id, ${BM25} AS score FROM insights_fts WHERE insights_fts MATCH ? AND rowid < ? ORDER BY rowid DESC LIMIT 2000
     ) c JOIN insights i ON i.id = c.id
     WHERE c.id >= ? AND i.status <> 'archived' AND i.duplicate_of IS NULL ORDER BY c.score LIMIT 20`,
  ).all(query, before, floor) as { id: number; text: string }[];
  const mine = significantTerms(text);
  const ids = candidates.filter((c) => looksDuplicate(mine, significantTerms(c.text))).map((c) => c.id);
  return getInsights(db, ids.slice(0, opts.limit ?? 3));
}

// ---------------------------------------------------------------------------
// Export and the opportunities seam
// ---------------------------------------------------------------------------

export const EXPORT_COLUMNS = [
  'id',
  'created_at',
  'updated_at',
  'text',
  'source',
  'customer',
  'arr',
  'segment',
  'tribe',
  'impact_team',
  'tags',
  'status',
  'reporter_id',
  'voice_id',
  'channel_id',
  'message_ts',
  'permalink',
  'duplicate_of',
  'triaged_by',
  'triaged_at',
  'archived_by',
  'archived_at',
  'triage_channel',
  'triage_ts',
  'opportunity_ids',
  'notifications',
] as const;

/**
 * "When each reporter was told what" (issue 15): the closing-the-loop DMs that
 * reached Slack about this insight, read from the notifications tables
 * (migrations/0020) by SQL only, so this store imports nothing from src/notifications.
 */
const NOTICES_SENT = `SELECT json_group_array(json_object('at', d.finished_at, 'to', n.recipient, 'kind', n.kind, 'opportunity', n.opportunity_id))
  FROM loop_notices n JOIN delivery_outbox d ON d.dedupe_key = n.batch_key AND d.status = 'sent' WHERE n.insight_id = i.id`;

/** Every insight, oldest first, streamed row by row (never the whole table in memory). */
export function* exportInsights(db: Db): Generator<Record<string, unknown>> {
  const rows = db
    .prepare(
      `SELECT ${COLUMNS}, (SELECT json_group_array(e.opportunity_id) FROM opportunity_evidence e WHERE e.insight_id = i.id) AS opportunity_ids,
         (${NOTICES_SENT}) AS notifications
       FROM insights i ORDER BY i.id`,
    )
    .iterate() as IterableIterator<InsightRow & { opportunity_ids: string; notifications: string }>;
  for (const row of rows) {
    yield {
      ...row,
      tags: row.tags === '' ? [] : row.tags.split(' '),
      opportunity_ids: JSON.parse(row.opportunity_ids) as number[],
      notifications: JSON.parse(row.notifications) as { at: string; to: string; kind: string; opportunity: number | null }[],
    };
  }
}

export function countInsights(db: Db): number {
  return (stmt(db, 'SELECT COUNT(*) AS n FROM insights').get() as { n: number }).n;
}

/** Forgets where the card was so the delivery posts a fresh one (after a tribe change). */
export function resetDelivery(db: Db, id: number): void {
  stmt(db, 'UPDATE insights SET triage_channel = NULL, triage_ts = NULL, triage_claimed_at = NULL WHERE id = ?').run(id);
}
