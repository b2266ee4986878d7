import type { Db } from '../db/open.js';

/*
 * Exactly once per submitted view (issue 19, item 7; docs/decisions/0024).
 * Slack can deliver the same view submission twice (a slow ack, then Submit
 * clicked again): whatever a submission creates is recorded with the view's
 * id and the person's, in the same write transaction as the creation, and a
 * repeat finds it instead of creating again. Scoped by person: a view id
 * copied into someone else's forged submission never reaches the first
 * person's record. Rows older than a day are pruned (a view lives at most a
 * few hours).
 */

const KEEP_MS = 24 * 3_600_000;

export type OncePerView<T> = { repeated: true; result: string } | { repeated: false; value: T };

export function oncePerView<T>(
  db: Db,
  key: { viewId: string; userId: string; kind: string },
  now: Date,
  create: () => { value: T; record: string | undefined },
): OncePerView<T> {
  return db
    .transaction((): OncePerView<T> => {
      const seen = db.prepare('SELECT result FROM view_submissions WHERE view_id = ? AND user_id = ?').pluck().get(key.viewId, key.userId) as string | undefined;
      if (seen !== undefined) return { repeated: true, result: seen };
      const { value, record } = create();
      // A refusal records nothing: the person corrects the form and submits the same view again.
      if (record !== undefined) {
        db.prepare('DELETE FROM view_submissions WHERE at < ?').run(new Date(now.getTime() - KEEP_MS).toISOString());
        db.prepare('INSERT INTO view_submissions (view_id, user_id, kind, result, at) VALUES (?, ?, ?, ?, ?)').run(key.viewId, key.userId, key.kind, record, now.toISOString());
      }
      return { repeated: false, value };
    })
    .immediate();
}
