import type { OrgConfig } from '../config/org.js';
import type { Db } from '../db/open.js';
import { canTriage } from '../insights/index.js';

export interface TriageItem {
  id: number;
  tribe: string | null;
  text: string;
  created_at: string;
}

export interface HomeTriage {
  /** Tribe keys this person triages; null stands for the inbox (admins). */
  scopes: (string | null)[];
  count: number;
  oldest: TriageItem[];
}

export interface HomeBug {
  key: string;
  title: string;
  url: string | null;
  deadline: string;
}

/** Insights waiting for this person's triage: their tribes' (and the inbox for admins), oldest first. */
export function triageFor(db: Db, org: OrgConfig, userId: string, limit: number): HomeTriage {
  const scopes: (string | null)[] = org.tribes.filter((t) => canTriage(org, userId, t.key)).map((t) => t.key);
  if (canTriage(org, userId, null)) scopes.push(null);
  if (scopes.length === 0) return { scopes, count: 0, oldest: [] };
  let count = 0;
  const oldest: TriageItem[] = [];
  // One indexed range per scope (insights_by_tribe_status), merged here: cheaper than an OR over tribes.
  for (const tribe of scopes) {
    const where = tribe === null ? 'tribe IS NULL' : 'tribe = ?';
    const params = tribe === null ? [] : [tribe];
    count += (db.prepare(`SELECT COUNT(*) AS n FROM insights WHERE ${where} AND status = 'new'`).get(...params) as { n: number }).n;
    oldest.push(...(db.prepare(`SELECT id, tribe, text, created_at FROM insights WHERE ${where} AND status = 'new' ORDER BY id LIMIT ?`).all(...params, limit) as TriageItem[]));
  }
  oldest.sort((a, b) => a.id - b.id);
  return { scopes, count, oldest: oldest.slice(0, limit) };
}

/** This person's open bugs, nearest deadline first, and how many there are in all. */
export function bugsOwnedBy(db: Db, userId: string, limit: number): { total: number; bugs: HomeBug[] } {
  const total = (db.prepare('SELECT COUNT(*) AS n FROM bugs WHERE owner = ? AND resolved_at IS NULL').get(userId) as { n: number }).n;
  const bugs = db.prepare('SELECT key, title, url, deadline FROM bugs WHERE owner = ? AND resolved_at IS NULL ORDER BY deadline, key LIMIT ?').all(userId, limit) as HomeBug[];
  return { total, bugs };
}

export interface HomeOpportunity {
  id: number;
  title: string;
  status: string;
}

/** This person's opportunities still in play (not shipped, not dropped), most recently moved first. */
export function opportunitiesOwnedBy(db: Db, userId: string, limit: number): { total: number; items: HomeOpportunity[] } {
  const where = `owner_id = ? AND status NOT IN ('shipped', 'no_go')`;
  const total = (db.prepare(`SELECT COUNT(*) AS n FROM opportunities WHERE ${where}`).get(userId) as { n: number }).n;
  const items = db.prepare(`SELECT id, title, status FROM opportunities WHERE ${where} ORDER BY status_at DESC, id DESC LIMIT ?`).all(userId, limit) as HomeOpportunity[];
  return { total, items };
}

export interface HomeSlot {
  ritual_key: string;
  occurrence_key: string;
  status: 'slotted' | 'waitlisted';
  approval: 'approved' | 'declined' | null;
  title: string;
}

/** This person's live sign-ups for meetings from `fromKey` ('<local date>T<HH:mm>') on, soonest first. */
export function slotsOf(db: Db, userId: string, fromKey: string, limit: number): HomeSlot[] {
  return db
    .prepare(
      `SELECT a.ritual_key, a.occurrence_key, a.status, a.approval, COALESCE(o.title, a.topic) AS title
       FROM agenda_items a LEFT JOIN opportunities o ON o.id = a.opportunity_id
       WHERE a.presenter_id = ? AND a.status IN ('slotted', 'waitlisted') AND a.occurrence_key >= ?
       ORDER BY a.occurrence_key, a.id LIMIT ?`,
    )
    .all(userId, fromKey, limit) as HomeSlot[];
}

/**
 * "My insights (5) — 2 linked to an opportunity": the insights this person
 * logged or voiced, and how many of them are evidence of an opportunity past
 * its draft (the same reach as src/notifications' list).
 */
export function myInsightCounts(db: Db, userId: string): { total: number; linked: number } {
  const row = db
    .prepare(
      `SELECT COUNT(*) AS total,
         COALESCE(SUM(EXISTS (SELECT 1 FROM opportunity_evidence e JOIN opportunities o ON o.id = e.opportunity_id
                              WHERE e.insight_id = i.id AND o.status <> 'draft')), 0) AS linked
       FROM insights i WHERE i.reporter_id = ? OR i.voice_id = ?`,
    )
    .get(userId, userId) as { total: number; linked: number };
  return row;
}

/** Which of `ids` this person logged themselves (they may open those; a voiced one belongs to its reporter). */
export function reportedBy(db: Db, userId: string, ids: readonly number[]): Set<number> {
  if (ids.length === 0) return new Set();
  const rows = db.prepare(`SELECT id FROM insights WHERE reporter_id = ? AND id IN (${ids.map(() => '?').join(',')})`).all(userId, ...ids) as { id: number }[];
  return new Set(rows.map((r) => r.id));
}
