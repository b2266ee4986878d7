import type { OrgConfig } from '../config/org.js';
import type { Db } from '../db/open.js';

/*
 * The digest's reads: aggregates computed by SQLite over indexed ranges, so a
 * digest over a million insights reads the week's rows, not the table. Each
 * function returns plain rows; src/digests/model.ts turns them into a digest.
 */

// Declared in core so the features adding digest sections (health, pairing) need not import the digest.
import type { DigestScope, Period } from '../core/period.js';
export type { DigestScope, Period };

export interface CountRow {
  key: string | null;
  n: number;
}

export interface AccountRow {
  customer: string;
  arr: number | null;
  segment: string | null;
  n: number;
}

export interface UntriagedRow {
  id: number;
  tribe: string | null;
  created_at: string;
  text: string;
  triage_channel: string | null;
  triage_ts: string | null;
}

export interface InsightAggregates {
  count: number;
  previousCount: number;
  bySource: CountRow[];
  topTags: CountRow[];
  weightiest: AccountRow[];
  untriagedByTribe: CountRow[];
  oldestUntriaged: UntriagedRow | undefined;
}

const iso = (d: Date) => d.toISOString();

/** `AND tribe = ?` when scoped to a tribe; the parameter list grows to match. */
function tribeFilter(scope: DigestScope, column = 'tribe'): { sql: string; params: string[] } {
  return scope.tribe === undefined ? { sql: '', params: [] } : { sql: ` AND ${column} = ?`, params: [scope.tribe] };
}

export function insightAggregates(db: Db, scope: DigestScope, period: Period, previous: Period, topN: number): InsightAggregates {
  const t = tribeFilter(scope);
  const range = [iso(period.from), iso(period.to)];
  const count = (p: Period) =>
    (db.prepare(`SELECT COUNT(*) AS n FROM insights WHERE created_at >= ? AND created_at < ?${t.sql}`).get(iso(p.from), iso(p.to), ...t.params) as { n: number }).n;
  const bySource = db
    .prepare(`SELECT source AS key, COUNT(*) AS n FROM insights WHERE created_at >= ? AND created_at < ?${t.sql} GROUP BY source ORDER BY n DESC, source`)
    .all(...range, ...t.params) as CountRow[];
  const ti = tribeFilter(scope, 'i.tribe');
  const topTags = db
    .prepare(
      `SELECT g.tag AS key, COUNT(*) AS n FROM insights i JOIN insight_tags g ON g.insight_id = i.id
       WHERE i.created_at >= ? AND i.created_at < ?${ti.sql} GROUP BY g.tag ORDER BY n DESC, g.tag LIMIT ?`,
    )
    .all(...range, ...ti.params, topN) as CountRow[];
  // Weightiest accounts: by ARR when known, then by how many insights they sent this period.
  const weightiest = db
    .prepare(
      `SELECT MIN(customer COLLATE BINARY) AS customer, MAX(arr) AS arr, MAX(segment) AS segment, COUNT(*) AS n FROM insights
       WHERE created_at >= ? AND created_at < ? AND customer IS NOT NULL${t.sql}
       GROUP BY customer COLLATE NOCASE ORDER BY MAX(arr) IS NULL, MAX(arr) DESC, n DESC, customer LIMIT ?`,
    )
    .all(...range, ...t.params, topN) as AccountRow[];
  const untriagedByTribe = db
    .prepare(`SELECT tribe AS key, COUNT(*) AS n FROM insights WHERE status = 'new'${t.sql} GROUP BY tribe ORDER BY n DESC, tribe IS NULL, tribe`)
    .all(...t.params) as CountRow[];
  const oldestUntriaged = db
    .prepare(
      `SELECT id, tribe, created_at, text, triage_channel, triage_ts FROM insights WHERE status = 'new'${t.sql} ORDER BY id LIMIT 1`,
    )
    .get(...t.params) as UntriagedRow | undefined;
  return { count: count(period), previousCount: count(previous), bySource, topTags, weightiest, untriagedByTribe, oldestUntriaged };
}

export interface OpenBugRow {
  team: string | null;
  open: number;
  dueSoon: number;
  breached: number;
}

export interface ResolvedBugRow {
  team: string | null;
  qualified_at: string;
  clock_started_at: string;
  deadline: string;
  resolved_at: string;
}

export interface BreachedBugRow {
  key: string;
  title: string;
  team: string | null;
  deadline: string;
  url: string | null;
}

export interface BugAggregates {
  open: OpenBugRow[];
  resolved: ResolvedBugRow[];
  worstBreached: BreachedBugRow[];
}

/** The teams a scope covers: a tribe's impact teams, or every team (undefined). */
export function teamsOf(org: OrgConfig, scope: DigestScope): string[] | undefined {
  if (scope.tribe === undefined) return undefined;
  return org.tribes.find((t) => t.key === scope.tribe)?.impactTeams.map((team) => team.key) ?? [];
}

export function bugAggregates(db: Db, teams: readonly string[] | undefined, now: Date, dueSoonHours: number, windowDays: number, topN: number): BugAggregates {
  const teamSql = teams === undefined ? '' : ` AND team IN (${teams.map(() => '?').join(',') || 'NULL'})`;
  const teamParams = teams ?? [];
  const nowIso = iso(now);
  const soonIso = iso(new Date(now.getTime() + dueSoonHours * 3_600_000));
  const open = db
    .prepare(
      `SELECT team, COUNT(*) AS open,
              SUM(deadline > ? AND deadline <= ?) AS dueSoon,
              SUM(deadline <= ?) AS breached
       FROM bugs WHERE resolved_at IS NULL AND qualified_at <= ?${teamSql} GROUP BY team ORDER BY team`,
    )
    .all(nowIso, soonIso, nowIso, nowIso, ...teamParams) as OpenBugRow[];
  const since = iso(new Date(now.getTime() - windowDays * 86_400_000));
  const resolved = db
    .prepare(
      `SELECT team, qualified_at, clock_started_at, deadline, resolved_at FROM bugs
       WHERE resolved_at IS NOT NULL AND resolved_at >= ? AND resolved_at <= ? AND dropped_at IS NULL${teamSql}`,
    )
    .all(since, nowIso, ...teamParams) as ResolvedBugRow[];
  const worstBreached = db
    .prepare(
      `SELECT key, title, team, deadline, url FROM bugs
       WHERE resolved_at IS NULL AND deadline <= ?${teamSql} ORDER BY deadline, key LIMIT ?`,
    )
    .all(nowIso, ...teamParams, topN) as BreachedBugRow[];
  return { open, resolved, worstBreached };
}

export interface OpportunityLine {
  id: number;
  title: string;
  score: number;
  status: string;
}

export interface DecisionLine {
  id: number;
  title: string;
  to_status: string;
  note: string | null;
}

export interface OpportunityAggregates {
  newPitches: number;
  newPitchList: OpportunityLine[];
  top: OpportunityLine[];
  decisions: DecisionLine[];
  decisionCount: number;
  withoutEvidence: number;
  /** Days from the first linked insight to shipping, for opportunities shipped in the health window. */
  insightToShipDays: number[];
}

/** The open backlog (opportunities/lifecycle.ts OPEN_STATUSES), spelled out so SQLite matches the partial indexes. */
const OPEN = `('pitched', 'on_agenda', 'go', 'rework', 'in_roadmap')`;

export function opportunityAggregates(db: Db, scope: DigestScope, period: Period, now: Date, topN: number, healthWindowDays: number): OpportunityAggregates {
  const t = tribeFilter(scope, 'o.tribe');
  const range = [iso(period.from), iso(period.to)];
  // A pitch is counted once per period, whatever draft/rework round trips it made.
  const pitched = `SELECT DISTINCT h.opportunity_id AS id FROM opportunity_history h JOIN opportunities o ON o.id = h.opportunity_id
                   WHERE h.at >= ? AND h.at < ? AND h.to_status = 'pitched' AND (h.from_status IS NULL OR h.from_status = 'draft')${t.sql}`;
  const newPitches = (db.prepare(`SELECT COUNT(*) AS n FROM (${pitched})`).get(...range, ...t.params) as { n: number }).n;
  const newPitchList = db
    .prepare(`SELECT o.id, o.title, o.score, o.status FROM opportunities o WHERE o.id IN (${pitched}) ORDER BY o.score DESC, o.id LIMIT ?`)
    .all(...range, ...t.params, topN) as OpportunityLine[];
  const top = db
    .prepare(`SELECT o.id, o.title, o.score, o.status FROM opportunities o WHERE o.status IN ${OPEN}${t.sql} ORDER BY o.score DESC, o.id LIMIT ?`)
    .all(...t.params, topN) as OpportunityLine[];
  const decisionsWhere = `FROM opportunity_history h JOIN opportunities o ON o.id = h.opportunity_id
                          WHERE h.at >= ? AND h.at < ? AND h.to_status IN ('go', 'rework', 'no_go')${t.sql}`;
  const decisionCount = (db.prepare(`SELECT COUNT(*) AS n ${decisionsWhere}`).get(...range, ...t.params) as { n: number }).n;
  const decisions = db
    .prepare(`SELECT o.id, o.title, h.to_status, h.note ${decisionsWhere} ORDER BY h.at, h.id LIMIT ?`)
    .all(...range, ...t.params, topN) as DecisionLine[];
  const withoutEvidence = (
    db.prepare(`SELECT COUNT(*) AS n FROM opportunities o WHERE o.status IN ${OPEN} AND o.evidence_count = 0${t.sql}`).get(...t.params) as { n: number }
  ).n;
  const since = iso(new Date(now.getTime() - healthWindowDays * 86_400_000));
  const shipped = db
    .prepare(
      `SELECT (julianday(h.at) - julianday(MIN(i.created_at))) AS days
       FROM opportunity_history h
       JOIN opportunities o ON o.id = h.opportunity_id
       JOIN opportunity_evidence e ON e.opportunity_id = o.id
       JOIN insights i ON i.id = e.insight_id
       WHERE h.to_status = 'shipped' AND h.at >= ? AND h.at <= ?${t.sql}
       GROUP BY h.id`,
    )
    .all(since, iso(now), ...t.params) as { days: number }[];
  return { newPitches, newPitchList, top, decisions, decisionCount, withoutEvidence, insightToShipDays: shipped.map((r) => Math.max(0, r.days)) };
}
