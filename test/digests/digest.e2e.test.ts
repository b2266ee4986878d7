import { afterEach, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/clock.js';
import { digestsJob } from '../../src/digests/service.js';
import { runJob } from '../../src/scheduler/runner.js';
import { validateBlocks } from '../../src/sandbox/slack/block-kit.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { seedBug, seedInsight, seedOpportunity } from './seed.js';

const apps: TestApp[] = [];
afterEach(async () => {
  for (const a of apps.splice(0)) await a.stop();
});

async function app(now = '2026-11-23T08:30:00Z') {
  const t = await startTestApp({ clock: fixedClock(new Date(now)) });
  apps.push(t);
  return t;
}

/** A week of activity: Mon 16 Nov 09:00 → Mon 23 Nov 09:00 (Paris), and the week before. */
function seedWeek(t: TestApp) {
  const week = (day: number, hour = 10) => `2026-11-${String(16 + day).padStart(2, '0')}T${String(hour).padStart(2, '0')}:00:00.000Z`;
  seedInsight(t.db, { createdAt: '2026-11-10T10:00:00.000Z', tribe: 'payments', status: 'triaged', tags: ['old'] }); // previous week
  seedInsight(t.db, { createdAt: '2026-11-12T10:00:00.000Z', tribe: 'discovery', status: 'triaged' });
  seedInsight(t.db, { createdAt: week(0), tribe: 'payments', source: 'call', customer: 'Acme Corp', arr: 120_000, tags: ['checkout', 'mobile'], triageChannel: 'C0000PAYMNT' });
  seedInsight(t.db, { createdAt: week(1), tribe: 'payments', source: 'ticket', customer: 'acme corp', tags: ['checkout'], status: 'triaged' });
  seedInsight(t.db, { createdAt: week(2), tribe: 'discovery', source: 'call', customer: 'Globex', segment: 'smb', tags: ['search'] });
  seedInsight(t.db, { createdAt: week(3), tribe: null, source: 'sales', tags: ['checkout'] });
  seedInsight(t.db, { createdAt: '2026-11-23T08:00:00.000Z', tribe: 'payments', tags: ['next-week'] }); // at the period's end: excluded

  const first = seedInsight(t.db, { createdAt: '2026-09-01T10:00:00.000Z', tribe: 'payments', status: 'triaged' });
  seedOpportunity(t.db, { title: 'Split invoices', score: 1280, status: 'pitched', createdAt: week(1), history: [[week(1), null, 'pitched']] });
  seedOpportunity(t.db, { title: 'One-click refunds', score: 2400, status: 'go', createdAt: '2026-10-01T10:00:00.000Z', history: [[week(3), 'on_agenda', 'go']] });
  seedOpportunity(t.db, {
    title: 'Saved carts',
    score: 90,
    status: 'shipped',
    createdAt: '2026-09-10T10:00:00.000Z',
    history: [['2026-11-01T10:00:00.000Z', 'in_roadmap', 'shipped']],
    evidence: [first],
  });
  seedBug(t.db, { key: 'PAY-1', team: 'checkout', qualifiedAt: '2026-11-10T09:00:00.000Z', deadline: '2026-11-17T09:00:00.000Z', url: 'https://tracker.example.com/PAY-1', title: 'Card declined twice' }); // breached
  seedBug(t.db, { key: 'PAY-2', team: 'checkout', qualifiedAt: '2026-11-17T09:00:00.000Z', deadline: '2026-11-24T09:00:00.000Z' }); // due within 48 h
  seedBug(t.db, { key: 'SRCH-1', team: 'search', qualifiedAt: '2026-11-20T09:00:00.000Z', deadline: '2026-11-27T09:00:00.000Z' }); // open
  seedBug(t.db, { key: 'SRCH-0', team: 'search', qualifiedAt: '2026-11-01T09:00:00.000Z', deadline: '2026-11-08T09:00:00.000Z', resolvedAt: '2026-11-03T09:00:00.000Z' }); // fixed in 48 h
}

const run = (t: TestApp, iso: string) => runJob(t.cadence.ctx, digestsJob, new Date(iso), 'manual');
const postsTo = (t: TestApp, channel: string) => t.slack.callsTo('chat.postMessage').filter((c) => c.args.channel === channel);

describe('weekly digest job', () => {
  it('posts once to the org channel and once per tribe channel, with the week’s figures; a re-run posts nothing', async () => {
    const t = await app();
    seedWeek(t);
    await run(t, '2026-11-23T08:00:00Z'); // Monday 09:00 Paris

    const [org, ...moreOrg] = postsTo(t, 'C0000DIGEST');
    expect(moreOrg).toEqual([]);
    const text = String(org?.args.text);
    expect(text).toContain('Weekly digest · Acme Product');
    expect(text).toContain('*4* new this period ▲ +2 (previous period: 2)');
    expect(text).toContain('By source: Customer call 2, Sales 1, Support ticket 1');
    expect(text).toContain('Top themes: #checkout (3), #mobile (1), #search (1)');
    expect(text).toContain('Weightiest accounts: Acme Corp (ARR 120k, 2 insight(s)), Globex (smb, 1 insight(s))');
    expect(text).toContain('Waiting for triage (4): Payments 2, Discovery 1, inbox 1');
    expect(text).toContain('*1* new pitch(es): #1 Split invoices (RICE 1,280)');
    expect(text).toContain('Top by RICE: #2 One-click refunds (2,400), #1 Split invoices (1,280)');
    expect(text).toContain('Alignment-meeting decisions (1): #2 One-click refunds ✅ go');
    expect(text).toContain('2 open opportunit(ies) with no evidence yet.');
    expect(text).toContain('Product Ops health: median 61 day(s) from the first insight to shipping (1 shipped over the last 90 days).');
    expect(text).toContain('*3* open · *1* due within 48 h · *1* breached');
    expect(text).toContain('100% fixed within the SLA over the last 30 days · median time to fix 2 d');
    expect(validateBlocks(org?.args.blocks, 'message')).toEqual([]);
    expect(JSON.stringify(org?.args.blocks)).toContain('<https://tracker.example.com/PAY-1|PAY-1> Card declined twice: 143 h past its deadline');

    const payments = postsTo(t, 'C0000PAYMNT');
    expect(payments).toHaveLength(1);
    const paymentsText = String(payments[0]?.args.text);
    expect(paymentsText).toContain('Weekly digest · Payments');
    expect(paymentsText).toContain('*2* new this period ▲ +1 (previous period: 1)');
    expect(paymentsText).toContain('*2* open · *1* due within 48 h · *1* breached'); // checkout and billing only
    expect(postsTo(t, 'C0000DISCOV')).toHaveLength(1);

    await run(t, '2026-11-23T08:00:00Z');
    await run(t, '2026-11-23T09:10:00Z');
    expect(t.slack.callsTo('chat.postMessage')).toHaveLength(3);
    expect(t.db.prepare('SELECT scope FROM digest_runs ORDER BY scope').all()).toEqual([
      { scope: 'org' },
      { scope: 'tribe:discovery' },
      { scope: 'tribe:payments' },
    ]);
  });

  it('a quiet week says so in one line', async () => {
    const t = await app();
    await run(t, '2026-11-23T08:00:00Z');
    const [org] = postsTo(t, 'C0000DIGEST');
    expect(org?.args.blocks).toHaveLength(3);
    expect(String(org?.args.text)).toContain('A quiet week for Acme Product');
  });

  it('a digest found more than a day late is skipped, not posted on Thursday', async () => {
    const t = await app();
    seedWeek(t);
    const result = await run(t, '2026-11-26T08:00:00Z');
    expect(result.status === 'ran' && result.outcome.summary).toContain('latest period too old to post');
    expect(t.slack.callsTo('chat.postMessage')).toEqual([]);
  });

  it('a Slack failure leaves the digest pending; the next run delivers it once', async () => {
    const t = await app();
    seedWeek(t);
    t.slack.inject('chat.postMessage', { status: 500 }, 3);
    await run(t, '2026-11-23T08:00:00Z');
    expect(t.slack.callsTo('chat.postMessage')).toEqual([]);
    await run(t, '2026-11-23T08:10:00Z');
    await run(t, '2026-11-23T08:20:00Z');
    expect(postsTo(t, 'C0000DIGEST')).toHaveLength(1);
    expect(t.slack.callsTo('chat.postMessage')).toHaveLength(3);
  });
});

describe('/cadence digest', () => {
  it('shows the digest of the last 7 days, only to the asker, in their language', async () => {
    const t = await app('2026-11-23T08:00:00Z');
    seedWeek(t);
    await t.command({ command: '/cadence', text: 'language fr', user_id: 'U0000PMPAY1' });
    const res = await t.command({ command: '/cadence', text: 'digest payments', user_id: 'U0000PMPAY1' });
    expect(res.status).toBe(200);
    const [answer] = await t.slack.waitForCalls('response_url', 1);
    expect(answer?.args.response_type).toBe('ephemeral');
    expect(String(answer?.args.text)).toContain('Digest de la semaine · Payments');
    expect(String(answer?.args.text)).toContain('*2* nouveaux sur la période');
    expect(t.slack.callsTo('chat.postMessage')).toEqual([]);
  });

  it('explains an unknown tribe and extra words', async () => {
    const t = await app();
    const unknown = (await t.command({ command: '/cadence', text: 'digest growth', user_id: 'U0000PMPAY1' })).json() as { text: string };
    expect(unknown.text).toBe('There is no tribe `growth`. Tribes: `payments`, `discovery`.');
    const extra = (await t.command({ command: '/cadence', text: 'digest payments now', user_id: 'U0000PMPAY1' })).json() as { text: string };
    expect(extra.text).toMatch(/^Usage: `\/cadence digest`/);
  });
});
