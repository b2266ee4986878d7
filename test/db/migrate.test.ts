import { copyFileSync, mkdirSync, readdirSync, writeFileSync, appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MigrationError, migrate, readMigrations } from '../../src/db/migrate.js';
import { isDbUsable, openDb } from '../../src/db/open.js';
import { migrationsDir } from '../../src/paths.js';
import { tempDir } from '../helpers/tmp.js';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

function scratch() {
  const tmp = tempDir();
  cleanups.push(tmp.cleanup);
  const dir = join(tmp.dir, 'migrations');
  mkdirSync(dir);
  for (const f of readdirSync(migrationsDir())) copyFileSync(join(migrationsDir(), f), join(dir, f));
  return { dbPath: join(tmp.dir, 'nested', 'cadence.db'), dir };
}

describe('openDb', () => {
  it('creates the directory and sets the pragmas every connection needs', () => {
    const { dbPath } = scratch();
    const db = openDb(dbPath);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('synchronous', { simple: true })).toBe(1); // NORMAL by default
    expect(db.pragma('busy_timeout', { simple: true })).toBe(500); // the bot's: short, the event loop must not freeze on a lock (decision 0024)
    const cli = openDb(dbPath, { busyTimeoutMs: 5000 });
    expect(cli.pragma('busy_timeout', { simple: true })).toBe(5000); // the CLI's
    cli.close();
    expect(isDbUsable(db)).toBe(true);
    db.close();
    expect(isDbUsable(db)).toBe(false);
    const full = openDb(dbPath, { synchronous: 'full' });
    expect(full.pragma('synchronous', { simple: true })).toBe(2);
    full.close();
  });
});

describe('migrate', () => {
  it('applies every migration once, in order, and is a no-op the second time', () => {
    const { dbPath, dir } = scratch();
    const db = openDb(dbPath);
    const first = migrate(db, dir);
    expect(first.applied).toEqual(readMigrations(dir).map((m) => m.file));
    expect(first.applied[0]).toBe('0001_core.sql');
    const second = migrate(db, dir);
    expect(second).toEqual({ applied: [], alreadyApplied: first.applied.length });
    const rows = db.prepare('SELECT version, name FROM schema_migrations ORDER BY version').all();
    expect(rows).toHaveLength(first.applied.length);
    db.close();
  });

  it('refuses to run when a landed migration was edited, and changes nothing', () => {
    const { dbPath, dir } = scratch();
    const db = openDb(dbPath);
    migrate(db, dir);
    appendFileSync(join(dir, '0001_core.sql'), '\n-- an innocent-looking edit\n');
    writeFileSync(join(dir, '9999_later.sql'), 'CREATE TABLE later (id INTEGER PRIMARY KEY) STRICT;');
    expect(() => migrate(db, dir)).toThrow(MigrationError);
    expect(() => migrate(db, dir)).toThrow(/migrations\/0001_core\.sql was changed after it was applied/);
    expect(db.prepare(`SELECT name FROM sqlite_master WHERE name = 'later'`).get()).toBeUndefined();
    db.close();
  });

  it('rolls back a failing migration entirely and reports the file', () => {
    const { dbPath, dir } = scratch();
    writeFileSync(join(dir, '9998_broken.sql'), 'CREATE TABLE half (id INTEGER PRIMARY KEY) STRICT;\nINSERT INTO nowhere VALUES (1);');
    const db = openDb(dbPath);
    expect(() => migrate(db, dir)).toThrow(/9998_broken\.sql failed and was rolled back: no such table: nowhere/);
    expect(db.prepare(`SELECT name FROM sqlite_master WHERE name = 'half'`).get()).toBeUndefined();
    expect(db.prepare('SELECT version FROM schema_migrations WHERE version = 9998').get()).toBeUndefined();
    // Earlier migrations did land: each runs in its own transaction.
    expect(db.prepare('SELECT version FROM schema_migrations WHERE version = 1').get()).toBeDefined();
    db.close();
  });

  it('rejects badly named migration files and a missing landed file', () => {
    const { dbPath, dir } = scratch();
    writeFileSync(join(dir, '12_bad name.sql'), '');
    const db = openDb(dbPath);
    expect(() => migrate(db, dir)).toThrow(/name must look like 0001_short_name\.sql/);
    db.close();

    const other = scratch();
    const db2 = openDb(other.dbPath);
    migrate(db2, other.dir);
    db2.prepare(`INSERT INTO schema_migrations VALUES (4242, 'ghost', 'x', '2026-01-01T00:00:00Z')`).run();
    expect(() => migrate(db2, other.dir)).toThrow(/4242_ghost is recorded in the database but its file is missing/);
    db2.close();
  });
});
