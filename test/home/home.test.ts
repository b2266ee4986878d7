import { afterEach, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/clock.js';
import { buildHome } from '../../src/home/build.js';
import { validateView } from '../../src/sandbox/slack/block-kit.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { blockActionPayload } from '../helpers/signer.js';
import { seedBug, seedInsight, seedOpportunity } from '../digests/seed.js';

const NOW = '2026-11-23T08:00:00Z';
const PM = 'U0000PMPAY1'; // member and lead of Payments
const apps: TestApp[] = [];
afterEach(async () => {
  for (const a of apps.splice(0)) await a.stop();
});
async function app() {
  const t = await startTestApp({ clock: fixedClock(new Date(NOW)) });
  apps.push(t);
  return t;
}

function seed(t: TestApp) {
  seedInsight(t.db, { createdAt: '2026-11-20T10:00:00.000Z', tribe: 'payments', text: 'Checkout times out on mobile' });
  seedInsight(t.db, { createdAt: '2026-11-21T10:00:00.000Z', tribe: 'payments', text: 'Refunds take a week', status: 'triaged' });
  seedInsight(t.db, { createdAt: '2026-11-21T11:00:00.000Z', tribe: 'discovery', text: 'Search misses synonyms' });
  seedBug(t.db, { key: 'PAY-1', qualifiedAt: '2026-11-10T09:00:00.000Z', deadline: '2026-11-17T09:00:00.000Z', title: 'Card declined twice' });
  seedBug(t.db, { key: 'PAY-2', qualifiedAt: '2026-11-20T09:00:00.000Z', deadline: '2026-11-24T09:00:00.000Z', title: 'Receipt missing VAT' });
  seedBug(t.db, { key: 'SRCH-1', qualifiedAt: '2026-11-20T09:00:00.000Z', deadline: '2026-11-27T09:00:00.000Z', title: 'Typo tolerance' });
  t.db.prepare("UPDATE bugs SET owner = ? WHERE key IN ('PAY-1', 'PAY-2')").run(PM);
  t.db.prepare("UPDATE bugs SET owner = 'U0000PMDIS1' WHERE key = 'SRCH-1'").run();
  seedOpportunity(t.db, { title: 'Split invoices', score: 1280, status: 'pitched', createdAt: '2026-11-20T10:00:00.000Z' });
  seedOpportunity(t.db, { title: 'Saved carts', score: 90, status: 'shipped', createdAt: '2026-09-10T10:00:00.000Z' });
  const slot = t.db.prepare(
    `INSERT INTO agenda_items (ritual_key, occurrence_key, presenter_id, opportunity_id, ask, duration_minutes, status, signed_up_at, approval)
     VALUES ('pam', ?, ?, 1, 'decision', 20, 'slotted', '2026-11-16T09:00:00.000Z', ?)`,
  );
  slot.run('2026-11-26T14:00', PM, 'approved');
  slot.run('2026-11-19T14:00', PM, null); // last week's meeting: not listed
}

describe('App Home', () => {
  it('is published when opened, with my triage queue, my bugs with their risk, and the next rituals — nobody else’s', async () => {
    const t = await app();
    seed(t);
    const res = await t.event({ type: 'app_home_opened', user: PM, channel: 'D0000HOME01', tab: 'home', event_ts: '1763884800.000100' });
    expect(res.status).toBe(200);
    const [published] = await t.slack.waitForCalls('views.publish', 1);
    expect(published?.args.user_id).toBe(PM);
    const view = published?.args.view as { type: string; blocks: unknown[] };
    expect(validateView(view)).toEqual([]);
    const json = JSON.stringify(view);
    expect(json).toContain('*Insights waiting for your triage (1)* · Payments');
    expect(json).toContain('Checkout times out on mobile');
    expect(json).not.toContain('Search misses synonyms'); // Discovery's, not mine
    expect(json).not.toContain('Refunds take a week'); // already triaged
    expect(json).toContain('🔴 breached `PAY-1` Card declined twice');
    expect(json).toContain('🟠 due soon `PAY-2` Receipt missing VAT');
    expect(json).not.toContain('SRCH-1');
    expect(json).toContain('Business ↔ product sync'); // Tuesday 24th: the next ritual
    expect(json).toContain('#1 Split invoices · Pitched');
    expect(json).not.toContain('Saved carts'); // shipped: no longer in play
    expect(json).toContain('Next Product Alignment Meeting: <!date^'); // the configured name, not a hard-coded one
    // The slot's date is a token (each reader's zone), its fallback in the organisation's, named.
    expect(json).toContain('Product Alignment Meeting, <!date^1795698000^{date_short_pretty}, {time}|Thu 26 Nov, 14:00 (Paris time)> — Split invoices · slotted, approved');
    expect(json).not.toContain('19 Nov');
  });

  it('ignores the Messages tab and is rebuilt on every opening', async () => {
    const t = await app();
    await t.event({ type: 'app_home_opened', user: PM, channel: 'D0000HOME01', tab: 'messages', event_ts: '1.1' });
    await t.event({ type: 'app_home_opened', user: PM, channel: 'D0000HOME01', tab: 'home', event_ts: '1.2' });
    seed(t);
    await t.event({ type: 'app_home_opened', user: PM, channel: 'D0000HOME01', tab: 'home', event_ts: '1.3' });
    const calls = await t.slack.waitForCalls('views.publish', 2);
    expect(calls).toHaveLength(2);
    // No bug assigned: no bug section at all rather than an empty one (decision 0032).
    expect(JSON.stringify(calls[0]?.args.view)).not.toContain('My bugs');
    expect(JSON.stringify(calls[1]?.args.view)).toContain('PAY-1');
  });

  it('someone who triages nothing sees no triage section and is not invited to pitch; the buttons open the insight, pitch and bug forms', async () => {
    const t = await app();
    await t.event({ type: 'app_home_opened', user: 'U0000SALES1', channel: 'D0000HOME02', tab: 'home', event_ts: '1.4' });
    const [published] = await t.slack.waitForCalls('views.publish', 1);
    const json = JSON.stringify(published?.args.view);
    expect(json).not.toContain('triage');
    expect(json).not.toContain('home_pitch');
    expect(json).not.toContain('My opportunities');
    expect(json).toContain('*My insights (0)*');
    await t.interact(blockActionPayload({ user: 'U0000SALES1', actionId: 'home_log_insight', view: { type: 'home' } }));
    await t.interact(blockActionPayload({ user: 'U0000SALES1', actionId: 'home_register_bug', view: { type: 'home' } }));
    await t.interact(blockActionPayload({ user: 'U0000SALES1', actionId: 'home_pitch', view: { type: 'home' } }));
    const opened = await t.slack.waitForCalls('views.open', 3);
    expect(opened.map((c) => (c.args.view as { callback_id: string }).callback_id).sort()).toEqual(['bug_register', 'insight_modal', 'opp_pitch_modal']);
  });

  it('a person with 1,000 items still gets a valid tab under 100 blocks', async () => {
    const t = await app();
    const insert = t.db.transaction(() => {
      for (let i = 0; i < 1000; i++) {
        seedInsight(t.db, { createdAt: '2026-11-01T10:00:00.000Z', tribe: 'payments', text: `Feedback ${i} ${'long '.repeat(100)}` });
        seedBug(t.db, { key: `BIG-${i}`, qualifiedAt: '2026-11-20T09:00:00.000Z', deadline: '2026-11-27T09:00:00.000Z' });
      }
      t.db.prepare("UPDATE bugs SET owner = ? WHERE key LIKE 'BIG-%'").run(PM);
    });
    insert();
    const view = buildHome(t.cadence.ctx, PM, new Date(NOW));
    expect(validateView(view)).toEqual([]);
    expect(view.blocks.length).toBeLessThanOrEqual(100);
    const json = JSON.stringify(view);
    expect(json).toContain('*Insights waiting for your triage (1000)* · Payments');
    expect(json).toContain('…and 992 more');
  });
});
