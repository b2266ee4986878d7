import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrate } from '../../src/db/migrate.js';
import { openDb, type Db } from '../../src/db/open.js';
import type { InsightDraft } from '../../src/insights/parse.js';
import {
  COUNT_CAP,
  archiveInsight,
  assignTeam,
  claimDelivery,
  countInsights,
  deleteInsight,
  exportInsights,
  findSimilar,
  getInsight,
  insertInsight,
  listInsights,
  markDuplicate,
  mergeInsight,
  recordDelivery,
  releaseClaim,
  restoreInsight,
  searchInsights,
  setTags,
  undeliveredIds,
  updateInsightDetails,
} from '../../src/insights/store.js';
import { migrationsDir } from '../../src/paths.js';

let db: Db;
beforeEach(() => {
  db = openDb(':memory:');
  migrate(db, migrationsDir());
});
afterEach(() => db.close());

const T0 = new Date('2026-03-02T09:00:00Z');
function draft(over: Partial<InsightDraft> = {}): InsightDraft {
  return { text: 'Something', source: 'other', tags: [], customer: null, arr: null, segment: null, tribe: null, ...over };
}
function add(over: Partial<InsightDraft> = {}, at = T0, reporterId = 'U0ALICE') {
  return insertInsight(db, { ...draft(over), reporterId }, at);
}

describe('insights store', () => {
  it('stores and reads back every field; tags go to their own table', () => {
    const i = add({ text: 'Checkout fails', source: 'call', tags: ['checkout', 'mobile'], customer: 'Acme', arr: 120000, segment: 'enterprise', tribe: 'payments' });
    expect(i).toMatchObject({ id: 1, text: 'Checkout fails', tags: ['checkout', 'mobile'], status: 'new', createdAt: T0.toISOString(), triageTs: null });
    expect(db.prepare('SELECT tag FROM insight_tags WHERE insight_id = 1 ORDER BY tag').pluck().all()).toEqual(['checkout', 'mobile']);
  });

  it('refuses what the schema forbids, whatever the caller', () => {
    expect(() => add({ text: '' })).toThrow(/CHECK/);
    expect(() => add({ text: 'x'.repeat(3001) })).toThrow(/CHECK/);
    expect(() => add({ source: 'phone' as InsightDraft['source'] })).toThrow(/CHECK/);
    expect(countInsights(db)).toBe(0);
  });

  it('keeps the full-text index in step with inserts, edits, tag changes and deletes', () => {
    const a = add({ text: 'Invoices arrive late', customer: 'Globex' });
    expect(searchInsights(db, 'invoices').items.map((i) => i.id)).toEqual([a.id]);
    expect(searchInsights(db, 'globex').items.map((i) => i.id)).toEqual([a.id]);
    updateInsightDetails(db, a.id, draft({ text: 'Receipts arrive late', customer: 'Initech' }), T0);
    expect(searchInsights(db, 'invoices').total).toBe(0);
    expect(searchInsights(db, 'globex').total).toBe(0);
    expect(searchInsights(db, 'receipts initech').total).toBe(1);
    setTags(db, a.id, ['billing'], 'U0PM', T0);
    expect(searchInsights(db, 'billing').total).toBe(1);
    deleteInsight(db, a.id);
    expect(searchInsights(db, 'receipts').total).toBe(0);
    expect(db.prepare("SELECT COUNT(*) FROM insights_fts WHERE insights_fts MATCH 'receipts'").pluck().get()).toBe(0);
  });

  it('ranks by relevance: more matching words in the verbatim beat a passing mention', () => {
    add({ text: 'The dashboard is fine but checkout is a bit slow sometimes' });
    const best = add({ text: 'Checkout timeout: checkout times out on every mobile checkout' });
    add({ text: 'Nothing to do with it' });
    const page = searchInsights(db, 'checkout');
    expect(page.items[0]?.id).toBe(best.id);
    expect(page.total).toBe(2);
    expect(page.matchedAll).toBe(true);
  });

  it('falls back to any word when no insight has them all', () => {
    add({ text: 'Checkout is slow' });
    add({ text: 'Export is broken' });
    const page = searchInsights(db, 'checkout export');
    expect(page.matchedAll).toBe(false);
    expect(page.total).toBe(2);
    expect(searchInsights(db, '"; DROP TABLE insights; --').total).toBe(0);
    expect(countInsights(db)).toBe(2);
  });

  it('finds accented and stemmed forms', () => {
    add({ text: 'Les factures arrivent en retard' });
    expect(searchInsights(db, 'facture').total).toBe(1);
    add({ text: 'The app crashes on login' });
    expect(searchInsights(db, 'crash').total).toBe(1);
  });

  it('lists newest first with tribe, tag, customer, untriaged, reporter and archived filters', () => {
    const a = add({ text: 'A', tribe: 'payments', tags: ['checkout'], customer: 'Acme Corp' });
    const b = add({ text: 'B', tribe: 'payments', tags: ['checkout', 'mobile'] }, T0, 'U0BOB');
    const c = add({ text: 'C', tribe: 'discovery', tags: ['mobile'], customer: 'acme corp' });
    const d = add({ text: 'D' });
    assignTeam(db, b.id, 'checkout', 'U0PM', T0);
    archiveInsight(db, d.id, 'U0ADMIN', T0);
    const ids = (f: Parameters<typeof listInsights>[1]) => listInsights(db, f).items.map((i) => i.id);
    const none = { tags: [], untriaged: false, archived: false };
    expect(ids(none)).toEqual([c.id, b.id, a.id]);
    expect(ids({ ...none, tribe: 'payments' })).toEqual([b.id, a.id]);
    expect(ids({ ...none, tags: ['checkout'] })).toEqual([b.id, a.id]);
    expect(ids({ ...none, tags: ['checkout', 'mobile'] })).toEqual([b.id]);
    expect(ids({ ...none, customer: 'ACME CORP' })).toEqual([c.id, a.id]);
    expect(ids({ ...none, untriaged: true })).toEqual([c.id, a.id]);
    expect(ids({ ...none, untriaged: true, tribe: 'payments' })).toEqual([a.id]);
    expect(ids({ ...none, reporter: 'U0BOB' })).toEqual([b.id]);
    expect(ids({ ...none, archived: true })).toEqual([d.id]);
    expect(ids({ ...none, tribe: 'nobody' })).toEqual([]);
  });

  it('counts the rest exactly up to the cap, then says "more than"', () => {
    const insert = db.transaction((n: number) => {
      for (let i = 0; i < n; i++) add({ text: `Checkout problem number ${i}`, tribe: 'payments' });
    });
    insert(25);
    expect(listInsights(db, { tags: [], untriaged: false, archived: false }, 10)).toMatchObject({ total: 25, totalCapped: false });
    expect(searchInsights(db, 'checkout', 10)).toMatchObject({ total: 25, totalCapped: false });
    insert(COUNT_CAP);
    const page = listInsights(db, { tags: [], untriaged: false, archived: false, tribe: 'payments' }, 10);
    expect(page.items).toHaveLength(10);
    expect(page).toMatchObject({ total: COUNT_CAP, totalCapped: true });
    expect(searchInsights(db, 'checkout problem', 10)).toMatchObject({ total: COUNT_CAP, totalCapped: true });
  });

  it('list and search queries read indexes, never the whole table', () => {
    const plan = (sql: string, ...params: unknown[]) =>
      (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[]).map((r) => r.detail).join(' | ');
    expect(plan("SELECT i.id FROM insights i WHERE i.tribe = ? AND i.status <> 'archived' ORDER BY i.id DESC LIMIT 10", 'x')).toMatch(/USING (COVERING )?INDEX insights_by_tribe \(tribe=\?\)/);
    expect(plan("SELECT i.id FROM insights i WHERE i.tribe = ? AND i.status = 'new' ORDER BY i.id DESC LIMIT 10", 'x')).toMatch(/INDEX insights_by_tribe_status/);
    expect(plan("SELECT i.id FROM insights i WHERE i.status = 'new' ORDER BY i.id DESC LIMIT 10")).toMatch(/INDEX insights_by_status/);
    expect(plan("SELECT i.id FROM insights i WHERE i.customer = ? AND i.status <> 'archived' ORDER BY i.id DESC LIMIT 10", 'x')).toMatch(/INDEX insights_by_customer/);
    expect(plan("SELECT i.id FROM insights i JOIN insight_tags t0 ON t0.insight_id = i.id AND t0.tag = ? WHERE i.status <> 'archived' ORDER BY t0.insight_id DESC LIMIT 10", 'x')).toMatch(/SEARCH t0 USING PRIMARY KEY/);
    expect(plan('SELECT id FROM insights WHERE created_at >= ? ORDER BY created_at LIMIT 1', 'x')).toMatch(/INDEX insights_by_created/);
    for (const p of [plan("SELECT i.id FROM insights i WHERE i.tribe = ? AND i.status = 'new' ORDER BY i.id DESC LIMIT 10", 'x')]) {
      expect(p).not.toMatch(/TEMP B-TREE/);
    }
  });

  it('finds recent look-alikes for the duplicate hint, within the window only', () => {
    const old = add({ text: 'CSV export is broken for large reports' }, new Date('2025-01-01T00:00:00Z'));
    const recent = add({ text: 'Exporting large reports to CSV is broken' });
    add({ text: 'Reports look great' });
    const archived = add({ text: 'CSV export of large reports broken' });
    archiveInsight(db, archived.id, 'U0ADMIN', T0);
    const similar = findSimilar(db, 'The CSV export breaks on large reports', { since: new Date('2026-01-01T00:00:00Z') });
    expect(similar.map((i) => i.id)).toEqual([recent.id]);
    expect(similar.map((i) => i.id)).not.toContain(old.id);
    expect(findSimilar(db, 'the and of', { since: new Date(0) })).toEqual([]);
    expect(findSimilar(db, 'CSV export large reports', { since: new Date('2027-01-01T00:00:00Z') })).toEqual([]);
  });

  it('read after the insert with `before`, the hint is the one read before it: never itself, nor later insights', () => {
    const since = new Date('2026-01-01T00:00:00Z');
    const texts = [
      'CSV export is broken for large reports',
      'Exporting large reports to CSV is broken',
      'Reports look great on mobile',
      // Words no earlier insight has (zebrafish, quokka...) must not take the rarest-word slots.
      'CSV export zebrafish quokka axolotl narwhal okapi pangolin broken for large reports',
      'The large CSV reports export is broken again',
      'Mobile reports look great',
    ];
    const ids: number[] = [];
    for (const text of texts) {
      const expected = findSimilar(db, text, { since }).map((i) => i.id);
      const stored = add({ text });
      ids.push(stored.id);
      expect(findSimilar(db, text, { since, before: stored.id }).map((i) => i.id), text).toEqual(expected);
    }
    // Later insights are in the table now, and still out of an earlier one's hint.
    expect(findSimilar(db, texts[1] ?? '', { since, before: ids[1] }).map((i) => i.id)).toEqual([ids[0]]);
    expect(findSimilar(db, texts[0] ?? '', { since, before: ids[0] })).toEqual([]);
    expect(findSimilar(db, texts[4] ?? '', { since, before: ids[4] }).map((i) => i.id)).not.toContain(ids[4]);
  });

  it('claims a card once; a stale claim can be taken again; a released claim too', () => {
    const a = add({ tribe: 'payments' });
    expect(claimDelivery(db, a.id, T0)).toBe(true);
    expect(claimDelivery(db, a.id, T0)).toBe(false);
    expect(claimDelivery(db, a.id, new Date(T0.getTime() + 6 * 60_000))).toBe(true);
    releaseClaim(db, a.id);
    expect(claimDelivery(db, a.id, T0)).toBe(true);
    expect(recordDelivery(db, a.id, 'C1', '1.2')).toBe(true);
    expect(claimDelivery(db, a.id, new Date(T0.getTime() + 60 * 60_000))).toBe(false);
    expect(recordDelivery(db, 999, 'C1', '1.2')).toBe(false);
  });

  it('lists undelivered cards with somewhere to go, oldest first, within the horizon', () => {
    const a = add({ tribe: 'payments' });
    const b = add({ tribe: null });
    const c = add({ tribe: 'removed-tribe' });
    add({ tribe: 'payments' }, new Date('2020-01-01T00:00:00Z'));
    const since = new Date('2026-01-01T00:00:00Z');
    expect(undeliveredIds(db, { since, tribes: ['payments'], inbox: true, limit: 10 })).toEqual([a.id, b.id]);
    expect(undeliveredIds(db, { since, tribes: ['payments'], inbox: false, limit: 10 })).toEqual([a.id]);
    expect(undeliveredIds(db, { since, tribes: [], inbox: false, limit: 10 })).toEqual([]);
    expect(c.id).toBeGreaterThan(0);
  });

  it('triage transitions: assign, archive, restore keep who and when', () => {
    const a = add({ tribe: 'payments' });
    const later = new Date(T0.getTime() + 60_000);
    expect(assignTeam(db, a.id, 'checkout', 'U0PM', later)).toMatchObject({ impactTeam: 'checkout', status: 'triaged', triagedBy: 'U0PM', triagedAt: later.toISOString() });
    expect(archiveInsight(db, a.id, 'U0ADMIN', later)).toMatchObject({ status: 'archived', archivedBy: 'U0ADMIN', triagedBy: 'U0PM' });
    expect(restoreInsight(db, a.id, later)).toMatchObject({ status: 'triaged', archivedBy: null });
    const b = add();
    archiveInsight(db, b.id, 'U0ADMIN', later);
    expect(restoreInsight(db, b.id, later)?.status).toBe('triaged');
  });

  it('duplicates: marks, and deleting the original clears the mark', () => {
    const a = add({ text: 'one' });
    const b = add({ text: 'two' });
    expect(markDuplicate(db, b.id, a.id, T0)?.duplicateOf).toBe(a.id);
    expect(markDuplicate(db, a.id, a.id, T0)?.duplicateOf).toBeNull();
    deleteInsight(db, a.id);
    expect(getInsight(db, b.id)?.duplicateOf).toBeNull();
  });

  it('merge (issue 14 item 12): into the original of an original, once, into its tribe; never into itself', () => {
    const a = add({ text: 'one', tribe: 'payments' });
    const b = add({ text: 'two', tribe: null });
    const c = add({ text: 'three', tribe: null });
    const first = mergeInsight(db, b.id, a.id, 'U0PM', T0);
    expect(first).toMatchObject({ merged: true, into: a.id, insight: { duplicateOf: a.id, tribe: 'payments', status: 'triaged', triagedBy: 'U0PM' } });
    expect(mergeInsight(db, b.id, a.id, 'U0OTHER', T0)).toMatchObject({ merged: false, reason: 'already', into: a.id });
    expect(getInsight(db, b.id)?.triagedBy).toBe('U0PM');
    // Merging into a merged insight goes to its original.
    expect(mergeInsight(db, c.id, b.id, 'U0PM', T0)).toMatchObject({ merged: true, into: a.id });
    expect(mergeInsight(db, a.id, b.id, 'U0PM', T0)).toMatchObject({ merged: false, reason: 'same' });
    expect(mergeInsight(db, 999, a.id, 'U0PM', T0)).toMatchObject({ merged: false, reason: 'gone' });
  });

  it('numbers (issue 14 item 18): deleting the newest never gives its number again', () => {
    const a = add({ text: 'one' });
    const b = add({ text: 'two' });
    deleteInsight(db, b.id);
    const c = add({ text: 'three' });
    expect(c.id).toBe(b.id + 1);
    deleteInsight(db, a.id);
    deleteInsight(db, c.id);
    expect(add({ text: 'four' }).id).toBe(c.id + 1);
  });

  it('exports every insight with tags and opportunity links as lists', () => {
    const a = add({ text: 'a, "b"\nc', tags: ['x', 'y'] });
    add({ text: 'plain' });
    // The link table's foreign key wants a real opportunity (migration 0005).
    db.prepare(
      `INSERT INTO opportunities (id, title, problem, segment, value_metric, value_target, value_per_year, kind, commitment, top_down,
         reach, impact, confidence, effort, score, status, owner_id, created_at, updated_at, updated_by, status_at)
       VALUES (7, 't', 'p', 's', 'm', 't', 1, 'vitamin', 'leads', 0, 1, 1, 100, 1, 1, 'pitched', 'U0PM', ?, ?, 'U0PM', ?)`,
    ).run(T0.toISOString(), T0.toISOString(), T0.toISOString());
    db.prepare('INSERT INTO opportunity_evidence (opportunity_id, insight_id, linked_by, linked_at) VALUES (7, ?, ?, ?)').run(a.id, 'U0PM', T0.toISOString());
    const rows = [...exportInsights(db)];
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({ id: a.id, text: 'a, "b"\nc', tags: ['x', 'y'], opportunity_ids: [7] });
    expect(rows[1]).toMatchObject({ tags: [], opportunity_ids: [] });
    deleteInsight(db, a.id);
    expect(db.prepare('SELECT COUNT(*) FROM opportunity_evidence').pluck().get()).toBe(0);
    expect([...exportInsights(openAndMigrate())]).toEqual([]);
  });
});

function openAndMigrate(): Db {
  const fresh = openDb(':memory:');
  migrate(fresh, migrationsDir());
  return fresh;
}

describe('search on many matches', () => {
  it('ranks exactly below the window, and only the newest matches above it (decision 0006)', async () => {
    const { RANK_WINDOW } = await import('../../src/insights/store.js');
    const perfect = add({ text: 'refund refund refund refund' });
    const fill = db.transaction((n: number) => {
      for (let i = 0; i < n; i++) add({ text: `refund request ${i} with a lot of other words around it` });
    });
    fill(50);
    expect(searchInsights(db, 'refund').items[0]?.id).toBe(perfect.id);
    fill(RANK_WINDOW);
    const broad = searchInsights(db, 'refund');
    expect(broad.items.map((i) => i.id)).not.toContain(perfect.id);
    expect(broad).toMatchObject({ total: COUNT_CAP, totalCapped: true });
    // One more word narrows it down, and the old perfect match is back on top.
    db.prepare("UPDATE insights SET text = 'refund refund refund refund delayed' WHERE id = ?").run(perfect.id);
    expect(searchInsights(db, 'refund delayed').items[0]?.id).toBe(perfect.id);
  });
});
