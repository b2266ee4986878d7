import { afterEach, describe, expect, it } from 'vitest';
import { fixedClock, type Clock } from '../../src/clock.js';
import { outboxEntry } from '../../src/delivery/outbox.js';
import { ritualsJob } from '../../src/features.js';
import { runJob } from '../../src/scheduler/runner.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { startFakeSlack } from '../../src/sandbox/slack/web-api.js';
import { buildOrgConfig } from '../helpers/org.js';
import { blockActionPayload, stateValue, viewSubmissionPayload } from '../helpers/signer.js';
import { validateBlocks } from '../../src/sandbox/slack/block-kit.js';
import { tempDir } from '../helpers/tmp.js';
import { join } from 'node:path';

const apps: TestApp[] = [];
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const a of apps.splice(0)) await a.stop();
  for (const c of cleanups.splice(0)) await c();
});

/** A clock tests move by hand, shared by the app and the job runs. */
function movableClock(start: string): Clock & { set(iso: string): void } {
  let now = new Date(start);
  return { now: () => new Date(now.getTime()), set: (iso) => void (now = new Date(iso)) };
}

async function app(options: Parameters<typeof startTestApp>[0] = {}) {
  const t = await startTestApp(options);
  apps.push(t);
  return t;
}

const run = (t: TestApp, iso: string) => runJob(t.cadence.ctx, ritualsJob, new Date(iso), 'manual');
const posts = (t: TestApp, channel?: string) => t.slack.callsTo('chat.postMessage').filter((c) => !channel || c.args.channel === channel);
const stepRuns = (t: TestApp) =>
  t.db.prepare('SELECT ritual_key AS r, occurrence_key AS o, step_key AS s, status FROM ritual_step_runs ORDER BY due_at, ritual_key, step_key').all();

describe('rituals job: each step once, at its local time', () => {
  it('posts the Product Lunch reminder the day before at 10:00 Paris, once, even when run again', async () => {
    const t = await app();
    // Last Friday of November 2026 is the 27th: reminder Thursday 26th 10:00 CET = 09:00Z.
    const early = await run(t, '2026-11-26T08:59:00Z');
    expect(early.status).toBe('ran');
    expect(posts(t, 'C0000PRODUC')).toEqual([]);

    await run(t, '2026-11-26T09:00:00Z');
    const [reminder, ...others] = posts(t, 'C0000PRODUC');
    expect(others).toEqual([]);
    const unix = Date.parse('2026-11-27T11:30:00Z') / 1000; // 12:30 CET
    expect(reminder?.args.text).toBe(`📅 Reminder: *Product Lunch* is on <!date^${unix}^{date_long} at {time}|Friday 27 November 2026 at 12:30 (Paris time)>.`);
    expect(reminder?.warning).toBeUndefined();

    // A second tick, a manual re-run at the same time and a later run within the grace window: nothing new.
    await run(t, '2026-11-26T09:00:00Z');
    await run(t, '2026-11-26T09:05:00Z');
    expect(posts(t, 'C0000PRODUC')).toHaveLength(1);
    expect(stepRuns(t)).toContainEqual({ r: 'lunch', o: '2026-11-27T12:30', s: 'remind-day-before', status: 'done' });
  });

  it('restarting the process in the middle of a week posts nothing twice', async () => {
    const tmp = tempDir();
    cleanups.push(tmp.cleanup);
    const slack = await startFakeSlack();
    cleanups.push(() => slack.close());
    const dbPath = join(tmp.dir, 'cadence.db');
    const first = await startTestApp({ slack, dbPath });
    await run(first, '2026-11-26T09:00:00Z'); // lunch reminder
    await first.stop();
    const second = await app({ slack, dbPath });
    await run(second, '2026-11-26T09:00:30Z');
    await run(second, '2026-11-26T09:01:00Z');
    expect(slack.callsTo('chat.postMessage').filter((c) => c.args.channel === 'C0000PRODUC')).toHaveLength(1);
  });

  it('after downtime: a call for volunteers is caught up late, a missed reminder is skipped, not posted late', async () => {
    const t = await app();
    // Down from Sunday 3 Jan 2027 to Monday 4 Jan 12:00. The party call was due Monday 10:00 (7-day grace);
    // nothing else was due. The breakfast reminder of Tuesday 5 Jan 10:00 (for Wednesday 6th) is missed
    // when the bot comes back on Tuesday 10:30 after a second outage.
    await run(t, '2027-01-04T11:00:00Z');
    const calls = posts(t, 'C0000PRODUC');
    expect(calls).toHaveLength(1);
    expect(calls[0]?.args.text).toBe('🎉 *Party managers*: we need 3 volunteers to organise the next social events. Volunteer below!');

    await run(t, '2027-01-05T09:30:00Z');
    expect(posts(t, 'C0000GENERL')).toEqual([]);
    expect(stepRuns(t)).toContainEqual({ r: 'breakfast', o: '2027-01-06T09:00', s: 'remind-day-before', status: 'skipped' });
  });

  it('skips an occurrence on a holiday with all its steps', async () => {
    const org = buildOrgConfig({ organisation: { name: 'Acme Product', timezone: 'Europe/Paris', language: 'en', holidays: ['2026-11-27'] } });
    const t = await app({ org });
    await run(t, '2026-11-26T09:00:00Z');
    expect(posts(t, 'C0000PRODUC')).toEqual([]);
    expect(stepRuns(t).filter((r) => (r as { r: string }).r === 'lunch')).toEqual([]);
    // The same run on a normal day would have posted it (see the first test).
  });

  it('a reminder that meets a 429 is delivered once when Slack recovers', async () => {
    const t = await app();
    t.slack.inject('chat.postMessage', { status: 429, retryAfterSeconds: 120 });
    const first = await run(t, '2026-11-26T09:00:00Z');
    expect(first.status).toBe('ran');
    expect(posts(t, 'C0000PRODUC')).toEqual([]);
    expect(outboxEntry(t.db, 'ritual:lunch|2026-11-27T12:30|remind-day-before')?.status).toBe('pending');
    // Before Retry-After has passed nothing is sent; after it, exactly once.
    await run(t, '2026-11-26T09:01:00Z');
    expect(posts(t, 'C0000PRODUC')).toEqual([]);
    await run(t, '2026-11-26T09:03:00Z');
    await run(t, '2026-11-26T09:04:00Z');
    expect(posts(t, 'C0000PRODUC')).toHaveLength(1);
    expect(outboxEntry(t.db, 'ritual:lunch|2026-11-27T12:30|remind-day-before')?.status).toBe('sent');
  });

  it('a reminder still failing when its meeting starts is dropped, never posted late', async () => {
    const t = await app();
    t.slack.inject('chat.postMessage', { status: 500 }, 50);
    await run(t, '2026-11-26T12:45:00Z'); // PAM "starts in 15 minutes"
    t.slack.reset();
    await run(t, '2026-11-26T13:10:00Z'); // Slack is back, but the meeting started at 13:00Z
    expect(posts(t, 'C0000PAMEET').filter((c) => String(c.args.text).includes('starts in'))).toEqual([]);
    expect(outboxEntry(t.db, 'ritual:pam|2026-11-26T14:00|remind')?.status).toBe('failed');
  });
});

describe('Product Weekly call for topics', () => {
  it('posts the call the Monday before; a proposal is stored and posted in the thread', async () => {
    const clock = movableClock('2026-11-30T08:00:00Z');
    const t = await app({ clock });
    await run(t, '2026-11-30T08:00:00Z');
    const [call] = posts(t, 'C0000PRODUC');
    expect(call?.args.text).toMatch(/^🎤 \*Product Weekly\* on <!date\^\d+\^\{date_long\} at \{time\}\|Friday 4 December 2026 at 16:00 \(Paris time\)>/);
    expect(validateBlocks(call?.args.blocks, 'message')).toEqual([]);
    const ts = String(call?.response?.ts);

    const click = await t.interact(
      blockActionPayload({ user: 'U0000PMDIS1', actionId: 'ritual_propose_topic', value: 'weekly|2026-12-04T16:00', channel: 'C0000PRODUC', messageTs: ts }),
    );
    expect(click.status).toBe(200);
    const [opened] = await t.slack.waitForCalls('views.open', 1);
    const view = opened?.args.view as { private_metadata: string; callback_id: string };
    expect(view.callback_id).toBe('ritual_topic_modal');

    const empty = await t.interact(
      viewSubmissionPayload({ user: 'U0000PMDIS1', callbackId: 'ritual_topic_modal', privateMetadata: view.private_metadata, values: { topic: { value: stateValue.plainText('  ') }, speaker: { value: stateValue.usersSelect(null) } } }),
    );
    expect(empty.json()).toEqual({ response_action: 'errors', errors: { topic: 'Say what the topic is.' } });
    expect(t.db.prepare('SELECT COUNT(*) AS n FROM ritual_topics').get()).toEqual({ n: 0 });

    const ok = await t.interact(
      viewSubmissionPayload({
        user: 'U0000PMDIS1',
        callbackId: 'ritual_topic_modal',
        privateMetadata: view.private_metadata,
        values: { topic: { value: stateValue.plainText('Search relaunch <demo>') }, speaker: { value: stateValue.usersSelect('U0000PMPAY2') } },
      }),
    );
    expect(ok.status).toBe(200);
    // The same 09:00 run also opened the sign-ups of the alignment meeting and the decision session (in C0000PAMEET).
    const replies = await t.slack.waitForCalls('chat.postMessage', 4);
    expect(replies.find((c) => c.args.thread_ts === ts)?.args).toMatchObject({
      channel: 'C0000PRODUC',
      thread_ts: ts,
      text: '<@U0000PMDIS1> proposes: *Search relaunch &lt;demo&gt;*, with <@U0000PMPAY2> as guest speaker',
    });
    expect(t.db.prepare('SELECT ritual_key, occurrence_key, proposed_by, topic, speaker FROM ritual_topics').all()).toEqual([
      { ritual_key: 'weekly', occurrence_key: '2026-12-04T16:00', proposed_by: 'U0000PMDIS1', topic: 'Search relaunch <demo>', speaker: 'U0000PMPAY2' },
    ]);
  });
});

describe('Party managers: a call capped at 3 volunteers', () => {
  const ref = 'party|2027-01-04T10:00';
  const click = (t: TestApp, user: string, ts: string) =>
    t.interact(blockActionPayload({ user, actionId: 'ritual_volunteer', value: ref, channel: 'C0000PRODUC', messageTs: ts }));

  it('takes three, updates the call, tells the fourth it is full', async () => {
    const t = await app({ clock: fixedClock(new Date('2027-01-04T09:30:00Z')) });
    await run(t, '2027-01-04T09:00:00Z');
    const ts = String(posts(t, 'C0000PRODUC')[0]?.response?.ts);
    for (const user of ['U0000AAAAA1', 'U0000AAAAA2']) expect((await click(t, user, ts)).status).toBe(200);
    await t.slack.waitForCalls('chat.update', 2);
    await click(t, 'U0000AAAAA1', ts); // twice: no double count
    await click(t, 'U0000AAAAA3', ts);
    await t.slack.waitForCalls('chat.update', 3);
    await click(t, 'U0000AAAAA4', ts);
    const ephemerals = await t.slack.waitForCalls('chat.postEphemeral', 5);
    expect(ephemerals.map((c) => [c.args.user, c.args.text])).toEqual([
      ['U0000AAAAA1', 'Thank you for volunteering for Party managers! (1/3)'],
      ['U0000AAAAA2', 'Thank you for volunteering for Party managers! (2/3)'],
      ['U0000AAAAA1', 'You have already volunteered for this round, thank you.'],
      ['U0000AAAAA3', 'Thank you for volunteering for Party managers! (3/3)'],
      ['U0000AAAAA4', 'The 3 volunteers for this round are already found (<@U0000AAAAA1>, <@U0000AAAAA2>, <@U0000AAAAA3>). Thank you anyway!'],
    ]);
    const last = t.slack.callsTo('chat.update').at(-1);
    expect(last?.args.text).toBe('✅ *Party managers*: our 3 volunteers are <@U0000AAAAA1>, <@U0000AAAAA2>, <@U0000AAAAA3>. Thank you!');
  });

  it('two clicks racing for the last place: exactly one gets it', async () => {
    const t = await app({ clock: fixedClock(new Date('2027-01-04T09:30:00Z')) });
    await run(t, '2027-01-04T09:00:00Z');
    const ts = String(posts(t, 'C0000PRODUC')[0]?.response?.ts);
    await click(t, 'U0000AAAAA1', ts);
    await click(t, 'U0000AAAAA2', ts);
    await Promise.all([click(t, 'U0000RACER1', ts), click(t, 'U0000RACER2', ts), click(t, 'U0000RACER3', ts)]);
    await t.slack.waitForCalls('chat.postEphemeral', 5);
    const rows = t.db.prepare('SELECT user_id FROM ritual_volunteers WHERE occurrence_key = ?').all('2027-01-04T10:00') as { user_id: string }[];
    expect(rows).toHaveLength(3);
    expect(rows.filter((r) => r.user_id.startsWith('U0000RACER'))).toHaveLength(1);
  });
});

describe('Product Breakfast: questions and feedback become insights', () => {
  it('the reminder button opens the insight form tagged breakfast; submitting logs the insight', async () => {
    const t = await app({ clock: fixedClock(new Date('2026-12-01T09:30:00Z')) });
    await run(t, '2026-12-01T09:00:00Z'); // Tuesday 10:00 CET, the day before the 1st Wednesday
    const [reminder] = posts(t, 'C0000GENERL');
    expect(reminder?.args.text).toMatch(/^📅 Reminder: \*Product Breakfast\* is /);
    await t.interact(
      blockActionPayload({ user: 'U0000SALES1', actionId: 'ritual_breakfast_insight', value: 'breakfast|2026-12-02T09:00', channel: 'C0000GENERL', messageTs: String(reminder?.response?.ts) }),
    );
    const [opened] = await t.slack.waitForCalls('views.open', 1);
    const view = opened?.args.view as { callback_id: string; private_metadata: string; blocks: { block_id?: string; element?: { initial_value?: string } }[] };
    expect(view.callback_id).toBe('insight_modal');
    expect(view.blocks.find((b) => b.block_id === 'tags')?.element?.initial_value).toBe('breakfast');

    const submit = await t.interact(
      viewSubmissionPayload({
        user: 'U0000SALES1',
        callbackId: 'insight_modal',
        privateMetadata: view.private_metadata,
        values: {
          text: { value: stateValue.plainText('Will the new invoicing support purchase orders? Two prospects asked.') },
          source: { value: stateValue.staticSelect('internal') },
          customer: { value: stateValue.plainText(null) },
          arr: { value: stateValue.number(null) },
          segment: { value: stateValue.staticSelect(null) },
          tribe: { value: stateValue.staticSelect(null) },
          tags: { value: stateValue.plainText('breakfast') },
        },
      }),
    );
    expect(submit.status).toBe(200);
    expect(t.db.prepare('SELECT text, tags, reporter_id FROM insights').all()).toEqual([
      { text: 'Will the new invoicing support purchase orders? Two prospects asked.', tags: 'breakfast', reporter_id: 'U0000SALES1' },
    ]);
  });
});
