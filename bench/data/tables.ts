import type { Db } from '../../src/db/open.js';
import { riceScore, type Confidence, type Impact } from '../../src/opportunities/rice.js';
import { bugs, insights, opportunities, type GenerateOptions } from './generate.js';
import { historyOf, insightStatusByAge } from './history.js';
import { createRng } from './prng.js';

/*
 * Loads generated rows into the real migrated tables (triggers included), one
 * prepared statement per table inside one transaction: the data-scale suites
 * that need several kinds of rows in one database (opportunities-scale,
 * digest-scale) share these. Every function returns what it loaded.
 */

const DAY = 86_400_000;

export interface LoadedInsights {
  count: number;
  untriaged: number;
  tags: number;
}

/**
 * Insights over the year before `anchor`, with their tags (insight_tags and the
 * denormalised column) and a triage status by age (bench/data/history.ts);
 * the untriaged ones that were posted have a triage card reference. The
 * full-text index holds every insight of the table afterwards.
 */
export function loadInsights(db: Db, count: number, opts: GenerateOptions & { seed: string; anchor: Date; firstId?: number }): LoadedInsights {
  const insert = db.prepare(
    `INSERT INTO insights (id, text, source, customer, arr, segment, tribe, tags, reporter_id, channel_id, status, created_at, updated_at,
       triaged_by, triaged_at, archived_by, archived_at, triage_channel, triage_ts)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const tag = db.prepare('INSERT INTO insight_tags (tag, insight_id) VALUES (?, ?)');
  const rng = createRng(opts.seed).fork('insight-triage');
  const anchorMs = opts.anchor.getTime();
  const firstId = opts.firstId ?? 1;
  return db.transaction(() => {
    // The full-text index is built once at the end ('rebuild', FTS5's bulk load: sqlite.org/fts5.html)
    // rather than row by row by the insert trigger: 2.5× faster for the same index. The trigger is put
    // back from its own stored SQL before the commit, so later inserts are indexed as in production.
    const trigger = db.prepare<[], { sql: string }>(`SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = 'insights_fts_insert'`).get();
    if (!trigger) throw new Error('the insights full-text trigger is missing: has the migration changed?');
    db.exec('DROP TRIGGER insights_fts_insert');
    const out: LoadedInsights = { count: 0, untriaged: 0, tags: 0 };
    for (const r of insights(count, opts)) {
      const tags = [...r.tags].sort();
      const createdMs = Date.parse(r.createdAt);
      const status = insightStatusByAge(anchorMs - createdMs, rng);
      const doneAt = status === 'new' ? null : new Date(Math.min(anchorMs - 1, createdMs + rng.int(1, 72) * 3_600_000)).toISOString();
      const card = rng.chance(0.95) ? { channel: 'C0000PAYMNT', ts: `${Math.floor(createdMs / 1000)}.${String(r.seq % 1_000_000).padStart(6, '0')}` } : null;
      insert.run(
        firstId + r.seq - 1, r.text, r.source, r.customer, r.arr, r.segment, r.tribe, tags.join(' '), r.reporter, r.channel, status, r.createdAt, doneAt ?? r.createdAt,
        status === 'new' ? null : r.reporter, status === 'new' ? null : doneAt,
        status === 'archived' ? r.reporter : null, status === 'archived' ? doneAt : null,
        card?.channel ?? null, card?.ts ?? null,
      );
      for (const t of tags) tag.run(t, firstId + r.seq - 1);
      out.count++;
      out.tags += tags.length;
      if (status === 'new') out.untriaged++;
    }
    db.exec(trigger.sql);
    db.exec(`INSERT INTO insights_fts (insights_fts) VALUES ('rebuild')`);
    return out;
  })();
}

export interface LoadedOpportunities {
  count: number;
  history: number;
  evidence: number;
  initiatives: number;
}

/**
 * Opportunities from the generator with their initiatives, evidence links
 * (insight ids 1..evidencePool, which must exist: the foreign key is checked)
 * and their whole lifecycle history (bench/data/history.ts). The score is the
 * feature's own riceScore; evidence_count is kept by the migration's triggers.
 * `owner` overrides the generated owner for the first `ownerCount` rows (a person with many opportunities).
 */
export function loadOpportunities(
  db: Db,
  count: number,
  opts: GenerateOptions & { seed: string; anchor: Date; commitments: readonly string[]; evidencePool: number; owner?: { id: string; count: number } },
): LoadedOpportunities {
  const insert = db.prepare(
    `INSERT INTO opportunities (id, title, problem, segment, value_metric, value_today, value_target, value_per_year, kind, commitment, tribe,
       top_down, reach, impact, confidence, effort, score, status, owner_id, evidence_count, created_at, updated_at, updated_by, status_at, card_channel, card_ts)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const initiative = db.prepare('INSERT INTO opportunity_initiatives (opportunity_id, position, text) VALUES (?, ?, ?)');
  const link = db.prepare('INSERT INTO opportunity_evidence (opportunity_id, insight_id, linked_by, linked_at) VALUES (?, ?, ?, ?)');
  const history = db.prepare('INSERT INTO opportunity_history (opportunity_id, at, by_user, from_status, to_status, note) VALUES (?, ?, ?, ?, ?, ?)');
  const rng = createRng(opts.seed).fork('opportunity-history');
  const anchorMs = opts.anchor.getTime();
  return db.transaction(() => {
    // The evidence_count trigger costs ~25 µs a link (a row and two index updates): 10 s for 380,000 links
    // loaded at once, nothing for the one-at-a-time links of real use. It is set by the insert instead,
    // and the trigger is put back (from its own stored SQL) and the counts checked before the commit.
    const trigger = db.prepare<[], { sql: string }>(`SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = 'opportunity_evidence_count_insert'`).get();
    if (!trigger) throw new Error('the evidence_count trigger is missing: has the migration changed?');
    db.exec('DROP TRIGGER opportunity_evidence_count_insert');
    const out: LoadedOpportunities = { count: 0, history: 0, evidence: 0, initiatives: 0 };
    // The history table is ordered by time in real life (ids grow with time); rows are collected and written in time order.
    const moves: { id: number; at: number; by: string; from: string | null; to: string; note: string | null }[] = [];
    for (const o of opportunities(count, opts)) {
      const owner = opts.owner && o.seq <= opts.owner.count ? opts.owner.id : o.owner;
      const confidence = Math.round(o.confidence * 100) as Confidence;
      const impact = o.impact as Impact;
      const score = riceScore({ reach: o.reach, impact, confidence, effort: o.effort });
      const steps = historyOf(o.status, Date.parse(o.createdAt), anchorMs, rng, rng.chance(0.2));
      const last = steps[steps.length - 1];
      const statusAt = new Date(last?.at ?? Date.parse(o.createdAt)).toISOString();
      const posted = o.status !== 'draft';
      insert.run(
        o.seq, o.title, o.problem, 'Retail chains with many stores', 'monthly active stores', '1200', '1500', rng.int(0, 500) * 1_000, o.kind, o.commitment, o.tribe,
        o.topDown ? 1 : 0, o.reach, impact, confidence, o.effort, score, o.status, owner, o.evidence.length, o.createdAt, statusAt, owner, statusAt,
        posted ? 'C0000OPPORT' : null, posted ? `${Math.floor(Date.parse(o.createdAt) / 1000)}.${String(o.seq).padStart(6, '0')}` : null,
      );
      const initiatives = rng.int(1, 3);
      for (let p = 1; p <= initiatives; p++) initiative.run(o.seq, p, `Initiative ${p} for opportunity ${o.seq}`);
      out.initiatives += initiatives;
      for (const insightId of o.evidence) link.run(o.seq, insightId, owner, o.createdAt);
      out.evidence += o.evidence.length;
      for (const s of steps) {
        const by = s.from === null || s.to === 'pitched' || s.to === 'draft' ? owner : 'U0000VPPRD1';
        moves.push({ id: o.seq, at: s.at, by, from: s.from, to: s.to, note: s.to === 'rework' ? 'Come back with the churn figures per segment' : null });
      }
      out.count++;
    }
    moves.sort((a, b) => a.at - b.at || a.id - b.id);
    for (const m of moves) history.run(m.id, new Date(m.at).toISOString(), m.by, m.from, m.to, m.note);
    out.history = moves.length;
    db.exec(trigger.sql);
    const wrong = db
      .prepare('SELECT COUNT(*) FROM opportunities o WHERE evidence_count <> (SELECT COUNT(*) FROM opportunity_evidence e WHERE e.opportunity_id = o.id)')
      .pluck()
      .get() as number;
    if (wrong !== 0) throw new Error(`${wrong} opportunities have an evidence_count that does not match their links`);
    return out;
  })();
}

export interface LoadedBugs {
  open: number;
  breached: number;
  resolved: number;
}

/**
 * Bugs spread over the configured impact teams: `openShare` of them open (the
 * generator's: qualified in the last 7 days, `overdue` of them past their
 * deadline), the rest resolved within the 30 days before `anchor` (qualified
 * 1 hour to 10 days before their resolution, so about 70 % meet the 7-day SLA).
 * The first `owner.count` open bugs belong to `owner.id`.
 */
export function loadBugs(
  db: Db,
  count: number,
  opts: GenerateOptions & { seed: string; anchor: Date; teams: readonly (string | null)[]; openShare: number; overdue: number; owner?: { id: string; count: number } },
): LoadedBugs {
  const insert = db.prepare(
    `INSERT INTO bugs (key, title, severity, team, owner, url, source, qualified_at, clock_id, clock_started_at, deadline, resolved_at, resolved_by,
       next_notice_at, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, 'webhook', ?, 1, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const rng = createRng(opts.seed).fork('bug-times');
  const severities = ['critical', 'high', 'medium', 'low'] as const;
  const anchorMs = opts.anchor.getTime();
  return db.transaction(() => {
    const out: LoadedBugs = { open: 0, breached: 0, resolved: 0 };
    let owned = 0;
    for (const g of bugs(count, { ...opts, openShare: opts.openShare, overdue: opts.overdue })) {
      let qualifiedMs = Date.parse(g.qualifiedAt);
      let resolvedMs: number | null = null;
      if (g.resolvedAt !== null) {
        resolvedMs = anchorMs - rng.int(0, 30 * 24 * 60 - 1) * 60_000;
        qualifiedMs = resolvedMs - rng.int(1, 240) * 3_600_000;
      }
      const deadlineMs = qualifiedMs + 7 * DAY;
      let owner: string | null = rng.chance(0.8) ? g.owner : null;
      if (opts.owner && resolvedMs === null && owned < opts.owner.count) {
        owner = opts.owner.id;
        owned++;
      }
      const key = `BUG-${g.seq}`;
      const qualified = new Date(qualifiedMs).toISOString();
      insert.run(
        key, g.title, rng.pick(severities), rng.pick(opts.teams), owner, `https://tracker.example/${key}`, qualified, qualified, new Date(deadlineMs).toISOString(),
        resolvedMs === null ? null : new Date(resolvedMs).toISOString(), resolvedMs === null ? null : owner,
        resolvedMs === null ? new Date(deadlineMs - DAY).toISOString() : null, qualified, new Date(resolvedMs ?? qualifiedMs).toISOString(),
      );
      if (resolvedMs !== null) out.resolved++;
      else {
        out.open++;
        if (deadlineMs <= anchorMs) out.breached++;
      }
    }
    return out;
  })();
}
