import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseOrgConfig } from '../../src/config/org.js';
import { migrate } from '../../src/db/migrate.js';
import { openDb } from '../../src/db/open.js';
import { translator } from '../../src/i18n/index.js';
import { listMessage } from '../../src/opportunities/blocks.js';
import { PAGE_SIZE } from '../../src/opportunities/listeners/shared.js';
import { OPEN_STATUSES } from '../../src/opportunities/lifecycle.js';
import type { ListFilters } from '../../src/opportunities/parse.js';
import { backlogHealth } from '../../src/opportunities/service.js';
import { OPEN_SQL, listRanked, listRankedSql } from '../../src/opportunities/store.js';
import { exampleConfigPath, migrationsDir } from '../../src/paths.js';
import { DATA_SCALE } from '../data/generate.js';
import { loadInsights, loadOpportunities } from '../data/tables.js';
import { formatInt, formatMs } from '../lib/format.js';
import { figure, type Figure } from '../lib/report.js';
import type { BenchSuite } from '../lib/suite.js';
import { compareWithBaseline, timeOnce } from '../lib/timer.js';

const SEED = 'cadence-bench-2026';
const ANCHOR = new Date('2026-11-16T08:00:00.000Z');
/** Insights the opportunities cite as evidence (the foreign key needs them to exist). */
const EVIDENCE_POOL = 20_000;
const VIEWER = 'U0BENCHVIEW';

/**
 * The ranked backlog (issue 4) on 100,000 opportunities in the real tables:
 * `/pitch list` first page (listRanked, then the Block Kit list message the
 * listener answers with) for the filter shapes people use, next to the exact SQL
 * `listRanked` runs (from `listRankedSql`), prepared once and read raw; then
 * the backlog health, next to the hand-written SQL that gives the same counts.
 */
export const suite: BenchSuite = {
  name: 'opportunities-scale',
  title: 'Opportunities at scale: the ranked backlog and its health on 100,000 opportunities',
  order: 33,
  async run(ctx) {
    const count = ctx.quick ? 10_000 : DATA_SCALE.opportunities;
    const db = openDb(join(ctx.tempDir('opportunities-scale'), 'cadence.db'));
    const figures: Figure[] = [];
    const notes: string[] = [];
    try {
      migrate(db, migrationsDir());
      const org = parseOrgConfig(readFileSync(exampleConfigPath(), 'utf8'), 'cadence.example.yml');
      const commitments = org.commitments.map((c) => c.key);
      const tribes = org.tribes.map((t) => t.key);
      ctx.log(`loading ${formatInt(EVIDENCE_POOL)} insights and ${formatInt(count)} opportunities (initiatives, evidence, history)`);
      const pool = timeOnce(() => loadInsights(db, EVIDENCE_POOL, { seed: SEED, anchor: ANCHOR, tribes }));
      const load = timeOnce(() => loadOpportunities(db, count, { seed: SEED, anchor: ANCHOR, tribes, commitments, evidencePool: EVIDENCE_POOL }));
      if (load.result.count !== count) throw new Error(`loaded ${load.result.count} of ${count} opportunities`);
      const open = db.prepare(`SELECT COUNT(*) FROM opportunities WHERE ${OPEN_SQL}`).pluck().get() as number;
      notes.push(
        `${formatInt(count)} opportunities from the seeded generator (seed \`${SEED}\`) loaded into the real tables in ${formatMs(load.ms)} (one transaction; ${formatInt(load.result.initiatives)} initiatives, ${formatInt(load.result.evidence)} evidence links, ${formatInt(load.result.history)} history rows; the ${formatInt(EVIDENCE_POOL)} insights they cite took ${formatMs(pool.ms)}): RICE score from \`riceScore\`, statuses weighted as in a live backlog (${formatInt(open)} open), each with 1–3 initiatives, 0–8 evidence links to ${formatInt(EVIDENCE_POOL)} insights (evidence_count written with the rows, the migration's trigger restored afterwards and every count checked against the links) and the legal lifecycle path to its status in opportunity_history. No ANALYZE: the bot never runs it, so the planner works without statistics, as in production.`,
      );

      // /pitch list: the shapes the command accepts, first page, 10 per page.
      const shapes: { label: string; filters: ListFilters }[] = [
        { label: 'open backlog', filters: { status: 'open', mine: false } },
        { label: 'tribe:payments', filters: { status: 'open', mine: false, tribe: 'payments' } },
        { label: 'commitment:conversion', filters: { status: 'open', mine: false, commitment: 'conversion' } },
        { label: 'status:go', filters: { status: 'go', mine: false } },
        { label: 'tribe:discovery status:pitched', filters: { status: 'pitched', mine: false, tribe: 'discovery' } },
        { label: 'commitment:leads status:all', filters: { status: 'all', mine: false, commitment: 'leads' } },
      ];
      const tr = translator('en');
      const raw = shapes.map((s) => {
        const q = listRankedSql({ ...s.filters, viewer: VIEWER });
        return { page: db.prepare(q.sql), count: db.prepare(q.countSql).pluck(), params: q.params };
      });
      const iterations = ctx.quick ? 600 : 3_000;
      ctx.log(`/pitch list: ${formatInt(iterations)} first pages over ${shapes.length} filter shapes`);
      const list = compareWithBaseline(
        (i) => {
          const shape = shapes[i % shapes.length] ?? shapes[0];
          if (!shape) throw new Error('no shape');
          const page = listRanked(db, { ...shape.filters, viewer: VIEWER, page: 0, pageSize: PAGE_SIZE });
          if (page.items.length !== PAGE_SIZE) throw new Error(`${shape.label}: a first page of ${page.items.length}`);
          return listMessage(tr, org, 'en', page, shape.filters);
        },
        (i) => {
          const q = raw[i % raw.length];
          if (!q) throw new Error('no query');
          return [q.page.all(...q.params, PAGE_SIZE, 0), q.count.get(...q.params)];
        },
        { warmup: 300, iterations },
      );
      // Per shape, for the notes: the feature's p99 and the plan SQLite uses.
      const perShape = shapes.map((s, k) => {
        const q = listRankedSql({ ...s.filters, viewer: VIEWER });
        const total = raw[k]?.count.get(...(raw[k]?.params ?? [])) as number;
        const plan = (db.prepare(`EXPLAIN QUERY PLAN ${q.sql}`).all(...q.params, PAGE_SIZE, 0) as { detail: string }[]).map((r) => r.detail).join('; ');
        return { label: s.label, total, plan };
      });
      figures.push(
        figure({ name: `/pitch list first page, ${formatInt(count)} opportunities, ${shapes.length} filter shapes: p50`, unit: 'ms', value: list.feature.p50, baseline: { label: 'the same SQL (page + count), raw', value: list.baseline.p50 } }),
        figure({
          name: `/pitch list first page, ${formatInt(count)} opportunities, ${shapes.length} filter shapes: p99`,
          unit: 'ms',
          value: list.feature.p99,
          baseline: { label: 'the same SQL (page + count), raw', value: list.baseline.p99 },
          maxValue: 30,
          targetText: '< 30 ms',
        }),
      );
      // What the index hints buy: the query a person would write, without them, on the open backlog.
      const naive = db.prepare(`SELECT * FROM opportunities WHERE ${OPEN_SQL} ORDER BY score DESC, id LIMIT ${PAGE_SIZE}`);
      const naiveCount = db.prepare(`SELECT COUNT(*) FROM opportunities WHERE ${OPEN_SQL}`).pluck();
      const hinted = compareWithBaseline(
        () => listRanked(db, { status: 'open', mine: false, viewer: VIEWER, page: 0, pageSize: PAGE_SIZE }),
        () => [naive.all(), naiveCount.get()],
        { warmup: 20, iterations: ctx.quick ? 100 : 300 },
      );
      const naivePlan = (db.prepare(`EXPLAIN QUERY PLAN SELECT * FROM opportunities WHERE ${OPEN_SQL} ORDER BY score DESC, id LIMIT ${PAGE_SIZE}`).all() as { detail: string }[])
        .map((r) => r.detail)
        .join('; ');
      figures.push(
        figure({ name: 'listRanked, open backlog: p99', unit: 'ms', value: hinted.feature.p99, baseline: { label: 'the obvious SQL without the index hint', value: hinted.baseline.p99 } }),
      );
      notes.push(
        `/pitch list: ${formatInt(iterations)} first pages (10 rows, as the listener asks) cycling through ${shapes.length} filter shapes — ${perShape.map((s) => `\`${s.label}\` (${formatInt(s.total)} rows)`).join(', ')} — each through \`listRanked\` (page and count) and \`listMessage\` (the Block Kit answer), alternated call by call with the two statements of \`listRankedSql\` prepared once and read without mapping or blocks. Plans: ${perShape.map((s) => `${s.label}: \`${s.plan}\``).join('; ')}.`,
        `Index hints: \`listRanked\` on the open backlog next to \`SELECT * … WHERE status IN (…) ORDER BY score DESC, id LIMIT 10\` plus its count, without INDEXED BY (plan: \`${naivePlan}\`); ${formatInt(ctx.quick ? 100 : 300)} calls each.`,
      );

      // Backlog health: one GROUP BY and the five best open opportunities without evidence.
      const hctx = { db, org };
      const healthFilters: { tribe?: string; commitment?: string }[] = [{}, { tribe: 'payments' }, { commitment: 'leads' }];
      // Tuned by hand: grouped in the order of an index that holds every column, the evidence split summed per group.
      const groupSql = `SELECT status, commitment, top_down, SUM(evidence_count = 0), COUNT(*) FROM opportunities`;
      const healthRaw = [
        db.prepare(`${groupSql} GROUP BY 1, 2, 3`),
        db.prepare(`${groupSql} WHERE tribe = 'payments' GROUP BY 1, 2, 3`),
        db.prepare(`${groupSql} WHERE commitment = 'leads' GROUP BY 1, 2, 3`),
      ];
      const gapRaw = [
        db.prepare(`SELECT * FROM opportunities WHERE ${OPEN_SQL} AND evidence_count = 0 ORDER BY score DESC, id LIMIT 5`),
        db.prepare(`SELECT * FROM opportunities WHERE ${OPEN_SQL} AND evidence_count = 0 AND tribe = 'payments' ORDER BY score DESC, id LIMIT 5`),
        db.prepare(`SELECT * FROM opportunities WHERE ${OPEN_SQL} AND evidence_count = 0 AND commitment = 'leads' ORDER BY score DESC, id LIMIT 5`),
      ];
      // The hand-written counts must be the feature's: same total, same open backlog without evidence.
      for (const [k, f] of healthFilters.entries()) {
        const h = backlogHealth(hctx, f);
        const rows = healthRaw[k]?.raw().all() as [string, string, number, number, number][];
        const total = rows.reduce((s, r) => s + r[4], 0);
        const gap = rows.filter((r) => (OPEN_STATUSES as readonly string[]).includes(r[0])).reduce((s, r) => s + r[3], 0);
        if (h.total !== total || h.noEvidence !== gap) throw new Error(`health ${JSON.stringify(f)}: feature ${h.total}/${h.noEvidence}, SQL ${total}/${gap}`);
      }
      ctx.log('backlog health');
      const health = compareWithBaseline(
        (i) => backlogHealth(hctx, healthFilters[i % healthFilters.length] ?? {}),
        (i) => [healthRaw[i % healthRaw.length]?.all(), gapRaw[i % gapRaw.length]?.all()],
        { warmup: 20, iterations: ctx.quick ? 100 : 300 },
      );
      figures.push(
        figure({ name: `backlog health, ${formatInt(count)} opportunities: p50`, unit: 'ms', value: health.feature.p50, baseline: { label: 'hand-written SQL, same counts', value: health.baseline.p50 } }),
        figure({
          name: `backlog health, ${formatInt(count)} opportunities: p99`,
          unit: 'ms',
          value: health.feature.p99,
          baseline: { label: 'hand-written SQL, same counts', value: health.baseline.p99 },
          maxValue: 100,
          targetText: '< 100 ms',
        }),
      );
      notes.push(
        `Backlog health: \`backlogHealth\` (one GROUP BY over a covering index, \`summariseHealth\`, then the five best open opportunities without evidence) for the whole backlog, \`tribe:payments\` and \`commitment:leads\` in turn, alternated with hand-tuned SQL: the GROUP BY on (status, commitment, top_down) with the evidence split summed in each group, and the LIMIT 5 query, both left to the planner (checked first to give the same totals and evidence gap). \`healthCounts\` grouped by \`evidence_count > 0\` until this benchmark: SQLite then sorted every index entry in a temporary B-tree first (32 ms p50 for the whole backlog, p99 141 ms on this machine, target missed); it now groups in index order like the baseline.`,
      );
      return { figures, notes, details: { count, load: load.result, loadMs: load.ms, list, perShape, hinted, health } };
    } finally {
      db.close();
    }
  },
};
