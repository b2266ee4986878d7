import { afterEach, describe, expect, it } from 'vitest';
import { signWebhook } from '../../src/bugs/webhook.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { blockActionPayload, stateValue, viewSubmissionPayload } from '../helpers/signer.js';
import { movableClock, PAM_CHANNEL, run, signupValues } from '../agenda/helpers.js';
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
