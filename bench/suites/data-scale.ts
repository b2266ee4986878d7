import { join } from 'node:path';
import { createLanguageResolver } from '../../src/context.js';
import { migrate } from '../../src/db/migrate.js';
import { openDb } from '../../src/db/open.js';
import { migrationsDir } from '../../src/paths.js';
import { bulkInsert } from '../data/bulk.js';
import { DATA_SCALE, opportunities, userId } from '../data/generate.js';
import { createRng } from '../data/prng.js';
import { formatInt, formatMs } from '../lib/format.js';
import { figure, type Figure } from '../lib/report.js';
import type { BenchSuite } from '../lib/suite.js';
import { compareWithBaseline, timeOnce } from '../lib/timer.js';

const SEED = 'cadence-bench-2026';

/**
 * What is not a feature's own suite:
 *  1. the opportunity generator at the issue's size, into a scratch table until
 *     the opportunities table lands (insights and bugs have their own suites,
 *     insights-scale and bugs-scale, on the real tables);
 *  2. the one query every request makes (the person's language) at 100,000
 *     users, feature path vs hand-written SQL.
 */
export const suite: BenchSuite = {
  name: 'data-scale',
  title: 'Data scale: opportunity generator and the per-request language lookup',
  order: 30,
  async run(ctx) {
    const scale = ctx.quick ? { opportunities: 10_000 } : { opportunities: DATA_SCALE.opportunities };
    const figures: Figure[] = [];
    const db = openDb(join(ctx.tempDir('data-scale'), 'cadence.db'));
    try {
      migrate(db, migrationsDir());
      const kinds = [{ kind: 'opportunities', count: scale.opportunities, rows: () => opportunities(scale.opportunities, { seed: SEED }) }] as const;
      const loadTimes: Record<string, { generated: number; constant: number }> = {};
      for (const k of kinds) {
        // Scratch tables (one JSON document per row) stand in for the feature tables until they exist.
        db.exec(`CREATE TABLE scratch_${k.kind} (seq INTEGER PRIMARY KEY, doc TEXT NOT NULL) STRICT; CREATE TABLE scratch_${k.kind}_const (seq INTEGER PRIMARY KEY, doc TEXT NOT NULL) STRICT;`);
        ctx.log(`generating and inserting ${formatInt(k.count)} ${k.kind}`);
        const generated = timeOnce(() =>
          bulkInsert(db, `INSERT INTO scratch_${k.kind} (seq, doc) VALUES (?, ?)`, k.rows() as Iterable<{ seq: number }>, (r) => [r.seq, JSON.stringify(r)]),
        );
        const sample = db.prepare<[], { doc: string }>(`SELECT doc FROM scratch_${k.kind} WHERE seq = 1`).get()?.doc ?? '{}';
        const constant = timeOnce(() =>
          bulkInsert(db, `INSERT INTO scratch_${k.kind}_const (seq, doc) VALUES (?, ?)`, sequence(k.count), (seq) => [seq, sample]),
        );
        if (generated.result !== k.count || constant.result !== k.count) throw new Error(`${k.kind}: inserted ${generated.result}/${constant.result} of ${k.count}`);
        loadTimes[k.kind] = { generated: generated.ms, constant: constant.ms };
        figures.push(
          figure({
            name: `generate + insert ${formatInt(k.count)} ${k.kind} (one transaction)`,
            unit: 'ms',
            value: generated.ms,
            baseline: { label: 'same inserts of a constant row', value: constant.ms },
          }),
        );
        db.exec(`DROP TABLE scratch_${k.kind}_const`);
      }

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
        `Generators (bench/data/generate.ts): seeded sfc32 PRNG (seed \`${SEED}\`), Zipf-distributed feedback vocabulary, times relative to a fixed anchor (2026-01-05T09:00Z), never the wall clock; rows are inserted with one prepared statement inside one transaction (bench/data/bulk.ts). Until the opportunities table lands, its rows go into a scratch table as one JSON document each; the baseline inserts the same number of a constant document, so the ratio is the generator's own cost. Insights and bugs are loaded into their real tables by their own suites.`,
        `Feature vs SQL: both sides are warmed up (1,000 calls) then timed alternately call by call (${formatInt(iterations)} each) over the same random keys, 5 % of them people with no stored choice. Load times: ${Object.entries(loadTimes)
          .map(([k, t]) => `${k} ${formatMs(t.generated)}`)
          .join(', ')}.`,
      ];
      return { figures, notes, details: { scale, loadTimes, languageLookup: cmp } };
    } finally {
      db.close();
    }
  },
};

function* sequence(n: number): Generator<number> {
  for (let i = 1; i <= n; i += 1) yield i;
}
