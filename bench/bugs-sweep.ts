/**
 * The escalation sweep of issue 5, measured on a real SQLite file:
 *   1. 100,000 open bugs, nothing due: one sweep (target < 20 ms);
 *   2. then 1,000 of them due: the claim-and-enqueue part (target < 100 ms),
 *      measured twice on two different groups: the first run also pays for
 *      JIT warm-up, as a sweep after a quiet period would.
 * Run: npm run build && node dist/bench/bugs-sweep.js
 * Not a test: numbers depend on the machine; tests only check the query plan.
 */
import { readFileSync } from 'node:fs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WebClient } from '@slack/web-api';
import { claimDueNotices } from '../src/bugs/escalation.js';
import { DUE_FOR_NOTICE_SQL, bugStore } from '../src/bugs/store.js';
import { systemClock } from '../src/clock.js';
import { parseOrgConfig } from '../src/config/org.js';
import { createContext } from '../src/context.js';
import { migrate } from '../src/db/migrate.js';
import { openDb } from '../src/db/open.js';
import { silentLogger } from '../src/logger.js';
import { exampleConfigPath, migrationsDir } from '../src/paths.js';

const OPEN = 100_000;
const DUE = 1_000;
const DAY = 86_400_000;
const teams = ['checkout', 'billing', 'search', null] as const;

const dir = mkdtempSync(join(tmpdir(), 'cadence-bench-'));
try {
  const db = openDb(join(dir, 'bench.db'));
  migrate(db, migrationsDir());
  const org = parseOrgConfig(readFileSync(exampleConfigPath(), 'utf8'), 'cadence.example.yml');
  const ctx = createContext({ org, db, clock: systemClock, logger: silentLogger(), client: new WebClient('xoxb-bench') });
  const store = bugStore(db);
  const t0 = new Date('2026-11-16T09:00:00Z');

  db.transaction(() => {
    for (let i = 0; i < OPEN; i++) {
      // The first 2 x DUE bugs were qualified 6 days earlier: their level 1 falls due at t0 + i seconds.
      const qualifiedAt = new Date(t0.getTime() - (i < 2 * DUE ? 6 * DAY : 0) + (i % (2 * DUE)) * 1000);
      const deadline = new Date(qualifiedAt.getTime() + 7 * DAY);
      store.insert({
        key: `BENCH-${i}`, title: `A qualified bug number ${i}`, severity: 'medium', team: teams[i % teams.length] ?? null,
        owner: i % 2 === 0 ? `U${String(i).padStart(9, '0')}` : null, ownerEmail: null, url: `https://tracker.example/BENCH-${i}`,
        source: 'webhook', reportedBy: null, qualifiedAt, clockId: 1, clockStartedAt: qualifiedAt, deadline,
        resolvedAt: null, resolvedBy: null, nextNoticeAt: new Date(deadline.getTime() - DAY), createdAt: t0, updatedAt: t0,
      });
    }
  })();
  db.exec('ANALYZE');
  // First call records the ladder fingerprint (a one-off recompute of every open bug).
  claimDueNotices(ctx, new Date(t0.getTime() - DAY));

  const plan = (db.prepare(`EXPLAIN QUERY PLAN ${DUE_FOR_NOTICE_SQL}`).all(t0.toISOString(), 2000) as { detail: string }[]).map((r) => r.detail);
  console.log(`query plan: ${plan.join(' | ')}`);

  const quiet: number[] = [];
  for (let i = 0; i < 20; i++) {
    const start = performance.now();
    const r = claimDueNotices(ctx, new Date(t0.getTime() - 1000));
    quiet.push(performance.now() - start);
    if (r.bugs !== 0) throw new Error('expected nothing due');
  }
  quiet.sort((a, b) => a - b);
  console.log(`${OPEN} open bugs, nothing due: median ${quiet[10]?.toFixed(2)} ms, max ${quiet[19]?.toFixed(2)} ms (target < 20 ms)`);

  for (const group of [1, 2]) {
    const start = performance.now();
    const r = claimDueNotices(ctx, new Date(t0.getTime() + group * DUE * 1000 - 1));
    const ms = performance.now() - start;
    console.log(`group ${group}: ${r.bugs} due, claimed and enqueued ${r.enqueued} notices in ${ms.toFixed(1)} ms (target < 100 ms)`);
  }
  db.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
