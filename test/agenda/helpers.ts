import type { Clock } from '../../src/clock.js';
import type { Db } from '../../src/db/open.js';
import { ritualsJob } from '../../src/features.js';
import { insertOpportunity, recordCard } from '../../src/opportunities/store.js';
import type { Status } from '../../src/opportunities/lifecycle.js';
import { runJob } from '../../src/scheduler/runner.js';
import type { TestApp } from '../helpers/app.js';
import { blockActionPayload, stateValue, viewSubmissionPayload } from '../helpers/signer.js';

/** A clock tests move by hand, shared by the app and the job runs. */
export function movableClock(start: string): Clock & { set(iso: string): void } {
  let now = new Date(start);
  return { now: () => new Date(now.getTime()), set: (iso) => void (now = new Date(iso)) };
}

/** A pitched (or other status) opportunity owned by `owner`, stored directly: the agenda tests are not about pitching. */
export function seedOpportunity(db: Db, owner: string, title: string, opts: { status?: Status; card?: { channel: string; ts: string } } = {}): number {
  const draft = {
    title,
    problem: `${title}: customers struggle.`,
    segment: 'Mid-market accounts',
    evidenceIds: [],
    metric: 'Conversion',
    today: '2 %',
    target: '3 %',
    valuePerYear: 120_000,
    kind: 'painkiller' as const,
    commitment: 'conversion',
    tribe: 'payments',
    initiatives: ['Do the thing'],
    reach: 1000,
    impact: 2 as const,
    confidence: 80 as const,
    effort: 2,
    topDown: false,
  };
  const status = opts.status ?? 'pitched';
  const { opportunity } = insertOpportunity(db, { draft, score: 800, ownerId: owner, status: status === 'draft' ? 'draft' : 'pitched' }, new Date('2026-11-01T10:00:00Z'));
  if (status !== 'draft' && status !== 'pitched') db.prepare('UPDATE opportunities SET status = ? WHERE id = ?').run(status, opportunity.id);
  if (opts.card) recordCard(db, opportunity.id, opts.card.channel, opts.card.ts);
  return opportunity.id;
}

export const PAM_REF = 'pam|2026-11-26T14:00';
export const PAM_CHANNEL = 'C0000PAMEET';
export const VP = 'U0000VPPRD1';
export const ADMIN = 'U0000ADMIN1';

export const run = (t: TestApp, iso: string) => runJob(t.cadence.ctx, ritualsJob, new Date(iso), 'manual');

export function count(t: TestApp, table: string): number {
  return t.db.prepare(`SELECT COUNT(*) FROM ${table}`).pluck().get() as number;
}

/** Row counts of everything the agenda may write. */
export function footprint(t: TestApp): Record<string, number> {
  return Object.fromEntries(['agenda_items', 'agenda_locks', 'opportunity_history', 'delivery_outbox'].map((x) => [x, count(t, x)]));
}

export function items(t: TestApp): Record<string, unknown>[] {
  return t.db
    .prepare('SELECT id, presenter_id AS presenter, opportunity_id AS opp, status, approval, end_reason AS reason, outcome FROM agenda_items ORDER BY id')
    .all() as Record<string, unknown>[];
}

export function signupValues(opts: { opportunity?: string | null; topic?: string | null; ask?: string | null; duration?: string | null }) {
  const values: Record<string, Record<string, ReturnType<typeof stateValue.plainText>>> = {};
  if (opts.opportunity !== undefined) values['opportunity'] = { value: stateValue.staticSelect(opts.opportunity) };
  if (opts.topic !== undefined) values['topic'] = { value: stateValue.plainText(opts.topic) };
  values['ask'] = { value: stateValue.radio(opts.ask === undefined ? 'decision' : opts.ask) };
  values['duration'] = { value: stateValue.staticSelect(opts.duration === undefined ? '20' : opts.duration) };
  return values;
}

/** Submits the sign-up modal; undefined when Slack would close it, else the errors. */
export async function submitSignup(
  t: TestApp,
  user: string,
  values: ReturnType<typeof signupValues>,
  privateMetadata = JSON.stringify({ ref: PAM_REF, channel: PAM_CHANNEL }),
): Promise<Record<string, string> | undefined> {
  const res = await t.interact(viewSubmissionPayload({ user, callbackId: 'agenda_signup_modal', values, privateMetadata }));
  if (res.status !== 200) throw new Error(`view_submission answered ${res.status}`);
  if (res.text === '') return undefined;
  return (res.json() as { errors: Record<string, string> }).errors;
}

export function click(t: TestApp, user: string, actionId: string, value: string, where: { channel?: string; ts?: string } = {}) {
  return t.interact(
    blockActionPayload({ user, actionId, value, channel: where.channel ?? PAM_CHANNEL, ...(where.ts ? { messageTs: where.ts } : {}), responseUrl: t.slack.responseUrl() }),
  );
}

/** Waits until `n` answers went to response URLs and returns their bodies. */
export async function responses(t: TestApp, n: number): Promise<Record<string, unknown>[]> {
  return (await t.slack.waitForCalls('response_url', n)).map((c) => c.args);
}

/** Lets the work listeners do after their ack settle (Slack got its answer already). */
export async function settle(t: TestApp, method: string, n: number): Promise<void> {
  await t.slack.waitForCalls(method, n);
}
