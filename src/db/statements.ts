import type Database from 'better-sqlite3';
import type { Db } from './open.js';

export type Statement = Database.Statement<unknown[]>;

const cache = new WeakMap<Db, Map<string, Statement>>();

/**
 * A prepared statement, compiled once per connection and SQL text. Stores
 * whose list queries are built from filters (a few shapes each) use it so a
 * shape is compiled once, not on every request.
 */
export function cachedStatement(db: Db, sql: string): Statement {
  let map = cache.get(db);
  if (!map) {
    map = new Map();
    cache.set(db, map);
  }
  let s = map.get(sql);
  if (!s) {
    s = db.prepare<unknown[]>(sql);
    map.set(sql, s);
  }
  return s;
}
