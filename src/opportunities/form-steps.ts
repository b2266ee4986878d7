import type { Db } from '../db/open.js';
import { cachedStatement as stmt } from '../db/statements.js';
import type { PitchInput } from './parse.js';

/*
 * The pitch form's first step, kept between its submission and step 2's
 * (issue 14 item 13, migrations/0032). Keyed by the step-1 view and its
 * person: a view id copied into someone else's submission finds nothing.
 * Going Back and submitting step 1 again replaces what was kept.
 */

const KEEP_MS = 24 * 3_600_000;

export function keepStep1(db: Db, viewId: string, userId: string, input: PitchInput, now: Date): void {
  db.transaction(() => {
    stmt(db, 'DELETE FROM pitch_form_steps WHERE at < ?').run(new Date(now.getTime() - KEEP_MS).toISOString());
    stmt(
      db,
      `INSERT INTO pitch_form_steps (view_id, user_id, input, at) VALUES (?, ?, ?, ?)
       ON CONFLICT (view_id, user_id) DO UPDATE SET input = excluded.input, at = excluded.at`,
    ).run(viewId, userId, JSON.stringify(input), now.toISOString());
  })();
}

export function step1Of(db: Db, viewId: string, userId: string): PitchInput | undefined {
  const text = stmt(db, 'SELECT input FROM pitch_form_steps WHERE view_id = ? AND user_id = ?').pluck().get(viewId, userId) as string | undefined;
  if (text === undefined) return undefined;
  const parsed: unknown = JSON.parse(text);
  if (typeof parsed !== 'object' || parsed === null) return undefined;
  const input: PitchInput = {};
  for (const [key, value] of Object.entries(parsed)) {
    if (key === 'evidence') {
      if (Array.isArray(value)) input.evidence = value.filter((v): v is string => typeof v === 'string');
    } else if (typeof value === 'string') {
      (input as Record<string, string>)[key] = value;
    }
  }
  return input;
}

export function forgetStep1(db: Db, viewId: string, userId: string): void {
  stmt(db, 'DELETE FROM pitch_form_steps WHERE view_id = ? AND user_id = ?').run(viewId, userId);
}
