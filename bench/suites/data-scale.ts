import { join } from 'node:path';
import { createLanguageResolver } from '../../src/context.js';
import { migrate } from '../../src/db/migrate.js';
import { openDb } from '../../src/db/open.js';
import { migrationsDir } from '../../src/paths.js';
import { bulkInsert } from '../data/bulk.js';
import { userId } from '../data/generate.js';
import { createRng } from '../data/prng.js';
import { formatInt } from '../lib/format.js';
import { figure, type Figure } from '../lib/report.js';
import type { BenchSuite } from '../lib/suite.js';
import { compareWithBaseline } from '../lib/timer.js';

const SEED = 'cadence-bench-2026';

/**
 * What is not a feature's own suite: the one query every request makes (the
 * person's language) at 100,000 users, feature path vs hand-written SQL.
 * Insights, opportunities, bugs and digests are loaded into their real tables
 * by their own suites (insights-scale, opportunities-scale, bugs-scale, digest-scale).
 */
export const suite: BenchSuite = {
  name: 'data-scale',
  title: 'Data scale: the per-request language lookup',
  order: 30,
  async run(ctx) {
    const figures: Figure[] = [];
    const db = openDb(join(ctx.tempDir('data-scale'), 'cadence.db'));
    try {
      migrate(db, migrationsDir());
      // The per-request language lookup at 100,000 users: feature path vs hand-written SQL.
      const users = ctx.quick ? 10_000 : 100_000;
      const rng = createRng(SEED).fork('language-lookups');
      ctx.log(`language lookup at ${formatInt(users)} users`);
      bulkInsert(db, 'INSERT INTO user_settings (user_id, language, updated_at) VALUES (?, ?, ?)', sequence(users), (i) => [
        userId(i - 1),
        rng.chance(0.3) ? 'fr' : 'en',
        '2026-01-05T09:00:00.000Z',
      ]);
      const iterations = ctx.quick ? 2_000 : 20_000;
      // A few lookups for people who never chose a language: the fallback path.
      const keys = Array.from({ length: iterations + 1_000 }, () => userId(rng.int(0, Math.floor(users * 1.05))));
      const languageOf = createLanguageResolver(db, 'en');
      const raw = db.prepare<[string], { language: string | null }>('SELECT language FROM user_settings WHERE user_id = ?');
      const cmp = compareWithBaseline(
        (i) => languageOf(keys[i] as string),
        (i) => raw.get(keys[i] as string)?.language ?? 'en',
        { warmup: 1_000, iterations },
      );
      figures.push(
        figure({ name: `language lookup (ctx.languageOf), ${formatInt(users)} users: p50`, unit: 'ms', value: cmp.feature.p50, baseline: { label: 'hand-written SQL', value: cmp.baseline.p50 } }),
        figure({ name: `language lookup (ctx.languageOf), ${formatInt(users)} users: p99`, unit: 'ms', value: cmp.feature.p99, baseline: { label: 'hand-written SQL', value: cmp.baseline.p99 } }),
      );

      const notes = [
        `Generators (bench/data/generate.ts): seeded sfc32 PRNG (seed \`${SEED}\`), Zipf-distributed feedback vocabulary, times relative to a fixed anchor, never the wall clock; rows are inserted with one prepared statement inside one transaction (bench/data/bulk.ts, bench/data/tables.ts). Insights, opportunities and bugs are loaded into their real tables by their own suites.`,
        `Feature vs SQL: both sides are warmed up (1,000 calls) then timed alternately call by call (${formatInt(iterations)} each) over the same random keys, 5 % of them people with no stored choice.`,
      ];
      return { figures, notes, details: { users, languageLookup: cmp } };
    } finally {
      db.close();
    }
  },
};

function* sequence(n: number): Generator<number> {
  for (let i = 1; i <= n; i += 1) yield i;
}
