import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { bulkInsert } from '../../bench/data/bulk.js';
import { DATA_SCALE, DEFAULT_ANCHOR, bugs, insights, opportunities, userId } from '../../bench/data/generate.js';
import { INSIGHT_SOURCES, OPPORTUNITY_STATUSES } from '../../bench/data/vocabulary.js';

const all = <T>(it: Iterable<T>): T[] => [...it];

describe('synthetic data generators', () => {
  it('are deterministic: same seed, same rows; another seed, other rows', () => {
    expect(all(insights(200, { seed: 1 }))).toEqual(all(insights(200, { seed: 1 })));
    expect(all(opportunities(50, { seed: 1 }))).toEqual(all(opportunities(50, { seed: 1 })));
    expect(all(bugs(50, { seed: 1, overdue: 5 }))).toEqual(all(bugs(50, { seed: 1, overdue: 5 })));
    expect(all(insights(20, { seed: 1 }))).not.toEqual(all(insights(20, { seed: 2 })));
  });

  it('a prefix does not depend on the count asked for, so a quick run sees the start of the full dataset', () => {
    const small = all(insights(10, { seed: 'x' }));
    const large = all(insights(1000, { seed: 'x' })).slice(0, 10);
    expect(small.map((r) => r.text)).toEqual(large.map((r) => r.text));
  });

  it('insights are well-formed: seq from 1, known sources and tribes, times before the anchor and increasing', () => {
    const rows = all(insights(2_000, { seed: 3, tribes: ['a', 'b'] }));
    expect(rows.map((r) => r.seq)).toEqual(Array.from({ length: 2_000 }, (_, i) => i + 1));
    for (const r of rows) {
      expect(INSIGHT_SOURCES).toContain(r.source);
      expect([null, 'a', 'b']).toContain(r.tribe);
      expect(r.text.length).toBeGreaterThan(0);
      expect(new Set(r.tags).size).toBe(r.tags.length);
      expect(r.reporter).toMatch(/^U[0-9A-Z]{10}$/);
      expect(Date.parse(r.createdAt)).toBeLessThan(DEFAULT_ANCHOR.getTime());
    }
    const times = rows.map((r) => Date.parse(r.createdAt));
    expect([...times].sort((x, y) => x - y)).toEqual(times);
    // Not all the same: some without customer, some untriaged.
    expect(rows.some((r) => r.customer === null)).toBe(true);
    expect(rows.some((r) => r.tribe === null)).toBe(true);
  });

  it('opportunities have valid RICE inputs, statuses and distinct evidence within the pool', () => {
    for (const o of opportunities(1_000, { seed: 4, evidencePool: 30 })) {
      expect(o.reach).toBeGreaterThanOrEqual(0);
      expect([3, 2, 1, 0.5, 0.25]).toContain(o.impact);
      expect([1, 0.8, 0.5]).toContain(o.confidence);
      expect(o.effort).toBeGreaterThanOrEqual(0.5);
      expect(OPPORTUNITY_STATUSES).toContain(o.status);
      expect(new Set(o.evidence).size).toBe(o.evidence.length);
      for (const e of o.evidence) expect(e >= 1 && e <= 30).toBe(true);
    }
  });

  it('bugs: exactly `overdue` open bugs are past their deadline at the anchor; the rest are due later or resolved', () => {
    const anchor = DEFAULT_ANCHOR.getTime();
    const rows = all(bugs(5_000, { seed: 5, overdue: 100, openShare: 0.8 }));
    const open = rows.filter((b) => b.resolvedAt === null);
    expect(open.filter((b) => Date.parse(b.deadline) <= anchor)).toHaveLength(100);
    expect(rows.filter((b) => b.resolvedAt === null && Date.parse(b.deadline) > anchor).length).toBeGreaterThan(3_000);
    for (const b of rows) expect(Date.parse(b.deadline) - Date.parse(b.qualifiedAt)).toBe(7 * 86_400_000);
    for (const b of rows.filter((r) => r.resolvedAt !== null)) expect(Date.parse(b.resolvedAt ?? '')).toBeGreaterThan(Date.parse(b.qualifiedAt));
    expect(all(bugs(10, { overdue: 0 })).every((b) => Date.parse(b.deadline) > anchor)).toBe(true);
  });

  it('refuses impossible requests', () => {
    expect(() => all(bugs(3, { overdue: 4 }))).toThrow('cannot exceed');
    expect(() => all(insights(-1))).toThrow('non-negative');
    expect(() => all(insights(1, { tribes: [] }))).toThrow('tribes');
    expect(all(insights(0))).toEqual([]);
  });

  it('asks for the sizes the issues name', () => {
    expect(DATA_SCALE).toEqual({ insights: 1_000_000, opportunities: 100_000, bugs: 100_000 });
    expect(userId(0)).toBe('U0000000000');
    expect(userId(35)).toBe('U000000000Z');
  });
});

describe('bulkInsert', () => {
  const table = () => {
    const db = new Database(':memory:');
    db.exec('CREATE TABLE t (seq INTEGER PRIMARY KEY, text TEXT NOT NULL) STRICT');
    return db;
  };

  it('inserts every row of a lazy generator and returns the count', () => {
    const db = table();
    const n = bulkInsert(db, 'INSERT INTO t (seq, text) VALUES (?, ?)', insights(500, { seed: 1 }), (r) => [r.seq, r.text]);
    expect(n).toBe(500);
    expect(db.prepare('SELECT COUNT(*) AS n FROM t').get()).toEqual({ n: 500 });
  });

  it('is all or nothing: a failing row leaves the table as it was', () => {
    const db = table();
    db.prepare('INSERT INTO t VALUES (1, ?)').run('already there');
    const rows = [{ seq: 2, text: 'a' }, { seq: 3, text: 'b' }, { seq: 1, text: 'duplicate key' }];
    expect(() => bulkInsert(db, 'INSERT INTO t (seq, text) VALUES (?, ?)', rows, (r) => [r.seq, r.text])).toThrow(/UNIQUE/);
    expect(db.prepare('SELECT seq FROM t').all()).toEqual([{ seq: 1 }]);
  });
});
