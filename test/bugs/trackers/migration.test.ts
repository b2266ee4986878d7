/** Migration 0017 on a database that already has bugs: rows and ids survive the bug_events rebuild. */
import { copyFileSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { migrate } from '../../../src/db/migrate.js';
import { openDb, type Db } from '../../../src/db/open.js';
import { migrationsDir } from '../../../src/paths.js';
import { tempDir } from '../../helpers/tmp.js';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

describe('migration 0017_bug_trackers', () => {
  it('keeps every bug event and its id, accepts the dropped kind, and leaves foreign keys intact', () => {
    const tmp = tempDir();
    const before = join(tmp.dir, 'before');
    mkdirSync(before);
    for (const f of readdirSync(migrationsDir())) if (f.endsWith('.sql') && f < '0017') copyFileSync(join(migrationsDir(), f), join(before, f));
    const db: Db = openDb(join(tmp.dir, 'cadence.db'));
    cleanups.push(() => (db.close(), tmp.cleanup()));
    migrate(db, before);
    const at = '2026-11-16T09:00:00.000Z';
    db.prepare(
      `INSERT INTO bugs (key, title, severity, source, qualified_at, clock_id, clock_started_at, deadline, created_at, updated_at)
       VALUES ('PAY-1', 'Old bug', 'high', 'webhook', ?, 1, ?, '2026-11-23T09:00:00.000Z', ?, ?)`,
    ).run(at, at, at, at);
    db.prepare("INSERT INTO bug_events (id, bug_key, at, kind, detail) VALUES (7, 'PAY-1', ?, 'registered', '{}'), (9, 'PAY-1', ?, 'resolved', '{}')").run(at, at);

    const result = migrate(db, migrationsDir());
    expect(result.applied).toContain('0017_bug_trackers.sql');
    expect(db.prepare('SELECT id, kind FROM bug_events ORDER BY id').all()).toEqual([
      { id: 7, kind: 'registered' },
      { id: 9, kind: 'resolved' },
    ]);
    db.prepare("INSERT INTO bug_events (bug_key, at, kind, detail) VALUES ('PAY-1', ?, 'dropped', '{}')").run(at);
    expect(() => db.prepare("INSERT INTO bug_events (bug_key, at, kind, detail) VALUES ('PAY-1', ?, 'exploded', '{}')").run(at)).toThrow(/CHECK/);
    expect(db.prepare('SELECT dropped_at, dropped_reason FROM bugs').get()).toEqual({ dropped_at: null, dropped_reason: null });
    expect(db.prepare('PRAGMA foreign_key_check').all()).toEqual([]);
    expect(db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'bug_events'").all()).toEqual([{ name: 'bug_events_bug' }]);
  });
});
