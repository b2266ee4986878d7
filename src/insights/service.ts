import type { AppContext } from '../context.js';
import { classifyError, deliverPending, enqueue } from '../delivery/outbox.js';
import type { OrgConfig } from '../config/org.js';
import { checkDraft, type InsightDraft, type Problem } from './parse.js';
import { triageCard } from './blocks.js';
import {
  claimDelivery,
  findSimilar,
  getInsight,
  holdDelivery,
  insertInsight,
  mergeInsight,
  recordDelivery,
  recordDeliveryFailure,
  triageAttempts,
  undeliveredIds,
  type Insight,
  type MergeResult,
  type NewInsight,
} from './store.js';

/*
 * What other features (Product Breakfast, digests) call: plain functions over
 * the context, usable from a listener, a job or the CLI.
 */

export class InsightInputError extends Error {
  override name = 'InsightInputError';
  constructor(
    readonly field: keyof InsightDraft,
    readonly problem: Problem,
  ) {
    super(`invalid insight ${field}: ${problem.key}`);
  }
}

export interface LogInsightInput {
  text: string;
  reporterId: string;
  source?: string;
  tags?: readonly string[];
  customer?: string;
  arr?: string | number;
  segment?: string;
  tribe?: string;
  voiceId?: string | null;
  channelId?: string | null;
  messageTs?: string | null;
  permalink?: string | null;
}

export interface Logged {
  insight: Insight;
  /** Recent insights that read like this one (the duplicate hint), best first. */
  duplicates: Insight[];
}

type StoreContext = Pick<AppContext, 'db' | 'clock' | 'org'>;

/**
 * Validates and stores one insight in a single write transaction, then reads
 * the duplicate hint (insights logged before it, never itself). Does not talk
 * to Slack: call `deliverTriageCard` afterwards. Listeners use `storeInsight`
 * and `duplicatesOf` separately, so that only the write happens before the ack.
 * Throws InsightInputError (with a message key) on invalid input.
 */
export function logInsight(ctx: StoreContext, input: LogInsightInput): Logged {
  const checked = checkDraft(ctx.org, input);
  if ('problem' in checked) throw new InsightInputError(checked.field, checked.problem);
  const insight = storeInsight(ctx, checked.draft, input);
  return { insight, duplicates: duplicatesOf(ctx, insight) };
}

/** For callers that already validated the draft: one write transaction (insight, tags, full-text index), nothing else. */
export function storeInsight(ctx: StoreContext, draft: InsightDraft, origin: Omit<NewInsight, keyof InsightDraft>): Insight {
  return insertInsight(ctx.db, { ...draft, ...origin }, ctx.clock.now());
}

/**
 * The duplicate hint of a stored insight: look-alikes logged before it, within
 * `insights.duplicateWindowDays` of its creation. A read over the full-text
 * index that grows with the table (decision 0006): never on the ack path.
 */
export function duplicatesOf(ctx: StoreContext, insight: Insight): Insight[] {
  const since = new Date(new Date(insight.createdAt).getTime() - ctx.org.insights.duplicateWindowDays * 86_400_000);
  return findSimilar(ctx.db, insight.text, { since, before: insight.id });
}

/**
 * Resolves after the event loop's current round of I/O callbacks (setImmediate).
 * A listener awaits it between its ack and its synchronous follow-up work
 * (SQLite, Block Kit): requests that reached the socket in the same round are
 * acknowledged first instead of queueing behind that work (docs/decisions/0015).
 * Heavy work nothing waits for uses `deferredTurn` (src/core/after-acks.ts) instead.
 */
export function afterPendingAcks(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * Where an insight's triage card goes (decision 0034, issue 14 item 9): the
 * tribe's own triageChannel, else insights.triageChannel, else the tribe's
 * main channel (the behaviour before); an insight with no tribe goes to the
 * inbox, else nowhere.
 */
export function triageChannelFor(org: OrgConfig, tribe: string | null): string | undefined {
  if (tribe === null) return org.channels.insightsInbox;
  const t = org.tribes.find((x) => x.key === tribe);
  if (!t) return undefined;
  return t.triageChannel ?? org.insights.triageChannel ?? t.channel;
}

/**
 * Who may triage:
 * Rule 1: admins, always (the inbox is theirs alone);
 * Rule 2: for a tribe's insight, the tribe's members and its lead.
 */
export function canTriage(org: OrgConfig, userId: string, tribe: string | null): boolean {
  if (org.admins.includes(userId)) return true;
  if (tribe === null) return false;
  const t = org.tribes.find((x) => x.key === tribe);
  return t !== undefined && (t.members.includes(userId) || t.lead === userId);
}

type SlackContext = Pick<AppContext, 'db' | 'clock' | 'org' | 'client' | 'logger' | 'tr'>;

/**
 * Posts an insight's triage card once.
 * Rule 1: a conditional UPDATE claims the card; a second caller (retry, the delivery job) gets nothing to do.
 * Rule 2: if Slack fails, the claim is released so the delivery job tries again later.
 * Rule 3: if the insight was undone while the card was in flight, the card is deleted again.
 */
export async function deliverTriageCard(ctx: SlackContext, id: number): Promise<'posted' | 'skipped' | 'failed'> {
  const insight = getInsight(ctx.db, id);
  // A merged duplicate has no card of its own: it is part of the original's (issue 14 item 12).
  if (!insight || insight.triageTs || insight.duplicateOf !== null) return 'skipped';
  const channel = triageChannelFor(ctx.org, insight.tribe);
  if (!channel) return 'skipped';
  if (!claimDelivery(ctx.db, id, ctx.clock.now())) return 'skipped';
  const card = triageCard(ctx.tr(undefined), ctx.org, insight);
  let posted: { channel?: string; ts?: string };
  try {
    posted = await ctx.client.chat.postMessage({ channel, text: card.text, blocks: card.blocks, unfurl_links: false, unfurl_media: false });
  } catch (err) {
    const now = ctx.clock.now();
    const verdict = classifyError(err);
    const permanent = verdict.kind === 'permanent';
    // Each card backs off on its own (5 min, doubling, at most 6 h); a refusal for good is kept and told to the admins.
    const wait = Math.min(6 * 3_600_000, 5 * 60_000 * 2 ** triageAttempts(ctx.db, id));
    const error = 'error' in verdict ? verdict.error : 'ratelimited';
    recordDeliveryFailure(ctx.db, id, { permanent, error, retryAt: new Date(now.getTime() + (verdict.kind === 'rate_limited' ? verdict.retryAfterMs : wait)) });
    if (permanent) {
      ctx.logger.warn(`insight #${id}: Slack refused its triage card in ${channel} (${error}); not retried`);
      tellAdminsUndeliverable(ctx, channel, error, now);
    } else {
      ctx.logger.warn(`insight #${id}: could not post the triage card to ${channel}; the delivery job will retry:`, err);
    }
    return 'failed';
  }
  const ts = posted.ts ?? '';
  if (!recordDelivery(ctx.db, id, posted.channel ?? channel, ts)) {
    await ctx.client.chat.delete({ channel: posted.channel ?? channel, ts }).catch((err: unknown) => {
      ctx.logger.warn(`insight #${id} was undone; its triage card could not be removed:`, err);
    });
  }
  return 'posted';
}

/** Redraws a posted card after a change (triage action, edit). */
export async function refreshTriageCard(ctx: SlackContext, insight: Insight): Promise<void> {
  if (!insight.triageChannel || !insight.triageTs) return;
  const card = triageCard(ctx.tr(undefined), ctx.org, insight);
  await ctx.client.chat.update({ channel: insight.triageChannel, ts: insight.triageTs, text: card.text, blocks: card.blocks });
}

/** Turns a card into a short "sent to <tribe>" note (no actions) when its insight moves. */
export async function retireTriageCard(ctx: SlackContext, insight: Insight, channel: string, ts: string, movedBy: string): Promise<void> {
  const tribe = ctx.org.tribes.find((t) => t.key === insight.tribe)?.name ?? insight.tribe ?? '';
  const card = triageCard(ctx.tr(undefined), ctx.org, insight, { movedTo: { tribe, by: movedBy } });
  await ctx.client.chat.update({ channel, ts, text: card.text, blocks: card.blocks });
}

/**
 * The duplicate hint before the card (issue 14 item 12): look-alikes found, the
 * card waits for the reporter's answer ("Same as #n" or "No, it is new"), at
 * most the undo window; the delivery job posts it after that if nobody answered.
 * Nothing alike: the card goes now. Returns the look-alikes.
 */
export async function deliverOrHold(ctx: SlackContext, insight: Insight): Promise<Insight[]> {
  const duplicates = duplicatesOf(ctx, insight);
  if (duplicates.length > 0) {
    holdDelivery(ctx.db, insight.id, new Date(ctx.clock.now().getTime() + ctx.org.insights.undoMinutes * 60_000));
    return duplicates;
  }
  await deliverTriageCard(ctx, insight.id);
  return [];
}

/** "Same as #n" confirmed: merged once; a card already posted is closed in place ("Merged into #n"). */
export async function mergeDuplicate(ctx: SlackContext, id: number, into: number, by: string): Promise<MergeResult> {
  const result = mergeInsight(ctx.db, id, into, by, ctx.clock.now());
  if (result.merged) await refreshTriageCard(ctx, result.insight);
  return result;
}

/** Cards older than this are not posted late: a week-old card is noise, and the insight is in search anyway. */
export const DELIVERY_HORIZON_MS = 7 * 86_400_000;

/** The delivery job: posts cards that failed or were interrupted by a restart. */
export async function runTriageDelivery(ctx: SlackContext, now: Date): Promise<{ summary: string }> {
  const ids = undeliveredIds(ctx.db, {
    since: new Date(now.getTime() - DELIVERY_HORIZON_MS),
    tribes: ctx.org.tribes.map((t) => t.key),
    inbox: ctx.org.channels.insightsInbox !== undefined,
    limit: 50,
    now,
  });
  const counts = { posted: 0, skipped: 0, failed: 0 };
  for (const id of ids) counts[await deliverTriageCard(ctx, id)]++;
  // Notices to admins about cards Slack refused for good go out now.
  if (counts.failed > 0) await deliverPending(ctx, now, { maxWaitMs: 0 });
  return { summary: `${counts.posted} triage card(s) posted, ${counts.failed} failed, ${counts.skipped} skipped` };
}

/**
 * Admins hear once per channel and error that triage cards cannot reach a channel (the bot is
 * not in it, or it is gone): through the outbox, so the notice itself is never lost nor doubled.
 */
function tellAdminsUndeliverable(ctx: SlackContext, channel: string, error: string, now: Date): void {
  for (const admin of ctx.org.admins) {
    const text = ctx.tr(admin)('insight.delivery.undeliverable', { channel, error });
    enqueue(ctx.db, { dedupeKey: `insights:undeliverable:${channel}:${error}:${admin}`, topic: 'insights:undeliverable', method: 'chat.postMessage', args: { channel: admin, text, unfurl_links: false } }, now);
  }
}
