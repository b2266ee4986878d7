import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { allJobs } from '../../src/features.js';
import { insertInsight } from '../../src/insights/store.js';
import { runJob } from '../../src/scheduler/runner.js';
import { startFakeSlack, type FakeSlack } from '../../src/sandbox/slack/web-api.js';
import { signWebhook } from '../../src/bugs/webhook.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { blockActionPayload, stateValue, viewSubmissionPayload } from '../helpers/signer.js';
import { items, movableClock, PAM_CHANNEL, run, seedOpportunity, signupValues, submitSignup } from '../agenda/helpers.js';
import { pitchValues } from '../reliability/fixtures.js';
import { getInsight, setTags } from '../../src/insights/store.js';

/*
 * Issue 19 through the real receiver: the same form submitted twice acts once
 * (item 7), a pitch view id is scoped by person, the weekly topic form checks
 * its channel, a lone surrogate in a webhook title is not an update on every
 * re-delivery (item 13).
 */

const PM = 'U0000PMPAY2';
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});
async function app(opts: Parameters<typeof startTestApp>[0] = {}): Promise<TestApp> {
  const t = await startTestApp(opts);
  cleanups.push(() => t.stop());
  return t;
}
const count = (t: TestApp, table: string) => t.db.prepare(`SELECT COUNT(*) FROM ${table}`).pluck().get() as number;

describe('item 7: a view submitted twice acts once', () => {
  it('the insight form: one insight, one card, one confirmation', async () => {
    const t = await app();
    const submit = () =>
      t.interact(
        viewSubmissionPayload({
          user: PM,
          callbackId: 'insight_modal',
          viewId: 'V0INSIGHT01',
          values: { text: { value: stateValue.plainText('Refunds take a week for card payments') }, tribe: { value: stateValue.staticSelect('payments') } },
          privateMetadata: JSON.stringify({ channel: 'C0000PAYMNT' }),
        }),
      );
    expect((await submit()).text).toBe('');
    expect((await submit()).text).toBe('');
    await t.slack.waitForCalls('chat.postMessage', 1);
    expect(count(t, 'insights')).toBe(1);
    // Another person's submission carrying the same view id is theirs, not a repeat.
    const other = await t.interact(
      viewSubmissionPayload({ user: 'U0000PMPAY1', callbackId: 'insight_modal', viewId: 'V0INSIGHT01', values: { text: { value: stateValue.plainText('Another insight entirely') } }, privateMetadata: '{}' }),
    );
    expect(other.text).toBe('');
    expect(count(t, 'insights')).toBe(2);
  });

  it('the decision-session sign-up: one item', async () => {
    const clock = movableClock('2026-11-23T09:00:00Z');
    const t = await app({ clock });
    await run(t, '2026-11-23T08:00:00Z');
    const submit = () =>
      t.interact(
        viewSubmissionPayload({
          user: PM,
          callbackId: 'agenda_signup_modal',
          viewId: 'V0SIGNUP001',
          values: signupValues({ topic: 'Checkout mock-ups v3', duration: '10' }),
          privateMetadata: JSON.stringify({ ref: 'decision|2026-11-26T09:00', channel: PAM_CHANNEL }),
        }),
      );
    expect((await submit()).text).toBe('');
    expect((await submit()).text).toBe('');
    expect(count(t, 'agenda_items')).toBe(1);
  });

  it('the weekly topic form: one topic, one thread reply; a forged channel is refused', async () => {
    const clock = movableClock('2026-11-30T08:00:00Z');
    const t = await app({ clock });
    await run(t, '2026-11-30T08:00:00Z');
    const call = t.slack.callsTo('chat.postMessage').find((c) => c.args.channel === 'C0000PRODUC');
    const ts = String(call?.response?.ts);
    await t.interact(blockActionPayload({ user: 'U0000PMDIS1', actionId: 'ritual_propose_topic', value: 'weekly|2026-12-04T16:00', channel: 'C0000PRODUC', messageTs: ts }));
    const [opened] = await t.slack.waitForCalls('views.open', 1);
    const view = opened?.args.view as { private_metadata: string };
    const values = { topic: { value: stateValue.plainText('Search relaunch') }, speaker: { value: stateValue.usersSelect(null) } };
    const forged = JSON.stringify({ ...(JSON.parse(view.private_metadata) as object), channel: 'C0000GENERL' });
    const refused = await t.interact(viewSubmissionPayload({ user: 'U0000PMDIS1', callbackId: 'ritual_topic_modal', viewId: 'V0TOPIC0001', privateMetadata: forged, values }));
    expect(refused.json()).toMatchObject({ response_action: 'errors', errors: { topic: expect.any(String) } });
    expect(count(t, 'ritual_topics')).toBe(0);
    const before = t.slack.callsTo('chat.postMessage').length;
    const submit = () => t.interact(viewSubmissionPayload({ user: 'U0000PMDIS1', callbackId: 'ritual_topic_modal', viewId: 'V0TOPIC0001', privateMetadata: view.private_metadata, values }));
    expect((await submit()).text).toBe('');
    expect((await submit()).text).toBe('');
    await t.slack.waitForCalls('chat.postMessage', before + 1);
    await new Promise((r) => setTimeout(r, 200));
    expect(count(t, 'ritual_topics')).toBe(1);
    expect(t.slack.callsTo('chat.postMessage').filter((c) => c.args.thread_ts === ts)).toHaveLength(1);
  });
});

describe('item 13: smaller holes', () => {
  it("a pitch submission reusing another person's view id gets its own pitch, never theirs", async () => {
    const t = await app();
    const submit = (user: string, title: string) =>
      t.interact(viewSubmissionPayload({ user, callbackId: 'opp_pitch_modal', viewId: 'V0PITCH0001', values: pitchValues({ title: stateValue.plainText(title) }), privateMetadata: '{"channel":"C0000PAYMNT"}' }));
    expect((await submit(PM, 'Secret draft of PM')).text).toBe('');
    expect((await submit(PM, 'Secret draft of PM')).text).toBe('');
    expect(count(t, 'opportunities')).toBe(1);
    expect((await submit('U0000PMPAY1', 'A pitch of my own')).text).toBe('');
    expect(t.db.prepare('SELECT title, owner_id AS owner FROM opportunities ORDER BY id').all()).toEqual([
      { title: 'Secret draft of PM', owner: PM },
      { title: 'A pitch of my own', owner: 'U0000PMPAY1' },
    ]);
    const answers = t.slack.calls.filter((c) => JSON.stringify(c.args).includes('Secret draft') && JSON.stringify(c.args).includes('U0000PMPAY1') && c.method === 'chat.postEphemeral');
    expect(answers).toEqual([]);
  });

  it('a lone surrogate in a webhook title: the same delivery twice is "unchanged"', async () => {
    const secret = 'whsec-hardening-0123456789';
    const t = await app({ secrets: { webhookSecret: secret } });
    const body = JSON.stringify({ key: 'PAY-321', title: 'Broken \ud800 title', qualified_at: new Date(Date.now() - 3_600_000).toISOString() });
    const send = async () => {
      const ts = Math.floor(Date.now() / 1000);
      const res = await fetch(`${t.baseUrl}/webhooks/bugs`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-cadence-timestamp': String(ts), 'x-cadence-signature': signWebhook(secret, ts, body) },
        body,
      });
      return ((await res.json()) as { status: string }).status;
    };
    expect(await send()).toBe('created');
    expect(await send()).toBe('unchanged');
    expect(t.db.prepare('SELECT title FROM bugs').pluck().get()).toBe('Broken \ufffd title');
  });
});

describe('item 4: "Add details" writes only what the form changed', () => {
  it('a tag a triager added while the form was open stays; a tag removed in the form goes; an untouched field keeps its new value', async () => {
    const t = await app();
    const logged = await t.command({ command: '/insight', text: 'Refunds are slow #refunds #billing customer:Acme', user_id: PM, channel_id: 'C0000PAYMNT' });
    expect(logged.text).toContain('Logged insight');
    await t.interact(blockActionPayload({ user: PM, actionId: 'insight_details', value: '1', channel: 'C0000PAYMNT' }));
    const [opened] = await t.slack.waitForCalls('views.open', 1);
    const view = opened?.args.view as { private_metadata: string };
    // Meanwhile a triager adds a tag, and someone fixes the customer.
    setTags(t.db, 1, ['refunds', 'billing', 'urgent'], 'U0000PMPAY1', new Date());
    t.db.prepare(`UPDATE insights SET customer = 'Acme Corp' WHERE id = 1`).run();
    const res = await t.interact(
      viewSubmissionPayload({
        user: PM,
        callbackId: 'insight_modal',
        privateMetadata: view.private_metadata,
        values: {
          text: { value: stateValue.plainText('Refunds are slow: a week for card payments') },
          source: { value: stateValue.staticSelect('other') },
          customer: { value: stateValue.plainText('Acme') },
          tribe: { value: stateValue.staticSelect('payments') },
          tags: { value: stateValue.plainText('refunds') },
        },
      }),
    );
    expect(res.text).toBe('');
    const after = getInsight(t.db, 1);
    expect(after?.text).toBe('Refunds are slow: a week for card payments');
    expect(after?.tags).toEqual(['refunds', 'urgent']);
    expect(after?.customer).toBe('Acme Corp');
  });
});

/** The stand-in behind a proxy that answers channel_not_found for posts to `doomed`: a channel the bot cannot reach. */
async function slackWithDoomedChannel(doomed: string): Promise<{ slack: FakeSlack; refused: () => number; close: () => Promise<void> }> {
  const fake = await startFakeSlack();
  let refused = 0;
  const proxy = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      if ((req.url ?? '').endsWith('/chat.postMessage') && new URLSearchParams(body.toString()).get('channel') === doomed) {
        refused++;
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ ok: false, error: 'channel_not_found' }));
        return;
      }
      void fetch(new URL((req.url ?? '/').replace(/^\/api\//, ''), fake.apiUrl), { method: req.method ?? 'POST', headers: { 'content-type': String(req.headers['content-type'] ?? ''), authorization: String(req.headers.authorization ?? '') }, body }).then(async (r) => {
        res.writeHead(r.status, { 'content-type': r.headers.get('content-type') ?? 'application/json' });
        res.end(Buffer.from(await r.arrayBuffer()));
      });
    });
  });
  await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
  const slack = Object.create(fake, { apiUrl: { value: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}/api/` } }) as FakeSlack;
  return { slack, refused: () => refused, close: async () => (await new Promise<void>((r) => proxy.close(() => r())), await fake.close()) };
}

describe('item 5: triage cards that can never post do not starve the others', () => {
  it('55 cards for an unreachable channel and 3 good ones: the good ones post, the doomed are tried once, admins told once', async () => {
    const { slack, refused, close } = await slackWithDoomedChannel('C0000DISCOV');
    cleanups.push(close);
    const t = await app({ slack });
    const now = new Date();
    const insert = (tribe: string, i: number) =>
      insertInsight(t.db, { text: `Insight ${tribe} ${i}`, source: 'other', tags: [], customer: null, arr: null, segment: null, tribe, reporterId: PM, voiceId: null, channelId: null, messageTs: null, permalink: null }, new Date(now.getTime() - 3_600_000 + i)).id;
    for (let i = 0; i < 55; i++) insert('discovery', i);
    const good = [0, 1, 2].map((i) => insert('payments', 100 + i));
    const job = t.cadence.ctx;
    const insightsTriageDelivery = allJobs().find((j) => j.name === 'insights-triage-delivery');
    if (!insightsTriageDelivery) throw new Error('no insights-triage-delivery job');
    await runJob(job, insightsTriageDelivery, new Date(now.getTime() + 60_000), 'manual');
    await runJob(job, insightsTriageDelivery, new Date(now.getTime() + 6 * 60_000), 'manual');
    const delivered = t.db.prepare(`SELECT id FROM insights WHERE triage_ts IS NOT NULL ORDER BY id`).pluck().all();
    expect(delivered).toEqual(good);
    // Each doomed card was tried once and given up; a third run tries none of them.
    expect(t.db.prepare(`SELECT COUNT(*) FROM insights WHERE triage_error = 'channel_not_found' AND triage_attempts = 1`).pluck().get()).toBe(55);
    await runJob(job, insightsTriageDelivery, new Date(now.getTime() + 60 * 60_000), 'manual');
    expect(refused()).toBe(55);
    const notices = slack.callsTo('chat.postMessage').filter((c) => c.args.channel === 'DU0000ADMIN1');
    expect(notices).toHaveLength(1);
    expect(String(notices[0]?.args.text)).toContain('cannot post insight triage cards in <#C0000DISCOV> (Slack says `channel_not_found`)');
  });
});

describe('item 6: downtime across the validation window does not empty the agenda', () => {
  async function signedUp() {
    const clock = movableClock('2026-11-23T09:00:00Z');
    const t = await app({ clock });
    await run(t, '2026-11-23T08:00:00Z'); // Monday 09:00 Paris: sign-ups open
    const id = seedOpportunity(t.db, PM, 'Faster refunds');
    expect(await submitSignup(t, PM, signupValues({ opportunity: String(id) }))).toBeUndefined();
    return { t, clock, id };
  }

  it('back at Tuesday 18:05: the approvers were never asked, so the unapproved item is kept, with a note saying why', async () => {
    const { t, clock, id } = await signedUp();
    clock.set('2026-11-24T17:05:00Z');
    await run(t, '2026-11-24T17:05:00Z'); // close, request (expired: never sent) and lock, all caught up at once
    expect(t.db.prepare(`SELECT status FROM delivery_outbox WHERE dedupe_key LIKE '%validation%'`).pluck().all()).not.toContain('sent');
    expect(items(t).map((i) => [i['status'], i['reason']])).toEqual([['slotted', null]]);
    expect(t.db.prepare(`SELECT status FROM opportunities WHERE id = ?`).pluck().get(id)).toBe('on_agenda');
    expect(t.db.prepare(`SELECT by_user, note FROM opportunity_history WHERE opportunity_id = ? AND to_status = 'on_agenda'`).get(id)).toEqual({
      by_user: 'cadence',
      note: 'Kept on the agenda of Product Alignment Meeting (2026-11-26) without an approval: the approvers could not be asked in time (Cadence or Slack was unavailable).',
    });
  });

  it('when the approvers were asked and did not approve, the item is dropped as before', async () => {
    const { t, clock } = await signedUp();
    clock.set('2026-11-24T08:00:00Z');
    await run(t, '2026-11-24T08:00:00Z'); // Tuesday 09:00 Paris: the validation request goes out
    expect(t.db.prepare(`SELECT status FROM delivery_outbox WHERE dedupe_key LIKE '%validation%'`).pluck().all()).toContain('sent');
    clock.set('2026-11-24T17:00:00Z');
    await run(t, '2026-11-24T17:00:00Z');
    expect(items(t).map((i) => [i['status'], i['reason']])).toEqual([['dropped', 'not_approved']]);
  });
});

describe('item 12: /pitch move off the agenda after the lock keeps the agenda consistent', () => {
  it('the item leaves the final agenda with the move; Go then says it is not on the agenda', async () => {
    const clock = movableClock('2026-11-23T09:00:00Z');
    const t = await app({ clock });
    await run(t, '2026-11-23T08:00:00Z');
    const id = seedOpportunity(t.db, PM, 'Faster refunds');
    expect(await submitSignup(t, PM, signupValues({ opportunity: String(id) }))).toBeUndefined();
    clock.set('2026-11-24T10:00:00Z');
    await t.interact(blockActionPayload({ user: 'U0000VPPRD1', actionId: 'agenda_approve', value: '1', channel: PAM_CHANNEL, responseUrl: t.slack.responseUrl() }));
    await t.slack.waitForCalls('response_url', 1);
    await run(t, '2026-11-24T17:00:00Z'); // the lock: on agenda
    expect(t.db.prepare('SELECT status FROM opportunities WHERE id = ?').pluck().get(id)).toBe('on_agenda');
    clock.set('2026-11-25T10:00:00Z');
    const moved = await t.command({ command: '/pitch', text: `move ${id} pitched`, user_id: PM, channel_id: 'C0000PAYMNT' });
    expect(moved.status).toBe(200);
    expect(t.db.prepare('SELECT status FROM opportunities WHERE id = ?').pluck().get(id)).toBe('pitched');
    expect(items(t).map((i) => [i['status'], i['reason']])).toEqual([['withdrawn', 'opportunity_moved']]);
    // At the meeting, the approver's Go finds no item on the final agenda instead of a contradiction.
    clock.set('2026-11-26T15:05:00Z');
    await t.interact(blockActionPayload({ user: 'U0000VPPRD1', actionId: 'agenda_outcome_go', value: '1', channel: PAM_CHANNEL, responseUrl: t.slack.responseUrl() }));
    const answers = await t.slack.waitForCalls('response_url', 2);
    expect(answers.at(-1)?.args.text).toBe('This item was not on the final agenda.');
    expect(t.db.prepare('SELECT status FROM opportunities WHERE id = ?').pluck().get(id)).toBe('pitched');
  });
});

describe('item 13: a retried Events API delivery is handled once', () => {
  it('the same event_id delivered again (x-slack-retry-num) publishes the App Home once', async () => {
    const t = await app();
    const event = { type: 'app_home_opened', user: PM, channel: 'D0000HOME01', tab: 'home', event_ts: '1763884800.000100' };
    expect((await t.event(event, { eventId: 'Ev0RETRY0001' })).status).toBe(200);
    await t.slack.waitForCalls('views.publish', 1);
    expect((await t.event(event, { eventId: 'Ev0RETRY0001', retryNum: 1 })).status).toBe(200);
    expect((await t.event(event, { eventId: 'Ev0OTHER0002' })).status).toBe(200);
    await t.slack.waitForCalls('views.publish', 2);
    await new Promise((r) => setTimeout(r, 200));
    expect(t.slack.callsTo('views.publish')).toHaveLength(2);
  });
});
