import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Db } from './open.js';

export interface MigrationFile {
  version: number;
  name: string;
  file: string;
  sql: string;
  checksum: string;
}

export class MigrationError extends Error {
  override name = 'MigrationError';
}

const FILE_PATTERN = /^(\d{4})_([a-z0-9_]+)\.sql$/;

export function readMigrations(dir: string): MigrationFile[] {
  const files = readdirSync(dir).filter((f) => f.endsWith('.sql')).sort();
  const out: MigrationFile[] = [];
  for (const file of files) {
    const m = FILE_PATTERN.exec(file);
    if (!m || !m[1] || !m[2]) throw new MigrationError(`migrations/${file}: name must look like 0001_short_name.sql`);
    const sql = readFileSync(join(dir, file), 'utf8');
    const version = Number(m[1]);
    if (out.some((x) => x.version === version)) throw new MigrationError(`migrations/${file}: version ${m[1]} is used twice`);
    // Line endings are normalised so a checkout on Windows does not look like an edit.
    const checksum = createHash('sha256').update(sql.replace(/\r\n/g, '\n')).digest('hex');
    out.push({ version, name: m[2], file, sql, checksum });
  }
  return out;
}

export interface MigrateResult {
  applied: string[];
  alreadyApplied: number;
}

/**
 * Applies pending migrations in order, each in its own transaction, and
 * refuses to run at all if a landed migration's file no longer matches the
 * checksum recorded when it was applied: migrations are append-only, and an
 * edited one means the schema in the database is not the schema in the code.
 */
export function migrate(db: Db, dir: string, now: () => Date = () => new Date()): MigrateResult {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    checksum TEXT NOT NULL,
    applied_at TEXT NOT NULL
  ) STRICT`);
  const files = readMigrations(dir);
  const landed = db.prepare('SELECT version, name, checksum FROM schema_migrations ORDER BY version').all() as {
    version: number;
    name: string;
    checksum: string;
  }[];

  const byVersion = new Map(files.map((f) => [f.version, f]));
  const problems: string[] = [];
  for (const row of landed) {
    const file = byVersion.get(row.version);
    if (!file) {
      problems.push(`migration ${String(row.version).padStart(4, '0')}_${row.name} is recorded in the database but its file is missing from migrations/`);
    } else if (file.checksum !== row.checksum) {
      problems.push(`migrations/${file.file} was changed after it was applied (checksum differs). Landed migrations are append-only: restore the file and add a new migration instead.`);
    }
  }
  if (problems.length > 0) throw new MigrationError(problems.join('\n'));

  const done = new Set(landed.map((r) => r.version));
  const record = db.prepare('INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES (?, ?, ?, ?)');
  const applied: string[] = [];
  for (const file of files) {
    if (done.has(file.version)) continue;
    const apply = db.transaction(() => {
      db.exec(file.sql);
      record.run(file.version, file.name, file.checksum, now().toISOString());
    });
    try {
      apply();
    } catch (err) {
      throw new MigrationError(`migrations/${file.file} failed and was rolled back: ${err instanceof Error ? err.message : String(err)}`);
    }
    applied.push(file.file);
  }
  return { applied, alreadyApplied: done.size };
}
