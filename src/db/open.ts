import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';

export type Db = Database.Database;

export type SyncLevel = 'normal' | 'full';

/**
 * Opens the store with the pragmas every connection needs
 * (docs/decisions/0002-sqlite-durability.md):
 * - WAL so readers never block the writer (the scheduler reads while Slack handlers write);
 * - synchronous=NORMAL by default: an acknowledged write survives a crash or
 *   kill of the process; FULL (CADENCE_DB_SYNCHRONOUS=full) also survives a
 *   power cut, at the price of one fsync per acknowledged write;
 * - foreign keys on (SQLite leaves them off by default);
 * - a busy timeout so the CLI and the bot can share the file without SQLITE_BUSY errors
 *   on short writes. The bot's is short (BOT_BUSY_TIMEOUT_MS): better-sqlite3 waits
 *   for the lock on the event loop, so a long wait would freeze every request and
 *   /healthz; past it the request answers "busy, try again" and a job retries on
 *   its next tick (docs/decisions/0024). The CLI waits longer (CLI_BUSY_TIMEOUT_MS).
 */
export const BOT_BUSY_TIMEOUT_MS = 500;
export const CLI_BUSY_TIMEOUT_MS = 5000;

export function openDb(path: string, options: { synchronous?: SyncLevel; busyTimeoutMs?: number } = {}): Db {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  try {
    db.pragma('journal_mode = WAL');
  } catch (err) {
    db.close();
    throw explainOpenFailure(path, err);
  }
  db.pragma(`synchronous = ${options.synchronous === 'full' ? 'FULL' : 'NORMAL'}`);
  db.pragma('foreign_keys = ON');
  db.pragma(`busy_timeout = ${Math.max(0, Math.floor(options.busyTimeoutMs ?? BOT_BUSY_TIMEOUT_MS))}`);
  return db;
}

/** True when the database answers a trivial query: what /healthz reports. */
export function isDbUsable(db: Db): boolean {
  try {
    if (!db.open) return false;
    db.prepare('SELECT 1').get();
    return true;
  } catch {
    return false;
  }
}

/** CADENCE_DB names something Cadence cannot use: said in one line, not a stack trace (issue 19, item 13). */
export class StoreOpenError extends Error {
  override name = 'StoreOpenError';
}

function explainOpenFailure(path: string, err: unknown): Error {
  const code = (err as { code?: unknown }).code;
  if (code === 'SQLITE_NOTADB') return new StoreOpenError(`CADENCE_DB=${path} is not a SQLite database (is it the right file? Cadence creates the file itself when it does not exist)`);
  if (code === 'SQLITE_CORRUPT') return new StoreOpenError(`CADENCE_DB=${path} is damaged (SQLite reports corruption): restore a backup with \`cadence restore <file>\``);
  if (typeof code === 'string' && /^SQLITE_(CANTOPEN|READONLY|PERM|IOERR)/.test(code)) {
    return new StoreOpenError(`cannot open CADENCE_DB=${path} for writing (${code}): check the path, its permissions and free disk space`);
  }
  return err instanceof Error ? err : new Error(String(err));
}
