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
