import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { migrate } from '../../src/db/migrate.js';
import { openDb } from '../../src/db/open.js';
import { migrationsDir } from '../../src/paths.js';
import { tempDir } from '../helpers/tmp.js';

// The App Home and the digest read these on every open / every Monday over the
// whole store: each must stay an index-only read (migrations 0026 and 0027).
describe('query plans of the App Home balance and the digest fixed-bug window', () => {
  const tmp = tempDir();
  const db = openDb(join(tmp.dir, 'plans.db'));
  migrate(db, migrationsDir());
  afterAll(() => {
    db.close();
    tmp.cleanup();
  });
  const plan = (sql: string, ...params: unknown[]) =>
    (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[]).map((r) => r.detail).join('\n');

  it('counts the roadmap balance from a covering index', () => {
    expect(
      plan(
        `SELECT o.tribe, COUNT(*), SUM(k.kind = 'tech'), SUM(o.top_down = 1) FROM opportunities o LEFT JOIN work_kinds k ON k.opportunity_id = o.id
         WHERE o.status IN ('go', 'in_roadmap') AND (? IS NULL OR o.commitment = ?) GROUP BY o.tribe`,
        null,
        null,
      ),
    ).toMatch(/SEARCH o USING COVERING INDEX opportunities_balance/);
  });

  it('reads the bugs fixed in a window, dropped ones left out, from a covering index', () => {
    expect(
      plan(
        `SELECT team, qualified_at, clock_started_at, deadline, resolved_at FROM bugs
         WHERE resolved_at IS NOT NULL AND resolved_at >= ? AND resolved_at <= ? AND dropped_at IS NULL`,
        '2026-01-01',
        '2026-02-01',
      ),
    ).toMatch(/USING COVERING INDEX bugs_fixed_window/);
  });
});
