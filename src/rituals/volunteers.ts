import type { AppContext } from '../context.js';

export type VolunteerResult =
  | { kind: 'added'; volunteers: string[]; complete: boolean }
  | { kind: 'already' }
  | { kind: 'full'; volunteers: string[] };

/**
 * Rule: a call takes at most `need` volunteers. Count and insert run in one
 * synchronous transaction, so two clicks racing for the last place cannot
 * both get it.
 */
export function volunteer(ctx: AppContext, ritualKey: string, occurrenceKey: string, userId: string, need: number, now: Date): VolunteerResult {
  const list = ctx.db.prepare<[string, string], { user_id: string }>(
    'SELECT user_id FROM ritual_volunteers WHERE ritual_key = ? AND occurrence_key = ? ORDER BY volunteered_at, rowid',
  );
  return ctx.db.transaction((): VolunteerResult => {
    const current = list.all(ritualKey, occurrenceKey).map((r) => r.user_id);
    if (current.includes(userId)) return { kind: 'already' };
    if (current.length >= need) return { kind: 'full', volunteers: current };
    ctx.db
      .prepare('INSERT INTO ritual_volunteers (ritual_key, occurrence_key, user_id, volunteered_at) VALUES (?, ?, ?, ?)')
      .run(ritualKey, occurrenceKey, userId, now.toISOString());
    const volunteers = [...current, userId];
    return { kind: 'added', volunteers, complete: volunteers.length >= need };
  }).immediate();
}
