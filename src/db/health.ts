import { existsSync } from 'node:fs';
import type { Db } from './open.js';

/*
 * Store health (issue 19, items 1 and 11; docs/decisions/0024). SQLite errors
 * are of two kinds for Cadence:
 * - transient: SQLITE_BUSY / SQLITE_LOCKED, another connection holds the write
 *   lock (the CLI, a backup). The request path answers "try again", a job
 *   retries on its next tick; the store is healthy.
 * - failing: disk full, read-only file or filesystem, I/O error, a deleted WAL.
 *   Nothing acknowledged can be written: /healthz answers 503 until a write
 *   succeeds again.
 */

const FAILING = /^SQLITE_(FULL|READONLY|IOERR|CANTOPEN|CORRUPT|NOTADB|PERM)/;
const TRANSIENT = /^SQLITE_(BUSY|LOCKED)/;
/** A write failure older than this no longer makes /healthz fail on its own (the probe still runs). */
export const WRITE_FAILURE_WINDOW_MS = 10 * 60_000;

/** The SQLite result code of an error (better-sqlite3's SqliteError, or one wrapped by Bolt as `original`). */
export function sqliteCode(err: unknown): string | undefined {
  for (let e: unknown = err, depth = 0; e && typeof e === 'object' && depth < 3; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && code.startsWith('SQLITE_')) return code;
    e = (e as { original?: unknown; cause?: unknown }).original ?? (e as { cause?: unknown }).cause;
  }
  return undefined;
}

export const isBusyError = (err: unknown): boolean => TRANSIENT.test(sqliteCode(err) ?? '');
export const isStoreFailure = (err: unknown): boolean => FAILING.test(sqliteCode(err) ?? '');

export interface StoreHealthReport {
  ok: boolean;
  /** ok | busy | failing | unreachable */
  database: 'ok' | 'busy' | 'failing' | 'unreachable';
  detail?: string;
  writeFailures: number;
}

export class StoreHealth {
  private lastFailure: { at: number; code: string } | undefined;
  private lastSuccess = 0;
  failures = 0;
  busy = 0;

  /** Records an error if it comes from the store; returns its kind. */
  note(err: unknown, now = Date.now()): 'busy' | 'failing' | undefined {
    if (isBusyError(err)) {
      this.busy++;
      return 'busy';
    }
    if (isStoreFailure(err)) {
      this.failures++;
      this.lastFailure = { at: now, code: sqliteCode(err) ?? 'SQLITE_ERROR' };
      return 'failing';
    }
    return undefined;
  }

  /** A write that grew the store (a job claim) went through. */
  noteWrite(now = Date.now()): void {
    this.lastSuccess = now;
  }

  /** The last write failure, when it is recent and no write succeeded since. */
  recentFailure(now = Date.now()): string | undefined {
    const f = this.lastFailure;
    if (!f || f.at < this.lastSuccess || now - f.at > WRITE_FAILURE_WINDOW_MS) return undefined;
    return f.code;
  }
}

const trackers = new WeakMap<Db, StoreHealth>();

/** The health tracker of one connection (one per process in the bot). */
export function storeHealth(db: Db): StoreHealth {
  let t = trackers.get(db);
  if (!t) trackers.set(db, (t = new StoreHealth()));
  return t;
}

/**
 * What /healthz reports: a read, a write probe that never waits for the lock
 * (busy is reported, not waited for), the WAL file still on disk, and no
 * recent write failure.
 */
export function checkStore(db: Db, now = Date.now()): StoreHealthReport {
  const health = storeHealth(db);
  const report = (database: StoreHealthReport['database'], detail?: string): StoreHealthReport => ({
    ok: database === 'ok' || database === 'busy',
    database,
    ...(detail ? { detail } : {}),
    writeFailures: health.failures,
  });
  if (!db.open) return report('unreachable', 'closed');
  try {
    db.prepare('SELECT 1').get();
  } catch (err) {
    return report('unreachable', sqliteCode(err) ?? 'error');
  }
  // Someone deleted the -wal file under a running bot: every later write would be lost on restart.
  if (db.name !== ':memory:' && db.name !== '' && walMode(db) && !existsSync(`${db.name}-wal`)) return report('failing', 'wal file missing');
  const previous = Number(db.pragma('busy_timeout', { simple: true }));
  try {
    db.pragma('busy_timeout = 0');
    db.prepare(`INSERT INTO store_probe (id, at) VALUES (1, ?) ON CONFLICT(id) DO UPDATE SET at = excluded.at`).run(new Date(now).toISOString());
  } catch (err) {
    if (isBusyError(err)) return report('busy', 'another connection holds the write lock');
    health.note(err, now);
    return report('failing', sqliteCode(err) ?? (err instanceof Error ? err.message : 'error'));
  } finally {
    db.pragma(`busy_timeout = ${previous}`);
  }
  const recent = health.recentFailure(now);
  if (recent) return report('failing', `last write failed: ${recent}`);
  return report('ok');
}

function walMode(db: Db): boolean {
  try {
    return String(db.pragma('journal_mode', { simple: true })).toLowerCase() === 'wal';
  } catch {
    return false;
  }
}
