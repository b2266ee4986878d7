import type { Db } from '../db/open.js';
import type { ListArgs } from './parse.js';

/*
 * `/bug list` in SQL (issue 19, item 10): the page and the count come from the
 * open-bugs indexes (bugs_open_deadline, bugs_open_by_team) instead of walking
 * every open bug in JavaScript before the ack (at 100,000 open bugs three
 * concurrent lists acked at 2.0 / 3.5 / 5.1 s). The risk filters are ranges of
 * the deadline, exactly as `bugRisk` reads it: breached when the deadline has
 * passed (deadline <= now), due soon when it falls within `dueSoonHours`.
 * Deadlines are stored as ISO 8601 UTC strings, which sort as time does.
 */
export function openBugKeys(db: Db, args: ListArgs, now: Date, dueSoonHours: number, limit: number): { keys: string[]; total: number } {
  const where = ['resolved_at IS NULL'];
  const params: string[] = [];
  if (args.team) {
    where.push('team = ?');
    params.push(args.team);
  }
  const nowIso = now.toISOString();
  if (args.filter === 'breached') {
    where.push('deadline <= ?');
    params.push(nowIso);
  } else if (args.filter === 'due_soon') {
    where.push('deadline > ? AND deadline <= ?');
    params.push(nowIso, new Date(now.getTime() + dueSoonHours * 3_600_000).toISOString());
  }
  const clause = where.join(' AND ');
  const total = db.prepare(`SELECT COUNT(*) FROM bugs WHERE ${clause}`).pluck().get(...params) as number;
  const keys = db.prepare(`SELECT key FROM bugs WHERE ${clause} ORDER BY deadline, key LIMIT ?`).pluck().all(...params, limit) as string[];
  return { keys, total };
}
