import { WebClient } from '@slack/web-api';
import { describe, expect, it } from 'vitest';
import { claimDueNotices } from '../../src/bugs/escalation.js';
import { assignBug, registerBug, reopenBug, resolveBug, type BugDraft } from '../../src/bugs/service.js';
import { DUE_FOR_NOTICE_SQL, bugStore } from '../../src/bugs/store.js';
import { computeBugFigures } from '../../src/bugs/figures.js';
import { fixedClock } from '../../src/clock.js';
import type { OrgConfig } from '../../src/config/org.js';
import { createContext } from '../../src/context.js';
import { migrate } from '../../src/db/migrate.js';
import { openDb } from '../../src/db/open.js';
import { enqueue, outboxEntries } from '../../src/delivery/outbox.js';
import { silentLogger } from '../../src/logger.js';
import { migrationsDir } from '../../src/paths.js';
import { buildOrgConfig, exampleOrgConfig } from '../helpers/org.js';

const T0 = new Date('2026-11-16T09:00:00Z'); // Monday 10:00 in Paris
const H = 3_600_000;
const D = 24 * H;
const at = (ms: number) => new Date(T0.getTime() + ms);

// These tests pin the ladder's mechanics at any hour (`noticeHours: false`);
// working hours have their own tests (notice-hours.test.ts, notice-time.test.ts).
function setup(config: OrgConfig = exampleOrgConfig()) {
  const org: OrgConfig = { ...config, bugs: { ...config.bugs, noticeHours: false } };
  const db = openDb(':memory:');
  migrate(db, migrationsDir());
  const ctx = createContext({ org, db, clock: fixedClock(T0), logger: silentLogger(), client: new WebClient('xoxb-unused') });
  return { db, ctx, store: bugStore(db) };
}

function draft(overrides: Partial<BugDraft> = {}): BugDraft {
  return { key: 'PAY-1', title: 'Checkout fails', severity: 'medium', team: 'checkout', owner: 'U0000OWNER', ownerEmail: null, url: null, qualifiedAt: T0, ...overrides };
}

const queued = (db: ReturnType<typeof setup>['db'], key = 'PAY-1') =>
  outboxEntries(db, `bug:${key}`).filter((e) => e.dedupeKey.includes(':level:')).map((e) => e.dedupeKey.replace(`bug:${key}:`, ''));

describe('the escalation sweep', () => {
  it('claims each level once, at its time, for the people it names', () => {
    const { db, ctx, store } = setup();
    registerBug(ctx, draft(), 'command', 'U0000OWNER', T0);
    expect(store.get('PAY-1')?.nextNoticeAt?.toISOString()).toBe(at(6 * D).toISOString());

    expect(claimDueNotices(ctx, at(6 * D - 1))).toEqual({ bugs: 0, enqueued: 0, superseded: 0, noRecipient: 0 });
    expect(claimDueNotices(ctx, at(6 * D))).toMatchObject({ bugs: 1, enqueued: 1 });
    expect(queued(db)).toEqual(['clock:1:level:1:to:U0000OWNER']);
    // The same moment again, and a later moment before level 2: nothing new.
    expect(claimDueNotices(ctx, at(6 * D)).enqueued).toBe(0);
    expect(claimDueNotices(ctx, at(7 * D - 1)).enqueued).toBe(0);

    // One notice per person (decision 0034): the breach is one channel post
    // naming the owner and the lead, not a post and two DMs.
    expect(claimDueNotices(ctx, at(7 * D)).enqueued).toBe(1);
    expect(claimDueNotices(ctx, at(9 * D)).enqueued).toBe(1);
    expect(queued(db)).toEqual(['clock:1:level:1:to:U0000OWNER', 'clock:1:level:2:to:C0000CHKOUT', 'clock:1:level:3:to:C0000BUGESC']);
    const breach = outboxEntries(db, 'bug:PAY-1').find((e) => e.dedupeKey.includes(':level:2:'));
    expect(JSON.stringify(breach?.args['blocks'])).toContain('For <@U0000OWNER> <@U0000PMPAY2>');
    expect(store.notices('PAY-1').map((n) => [n.level, n.outcome, n.recipients])).toEqual([
      [1, 'enqueued', ['U0000OWNER']],
      [2, 'enqueued', ['C0000CHKOUT']],
      [3, 'enqueued', ['C0000BUGESC']],
    ]);
    expect(store.get('PAY-1')?.nextNoticeAt).toBeNull();
    expect(claimDueNotices(ctx, at(30 * D)).bugs).toBe(0);
  });

  it('catch-up after downtime: the due-soon warning is superseded by the breach', () => {
    const { db, ctx, store } = setup();
    registerBug(ctx, draft(), 'command', null, T0);
    const result = claimDueNotices(ctx, at(7 * D + 2 * H));
    expect(result).toMatchObject({ enqueued: 1, superseded: 1 });
    expect(store.notices('PAY-1').map((n) => [n.level, n.outcome])).toEqual([
      [1, 'superseded'],
      [2, 'enqueued'],
    ]);
    expect(queued(db).some((k) => k.includes('level:1'))).toBe(false);
    // Long after, level 3 still comes exactly once.
    expect(claimDueNotices(ctx, at(20 * D)).enqueued).toBe(1);
  });

  it('a resolved bug gets nothing more, and what was queued for it is cancelled', () => {
    const { db, ctx, store } = setup();
    registerBug(ctx, draft(), 'command', null, T0);
    claimDueNotices(ctx, at(6 * D));
    resolveBug(ctx, 'PAY-1', at(6 * D + H), 'U0000OWNER', at(6 * D + H));
    expect(outboxEntries(db, 'bug:PAY-1').map((e) => e.status)).toEqual(['cancelled']);
    expect(store.get('PAY-1')?.nextNoticeAt).toBeNull();
    expect(claimDueNotices(ctx, at(30 * D))).toMatchObject({ bugs: 0, enqueued: 0 });
  });

  it('reopening starts a fresh ladder under a new clock id', () => {
    const { db, ctx, store } = setup();
    registerBug(ctx, draft(), 'command', null, T0);
    claimDueNotices(ctx, at(7 * D));
    resolveBug(ctx, 'PAY-1', at(8 * D), null, at(8 * D));
    const r = reopenBug(ctx, 'PAY-1', at(10 * D), 'U0000QA0001', at(10 * D));
    expect(r.kind === 'reopened' && [r.bug.clockId, r.bug.deadline.toISOString()]).toEqual([2, at(17 * D).toISOString()]);
    claimDueNotices(ctx, at(16 * D));
    expect(queued(db).filter((k) => k.startsWith('clock:2'))).toEqual(['clock:2:level:1:to:U0000OWNER']);
    expect(store.events('PAY-1').map((e) => e.kind)).toEqual(['registered', 'resolved', 'reopened']);
    // Figures judge the current clock: open, not breached.
    const figures = computeBugFigures(store.figureRows(at(16 * D), 30), at(16 * D));
    expect(figures.overall).toMatchObject({ open: 1, breached: 0, dueWithin48h: 1 });
  });

  it('a bug nobody can be told about is recorded as such, not retried forever', () => {
    const { ctx, store } = setup(buildOrgConfig({ channels: {} }));
    registerBug(ctx, draft({ team: null, owner: null }), 'command', null, T0);
    expect(claimDueNotices(ctx, at(6 * D))).toMatchObject({ enqueued: 0, noRecipient: 1 });
    expect(store.notices('PAY-1')[0]).toMatchObject({ level: 1, outcome: 'no_recipient', recipients: [] });
  });

  it('a changed ladder re-times open bugs; claimed levels stay claimed', () => {
    const first = setup();
    registerBug(first.ctx, draft(), 'command', null, T0);
    claimDueNotices(first.ctx, at(6 * D));
    const org = buildOrgConfig({
      bugs: { ladder: [{ name: 'warn', offsetHours: -24, notify: ['owner'] }, { name: 'warn-again', offsetHours: -2, notify: ['owner'] }, { name: 'breached', offsetHours: 0, notify: ['team'] }] },
    });
    const ctx = createContext({ org: { ...org, bugs: { ...org.bugs, noticeHours: false } }, db: first.db, clock: fixedClock(T0), logger: silentLogger(), client: new WebClient('xoxb-unused') });
    expect(claimDueNotices(ctx, at(6 * D + H)).enqueued).toBe(0);
    expect(first.store.get('PAY-1')?.nextNoticeAt?.toISOString()).toBe(at(7 * D - 2 * H).toISOString());
    expect(claimDueNotices(ctx, at(7 * D - 2 * H)).enqueued).toBe(1);
  });

  it('claims thousands due at once, across batches, each exactly once', () => {
    const { db, ctx } = setup();
    for (let i = 0; i < 2500; i++) registerBug(ctx, draft({ key: `BULK-${i}`, owner: null, team: null }), 'webhook', null, T0);
    const result = claimDueNotices(ctx, at(6 * D));
    expect(result).toMatchObject({ bugs: 2500, enqueued: 2500 });
    expect(claimDueNotices(ctx, at(6 * D)).enqueued).toBe(0);
    expect(db.prepare(`SELECT COUNT(*) AS n FROM bug_notices`).get()).toEqual({ n: 2500 });
  });

  it('resolve turns notices already posted into "resolved" updates', () => {
    const { db, ctx } = setup();
    registerBug(ctx, draft(), 'command', null, T0);
    claimDueNotices(ctx, at(6 * D));
    db.prepare(`UPDATE delivery_outbox SET status = 'sent', sent_channel = 'DU0000OWNER', sent_ts = '1700000000.000100'`).run();
    resolveBug(ctx, 'PAY-1', at(6 * D + H), 'U0000OWNER', at(6 * D + H));
    const updates = outboxEntries(db, 'bug:PAY-1:updates');
    expect(updates).toHaveLength(1);
    expect(updates[0]).toMatchObject({ method: 'chat.update', args: { channel: 'DU0000OWNER', ts: '1700000000.000100' } });
    expect(String(updates[0]?.args['text'])).toContain('was resolved by <@U0000OWNER>');
  });

  it('assigning DMs the new owner, unless they assigned themselves', () => {
    const { db, ctx } = setup();
    registerBug(ctx, draft({ owner: null }), 'command', 'U0000QA0001', T0);
    assignBug(ctx, 'PAY-1', 'U0000DEV001', 'U0000QA0001', T0);
    assignBug(ctx, 'PAY-1', 'U0000DEV002', 'U0000DEV002', T0);
    const dms = outboxEntries(db, 'bug:PAY-1').map((e) => e.args['channel']);
    expect(dms).toEqual(['U0000DEV001']);
    // The outbox API is shared: a key already used is never queued twice.
    const first = outboxEntries(db, 'bug:PAY-1')[0];
    expect(first && enqueue(db, { dedupeKey: first.dedupeKey, method: 'chat.postMessage', args: {} }, T0)).toBe(false);
  });
});

describe('the sweep query', () => {
  it('reads the partial index on next_notice_at, never the whole table (EXPLAIN QUERY PLAN)', () => {
    const { db, ctx } = setup();
    for (let i = 0; i < 500; i++) registerBug(ctx, draft({ key: `Q-${i}`, qualifiedAt: new Date(T0.getTime() - (i % 300) * H) }), 'webhook', null, T0);
    resolveBug(ctx, 'Q-1', T0, null, T0);
    db.exec('ANALYZE');
    const plan = (db.prepare(`EXPLAIN QUERY PLAN ${DUE_FOR_NOTICE_SQL}`).all(T0.toISOString(), 2000) as { detail: string }[]).map((r) => r.detail);
    expect(plan).toEqual([expect.stringMatching(/^SEARCH bugs USING INDEX bugs_next_notice \(.*next_notice_at<\?\)$/)]);
    expect(plan.join('\n')).not.toMatch(/SCAN bugs|TEMP B-TREE/);
  });
});
