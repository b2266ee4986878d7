import { App } from '@slack/bolt';
import { DateTime } from 'luxon';
import { expect, vi } from 'vitest';
import { bugsFeature } from '../../src/bugs/feature.js';
import { ladderOf } from '../../src/bugs/ladder.js';
import { levelTriggerAt } from '../../src/bugs/sla.js';
import type { OrgConfig } from '../../src/config/org.js';
import type { AppContext, JobDefinition } from '../../src/context.js';
import type { Db } from '../../src/db/open.js';
import { digestsJob } from '../../src/digests/service.js';
import { stepsBetween } from '../../src/rituals/calendar.js';
import { ritualsJob } from '../../src/features.js';
import { skipLookup } from '../../src/rituals/store.js';
import { runJob } from '../../src/scheduler/runner.js';
import type { Rng } from '../../bench/data/prng.js';
import type { FakeSlack, RecordedCall } from '../../src/sandbox/slack/web-api.js';
import type { TestApp } from '../helpers/app.js';
import type { MovableClock } from './support.js';

/*
 * A simulated stretch of the organisation's calendar for the Slack-fault and
 * restart-storm scenarios: bugs registered through `/bug`, the scheduled jobs
 * run as node-cron would run them (rituals every minute, bug escalation every
 * 15 minutes, digests every 5) on an injected clock, and checks that compare
 * what the ledgers say with what reached the Slack stand-in.
 */

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/** Actions that always post one channel message under the step's own outbox key (`ritual:<claim key>`). */
export const POSTED_ACTIONS: ReadonlySet<string> = new Set(['remind', 'call_for_topics', 'call_for_volunteers', 'post_agenda']);

const bugJob: JobDefinition = (() => {
  const job = bugsFeature.jobs?.find((j) => j.name === 'bug-escalation');
  if (!job) throw new Error('the bugs feature has no bug-escalation job');
  return job;
})();

/** What node-cron would run at `at` (a whole minute): every job whose schedule matches. */
export async function tick(ctx: AppContext, at: Date): Promise<void> {
  const rituals = await runJob(ctx, ritualsJob, at, 'schedule');
  if (rituals.status === 'failed') throw rituals.error;
  if (at.getUTCMinutes() % 15 === 0) {
    const bugs = await runJob(ctx, bugJob, at, 'schedule');
    if (bugs.status === 'failed') throw bugs.error;
  }
  if (at.getUTCMinutes() % 5 === 0) {
    const digests = await runJob(ctx, digestsJob, at, 'schedule');
    if (digests.status === 'failed') throw digests.error;
  }
}

/**
 * Tracks Bolt's processing of each request (the listener's work after its ack
 * included: the receiver awaits `processEvent` whole), so a scenario knows
 * when what a person did has finished talking to Slack.
 */
export function trackListeners(): { idle(): Promise<void>; restore(): void } {
  const running = new Set<Promise<void>>();
  const original = App.prototype.processEvent;
  const spy = vi.spyOn(App.prototype, 'processEvent').mockImplementation(function (this: App, event) {
    const work = original.call(this, event);
    running.add(work);
    work.then(
      () => running.delete(work),
      () => running.delete(work),
    );
    return work;
  });
  return {
    async idle() {
      while (running.size > 0) await Promise.allSettled([...running]);
    },
    restore: () => spy.mockRestore(),
  };
}

export interface SimBug {
  key: string;
  owner: string;
  team: string;
  qualifiedAt: Date;
}

const TEAMS = ['checkout', 'billing', 'search', 'recommendations'] as const;
export const QA = 'U0000QA0001';

/**
 * Registers `count` bugs with `/bug` (signed, through the receiver) at `clock`'s
 * time, qualified in the week before so their ladders play out in the days after.
 */
export async function registerBugs(t: TestApp, clock: MovableClock, org: OrgConfig, rng: Rng, count: number, prefix: string): Promise<SimBug[]> {
  const zone = org.organisation.timezone;
  const now = clock.now().getTime();
  const bugs: SimBug[] = [];
  for (let i = 0; i < count; i++) {
    // Whole minutes between 7 days and 1 hour ago: some breach at once, some during the run.
    const qualified = DateTime.fromMillis(now - rng.int(60, 7 * 24 * 60) * MINUTE, { zone }).startOf('minute');
    const bug: SimBug = { key: `${prefix}-${i + 1}`, owner: `U0000OWN${String(i).padStart(3, '0')}`, team: rng.pick(TEAMS), qualifiedAt: qualified.toJSDate() };
    const res = await t.command({
      command: '/bug',
      text: `${bug.key} Simulated failure number ${i + 1} team:${bug.team} qualified:${qualified.toFormat("yyyy-MM-dd'T'HH:mm")} <@${bug.owner}>`,
      user_id: QA,
      channel_id: 'C0000QACHAN',
    });
    expect(res.status).toBe(200);
    expect(res.text).toContain(`Registered`);
    bugs.push(bug);
  }
  return bugs;
}

/**
 * Ritual steps whose time falls in [from, to), those that post (`POSTED_ACTIONS`)
 * unless `actions` says otherwise; without a database, only holidays are skipped.
 */
export function expectedRitualSteps(org: OrgConfig, db: Db | undefined, from: Date, to: Date, actions: ReadonlySet<string> | 'all' = POSTED_ACTIONS) {
  const holidays: ReadonlySet<string> = new Set(org.organisation.holidays);
  const skips = db ? skipLookup(db, org.organisation.holidays) : () => holidays;
  return stepsBetween(org.rituals, org.organisation.timezone, from, to, skips).filter((s) => actions === 'all' || actions.has(s.step.action));
}

/** Escalation levels of `bug` (7-day calendar SLA from qualification, no reopen) that trigger in (-∞, to). */
export function expectedLevels(org: OrgConfig, bug: SimBug, to: Date): number[] {
  const deadline = new Date(bug.qualifiedAt.getTime() + 7 * DAY);
  return ladderOf(org)
    .filter((l) => levelTriggerAt(deadline, l) < to)
    .map((l) => l.level);
}

interface OutboxRow {
  dedupe_key: string;
  method: string;
  status: string;
  last_error: string | null;
  sent_channel: string | null;
  sent_ts: string | null;
  args: string;
}

export function outboxRows(db: Db): OutboxRow[] {
  return db.prepare<[], OutboxRow>('SELECT dedupe_key, method, status, last_error, sent_channel, sent_ts, args FROM delivery_outbox ORDER BY id').all();
}

/**
 * Exactly once, from both ends:
 *  - every outbox row is settled (nothing pending or half-sent);
 *  - every sent chat.postMessage row matches exactly one successful call
 *    (by the ts Slack answered), and no successful call is unaccounted for;
 *  - every sent chat.update row matches a successful update of that message
 *    with its text, and no update outside `answers` is unaccounted for;
 *  - a row given up as expired never reached Slack.
 * `answers` are the calls listeners made straight to the Web API while a
 * person acted (a confirmation, a redraw, a card): answers to a click, not
 * messages the bot owes, so they are not in the outbox. They may be anything
 * but a second copy of a message the outbox sent.
 */
export function expectExactlyOnce(db: Db, slack: FakeSlack, answers: ReadonlySet<RecordedCall> = new Set()): { sent: number; expired: number; cancelled: number } {
  const rows = outboxRows(db);
  expect(rows.filter((r) => r.status === 'pending' || r.status === 'sending').map((r) => r.dedupe_key), 'rows never settled').toEqual([]);
  const failed = rows.filter((r) => r.status === 'failed' && r.last_error !== 'expired');
  expect(failed.map((r) => `${r.dedupe_key}: ${r.last_error ?? ''}`), 'rows failed for good').toEqual([]);
  const argsOf = (r: OutboxRow) => JSON.parse(r.args) as { channel?: string; text?: string; thread_ts?: string };

  const posts = slack.callsTo('chat.postMessage');
  const sentPosts = rows.filter((r) => r.status === 'sent' && r.method === 'chat.postMessage');
  const sentTs = new Set(sentPosts.map((r) => String(r.sent_ts)));
  const owed = posts.filter((c) => sentTs.has(String(c.response?.ts)));
  expect(owed.map((c) => String(c.response?.ts)).sort(), 'successful chat.postMessage calls vs sent outbox rows').toEqual([...sentTs].sort());
  expect(posts.filter((c) => !sentTs.has(String(c.response?.ts)) && !answers.has(c)).map((c) => `${String(c.args.channel)}: ${String(c.args.text)}`), 'posts nobody owed').toEqual([]);
  // A listener's answer is never a second copy of a message the outbox sent.
  const owedText = new Set(sentPosts.map((r) => `${argsOf(r).channel ?? ''} ${argsOf(r).thread_ts ?? ''} ${argsOf(r).text ?? ''}`));
  const copies = posts.filter((c) => answers.has(c) && !sentTs.has(String(c.response?.ts)) && owedText.has(`${String(c.args.channel)} ${String(c.args.thread_ts ?? '')} ${String(c.args.text)}`));
  expect(copies.map((c) => String(c.args.text)), 'answers that repeat an outbox message').toEqual([]);

  // chat.update is keyed by message and text: the same message is legitimately redrawn by listeners too.
  const key = (channel: unknown, ts: unknown, text: unknown) => `${String(channel)} ${String(ts)} ${String(text)}`;
  const updates = slack.callsTo('chat.update');
  const sentUpdates = rows.filter((r) => r.status === 'sent' && r.method === 'chat.update');
  const tally = (keys: string[]) => keys.reduce((m, k) => m.set(k, (m.get(k) ?? 0) + 1), new Map<string, number>());
  const owedUpdates = tally(sentUpdates.map((r) => key(r.sent_channel, r.sent_ts, argsOf(r).text)));
  const made = tally(updates.map((c) => key(c.args.channel, c.args.ts, c.args.text)));
  const unasked = tally(updates.filter((c) => !answers.has(c)).map((c) => key(c.args.channel, c.args.ts, c.args.text)));
  expect([...owedUpdates].filter(([k, n]) => (made.get(k) ?? 0) < n).map(([k]) => k), 'sent chat.update rows Slack never saw').toEqual([]);
  expect([...unasked].filter(([k, n]) => n > (owedUpdates.get(k) ?? 0)).map(([k]) => k), 'chat.update calls nobody owed').toEqual([]);

  const expired = rows.filter((r) => r.status === 'failed');
  for (const row of expired) {
    const { text, channel } = argsOf(row);
    expect(posts.filter((c) => c.args.text === text && c.args.channel === channel), `expired row ${row.dedupe_key} was posted`).toEqual([]);
  }
  return { sent: sentPosts.length + sentUpdates.length, expired: expired.length, cancelled: rows.filter((r) => r.status === 'cancelled').length };
}
