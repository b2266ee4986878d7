import { afterEach, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/clock.js';
import { digestsJob } from '../../src/digests/service.js';
import { runJob } from '../../src/scheduler/runner.js';
import { validateBlocks } from '../../src/sandbox/slack/block-kit.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { buildOrgConfig } from '../helpers/org.js';
import { blockActionPayload } from '../helpers/signer.js';
import { seedBug, seedInsight, seedOpportunity } from './seed.js';

const apps: TestApp[] = [];
afterEach(async () => {
  for (const a of apps.splice(0)) await a.stop();
});

async function app(now = '2026-11-23T08:30:00Z', org?: ReturnType<typeof buildOrgConfig>) {
  const t = await startTestApp({ clock: fixedClock(new Date(now)), ...(org ? { org } : {}) });
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
/** What a reader sees in a message's blocks: every text, in order. */
const shown = (blocks: unknown) =>
  (JSON.stringify(blocks ?? []).match(/"text":"((?:[^"\\]|\\.)*)"/g) ?? []).map((m) => JSON.parse(m.slice(7)) as string).join('\n');
const buttonValue = (blocks: unknown) => {
  const actions = (blocks as { type: string; elements?: { action_id?: string; value?: string }[] }[]).find((b) => b.type === 'actions');
  return actions?.elements?.find((e) => e.action_id === 'digest_full')?.value;
};

describe('weekly digest job', () => {
  it('posts once to the org channel and once per tribe channel: three numbers on top, one line per fact, a Full digest button; a re-run posts nothing', async () => {
    const t = await app();
    seedWeek(t);
    await run(t, '2026-11-23T08:00:00Z'); // Monday 09:00 Paris

    const [org, ...moreOrg] = postsTo(t, 'C0000DIGEST');
    expect(moreOrg).toEqual([]);
    expect(org?.args.text).toBe('Weekly digest · Acme Product: *4* new insights · *4* to triage · *1* bug breached');
    const text = shown(org?.args.blocks);
    expect(text.split('\n')).toEqual([
      'Weekly digest · Acme Product',
      'Mon 16 Nov, 09:00 → Mon 23 Nov, 09:00 (Paris time)',
      '*4* new insights · *4* to triage · *1* bug breached',
      '*Insights*',
      '• Previous period: 2 (▲ +2)',
      '• Sources: Customer call 2, Sales 1, Support ticket 1',
      '• Themes: #checkout (3), #mobile (1), #search (1)',
      '• Accounts: Acme Corp (ARR €120k, 2 insights), Globex (smb, 1 insight)',
      '• To triage: Payments 2, Discovery 1, inbox 1',
      '• Oldest to triage (6 days): #3 “Something customers said” · <#C0000PAYMNT>',
      '*Opportunities*',
      '• 1 new pitch: #1 Split invoices (RICE 1,280)',
      '• Top by RICE: #2 One-click refunds (2,400), #1 Split invoices (1,280)',
      '• Decided at the alignment meeting: #2 One-click refunds ✅ go',
      '• 2 open opportunities with no evidence yet',
      '• First insight to shipping: 61 days median (1 shipped, last 90 days)',
      '*Bugs · zero-bug rule*',
      '• 3 open · 1 due within 2 days · 1 breached',
      '• 100% fixed within the SLA (last 30 days) · median fix 2 days',
      '• Checkout: 2 open · 1 breached · 1 due soon',
      '• Search: 1 open',
      '• <https://tracker.example.com/PAY-1|PAY-1> Card declined twice: 5 days late',
      'Full digest',
    ]);
    expect(validateBlocks(org?.args.blocks, 'message')).toEqual([]);
    expect(buttonValue(org?.args.blocks)).toBe('|2026-11-16T08:00:00.000Z|2026-11-23T08:00:00.000Z');

    const payments = postsTo(t, 'C0000PAYMNT');
    expect(payments).toHaveLength(1);
    expect(payments[0]?.args.text).toBe('Weekly digest · Payments: *2* new insights · *2* to triage · *1* bug breached');
    expect(shown(payments[0]?.args.blocks)).toContain('• 2 open · 1 due within 2 days · 1 breached'); // checkout and billing only
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

  it('a quiet week: one line in the org digest, nothing in tribe channels, and still decided once', async () => {
    const t = await app();
    const result = await run(t, '2026-11-23T08:00:00Z');
    expect(result.status === 'ran' && result.outcome.summary).toContain('1 digest(s) queued, 2 quiet (not posted)');
    const [org, ...more] = t.slack.callsTo('chat.postMessage');
    expect(more).toEqual([]);
    expect(org?.args.channel).toBe('C0000DIGEST');
    expect(org?.args.blocks).toEqual([
      { type: 'section', text: { type: 'mrkdwn', text: '*Weekly digest · Acme Product*: a quiet week, nothing new, nothing to triage, no open bug.' } },
    ]);
    expect(org?.args.text).toBe('*Weekly digest · Acme Product*: a quiet week, nothing new, nothing to triage, no open bug.');
    expect(t.db.prepare('SELECT scope FROM digest_runs ORDER BY scope').pluck().all()).toEqual(['org', 'tribe:discovery', 'tribe:payments']);
    expect(t.db.prepare("SELECT COUNT(*) FROM delivery_outbox WHERE dedupe_key LIKE 'digest:%'").pluck().get()).toBe(1);
    await run(t, '2026-11-23T08:10:00Z');
    expect(t.slack.callsTo('chat.postMessage')).toHaveLength(1);
  });

  it('a tribe with nothing to say gets no post while the others get theirs', async () => {
    const t = await app();
    seedInsight(t.db, { createdAt: '2026-11-18T10:00:00.000Z', tribe: 'payments', source: 'call' });
    await run(t, '2026-11-23T08:00:00Z');
    expect(postsTo(t, 'C0000PAYMNT')).toHaveLength(1);
    expect(postsTo(t, 'C0000DISCOV')).toEqual([]);
    expect(postsTo(t, 'C0000DIGEST')).toHaveLength(1);
    expect(shown(postsTo(t, 'C0000DIGEST')[0]?.args.blocks)).toContain('*1* new insight · *1* to triage · *0* bugs breached');
  });

  it('digests due in the same channel at the same time are one post, posted once', async () => {
    const org = buildOrgConfig({ digests: { channel: 'C0000PAYMNT' } });
    const t = await app('2026-11-23T08:30:00Z', org);
    seedWeek(t);
    await run(t, '2026-11-23T08:00:00Z');
    await run(t, '2026-11-23T08:05:00Z');
    const here = postsTo(t, 'C0000PAYMNT');
    expect(here).toHaveLength(1);
    expect(String(here[0]?.args.text).split('\n')).toEqual([
      'Weekly digest · Acme Product: *4* new insights · *4* to triage · *1* bug breached',
      'Weekly digest · Payments: *2* new insights · *2* to triage · *1* bug breached',
    ]);
    expect(validateBlocks(here[0]?.args.blocks, 'message')).toEqual([]);
    expect(postsTo(t, 'C0000DISCOV')).toHaveLength(1);
    expect(t.slack.callsTo('chat.postMessage')).toHaveLength(2);
    expect(t.db.prepare("SELECT dedupe_key FROM delivery_outbox WHERE dedupe_key LIKE 'digest:%' ORDER BY dedupe_key").pluck().all()).toEqual([
      'digest:org+tribe:payments:2026-11-23T09:00',
      'digest:tribe:discovery:2026-11-23T09:00',
    ]);
  });

  it('Full digest: the same week with longer lists, only for the one who clicked, in their language; nothing is written', async () => {
    const t = await app();
    seedWeek(t);
    await run(t, '2026-11-23T08:00:00Z');
    const [payments] = postsTo(t, 'C0000PAYMNT');
    await t.command({ command: '/cadence', text: 'language fr', user_id: 'U0000PMPAY1' });
    const before = t.db.prepare('SELECT (SELECT COUNT(*) FROM digest_runs) + (SELECT COUNT(*) FROM delivery_outbox)').pluck().get();
    const value = buttonValue(payments?.args.blocks);
    expect(value).toBe('payments|2026-11-16T08:00:00.000Z|2026-11-23T08:00:00.000Z');
    const click = (v: string | undefined) =>
      t.interact(blockActionPayload({ user: 'U0000PMPAY1', actionId: 'digest_full', ...(v !== undefined ? { value: v } : {}), channel: 'C0000PAYMNT', responseUrl: t.slack.responseUrl() }));
    expect((await click(value)).status).toBe(200);
    const [answer] = await t.slack.waitForCalls('response_url', 1);
    expect(answer?.args.response_type).toBe('ephemeral');
    expect(answer?.args.replace_original).toBe(false);
    expect(answer?.args.text).toBe('Récap complet · Payments\u202F: *2* nouveaux insights · *2* à trier · *1* bug hors délai');
    const text = shown(answer?.args.blocks);
    expect(text).toContain('• Période précédente\u202F: 1 (▲ +1)');
    expect(text).toContain('en retard de 5\u00A0jours');
    expect(text).not.toContain('Récap complet\n'); // no button on the full view
    expect(validateBlocks(answer?.args.blocks, 'message')).toEqual([]);

    const bad = [
      'growth|2026-11-16T08:00:00.000Z|2026-11-23T08:00:00.000Z', // no such tribe
      'payments|yesterday|today',
      'payments|2026-11-23T08:00:00.000Z|2026-11-16T08:00:00.000Z', // backwards
      'payments|2000-01-01T00:00:00.000Z|2026-11-23T08:00:00.000Z', // longer than any digest
      '',
      undefined,
    ];
    for (const value of bad) await click(value);
    const answers = await t.slack.waitForCalls('response_url', 1 + bad.length);
    expect(answers).toHaveLength(1 + bad.length);
    for (const a of answers.slice(1)) {
      expect(a.args.text).toBe('Ce récap ne peut plus être ouvert. Tapez `/cadence digest` pour le plus récent.');
    }
    expect(t.db.prepare('SELECT (SELECT COUNT(*) FROM digest_runs) + (SELECT COUNT(*) FROM delivery_outbox)').pluck().get()).toBe(before);
    expect(t.slack.callsTo('chat.postMessage')).toHaveLength(3);
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
    expect(String(answer?.args.text)).toContain('Récap complet · Payments\u202F: *2* nouveaux insights');
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
