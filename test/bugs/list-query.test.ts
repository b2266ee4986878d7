import { describe, expect, it } from 'vitest';
import { createRng } from '../../bench/data/prng.js';
import { openBugKeys } from '../../src/bugs/list-query.js';
import type { ListArgs } from '../../src/bugs/parse.js';
import { computeBugFigures } from '../../src/bugs/figures.js';
import { bugFiguresAt } from '../../src/bugs/service.js';
import { bugRisk } from '../../src/bugs/sla.js';
import { bugStore } from '../../src/bugs/store.js';
import { exampleOrgConfig } from '../helpers/org.js';
import { migrate } from '../../src/db/migrate.js';
import { openDb } from '../../src/db/open.js';
import { migrationsDir } from '../../src/paths.js';

/* Issue 19, item 10: `/bug list` in SQL selects exactly what the JavaScript walk over every open bug selected. */
describe('/bug list in SQL', () => {
  it('matches bugRisk for every filter and team, edges included (deadline exactly now, exactly now + 48 h)', () => {
    const db = openDb(':memory:');
    migrate(db, migrationsDir());
    const rng = createRng('bug-list-sql');
    const now = new Date('2026-11-30T12:00:00.000Z');
    const insert = db.prepare(
      `INSERT INTO bugs (key, title, severity, team, source, qualified_at, clock_started_at, deadline, resolved_at, created_at, updated_at)
       VALUES (?, 't', 'high', ?, 'command', ?, ?, ?, ?, ?, ?)`,
    );
    const rows: { key: string; team: string | null; deadline: Date; resolvedAt: Date | null }[] = [];
    const edges = [0, 48 * 3_600_000, 48 * 3_600_000 + 1, -1, 1];
    for (let i = 0; i < 400; i++) {
      const offset = i < edges.length ? (edges[i] ?? 0) : rng.int(-10 * 86_400_000, 10 * 86_400_000);
      const deadline = new Date(now.getTime() + offset);
      const team = [null, 'checkout', 'search'][rng.int(0, 2)] ?? null;
      const resolvedAt = rng.int(0, 4) === 0 ? new Date(now.getTime() - 3_600_000) : null;
      const key = `BUG-${i}`;
      insert.run(key, team, '2026-11-01T00:00:00.000Z', '2026-11-01T00:00:00.000Z', deadline.toISOString(), resolvedAt?.toISOString() ?? null, '2026-11-01T00:00:00.000Z', '2026-11-01T00:00:00.000Z');
      rows.push({ key, team, deadline, resolvedAt });
    }
    const byDeadline = [...rows].sort((a, b) => a.deadline.getTime() - b.deadline.getTime() || (a.key < b.key ? -1 : 1));
    for (const filter of ['all', 'breached', 'due_soon'] as const) {
      for (const team of [null, 'checkout', 'search']) {
        const args: ListArgs = { team, filter };
        const expected = byDeadline.filter((b) => {
          if (b.resolvedAt) return false;
          if (team && b.team !== team) return false;
          const risk = bugRisk(b.deadline, now, null, 48);
          return filter === 'all' || risk === filter;
        });
        const got = openBugKeys(db, args, now, 48, 25);
        expect({ filter, team, total: got.total, keys: got.keys }).toEqual({ filter, team, total: expected.length, keys: expected.slice(0, 25).map((b) => b.key) });
      }
    }
    db.close();
  });
});

describe('/bug stats with the open counts in SQL', () => {
  it('gives exactly the figures of the JavaScript walk over every bug (open, resolved in and out of the window, resolved or qualified after now)', () => {
    const db = openDb(':memory:');
    migrate(db, migrationsDir());
    const rng = createRng('bug-stats-sql');
    const now = new Date('2026-11-30T12:00:00.000Z');
    const at = (ms: number) => new Date(now.getTime() + ms).toISOString();
    const D = 86_400_000;
    const insert = db.prepare(
      `INSERT INTO bugs (key, title, severity, team, source, qualified_at, clock_started_at, deadline, resolved_at, created_at, updated_at)
       VALUES (?, 't', 'high', ?, 'command', ?, ?, ?, ?, ?, ?)`,
    );
    for (let i = 0; i < 500; i++) {
      const qualified = rng.int(-60 * D, 2 * D);
      const deadline = qualified + rng.int(1, 10) * D;
      const resolved = rng.int(0, 2) === 0 ? null : qualified + rng.int(-D, 40 * D);
      insert.run(`S-${i}`, [null, 'checkout', 'search'][rng.int(0, 2)] ?? null, at(qualified), at(qualified), at(deadline), resolved === null ? null : at(resolved), at(qualified), at(qualified));
    }
    const org = exampleOrgConfig();
    const sql = bugFiguresAt({ db, org }, now, 30);
    const js = computeBugFigures(bugStore(db).figureRows(now, 30), now, { dueSoonHours: org.bugs.dueSoonHours, windowDays: 30 });
    expect(sql.overall).toEqual(js.overall);
    expect(Object.fromEntries(sql.byTeam)).toEqual(Object.fromEntries(js.byTeam));
    expect(sql.overall.open).toBeGreaterThan(0);
    db.close();
  });
});
