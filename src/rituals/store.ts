import type { Db } from '../db/open.js';
import type { SkipLookup } from './calendar.js';

/** Holidays from the config plus each ritual's one-off skips from the store. */
export function skipLookup(db: Db, holidays: readonly string[]): SkipLookup {
  const rows = db.prepare<[], { ritual_key: string; local_date: string }>('SELECT ritual_key, local_date FROM ritual_skips').all();
  const byRitual = new Map<string, Set<string>>();
  for (const row of rows) {
    const set = byRitual.get(row.ritual_key) ?? new Set(holidays);
    set.add(row.local_date);
    byRitual.set(row.ritual_key, set);
  }
  const holidaySet: ReadonlySet<string> = new Set(holidays);
  return (ritualKey) => byRitual.get(ritualKey) ?? holidaySet;
}

/** Records a one-off skip; false when that date was already skipped. */
export function addSkip(db: Db, ritualKey: string, localDate: string, by: string, now: Date): boolean {
  const result = db
    .prepare('INSERT INTO ritual_skips (ritual_key, local_date, skipped_by, skipped_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING')
    .run(ritualKey, localDate, by, now.toISOString());
  return result.changes === 1;
}
