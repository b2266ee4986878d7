import { copyFileSync, existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { CLI_BUSY_TIMEOUT_MS, openDb } from '../db/open.js';
import { migrate } from '../db/migrate.js';
import { migrationsDir } from '../paths.js';

/*
 * Operations (issue 19, item 14; docs/decisions/0024).
 * backup: SQLite's online backup API (better-sqlite3's db.backup()): a
 *   consistent copy while the bot runs and writes (WAL readers never block the
 *   writer), written to `<file>.partial` and renamed once complete and checked.
 * restore: the bot must be stopped. The backup is checked first (a SQLite file,
 *   integrity ok, Cadence's tables); the current files (database, -wal, -shm)
 *   are moved aside to `<db>.before-restore-<time>` rather than deleted, then
 *   the backup is copied in and migrated to this version.
 */

export class OperationError extends Error {
  override name = 'OperationError';
}

/** Opens `path` read-only and checks it is an intact Cadence database; returns its migration count. */
export function checkCadenceFile(path: string): number {
  if (!existsSync(path)) throw new OperationError(`${path} does not exist`);
  let db: Database.Database | undefined;
  try {
    db = new Database(path, { readonly: true, fileMustExist: true });
    const integrity = db.pragma('integrity_check', { simple: true });
    if (integrity !== 'ok') throw new OperationError(`${path} failed SQLite's integrity check: ${String(integrity)}`);
    const hasMigrations = db.prepare(`SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'`).pluck().get() === 1;
    if (!hasMigrations) throw new OperationError(`${path} is a SQLite database but not a Cadence one (no schema_migrations table)`);
    return db.prepare('SELECT COUNT(*) FROM schema_migrations').pluck().get() as number;
  } catch (err) {
    if (err instanceof OperationError) throw err;
    const code = (err as { code?: string }).code;
    if (code === 'SQLITE_NOTADB') throw new OperationError(`${path} is not a SQLite database`);
    throw new OperationError(`cannot read ${path}: ${err instanceof Error ? err.message : String(err)}`);
  } finally {
    db?.close();
  }
}

export async function backupDatabase(dbPath: string, target: string, now: Date = new Date()): Promise<{ pages: number; migrations: number; path: string }> {
  const to = resolve(target);
  if (to === resolve(dbPath)) throw new OperationError('the backup file must not be the database itself');
  checkCadenceFile(dbPath);
  mkdirSync(dirname(to), { recursive: true });
  const partial = `${to}.partial-${now.getTime()}`;
  const db = openDb(dbPath, { busyTimeoutMs: CLI_BUSY_TIMEOUT_MS });
  try {
    const result = await db.backup(partial);
    // One self-contained file: the copy leaves WAL mode (the bot sets it again when it opens a restored file).
    const copy = new Database(partial);
    copy.pragma('journal_mode = DELETE');
    copy.close();
    const migrations = checkCadenceFile(partial);
    renameSync(partial, to);
    return { pages: result.totalPages, migrations, path: to };
  } catch (err) {
    rmSync(partial, { force: true });
    throw err;
  } finally {
    db.close();
  }
}

export function restoreDatabase(dbPath: string, source: string, now: Date = new Date()): { asideTo: string | undefined; migrations: number } {
  const from = resolve(source);
  if (from === resolve(dbPath)) throw new OperationError('the backup file is the database itself');
  const migrations = checkCadenceFile(from);
  let asideTo: string | undefined;
  if (existsSync(dbPath)) {
    asideTo = `${dbPath}.before-restore-${now.toISOString().replace(/[:.]/g, '-')}`;
    // The database and its WAL belong together: a WAL can hold committed writes not yet in the main file.
    for (const suffix of ['', '-wal', '-shm']) if (existsSync(`${dbPath}${suffix}`)) renameSync(`${dbPath}${suffix}`, `${asideTo}${suffix}`);
  }
  mkdirSync(dirname(resolve(dbPath)), { recursive: true });
  copyFileSync(from, dbPath);
  const db = openDb(dbPath, { busyTimeoutMs: CLI_BUSY_TIMEOUT_MS });
  try {
    migrate(db, migrationsDir());
  } finally {
    db.close();
  }
  return { asideTo, migrations };
}
