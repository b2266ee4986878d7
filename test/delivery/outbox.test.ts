import { WebClient } from '@slack/web-api';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { migrate } from '../../src/db/migrate.js';
import { openDb, type Db } from '../../src/db/open.js';
import {
  cancelPending,
  deliverPending,
  enqueue,
  outboxEntry,
  type DeliveryOptions,
  type OutboxMessage,
} from '../../src/delivery/outbox.js';
import { silentLogger } from '../../src/logger.js';
import { migrationsDir } from '../../src/paths.js';
import { startFakeSlack, type FakeSlack } from '../../src/sandbox/slack/web-api.js';

const T0 = new Date('2026-11-23T08:00:00Z');
const plus = (ms: number, from: Date = T0) => new Date(from.getTime() + ms);
const MIN = 60_000;

let slack: FakeSlack;
let db: Db;
let client: WebClient;

beforeAll(async () => {
  slack = await startFakeSlack();
});
afterAll(async () => {
  await slack.close();
});
beforeEach(() => {
  slack.reset();
  db = openDb(':memory:');
  migrate(db, migrationsDir());
  // The app's own client retries; the outbox must not inherit that (it builds its own).
  client = new WebClient('xoxb-test-token', { slackApiUrl: slack.apiUrl, retryConfig: { retries: 2, minTimeout: 10, maxTimeout: 20 } });
});

function message(n: number, overrides: Partial<OutboxMessage> = {}): OutboxMessage {
  return {
    dedupeKey: `test:${n}`,
    method: 'chat.postMessage',
    args: { channel: 'C0000TEST01', text: `message ${n}` },
    topic: 'test',
    ...overrides,
  };
}

const sleeps: number[] = [];
function deliver(now: Date, opts: DeliveryOptions = {}) {
  return deliverPending({ db, client, logger: silentLogger() }, now, {
    sleep: async (ms) => void sleeps.push(ms),
    ...opts,
  });
}
const posted = () => slack.callsTo('chat.postMessage').map((c) => c.args['text']);
const count = (status: string) => (db.prepare('SELECT COUNT(*) AS n FROM delivery_outbox WHERE status = ?').get(status) as { n: number }).n;

describe('enqueue', () => {
  it('is a claim: the same dedupe key twice stores one row', () => {
    expect(enqueue(db, message(1), T0)).toBe(true);
    expect(enqueue(db, message(1, { args: { channel: 'C0000OTHER1', text: 'different' } }), T0)).toBe(false);
    expect(db.prepare('SELECT COUNT(*) AS n FROM delivery_outbox').get()).toEqual({ n: 1 });
    expect(outboxEntry(db, 'test:1')).toMatchObject({ status: 'pending', attempts: 0, args: { text: 'message 1' } });
  });

  it('refuses an empty key or a method name that is not one', () => {
    expect(() => enqueue(db, message(1, { dedupeKey: '' }), T0)).toThrow(/dedupe key/);
    expect(() => enqueue(db, message(1, { method: 'https://evil.example/' }), T0)).toThrow(/method/);
    expect(db.prepare('SELECT COUNT(*) AS n FROM delivery_outbox').get()).toEqual({ n: 0 });
  });
});

describe('deliverPending', () => {
  it('sends each pending row once and records where it landed; a second run sends nothing', async () => {
    enqueue(db, message(1), T0);
    enqueue(db, message(2, { args: { channel: 'U0000OWNER1', text: 'a DM' } }), T0);
    const first = await deliver(T0);
    expect(first).toMatchObject({ sent: 2, failed: 0, pending: 0 });
    expect(posted()).toEqual(['message 1', 'a DM']);
    const dm = outboxEntry(db, 'test:2');
    // A user ID as channel posts in the app's DM with them; Slack answers with the D channel.
    expect(dm).toMatchObject({ status: 'sent', attempts: 1, sentChannel: 'DU0000OWNER1', lastError: null });
    expect(dm?.sentTs).toMatch(/^\d+\.\d{6}$/);
    const second = await deliver(plus(15 * MIN));
    expect(second.sent).toBe(0);
    expect(posted()).toHaveLength(2);
  });

  it('holds a row until notBefore', async () => {
    enqueue(db, message(1, { notBefore: plus(10 * MIN) }), T0);
    expect((await deliver(plus(9 * MIN))).sent).toBe(0);
    expect((await deliver(plus(10 * MIN))).sent).toBe(1);
  });

  it('429 with a short Retry-After: waits it out within the run and sends once', async () => {
    sleeps.length = 0;
    enqueue(db, message(1), T0);
    slack.inject('chat.postMessage', { status: 429, retryAfterSeconds: 2 });
    const report = await deliver(T0);
    expect(report).toMatchObject({ sent: 1, pending: 0 });
    expect(sleeps).toEqual([2000]);
    // One refused call, one delivered: the client itself did not retry.
    expect(slack.calls.filter((c) => c.method === 'chat.postMessage').map((c) => c.ok)).toEqual([false, true]);
    expect(outboxEntry(db, 'test:1')).toMatchObject({ status: 'sent', attempts: 2 });
  });

  it('429 with a long Retry-After: stays pending until then, then is delivered exactly once', async () => {
    enqueue(db, message(1), T0);
    enqueue(db, message(2), T0);
    slack.inject('chat.postMessage', { status: 429, retryAfterSeconds: 120 });
    const report = await deliver(T0, { maxWaitMs: 30_000 });
    expect(report).toMatchObject({ sent: 0, pending: 2, stoppedBecause: 'rate limited (retry after 120 s)' });
    // The run stopped instead of hammering Slack with the second row.
    expect(slack.calls).toHaveLength(1);
    expect(outboxEntry(db, 'test:1')).toMatchObject({
      status: 'pending',
      nextAttemptAt: plus(120_000).toISOString(),
      lastError: 'rate limited: retry after 120 s',
    });
    const early = await deliver(plus(60_000));
    expect(early.sent).toBe(1); // message 2 was never refused, so it goes
    expect(posted()).toEqual(['message 2']);
    const later = await deliver(plus(121_000));
    expect(later.sent).toBe(1);
    expect(posted()).toEqual(['message 2', 'message 1']);
    expect((await deliver(plus(30 * MIN))).sent).toBe(0);
  });

  it('5xx: backs off (1 min, then 2 min) and delivers once Slack recovers', async () => {
    enqueue(db, message(1), T0);
    slack.inject('chat.postMessage', { status: 500 }, 2);
    await deliver(T0);
    expect(outboxEntry(db, 'test:1')).toMatchObject({ status: 'pending', attempts: 1, lastError: 'http_500', nextAttemptAt: plus(MIN).toISOString() });
    await deliver(plus(MIN));
    expect(outboxEntry(db, 'test:1')).toMatchObject({ attempts: 2, nextAttemptAt: plus(3 * MIN).toISOString() });
    expect((await deliver(plus(2 * MIN))).sent).toBe(0);
    expect((await deliver(plus(3 * MIN))).sent).toBe(1);
    expect(posted()).toEqual(['message 1']);
  });

  it('a timeout stays pending and says Slack may have posted it', async () => {
    enqueue(db, message(1), T0);
    slack.inject('chat.postMessage', { delayMs: 400 });
    const report = await deliver(T0, { timeoutMs: 100 });
    expect(report.sent).toBe(0);
    expect(outboxEntry(db, 'test:1')).toMatchObject({ status: 'pending', lastError: 'timeout (Slack may have posted it)' });
    expect((await deliver(plus(MIN), { timeoutMs: 2000 })).sent).toBe(1);
  });

  it('stops after three transient failures in a row, leaving the rest untouched', async () => {
    for (let i = 1; i <= 5; i++) enqueue(db, message(i), T0);
    slack.inject('chat.postMessage', { status: 500 }, 3);
    const report = await deliver(T0);
    expect(report.stoppedBecause).toMatch(/3 transient failures in a row/);
    expect(slack.calls).toHaveLength(3);
    expect(outboxEntry(db, 'test:4')).toMatchObject({ status: 'pending', attempts: 0 });
    expect((await deliver(plus(MIN))).sent).toBe(5);
  });

  it('a permanent Slack error fails the row with the error and is never retried', async () => {
    enqueue(db, message(1), T0);
    enqueue(db, message(2), T0);
    slack.inject('chat.postMessage', { error: 'channel_not_found' });
    const report = await deliver(T0);
    expect(report).toMatchObject({ sent: 1, failed: 1 });
    expect(outboxEntry(db, 'test:1')).toMatchObject({ status: 'failed', lastError: 'channel_not_found', attempts: 1 });
    await deliver(plus(2 * 60 * MIN));
    expect(posted()).toEqual(['message 2']);
  });

  it('blocks the stand-in rejects (invalid_blocks) fail permanently', async () => {
    enqueue(db, message(1, { args: { channel: 'C0000TEST01', text: 'x', blocks: [{ type: 'header', text: { type: 'plain_text', text: 'h'.repeat(151) } }] } }), T0);
    await deliver(T0);
    expect(outboxEntry(db, 'test:1')).toMatchObject({ status: 'failed', lastError: 'invalid_blocks' });
  });

  it('a refused token keeps every row pending and stops the run', async () => {
    enqueue(db, message(1), T0);
    enqueue(db, message(2), T0);
    slack.inject('chat.postMessage', { error: 'invalid_auth' });
    const report = await deliver(T0);
    expect(report.stoppedBecause).toBe('Slack refused the bot token (invalid_auth)');
    expect(count('pending')).toBe(2);
    expect(slack.calls).toHaveLength(1);
  });

  it('overlapping runs never send one row twice', async () => {
    for (let i = 1; i <= 4; i++) enqueue(db, message(i), T0);
    slack.inject('chat.postMessage', { delayMs: 150 });
    const [a, b] = await Promise.all([deliver(T0), deliver(T0)]);
    expect(a.sent + b.sent).toBe(4);
    expect(posted().sort()).toEqual(['message 1', 'message 2', 'message 3', 'message 4']);
  });

  it('an interrupted send (process died mid-call) is retried only once stale in real time', async () => {
    enqueue(db, message(1), T0);
    db.prepare(`UPDATE delivery_outbox SET status = 'sending', attempts = 1, sending_since = ?`).run(T0.toISOString());
    const fresh = await deliver(plus(MIN), { realNow: () => plus(MIN) });
    expect(fresh).toMatchObject({ recovered: 0, sent: 0 });
    // A replayed run far in the future does not make a live sender's row stale.
    expect(await deliver(plus(7 * 24 * 60 * MIN), { realNow: () => plus(2 * MIN) })).toMatchObject({ recovered: 0, sent: 0 });
    expect(count('sending')).toBe(1);
    const stale = await deliver(plus(6 * MIN), { realNow: () => plus(6 * MIN) });
    expect(stale).toMatchObject({ recovered: 1, sent: 1 });
    expect(outboxEntry(db, 'test:1')).toMatchObject({ status: 'sent', attempts: 2 });
  });

  it('gives up a row unsent at its expiry, and sends nothing for a cancelled topic', async () => {
    enqueue(db, message(1, { expiresAt: plus(5 * MIN) }), T0);
    enqueue(db, message(2, { topic: 'bug:PAY-1' }), T0);
    expect(cancelPending(db, 'bug:PAY-1', 'bug resolved', T0)).toBe(1);
    const report = await deliver(plus(5 * MIN));
    expect(report).toMatchObject({ sent: 0, failed: 1 });
    expect(outboxEntry(db, 'test:1')).toMatchObject({ status: 'failed', lastError: 'expired' });
    expect(outboxEntry(db, 'test:2')).toMatchObject({ status: 'cancelled', lastError: 'bug resolved' });
    expect(slack.calls).toHaveLength(0);
  });

  it('takes due rows oldest first, at most `limit` per run', async () => {
    enqueue(db, message(1, { notBefore: plus(2 * MIN) }), T0);
    enqueue(db, message(2), T0);
    enqueue(db, message(3, { notBefore: plus(MIN) }), T0);
    const report = await deliver(plus(3 * MIN), { limit: 2 });
    expect(report).toMatchObject({ sent: 2, pending: 1 });
    expect(posted()).toEqual(['message 2', 'message 3']);
  });

  it('uses the due-row index, not a table scan', () => {
    const plan = db
      .prepare(`EXPLAIN QUERY PLAN SELECT * FROM delivery_outbox WHERE status = 'pending' AND next_attempt_at <= ? ORDER BY next_attempt_at, id LIMIT ?`)
      .all(T0.toISOString(), 10) as { detail: string }[];
    expect(plan.map((p) => p.detail).join('\n')).toMatch(/USING INDEX delivery_outbox_due/);
  });
});
