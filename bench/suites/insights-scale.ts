import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { migrate } from '../../src/db/migrate.js';
import { openDb } from '../../src/db/open.js';
import { ftsAllOf } from '../../src/insights/similarity.js';
import { listInsights, searchInsights } from '../../src/insights/store.js';
import { migrationsDir } from '../../src/paths.js';
import { startFakeSlack } from '../../src/sandbox/slack/web-api.js';
import { sendCommand } from '../../test/helpers/signer.js';
import { DATA_SCALE, insights } from '../data/generate.js';
import { createRng, zipfPicker } from '../data/prng.js';
import { FEEDBACK_WORDS, THEME_TAGS } from '../data/vocabulary.js';
import { formatInt, formatMs } from '../lib/format.js';
import { freePort, rssMiB, spawnNode, waitFor200 } from '../lib/proc.js';
import { figure, type Figure } from '../lib/report.js';
import type { BenchSuite } from '../lib/suite.js';
import { compareWithBaseline, timeOnce, timeQuery } from '../lib/timer.js';

const SEED = 'cadence-bench-2026';
const SECRET = 'bench-insights-signing-secret';

/**
 * Insights at a million rows, in the real migrated tables (FTS5 index and
 * triggers included): `/insight search` and `/insight list` through the store
 * functions the listeners call, each next to the hand-written SQL a person
 * would write for the same answer; then the real bot process's memory after
 * serving searches on that database.
 */
export const suite: BenchSuite = {
  name: 'insights-scale',
  title: 'Insights at scale: search and list on a million insights',
  order: 31,
  async run(ctx) {
    const count = ctx.quick ? 100_000 : DATA_SCALE.insights;
    const dir = ctx.tempDir('insights-scale');
    const dbPath = join(dir, 'cadence.db');
    const db = openDb(dbPath);
    const figures: Figure[] = [];
    const notes: string[] = [];
    const details: Record<string, unknown> = { count };
    try {
      migrate(db, migrationsDir());
      ctx.log(`loading ${formatInt(count)} insights into the real tables (full-text index maintained by its triggers)`);
      const insert = db.prepare(
        `INSERT INTO insights (id, text, source, customer, arr, segment, tribe, tags, reporter_id, channel_id, status, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      );
      const tag = db.prepare('INSERT INTO insight_tags (tag, insight_id) VALUES (?, ?)');
      const rng = createRng(SEED).fork('insight-status');
      const load = timeOnce(() =>
        db.transaction(() => {
          let n = 0;
          for (const r of insights(count, { seed: SEED })) {
            const tags = [...r.tags].sort();
            const status = rng.chance(0.6) ? 'triaged' : rng.chance(0.9) ? 'new' : 'archived';
            insert.run(r.seq, r.text, r.source, r.customer, r.arr, r.segment, r.tribe, tags.join(' '), r.reporter, r.channel, status, r.createdAt, r.createdAt);
            for (const t of tags) tag.run(t, r.seq);
            n++;
          }
          return n;
        })(),
      );
      if (load.result !== count) throw new Error(`loaded ${load.result} of ${count} insights`);
      details.loadMs = load.ms;
      db.exec('ANALYZE');
      notes.push(
        `${formatInt(count)} insights from the seeded generator (seed \`${SEED}\`) loaded in ${formatMs(load.ms)} in one transaction, through the migration's FTS5 triggers; 60 % triaged, 36 % new, 4 % archived; ${formatInt(THEME_TAGS.length)} theme tags.`,
      );

      // /insight search: one to three words, Zipf-picked like the data, so common and rare words both appear.
      const word = zipfPicker(FEEDBACK_WORDS.filter((w) => w.length > 3), 1);
      const qrng = createRng(SEED).fork('search-queries');
      const queries = Array.from({ length: 4_000 }, () => Array.from({ length: qrng.int(1, 3) }, () => word(qrng)).join(' '));
      const pageSql = db.prepare<[string], { id: number }>(
        `SELECT i.* FROM insights_fts f JOIN insights i ON i.id = f.rowid WHERE insights_fts MATCH ? ORDER BY f.rank LIMIT 10`,
      );
      const iterations = ctx.quick ? 300 : 2_000;
      // The exact baseline ranks every match: up to a second for a common word on a million rows.
      // It runs on the first queries only, alternated with the feature on the same ones.
      const paired = ctx.quick ? 40 : 150;
      ctx.log(`/insight search: ${formatInt(iterations)} queries, the first ${paired} also as hand-written SQL`);
      const searchOf = (i: number) => queries[i % queries.length] ?? 'export';
      const search = compareWithBaseline(
        (i) => searchInsights(db, searchOf(i)),
        (i) => pageSql.all(ftsAllOf(searchOf(i)) ?? 'export'),
        { warmup: 10, iterations: paired },
      );
      const many = timeQuery((i) => searchInsights(db, searchOf(i)), { warmup: 100, iterations });
      details.search = { paired: search, all: many };
      const exact = 'hand-written SQL, exact bm25 over every match';
      figures.push(
        figure({ name: `/insight search, ${formatInt(count)} insights, ${formatInt(paired)} queries: p50`, unit: 'ms', value: search.feature.p50, baseline: { label: exact, value: search.baseline.p50 } }),
        figure({ name: `/insight search, ${formatInt(count)} insights, ${formatInt(paired)} queries: p99`, unit: 'ms', value: search.feature.p99, baseline: { label: exact, value: search.baseline.p99 } }),
        figure({
          name: `/insight search, ${formatInt(count)} insights, ${formatInt(iterations)} queries: p99`,
          unit: 'ms',
          value: many.p99,
          baseline: { label: `${exact} (p99 of the ${formatInt(paired)} above)`, value: search.baseline.p99 },
          maxValue: 50,
          targetText: '< 50 ms',
        }),
      );
      notes.push(
        `Search: ${formatInt(iterations)} queries of 1–3 words drawn with the data's Zipf weights (e.g. \`${queries.slice(0, 3).join('`, `')}\`), through \`searchInsights\` (the listener's call: every word must match, ranking over the newest 5,000 matches, a count capped at 1,000, then any word when nothing matches all). Baseline: \`SELECT … FROM insights_fts JOIN insights … MATCH ? ORDER BY rank LIMIT 10\`, the query a person would write, which ranks every match; it costs up to a second for a common word, so it runs on the first ${formatInt(paired)} queries only, alternated call by call with the feature on the same ones (first two rows); the target row is the feature over all ${formatInt(iterations)}.`,
      );

      // /insight list: the filters people use, newest first.
      const filters = [
        { tribe: 'payments', tags: [], untriaged: false, archived: false },
        { tribe: 'discovery', tags: [], untriaged: true, archived: false },
        { tags: ['exports'], untriaged: false, archived: false },
        { tribe: 'payments', tags: ['mobile'], untriaged: false, archived: false },
      ];
      const listSql = [
        db.prepare(`SELECT * FROM insights WHERE tribe = 'payments' AND status <> 'archived' ORDER BY id DESC LIMIT 10`),
        db.prepare(`SELECT * FROM insights WHERE tribe = 'discovery' AND status = 'new' ORDER BY id DESC LIMIT 10`),
        db.prepare(`SELECT i.* FROM insight_tags t JOIN insights i ON i.id = t.insight_id WHERE t.tag = 'exports' AND i.status <> 'archived' ORDER BY t.insight_id DESC LIMIT 10`),
        db.prepare(`SELECT i.* FROM insight_tags t JOIN insights i ON i.id = t.insight_id WHERE t.tag = 'mobile' AND i.tribe = 'payments' AND i.status <> 'archived' ORDER BY t.insight_id DESC LIMIT 10`),
      ];
      ctx.log('/insight list');
      const list = compareWithBaseline(
        (i) => listInsights(db, filters[i % filters.length] ?? { tags: [], untriaged: false, archived: false }),
        (i) => listSql[i % listSql.length]?.all(),
        { warmup: 200, iterations: ctx.quick ? 400 : 2_000 },
      );
      details.list = list;
      figures.push(
        figure({ name: '/insight list (tribe, untriaged, tag filters): p50', unit: 'ms', value: list.feature.p50, baseline: { label: 'hand-written SQL (the page only)', value: list.baseline.p50 } }),
        figure({ name: '/insight list (tribe, untriaged, tag filters): p99', unit: 'ms', value: list.feature.p99, baseline: { label: 'hand-written SQL (the page only)', value: list.baseline.p99 } }),
      );
      notes.push(
        'List: `listInsights` with four filter sets in turn (`tribe:payments`, `tribe:discovery untriaged`, `#exports`, `tribe:payments #mobile`); it also counts matches up to 1,000 for "10 of more than 1,000". Baseline: the hand-written page query alone, same filters, same indexes.',
      );
    } finally {
      db.close();
    }

    // The real bot process on that database: memory after serving searches, next to the same bot on an empty one.
    ctx.log('bot process RSS after 500 searches, on this database and on an empty one');
    const rssLoaded = await botRssAfterSearches(ctx.root, dbPath, dir);
    const emptyDir = ctx.tempDir('insights-scale-empty');
    const rssEmpty = await botRssAfterSearches(ctx.root, join(emptyDir, 'cadence.db'), emptyDir);
    figures.push(
      figure({ name: `bot RSS after 500 /insight search on ${formatInt(count)} insights`, unit: 'MB', value: rssLoaded, baseline: { label: 'same bot, empty database, same searches', value: rssEmpty } }),
    );
    notes.push(
      'RSS: `node dist/src/main.js` started on the loaded file (and, as the baseline, on a fresh one), 500 signed `/insight search` commands through the receiver one after the other, VmRSS 0.5 s after the last answer. SQLite\'s page cache is bounded per connection (its default, about 2 MB), so the data size shows mostly through the OS page cache, not the process.',
    );
    return { figures, notes, details };
  },
};

async function botRssAfterSearches(root: string, dbPath: string, cwd: string): Promise<number> {
  const slack = await startFakeSlack();
  const port = await freePort();
  const proc = spawnNode(join(root, 'dist', 'src', 'main.js'), { SLACK_BOT_TOKEN: 'xoxb-bench', SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: slack.apiUrl, PORT: String(port), CADENCE_DB: dbPath, LOG_LEVEL: 'warn' }, cwd);
  try {
    await waitFor200(`http://127.0.0.1:${port}/healthz`, proc, performance.now(), 60_000);
    const word = zipfPicker(FEEDBACK_WORDS.filter((w) => w.length > 3), 1);
    const rng = createRng(SEED).fork('rss-searches');
    for (let i = 0; i < 500; i++) {
      const res = await sendCommand(`http://127.0.0.1:${port}/slack/events`, { command: '/insight', text: `search ${word(rng)} ${word(rng)}`, user_id: 'U0BENCH0001' }, { signingSecret: SECRET });
      if (res.status !== 200 || !res.text.includes('response_type')) throw new Error(`search answered ${res.status}: ${res.text.slice(0, 200)}`);
    }
    await new Promise((r) => setTimeout(r, 500));
    const pid = proc.child.pid;
    if (pid === undefined) throw new Error('no pid');
    return rssMiB(pid);
  } finally {
    await proc.stop();
    await slack.close();
  }
}
