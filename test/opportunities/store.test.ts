import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrate } from '../../src/db/migrate.js';
import { openDb, type Db } from '../../src/db/open.js';
import { insertInsight, deleteInsight } from '../../src/insights/store.js';
import { OPEN_STATUSES, STATUSES, type Status } from '../../src/opportunities/lifecycle.js';
import type { ListFilters, PitchDraft } from '../../src/opportunities/parse.js';
import { riceScore } from '../../src/opportunities/rice.js';
import { awaitingAgenda, backlogHealth, transition } from '../../src/opportunities/service.js';
import {
  exportOpportunities,
  getOpportunity,
  healthCounts,
  historyOf,
  insertOpportunity,
  linkEvidence,
  listRanked,
  listRankedSql,
  missingInsightIds,
  recordTransition,
  searchByTitle,
  updateOpportunity,
} from '../../src/opportunities/store.js';
import { migrationsDir } from '../../src/paths.js';
import { exampleOrgConfig } from '../helpers/org.js';

const T0 = new Date('2026-03-02T09:00:00.000Z');
const org = exampleOrgConfig();
let db: Db;
beforeEach(() => {
  db = openDb(':memory:');
  migrate(db, migrationsDir());
});
afterEach(() => db.close());

function draft(over: Partial<PitchDraft> = {}): PitchDraft {
  return {
    title: 'Checkout abandonment',
    problem: 'People leave',
    segment: 'Mobile',
    evidenceIds: [],
    metric: 'Conversion',
    today: null,
    target: '3 %',
    valuePerYear: 1000,
    kind: 'painkiller',
    commitment: 'conversion',
    tribe: 'payments',
    initiatives: ['One-page checkout'],
    reach: 100,
    impact: 1,
    confidence: 100,
    effort: 1,
    topDown: false,
    ...over,
  };
}
function add(over: Partial<PitchDraft> = {}, opts: { owner?: string; status?: 'draft' | 'pitched'; view?: string } = {}) {
  const d = draft(over);
  return insertOpportunity(db, { draft: d, score: riceScore(d), ownerId: opts.owner ?? 'UPM', status: opts.status ?? 'pitched', sourceViewId: opts.view ?? null }, T0).opportunity;
}
function insight(text = 'Checkout fails'): number {
  return insertInsight(db, { text, source: 'call', tags: [], customer: null, arr: null, segment: null, tribe: 'payments', reporterId: 'USALES' }, T0).id;
}
const ctx = () => ({ db, org, clock: { now: () => T0 } });

describe('migration 0005', () => {
  it('gives opportunity_evidence its foreign key: a link to a missing opportunity is refused, deleting cascades', () => {
    const i = insight();
    expect(() => db.prepare("INSERT INTO opportunity_evidence VALUES (42, ?, 'U', 'x')").run(i)).toThrow(/FOREIGN KEY/);
    const o = add({ evidenceIds: [i] });
    expect(db.prepare('SELECT COUNT(*) FROM opportunity_evidence').pluck().get()).toBe(1);
    db.prepare('DELETE FROM opportunities WHERE id = ?').run(o.id);
    expect(db.prepare('SELECT COUNT(*) FROM opportunity_evidence').pluck().get()).toBe(0);
    expect(db.prepare('PRAGMA foreign_key_check').all()).toEqual([]);
    expect(db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'opportunity_evidence' AND sql IS NOT NULL").pluck().all()).toEqual(['opportunity_evidence_by_insight']);
  });

  it('keeps evidence_count in step with links, including those removed when an insight is deleted', () => {
    const a = insight('one');
    const b = insight('two');
    const o = add({ evidenceIds: [a, b] });
    expect(getOpportunity(db, o.id)?.evidenceCount).toBe(2);
    deleteInsight(db, a);
    expect(getOpportunity(db, o.id)?.evidenceCount).toBe(1);
    expect(linkEvidence(db, o.id, [b], 'U', T0)).toBe(0);
    expect(getOpportunity(db, o.id)?.evidenceCount).toBe(1);
  });

  it('applies on a database that already had insights and links from before (rebuild keeps valid rows only)', () => {
    const old = openDb(':memory:');
    try {
      const { readMigrations } = require_();
      const files = readMigrations(migrationsDir());
      const before = files.filter((f) => f.version < 5);
      for (const f of before) old.exec(f.sql);
      old.prepare("INSERT INTO insights (text, source, reporter_id, created_at, updated_at) VALUES ('x', 'call', 'U', 'a', 'a')").run();
      // A link written before opportunities existed (nothing could write one, but be safe): not copied.
      old.prepare("INSERT INTO opportunity_evidence VALUES (9, 1, 'U', 'a')").run();
      const mine = files.find((f) => f.version === 5);
      old.transaction(() => old.exec(mine?.sql ?? ''))();
      expect(old.prepare('SELECT COUNT(*) FROM opportunity_evidence').pluck().get()).toBe(0);
      expect(old.prepare('PRAGMA foreign_key_check').all()).toEqual([]);
    } finally {
      old.close();
    }
  });
});

// readMigrations is exported by the runner; imported lazily to keep the test's imports about opportunities.
import * as migrateModule from '../../src/db/migrate.js';
function require_() {
  return migrateModule;
}

describe('writing', () => {
  it('stores initiatives in order, evidence, a creation history row; a repeated view id returns the first', () => {
    const i = insight();
    const first = insertOpportunity(db, { draft: draft({ initiatives: ['b', 'a'], evidenceIds: [i] }), score: 100, ownerId: 'UPM', status: 'pitched', sourceViewId: 'V1' }, T0);
    const again = insertOpportunity(db, { draft: draft({ title: 'Other' }), score: 1, ownerId: 'UPM', status: 'pitched', sourceViewId: 'V1' }, T0);
    expect(first.created).toBe(true);
    expect(again).toMatchObject({ created: false, opportunity: { id: first.opportunity.id, title: 'Checkout abandonment' } });
    expect(first.opportunity.initiatives).toEqual(['b', 'a']);
    expect(historyOf(db, first.opportunity.id)).toEqual([{ at: T0.toISOString(), by: 'UPM', from: null, to: 'pitched', note: null }]);
    expect(db.prepare('SELECT COUNT(*) FROM opportunities').pluck().get()).toBe(1);
  });

  it('an edit applies the evidence difference and keeps links made meanwhile', () => {
    const [a, b, c] = [insight('a'), insight('b'), insight('c')];
    const o = add({ evidenceIds: [a, b] });
    linkEvidence(db, o.id, [c], 'UOTHER', T0);
    const after = updateOpportunity(db, o.id, { draft: draft({ evidenceIds: [a], initiatives: ['x', 'y'], reach: 300 }), score: 300, by: 'UADMIN', evidenceBefore: [a, b] }, T0);
    expect(after).toMatchObject({ reach: 300, score: 300, initiatives: ['x', 'y'], updatedBy: 'UADMIN', evidenceCount: 2 });
    expect(db.prepare('SELECT insight_id FROM opportunity_evidence ORDER BY insight_id').pluck().all()).toEqual([a, c]);
    expect(updateOpportunity(db, 999, { draft: draft(), score: 1, by: 'U', evidenceBefore: [] }, T0)).toBeUndefined();
  });

  it('a transition is conditional on the status it was decided from', () => {
    const o = add();
    expect(recordTransition(db, { id: o.id, from: 'pitched', to: 'on_agenda', by: 'UVP', note: null }, T0)).toBe(true);
    expect(recordTransition(db, { id: o.id, from: 'pitched', to: 'draft', by: 'UPM', note: null }, T0)).toBe(false);
    expect(historyOf(db, o.id).map((h) => h.to)).toEqual(['pitched', 'on_agenda']);
  });

  it('missingInsightIds', () => {
    const a = insight();
    expect(missingInsightIds(db, [a, a + 1, 0])).toEqual([a + 1, 0]);
  });
});

describe('transition (the service other features call)', () => {
  it('enforces roles and notes, writes history, and reports conflicts and missing opportunities', () => {
    const o = add({}, { owner: 'U0000PMPAY2' });
    expect(transition(ctx(), o.id, 'on_agenda', 'U0000PMPAY2', null)).toMatchObject({ ok: false, reason: 'forbidden', roles: ['approver', 'admin'] });
    expect(transition(ctx(), o.id, 'on_agenda', 'U0000VPPRD1', null)).toMatchObject({ ok: true, from: 'pitched', to: 'on_agenda', opportunity: { status: 'on_agenda' } });
    expect(transition(ctx(), o.id, 'rework', 'U0000VPPRD1', '  ')).toMatchObject({ ok: false, reason: 'note_required' });
    expect(transition(ctx(), o.id, 'rework', 'U0000VPPRD1', ' Numbers please ')).toMatchObject({ ok: true, note: 'Numbers please' });
    expect(transition(ctx(), o.id, 'shipped', 'U0000ADMIN1', null)).toMatchObject({ ok: false, reason: 'illegal', allowed: ['on_agenda'] });
    expect(transition(ctx(), 999, 'go', 'U0000ADMIN1', null)).toEqual({ ok: false, reason: 'not_found', id: 999 });
    expect(historyOf(db, o.id).map((h) => [h.from, h.to, h.note])).toEqual([
      [null, 'pitched', null],
      ['pitched', 'on_agenda', null],
      ['on_agenda', 'rework', 'Numbers please'],
    ]);
  });

  it('awaitingAgenda lists a person’s pitched and rework opportunities, best first', () => {
    const low = add({ reach: 10 }, { owner: 'UA' });
    const high = add({ reach: 1000 }, { owner: 'UA' });
    add({ reach: 5000 }, { owner: 'UA', status: 'draft' });
    add({ reach: 5000 }, { owner: 'UB' });
    recordTransition(db, { id: low.id, from: 'pitched', to: 'on_agenda', by: 'UVP', note: null }, T0);
    recordTransition(db, { id: low.id, from: 'on_agenda', to: 'rework', by: 'UVP', note: 'x' }, T0);
    expect(awaitingAgenda({ db }, 'UA').map((o) => [o.id, o.status])).toEqual([
      [high.id, 'pitched'],
      [low.id, 'rework'],
    ]);
    expect(awaitingAgenda({ db }, 'UNOBODY')).toEqual([]);
  });
});

describe('the ranked backlog', () => {
  const base: Omit<ListFilters, 'status'> = { mine: false };
  const q = (filters: Partial<ListFilters> = {}, page = 0, pageSize = 10) => listRanked(db, { ...base, status: 'open', ...filters, viewer: 'UPM', page, pageSize });

  it('orders by score, ties by id, pages, and counts', () => {
    const ids = [50, 800, 40, 40, 0].map((reach) => add({ reach }).id);
    expect(q().items.map((o) => o.id)).toEqual([ids[1], ids[0], ids[2], ids[3], ids[4]]);
    expect(q({}, 1, 2)).toMatchObject({ total: 5, page: 1, pageSize: 2 });
    expect(q({}, 1, 2).items.map((o) => o.id)).toEqual([ids[2], ids[3]]);
    expect(q({}, 9, 2).items).toEqual([]);
  });

  it('drafts are only their owner’s, and never in open or all', () => {
    add({}, { owner: 'UPM', status: 'draft' });
    add({}, { owner: 'UOTHER', status: 'draft' });
    expect(q().total).toBe(0);
    expect(q({ status: 'all' }).total).toBe(0);
    expect(q({ status: 'draft' }).total).toBe(1);
  });

  it('finds opportunities by title words or number for the link picker', () => {
    const a = add({ title: 'Faster checkout on mobile' });
    add({ title: 'Search 100% relevance' });
    const d = add({ title: 'Secret checkout' }, { owner: 'UOTHER', status: 'draft' });
    expect(searchByTitle(db, 'CHECKOUT mobile', 'UPM', 10).map((o) => o.id)).toEqual([a.id]);
    expect(searchByTitle(db, '100%', 'UPM', 10)).toHaveLength(1);
    expect(searchByTitle(db, '%', 'UPM', 10)).toHaveLength(1);
    expect(searchByTitle(db, `#${d.id}`, 'UPM', 10)).toEqual([]);
    expect(searchByTitle(db, `#${d.id}`, 'UOTHER', 10).map((o) => o.id)).toEqual([d.id]);
    expect(searchByTitle(db, '', 'UPM', 1)).toHaveLength(1);
  });

  it('reads the first page of every filter shape from an index, in score order (no sort of the backlog)', () => {
    const fill = db.transaction(() => {
      for (let i = 0; i < 400; i++) {
        const d = draft({ reach: i * 7 % 1000, tribe: i % 2 ? 'payments' : 'discovery', commitment: ['leads', 'conversion', 'retention'][i % 3] ?? 'leads' });
        const o = insertOpportunity(db, { draft: d, score: riceScore(d), ownerId: `U${i % 20}`, status: 'pitched' }, T0).opportunity;
        const to = STATUSES[i % STATUSES.length] as Status;
        if (to !== 'pitched') db.prepare('UPDATE opportunities SET status = ? WHERE id = ?').run(to, o.id);
      }
    });
    fill();
    const statuses: ListFilters['status'][] = ['open', 'all', 'pitched', 'draft'];
    for (const status of statuses) {
      for (const tribe of [undefined, 'payments']) {
        for (const commitment of [undefined, 'leads']) {
          const filters = { status, mine: false, viewer: 'U1', ...(tribe ? { tribe } : {}), ...(commitment ? { commitment } : {}) };
          const { sql, countSql, params } = listRankedSql(filters);
          const plan = (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params, 10, 0) as { detail: string }[]).map((r) => r.detail).join(' | ');
          expect(plan, JSON.stringify(filters)).not.toContain('TEMP B-TREE');
          expect(plan, JSON.stringify(filters)).toMatch(/USING (COVERING )?INDEX opportunities_/);
          // The total never reads the table: every filter column is in the index (a person's own drafts are few).
          if (status === 'draft') continue;
          const countPlan = (db.prepare(`EXPLAIN QUERY PLAN ${countSql}`).all(...params) as { detail: string }[]).map((r) => r.detail).join(' | ');
          expect(countPlan, JSON.stringify(filters)).toMatch(/USING COVERING INDEX opportunities_/);
        }
      }
    }
    for (const status of ['pitched', 'draft'] as const) {
      const { sql, params } = listRankedSql({ status, mine: true, viewer: 'U1' });
      const plan = (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params, 10, 0) as { detail: string }[]).map((r) => r.detail).join(' | ');
      expect(plan).toContain('INDEX opportunities_by_owner');
      expect(plan).not.toContain('TEMP B-TREE');
    }
    // And the results agree with a plain sort.
    const all = db.prepare(`SELECT id, score FROM opportunities WHERE status IN (${OPEN_STATUSES.map(() => '?').join(',')}) AND tribe = 'payments'`).all(...OPEN_STATUSES) as { id: number; score: number }[];
    const expected = all.sort((a, b) => b.score - a.score || a.id - b.id).slice(0, 10).map((r) => r.id);
    expect(q({ tribe: 'payments' }).items.map((o) => o.id)).toEqual(expected);
  });
});

describe('backlog health from the store', () => {
  it('reads a covering index for every filter (never the table)', () => {
    const plans: string[] = [];
    const spy = db.prepare.bind(db);
    for (const filters of [{}, { tribe: 'payments' }, { commitment: 'leads' }, { tribe: 'payments', commitment: 'leads' }]) {
      healthCounts(db, filters);
      const terms = Object.keys(filters).map((k) => `${k} = '${(filters as Record<string, string>)[k]}'`);
      const index = 'tribe' in filters ? 'opportunities_tribe_health' : 'opportunities_health';
      const sql = `SELECT status, COUNT(*) FROM opportunities INDEXED BY ${index} ${terms.length ? `WHERE ${terms.join(' AND ')}` : ''} GROUP BY status, commitment, top_down, evidence_count > 0`;
      plans.push((spy(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[]).map((r) => r.detail).join(' | '));
    }
    for (const plan of plans) expect(plan).toMatch(/USING COVERING INDEX opportunities_(tribe_)?health/);
  });

  it('aggregates by status, commitment, origin and evidence, and lists the best open ones without evidence', () => {
    const i = insight();
    add({ evidenceIds: [i] });
    const bare = add({ reach: 900, topDown: true, commitment: 'leads' });
    add({ reach: 5 }, { status: 'draft' });
    const h = backlogHealth({ db, org });
    expect(h).toMatchObject({ total: 3, open: 2, topDown: 1, topDownShare: 0.5, topDownOverGoal: true, noEvidence: 1 });
    expect(h.withoutEvidence.map((o) => o.id)).toEqual([bare.id]);
    expect(backlogHealth({ db, org }, { tribe: 'discovery' })).toMatchObject({ total: 0, open: 0, withoutEvidence: [] });
    expect(healthCounts(db, { commitment: 'leads' })).toEqual([{ status: 'pitched', commitment: 'leads', topDown: true, hasEvidence: false, count: 1 }]);
  });
});

describe('export', () => {
  it('streams every opportunity with initiatives, evidence ids and history as lists', () => {
    expect([...exportOpportunities(db)]).toEqual([]);
    const [a, b] = [insight('a'), insight('b')];
    const o = add({ evidenceIds: [b, a], initiatives: ['first', 'second, "quoted"'], topDown: true });
    recordTransition(db, { id: o.id, from: 'pitched', to: 'on_agenda', by: 'UVP', note: 'n' }, T0);
    const rows = [...exportOpportunities(db)];
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      id: o.id,
      origin: 'top_down',
      status: 'on_agenda',
      score: 100,
      initiatives: ['first', 'second, "quoted"'],
      evidence_ids: [a, b],
      history: [
        { at: T0.toISOString(), by: 'UPM', from: null, to: 'pitched', note: null },
        { at: T0.toISOString(), by: 'UVP', from: 'pitched', to: 'on_agenda', note: 'n' },
      ],
    });
  });
});
