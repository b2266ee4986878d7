import type { Language } from '../config/org.js';
import type { Db } from '../db/open.js';
import { cachedStatement } from '../db/statements.js';

export function setUserLanguage(db: Db, userId: string, language: Language, now: Date): void {
  // Compiled once per connection, not on every `/cadence language` (decision 0022).
  cachedStatement(
    db,
    `INSERT INTO user_settings (user_id, language, updated_at) VALUES (?, ?, ?)
     ON CONFLICT (user_id) DO UPDATE SET language = excluded.language, updated_at = excluded.updated_at`,
  ).run(userId, language, now.toISOString());
}

/** Forgets an explicit choice: the person's Slack locale (or the organisation's language) applies again. */
export function clearUserLanguage(db: Db, userId: string, now: Date): void {
  cachedStatement(
    db,
    `INSERT INTO user_settings (user_id, language, updated_at) VALUES (?, NULL, ?)
     ON CONFLICT (user_id) DO UPDATE SET language = NULL, updated_at = excluded.updated_at`,
  ).run(userId, now.toISOString());
}

/** The language this person chose explicitly, if any (the App Home select shows it). */
export function chosenLanguage(db: Db, userId: string): Language | null {
  const row = cachedStatement(db, 'SELECT language FROM user_settings WHERE user_id = ?').get(userId) as { language: Language | null } | undefined;
  return row?.language ?? null;
}
