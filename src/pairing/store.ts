import type { Db } from '../db/open.js';
import type { Pair } from './rotation.js';

export type PairStatus = 'planned' | 'done' | 'skipped';

export interface PairRow {
  id: number;
  ritualKey: string;
  occurrenceKey: string;
  round: number;
  pm: string;
  csm: string;
  channel: string | null;
  status: PairStatus;
  statusBy: string | null;
  createdAt: string;
}

interface Row {
  id: number;
  ritual_key: string;
  occurrence_key: string;
  round: number;
  pm: string;
  csm: string;
  channel: string | null;
  status: PairStatus;
  status_by: string | null;
  created_at: string;
}

const toPair = (r: Row): PairRow => ({
  id: r.id,
  ritualKey: r.ritual_key,
  occurrenceKey: r.occurrence_key,
  round: r.round,
  pm: r.pm,
  csm: r.csm,
  channel: r.channel,
  status: r.status,
  statusBy: r.status_by,
  createdAt: r.created_at,
});

/** The round number of a new occurrence: how many occurrences of this ritual were paired before. */
export function nextRound(db: Db, ritualKey: string): number {
  const r = db.prepare<[string], { n: number | null }>('SELECT MAX(round) AS n FROM pairing_pairs WHERE ritual_key = ?').get(ritualKey);
  return r?.n === null || r?.n === undefined ? 0 : r.n + 1;
}

export function insertPairs(db: Db, ritualKey: string, occurrenceKey: string, round: number, pairs: readonly Pair[], now: Date): number {
  const insert = db.prepare(
    'INSERT INTO pairing_pairs (ritual_key, occurrence_key, round, pm, csm, created_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING',
  );
  let n = 0;
  for (const p of pairs) n += insert.run(ritualKey, occurrenceKey, round, p.pm, p.csm, now.toISOString()).changes;
  return n;
}

export function unopened(db: Db, since: Date, limit: number): PairRow[] {
  return db
    .prepare<[string, number], Row>("SELECT * FROM pairing_pairs WHERE channel IS NULL AND created_at >= ? AND status = 'planned' ORDER BY created_at, id LIMIT ?")
    .all(since.toISOString(), limit)
    .map(toPair);
}

export function setChannel(db: Db, id: number, channel: string): boolean {
  return db.prepare('UPDATE pairing_pairs SET channel = ? WHERE id = ? AND channel IS NULL').run(channel, id).changes === 1;
}

export function getPair(db: Db, id: number): PairRow | undefined {
  const r = db.prepare<[number], Row>('SELECT * FROM pairing_pairs WHERE id = ?').get(id);
  return r ? toPair(r) : undefined;
}

/** Marks a planned pair done or skipped; false when it was already marked. */
export function mark(db: Db, id: number, status: 'done' | 'skipped', by: string, now: Date): boolean {
  return (
    db.prepare("UPDATE pairing_pairs SET status = ?, status_by = ?, status_at = ? WHERE id = ? AND status = 'planned'").run(status, by, now.toISOString(), id).changes === 1
  );
}

export function pairsBetween(db: Db, from: Date, to: Date): PairRow[] {
  return db
    .prepare<[string, string], Row>('SELECT * FROM pairing_pairs WHERE created_at >= ? AND created_at < ? ORDER BY created_at, id')
    .all(from.toISOString(), to.toISOString())
    .map(toPair);
}
