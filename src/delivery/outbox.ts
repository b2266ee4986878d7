/**
 * The delivery outbox: Slack messages that must arrive exactly once, whatever
 * Slack or the clock does (docs/decisions/0008-delivery-outbox.md).
 *
 * Shared by every feature that posts on its own initiative (bug escalations,
 * ritual reminders, digests). The API, in the order a feature uses it:
 *
 *  - `enqueue(db, message, now)`: call it INSIDE the synchronous transaction
 *    that claims your own work (an escalation level, a ritual occurrence, a
 *    digest period). `message.dedupeKey` is unique: a second enqueue of the
 *    same key is a no-op and returns false, so the INSERT is itself a claim.
 *    Choose keys that name the effect, e.g. `bug:PAY-1:clock:1:level:2:to:C0123ABCD`.
 *    `method` is a Web API method (`chat.postMessage`, `chat.update`, …) and
 *    `args` its JSON arguments (no token: the app's bot token is used). For a
 *    DM, put the user ID in `channel`: it is sent to the DM channel that
 *    conversations.open gives (src/slack/dm.ts), which is recorded.
 *    Optional: `topic` (for `cancelPending`), `notBefore`, `expiresAt`.
 *  - `deliverPending(deps, now, { limit })`: sends what is due, oldest first.
 *    Call it after your claim transaction has committed (never inside one).
 *    Safe to call concurrently and repeatedly: each row is taken with an
 *    atomic pending → sending update before the Web API call, so two runs
 *    never send one row.
 *  - `cancelPending(db, topic, reason, now)`: gives up rows not sent yet
 *    (e.g. a bug was resolved while its breach notice waited out a 429).
 *  - `outboxEntry(db, dedupeKey)`: what happened to one message (status,
 *    attempts, last error, the channel and ts it was posted at).
 *
 * Outcomes of one send (Rules, applied in `deliverPending`):
 *  1. ok → 'sent', with the channel and ts Slack answered.
 *  2. 429 → stays 'pending', next attempt after Retry-After. When the wait
 *     fits in the run's budget (`maxWaitMs`) the run sleeps and carries on;
 *     otherwise it stops, leaving the rest pending for the next run.
 *  3. 5xx, network error, timeout → stays 'pending' with exponential
 *     back-off (1 min doubling, at most 1 h); after 3 in a row the run stops,
 *     Slack is struggling and the next run will retry.
 *  4. A workspace-level refusal (invalid_auth, missing_scope, …) → stays
 *     'pending' with back-off and the run stops: every row would fail the
 *     same way until an operator fixes the token or scopes, and no message is lost.
 *  5. Any other Slack error (channel_not_found, not_in_channel, invalid_blocks,
 *     …) → 'failed' with the error: retrying cannot help.
 *  6. A row still unsent at its `expiresAt` → 'failed' with 'expired'.
 *  7. A row left 'sending' for longer than `staleSendingMs` (the process died
 *     during the call) is put back to 'pending' and retried. This and a timeout
 *     (Rule 3) are the only cases where Slack may have posted the message: the
 *     Web API has no idempotency key, and we choose a rare duplicate over a
 *     lost notice. The client timeout is 10 s, so a live sender never holds a
 *     row anywhere near the 5-minute default. The lease is the one place that
 *     reads real time rather than the run's `now` (see `realNow`).
 */
import { WebClient, WebAPIHTTPError, WebAPIPlatformError, WebAPIRateLimitedError, WebAPIRequestError } from '@slack/web-api';
import type { Logger } from '@slack/bolt';
import type { Statement } from 'better-sqlite3';
import type { Db } from '../db/open.js';
import { withDmChannel } from '../slack/dm.js';

export type OutboxStatus = 'pending' | 'sending' | 'sent' | 'failed' | 'cancelled';

export interface OutboxMessage {
  dedupeKey: string;
  method: string;
  args: Record<string, unknown>;
  topic?: string;
  /** Do not send before this instant (default: as soon as possible). */
  notBefore?: Date;
  /** Give up when still unsent at this instant. */
  expiresAt?: Date;
}

export interface OutboxEntry {
  id: number;
  dedupeKey: string;
  topic: string | null;
  method: string;
  args: Record<string, unknown>;
  status: OutboxStatus;
  attempts: number;
  createdAt: string;
  nextAttemptAt: string;
  expiresAt: string | null;
  lastError: string | null;
  finishedAt: string | null;
  sentChannel: string | null;
  sentTs: string | null;
}

export interface DeliveryDeps {
  db: Db;
  client: WebClient;
  logger: Logger;
}

export interface DeliveryOptions {
  /** Rows taken in one run (default 200). */
  limit?: number;
  /** Total real time a run may sleep to honour short Retry-After answers (default 30 s). */
  maxWaitMs?: number;
  /** A 'sending' row older than this is an interrupted send (default 5 min). */
  staleSendingMs?: number;
  /**
   * Real time, for the 'sending' lease only (Rule 7). The lease bounds a real
   * HTTP call, so it must not follow a replayed `now`: `cadence jobs run --at`
   * a week ahead would otherwise take a live sender's in-flight row for stale.
   */
  realNow?: () => Date;
  /** Per-call timeout of the sending client (default 10 s, as everywhere else). */
  timeoutMs?: number;
  /** Injected for tests. */
  sleep?: (ms: number) => Promise<void>;
}

export interface DeliveryReport {
  sent: number;
  failed: number;
  /** Rows still pending after this run, due or not (rate-limited, transient error, not reached, scheduled later). */
  pending: number;
  /** Interrupted 'sending' rows put back to 'pending' (Rule 7). */
  recovered: number;
  /** Why the run stopped early, if it did. */
  stoppedBecause?: string;
}

const DEFAULT_LIMIT = 200;
const DEFAULT_MAX_WAIT_MS = 30_000;
const DEFAULT_STALE_SENDING_MS = 5 * 60_000;
const BACKOFF_BASE_MS = 60_000;
const BACKOFF_MAX_MS = 60 * 60_000;
const MAX_CONSECUTIVE_TRANSIENT = 3;
/** Same request timeout as every other client (docs/decisions/0005-slack-client-retries.md). */
export const DELIVERY_TIMEOUT_MS = 10_000;

/** Errors that say nothing about the message itself: the token, the app or Slack as a whole. */
const WORKSPACE_ERRORS = new Set([
  'invalid_auth',
  'not_authed',
  'account_inactive',
  'token_revoked',
  'token_expired',
  'no_permission',
  'missing_scope',
  'not_allowed_token_type',
  'team_access_not_granted',
  'ekm_access_denied',
  'org_login_required',
  'access_denied',
]);
/** Slack's own "try again later" answers that arrive as HTTP 200 ok:false. */
const TRANSIENT_ERRORS = new Set(['ratelimited', 'rate_limited', 'internal_error', 'fatal_error', 'service_unavailable', 'request_timeout']);

interface Row {
  id: number;
  dedupe_key: string;
  topic: string | null;
  method: string;
  args: string;
  status: OutboxStatus;
  attempts: number;
  created_at: string;
  next_attempt_at: string;
  expires_at: string | null;
  sending_since: string | null;
  last_error: string | null;
  finished_at: string | null;
  sent_channel: string | null;
  sent_ts: string | null;
}

// Prepared once per database: a sweep may enqueue thousands of rows in one transaction.
const insertStatements = new WeakMap<Db, Statement<unknown[]>>();

/**
 * Adds a message unless one with the same dedupe key exists; true when added.
 * Synchronous on purpose: it belongs inside the caller's claim transaction.
 */
export function enqueue(db: Db, message: OutboxMessage, now: Date): boolean {
  if (message.dedupeKey.length === 0 || message.dedupeKey.length > 500) {
    throw new RangeError(`outbox dedupe key must be 1-500 characters, got ${message.dedupeKey.length}`);
  }
  if (!/^[a-z]+\.[A-Za-z.]+$/.test(message.method)) throw new RangeError(`not a Web API method name: "${message.method}"`);
  const notBefore = message.notBefore && message.notBefore.getTime() > now.getTime() ? message.notBefore : now;
  let insert = insertStatements.get(db);
  if (!insert) {
    insert = db.prepare(
      `INSERT INTO delivery_outbox (dedupe_key, topic, method, args, created_at, next_attempt_at, expires_at)
       VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (dedupe_key) DO NOTHING`,
    );
    insertStatements.set(db, insert);
  }
  const result = insert.run(
      message.dedupeKey,
      message.topic ?? null,
      message.method,
      JSON.stringify(message.args),
      now.toISOString(),
      notBefore.toISOString(),
      message.expiresAt?.toISOString() ?? null,
    );
  return result.changes === 1;
}

/** Gives up every pending row of `topic`; returns how many. Rows already being sent are not stopped. */
export function cancelPending(db: Db, topic: string, reason: string, now: Date): number {
  return db
    .prepare(`UPDATE delivery_outbox SET status = 'cancelled', last_error = ?, finished_at = ? WHERE topic = ? AND status = 'pending'`)
    .run(reason.slice(0, 500), now.toISOString(), topic).changes;
}

export function outboxEntry(db: Db, dedupeKey: string): OutboxEntry | undefined {
  const row = db.prepare<[string], Row>('SELECT * FROM delivery_outbox WHERE dedupe_key = ?').get(dedupeKey);
  return row ? toEntry(row) : undefined;
}

/** Every row of a topic, oldest first (for a feature's own status displays and tests). */
export function outboxEntries(db: Db, topic: string): OutboxEntry[] {
  return db.prepare<[string], Row>('SELECT * FROM delivery_outbox WHERE topic = ? ORDER BY id').all(topic).map(toEntry);
}

function toEntry(row: Row): OutboxEntry {
  return {
    id: row.id,
    dedupeKey: row.dedupe_key,
    topic: row.topic,
    method: row.method,
    args: JSON.parse(row.args) as Record<string, unknown>,
    status: row.status,
    attempts: row.attempts,
    createdAt: row.created_at,
    nextAttemptAt: row.next_attempt_at,
    expiresAt: row.expires_at,
    lastError: row.last_error,
    finishedAt: row.finished_at,
    sentChannel: row.sent_channel,
    sentTs: row.sent_ts,
  };
}

const deliveryClients = new WeakMap<WebClient, Map<number, WebClient>>();

/**
 * The client the outbox sends with: same token and API URL as the app's, but
 * it never retries by itself and rejects a 429 at once instead of pausing its
 * queue, because the outbox owns retries (Rules 2–3).
 */
export function deliveryClient(client: WebClient, logger?: Logger, timeoutMs: number = DELIVERY_TIMEOUT_MS): WebClient {
  let byTimeout = deliveryClients.get(client);
  if (!byTimeout) {
    byTimeout = new Map();
    deliveryClients.set(client, byTimeout);
  }
  const cached = byTimeout.get(timeoutMs);
  if (cached) return cached;
  const made = new WebClient(client.token, {
    slackApiUrl: client.slackApiUrl,
    rejectRateLimitedCalls: true,
    retryConfig: { retries: 0 },
    timeout: timeoutMs,
    ...(logger ? { logger } : {}),
  });
  byTimeout.set(timeoutMs, made);
  return made;
}

type Outcome =
  | { kind: 'sent'; channel: string | null; ts: string | null }
  | { kind: 'rate_limited'; retryAfterMs: number }
  | { kind: 'transient'; error: string }
  | { kind: 'workspace'; error: string }
  | { kind: 'permanent'; error: string };

export function classifyError(err: unknown): Exclude<Outcome, { kind: 'sent' }> {
  if (err instanceof WebAPIRateLimitedError) return { kind: 'rate_limited', retryAfterMs: Math.max(0, err.retryAfter) * 1000 };
  if (err instanceof WebAPIPlatformError) {
    const code = err.data.error;
    if (TRANSIENT_ERRORS.has(code)) return { kind: 'transient', error: code };
    if (WORKSPACE_ERRORS.has(code)) return { kind: 'workspace', error: code };
    return { kind: 'permanent', error: code };
  }
  if (err instanceof WebAPIHTTPError) {
    const status = err.statusCode;
    if (status >= 500 || status === 408) return { kind: 'transient', error: `http_${status}` };
    return { kind: 'permanent', error: `http_${status}` };
  }
  if (err instanceof WebAPIRequestError) {
    const original = err.original;
    const timedOut = original.name === 'TimeoutError' || original.name === 'AbortError';
    // A timed-out call may have posted (Rule 7); the error says so for whoever reads the row.
    return { kind: 'transient', error: timedOut ? 'timeout (Slack may have posted it)' : `network: ${original.message}`.slice(0, 300) };
  }
  // A 429 without a usable Retry-After arrives as a plain Error: wait like any transient failure.
  return { kind: 'transient', error: err instanceof Error ? err.message.slice(0, 300) : String(err).slice(0, 300) };
}

function backoffMs(attempts: number): number {
  return Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, attempts - 1));
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Sends due pending rows, oldest first; never throws for a Slack failure (the
 * row records it). `now` is the run's notion of time (the job's `--at`), so
 * back-off and Retry-After are replayable; time slept for a Retry-After is
 * added to it.
 */
export async function deliverPending(deps: DeliveryDeps, now: Date, opts: DeliveryOptions = {}): Promise<DeliveryReport> {
  const { db, logger } = deps;
  const limit = opts.limit ?? DEFAULT_LIMIT;
  const sleep = opts.sleep ?? realSleep;
  let waitBudget = opts.maxWaitMs ?? DEFAULT_MAX_WAIT_MS;
  const staleMs = opts.staleSendingMs ?? DEFAULT_STALE_SENDING_MS;
  const client = deliveryClient(deps.client, logger, opts.timeoutMs);
  const report: DeliveryReport = { sent: 0, failed: 0, pending: 0, recovered: 0 };
  let clock = now.getTime();
  const iso = () => new Date(clock).toISOString();
  const realNow = opts.realNow ?? (() => new Date());

  // Rule 7: interrupted sends go back to pending.
  report.recovered = db
    .prepare(
      `UPDATE delivery_outbox SET status = 'pending', next_attempt_at = ?, sending_since = NULL,
         last_error = 'interrupted while sending (Slack may have posted it); retrying'
       WHERE status = 'sending' AND sending_since <= ?`,
    )
    .run(iso(), new Date(realNow().getTime() - staleMs).toISOString()).changes;
  if (report.recovered > 0) logger.warn(`delivery: ${report.recovered} interrupted send(s) put back to pending`);

  const due = db
    .prepare<[string, number], Row>(
      `SELECT * FROM delivery_outbox WHERE status = 'pending' AND next_attempt_at <= ? ORDER BY next_attempt_at, id LIMIT ?`,
    )
    .all(iso(), limit);
  const take = db.prepare(
    `UPDATE delivery_outbox SET status = 'sending', attempts = attempts + 1, sending_since = ? WHERE id = ? AND status = 'pending'`,
  );
  const markSent = db.prepare(
    `UPDATE delivery_outbox SET status = 'sent', finished_at = ?, sent_channel = ?, sent_ts = ?, sending_since = NULL, last_error = NULL WHERE id = ?`,
  );
  const markFailed = db.prepare(
    `UPDATE delivery_outbox SET status = 'failed', finished_at = ?, last_error = ?, sending_since = NULL WHERE id = ? AND status IN ('pending', 'sending')`,
  );
  const markPending = db.prepare(
    `UPDATE delivery_outbox SET status = 'pending', next_attempt_at = ?, last_error = ?, sending_since = NULL WHERE id = ?`,
  );

  let consecutiveTransient = 0;
  let index = 0;
  outer: while (index < due.length) {
    const row = due[index];
    if (row === undefined) break;
    if (row.expires_at !== null && row.expires_at <= iso()) {
      // Rule 6.
      if (markFailed.run(iso(), 'expired', row.id).changes === 1) report.failed++;
      index++;
      continue;
    }
    if (take.run(realNow().toISOString(), row.id).changes === 0) {
      // Another sender took it first (overlapping runs): it is theirs.
      index++;
      continue;
    }
    const attempts = row.attempts + 1;
    let outcome: Outcome;
    try {
      // A DM queued with a user id goes to the DM channel (src/slack/dm.ts).
      const args = await withDmChannel(db, client, JSON.parse(row.args) as Record<string, unknown>);
      const result = (await client.apiCall(row.method, args)) as { channel?: unknown; ts?: unknown };
      outcome = {
        kind: 'sent',
        channel: typeof result.channel === 'string' ? result.channel : null,
        ts: typeof result.ts === 'string' ? result.ts : null,
      };
    } catch (err) {
      outcome = classifyError(err);
    }

    switch (outcome.kind) {
      case 'sent':
        markSent.run(iso(), outcome.channel, outcome.ts, row.id);
        report.sent++;
        consecutiveTransient = 0;
        index++;
        break;
      case 'permanent':
        // Rule 5.
        markFailed.run(iso(), outcome.error, row.id);
        logger.warn(`delivery: ${row.dedupe_key} failed permanently: ${outcome.error}`);
        report.failed++;
        consecutiveTransient = 0;
        index++;
        break;
      case 'rate_limited': {
        // Rule 2: the same row is retried after the wait, when it fits the budget.
        const wait = Math.max(outcome.retryAfterMs, 1000);
        markPending.run(new Date(clock + wait).toISOString(), `rate limited: retry after ${wait / 1000} s`, row.id);
        if (wait <= waitBudget) {
          waitBudget -= wait;
          await sleep(wait);
          clock += wait;
          due[index] = { ...row, attempts, next_attempt_at: iso() };
          continue outer;
        }
        report.stoppedBecause = `rate limited (retry after ${wait / 1000} s)`;
        break outer;
      }
      case 'transient':
      case 'workspace': {
        // Rules 3 and 4.
        markPending.run(new Date(clock + backoffMs(attempts)).toISOString(), outcome.error, row.id);
        logger.warn(`delivery: ${row.dedupe_key} not sent (attempt ${attempts}): ${outcome.error}; will retry`);
        index++;
        if (outcome.kind === 'workspace') {
          report.stoppedBecause = `Slack refused the bot token (${outcome.error})`;
          break outer;
        }
        consecutiveTransient++;
        if (consecutiveTransient >= MAX_CONSECUTIVE_TRANSIENT) {
          report.stoppedBecause = `${consecutiveTransient} transient failures in a row (last: ${outcome.error})`;
          break outer;
        }
        break;
      }
    }
  }

  report.pending = (
    db.prepare(`SELECT COUNT(*) AS n FROM delivery_outbox WHERE status = 'pending'`).get() as { n: number }
  ).n;
  return report;
}
