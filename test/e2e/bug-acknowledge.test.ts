import { afterEach, describe, expect, it } from 'vitest';
import { runBugEscalation } from '../../src/bugs/escalation.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { blockActionPayload } from '../helpers/signer.js';

/*
 * "I'm on it" on a breach notice (issue 14 item 14, decision 0034), with the
 * shipped defaults: working hours, one notice per person, a 120 h grace before
 * leadership hears about an acknowledged breach.
 */
const T0 = new Date('2026-11-16T09:00:00Z'); // Monday 10:00 Paris → deadline Monday 23 Nov 10:00
const DEV = 'U0000DEV001';
const LEAD = 'U0000PMPAY2';

const apps: TestApp[] = [];
afterEach(async () => {
  for (const t of apps.splice(0)) await t.stop();
});

async function setup() {
  let now = T0;
  const clock = { now: () => new Date(now.getTime()), set: (at: Date) => void (now = at) };
  const t = await startTestApp({ clock });
  apps.push(t);
  const res = await t.command({ command: '/bug', text: `PAY-30 Refund twice team:checkout <@${DEV}|dev>`, user_id: 'U0000QA0001', channel_id: 'C0000QACHAN' });
  expect(res.status).toBe(200);
  return { t, clock };
}

const acks = (t: TestApp) => t.db.prepare('SELECT bug_key, clock_id, user_id, acknowledged_at FROM bug_acknowledgements').all();

describe('Acknowledge on a breach notice', () => {
  it('a signed click records who and when, updates the notice in place, and the ladder skips leadership until the grace ends', async () => {
    const { t, clock } = await setup();
    const breachAt = new Date('2026-11-23T09:00:00Z');
    clock.set(breachAt);
    const before = t.slack.callsTo('chat.postMessage').length;
    await runBugEscalation(t.cadence.ctx, breachAt);
    // One notice per person: one channel post naming the owner and the lead, no DM besides.
    expect(t.slack.callsTo('chat.postMessage').slice(before).map((c) => c.args['channel'])).toEqual(['C0000CHKOUT']);
    const notice = t.slack.callsTo('chat.postMessage').find((c) => c.args['channel'] === 'C0000CHKOUT');
    expect(notice).toBeDefined();
    const blocks = notice?.args['blocks'] as Record<string, unknown>[];
    expect(JSON.stringify(blocks)).toContain(`For <@${DEV}> <@${LEAD}>`);
    expect(JSON.stringify(blocks)).toContain('"action_id":"bug_acknowledge"');
    expect(JSON.stringify(blocks)).toContain('I’m on it');
    const ts = String(notice?.response?.['ts']);

    const click = (user: string, name: string, value = 'PAY-30:1') =>
      t.interact(
        blockActionPayload({
          user,
          actionId: 'bug_acknowledge',
          blockId: 'bug_actions:PAY-30',
          value,
          channel: 'C0000CHKOUT',
          messageTs: ts,
          message: { type: 'message', text: notice?.args['text'], ts, blocks },
          responseUrl: t.slack.responseUrl(name),
        }),
      );

    const ackAt = new Date('2026-11-23T10:30:00Z');
    clock.set(ackAt);
    await click(DEV, 'first');
    const [replaced, confirmed] = await t.slack.waitForCalls('response_url', 2);
    expect(replaced?.args).toMatchObject({ replace_original: true });
    expect(JSON.stringify(replaced?.args['blocks'])).not.toContain('bug_acknowledge');
    expect(JSON.stringify(replaced?.args['blocks'])).toContain(`<@${DEV}> is on it`);
    expect(JSON.stringify(replaced?.args['blocks'])).toContain('bug_resolve'); // the other buttons stay
    expect(confirmed?.args).toMatchObject({ response_type: 'ephemeral', replace_original: false, text: expect.stringContaining('Noted: you are on *PAY-30*') });
    expect(confirmed?.args['text']).toContain('still open 5 days after its deadline');
    expect(acks(t)).toEqual([{ bug_key: 'PAY-30', clock_id: 1, user_id: DEV, acknowledged_at: ackAt.toISOString() }]);

    // A second click (the lead, a minute later) changes nothing: it says who is on it.
    clock.set(new Date(ackAt.getTime() + 60_000));
    await click(LEAD, 'second');
    const third = (await t.slack.waitForCalls('response_url', 3))[2];
    expect(third?.args).toMatchObject({ response_type: 'ephemeral', replace_original: false, text: expect.stringContaining(`<@${DEV}> is already on *PAY-30*`) });
    expect(acks(t)).toHaveLength(1);
    expect(t.slack.calls.filter((c) => c.method === 'response_url')).toHaveLength(3);

    // 48 h after the deadline: no leadership ping for an acknowledged bug.
    const stillBreached = new Date('2026-11-25T09:00:00Z');
    clock.set(stillBreached);
    await runBugEscalation(t.cadence.ctx, stillBreached);
    expect(t.slack.callsTo('chat.postMessage').filter((c) => c.args['channel'] === 'C0000BUGESC')).toHaveLength(0);
    // Deadline + 120 h is Saturday 28 Nov: leadership hears on Monday 30 Nov at 09:00 Paris, once.
    expect(t.db.prepare('SELECT next_notice_at FROM bugs WHERE key = ?').get('PAY-30')).toEqual({ next_notice_at: '2026-11-30T08:00:00.000Z' });
    const late = new Date('2026-11-30T08:00:00Z');
    clock.set(late);
    await runBugEscalation(t.cadence.ctx, late);
    await runBugEscalation(t.cadence.ctx, new Date(late.getTime() + 15 * 60_000));
    const leadership = t.slack.callsTo('chat.postMessage').filter((c) => c.args['channel'] === 'C0000BUGESC');
    expect(leadership).toHaveLength(1);
    expect(String(leadership[0]?.args['text'])).toContain('is still open, 6 days late');
  });

  it('without an acknowledgement leadership hears at 48 h', async () => {
    const { t, clock } = await setup();
    for (const at of ['2026-11-23T09:00:00Z', '2026-11-25T09:00:00Z']) {
      clock.set(new Date(at));
      await runBugEscalation(t.cadence.ctx, new Date(at));
    }
    const leadership = t.slack.callsTo('chat.postMessage').filter((c) => c.args['channel'] === 'C0000BUGESC');
    expect(leadership).toHaveLength(1);
    expect(String(leadership[0]?.args['text'])).toContain('2 days late');
  });

  it('a forged or stale value is refused and writes nothing', async () => {
    const { t } = await setup();
    await t.interact(blockActionPayload({ user: DEV, actionId: 'bug_acknowledge', value: 'PAY-30:x', channel: 'C0000CHKOUT', responseUrl: t.slack.responseUrl('bad') }));
    const [bad] = await t.slack.waitForCalls('response_url', 1);
    expect(bad?.args).toMatchObject({ response_type: 'ephemeral', text: expect.stringContaining('I do not know bug') });
    // A notice of an earlier clock: nothing left to take on.
    await t.interact(blockActionPayload({ user: DEV, actionId: 'bug_acknowledge', value: 'PAY-30:7', channel: 'C0000CHKOUT', responseUrl: t.slack.responseUrl('stale') }));
    const stale = (await t.slack.waitForCalls('response_url', 2))[1];
    expect(stale?.args).toMatchObject({ response_type: 'ephemeral', text: expect.stringContaining('already resolved') });
    expect(acks(t)).toEqual([]);
  });

  it('a late /bug resolve says how many days late, in days', async () => {
    const { t, clock } = await setup();
    clock.set(new Date('2026-11-26T12:00:00Z')); // deadline Monday 23 Nov 09:00Z: 3 days and 3 hours late
    const res = await t.command({ command: '/bug', text: 'resolve PAY-30', user_id: 'U0000QA0001', channel_id: 'C0000QACHAN' });
    const json = (await res.json()) as { text: string };
    expect(json.text).toContain('3 days past its deadline');
  });
});
