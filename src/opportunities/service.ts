import { localDate } from '../i18n/dates.js';
import type { Language, OrgConfig } from '../config/org.js';
import type { AppContext } from '../context.js';
import { canTriage } from '../insights/index.js';
import { opportunityCard, transitionNote } from './blocks.js';
import { summariseHealth, type BacklogHealth } from './health.js';
import { checkTransition, type Role, type Status } from './lifecycle.js';
import { checkPitch, type PitchField, type PitchInput, type Problem } from './parse.js';
import {
  claimCard,
  getOpportunityRow,
  healthCounts,
  insertOpportunity,
  missingInsightIds,
  openWithoutEvidence,
  opportunitiesOfOwner,
  recordCard,
  recordTransition,
  releaseCardClaim,
  undeliveredCardIds,
  type Opportunity,
  type OpportunityRow,
} from './store.js';

/*
 * What listeners, jobs and other features (the alignment-meeting agenda in
 * src/rituals, digests) call: plain functions over the context.
 */

type StoreContext = Pick<AppContext, 'db' | 'clock' | 'org'>;
type SlackContext = Pick<AppContext, 'db' | 'clock' | 'org' | 'client' | 'logger' | 'tr' | 'languageOf'>;

// ---------------------------------------------------------------------------
// Who may do what
// ---------------------------------------------------------------------------

/** Rule: the owner and admins edit an opportunity. */
export function canEdit(org: OrgConfig, userId: string, opp: Pick<OpportunityRow, 'ownerId'>): boolean {
  return userId === opp.ownerId || org.admins.includes(userId);
}

/** Rule: drafts are private to their owner (and admins); everything else is visible to everyone. */
export function canView(org: OrgConfig, userId: string, opp: Pick<OpportunityRow, 'ownerId' | 'status'>): boolean {
  return opp.status !== 'draft' || canEdit(org, userId, opp);
}

function inTribe(org: OrgConfig, userId: string, tribe: string | null): boolean {
  const t = tribe === null ? undefined : org.tribes.find((x) => x.key === tribe);
  return t !== undefined && (t.members.includes(userId) || t.lead === userId);
}

/** Rule: evidence is added from the opportunity by its owner, its tribe's members and lead, and admins. */
export function canAddEvidence(org: OrgConfig, userId: string, opp: Pick<OpportunityRow, 'ownerId' | 'tribe'>): boolean {
  return canEdit(org, userId, opp) || inTribe(org, userId, opp.tribe);
}

/**
 * Rule: from an insight's triage card, the people who triage that insight
 * (its tribe's members and lead; admins for the inbox), the opportunity's
 * owner and admins may link them.
 */
export function canLinkFromInsight(org: OrgConfig, userId: string, opp: Pick<OpportunityRow, 'ownerId'>, insightTribe: string | null): boolean {
  return canEdit(org, userId, opp) || canTriage(org, userId, insightTribe);
}

// ---------------------------------------------------------------------------
// Creating (for other features and scripts; the modal goes through the same checks)
// ---------------------------------------------------------------------------

export class OpportunityInputError extends Error {
  override name = 'OpportunityInputError';
  constructor(readonly problems: Partial<Record<PitchField, Problem>>) {
    super(`invalid opportunity: ${Object.entries(problems).map(([f, p]) => `${f} (${p?.key ?? '?'})`).join(', ')}`);
  }
}

/**
 * Validates and stores an opportunity with its initiatives and evidence, and
 * the first history row. Throws OpportunityInputError on invalid input. Does
 * not talk to Slack: call `syncCard` afterwards to post its card.
 */
export function createOpportunity(
  ctx: StoreContext,
  input: PitchInput,
  opts: { ownerId: string; draft?: boolean; sourceViewId?: string | null },
): { opportunity: Opportunity; created: boolean } {
  const checked = checkPitch(ctx.org, input, (ids) => missingInsightIds(ctx.db, ids));
  if (!checked.ok) throw new OpportunityInputError(checked.problems);
  return insertOpportunity(
    ctx.db,
    { draft: checked.draft, score: checked.score, ownerId: opts.ownerId, status: opts.draft ? 'draft' : 'pitched', sourceViewId: opts.sourceViewId ?? null },
    ctx.clock.now(),
  );
}

// ---------------------------------------------------------------------------
// The lifecycle
// ---------------------------------------------------------------------------

export type TransitionResult =
  | { ok: true; opportunity: OpportunityRow; from: Status; to: Status; by: string; note: string | null }
  | { ok: false; reason: 'not_found'; id: number }
  | { ok: false; reason: 'same' | 'illegal' | 'note_required' | 'conflict'; opportunity: OpportunityRow; to: Status; allowed: readonly Status[] }
  | { ok: false; reason: 'forbidden'; opportunity: OpportunityRow; to: Status; allowed: readonly Status[]; roles: readonly Role[] };

/**
 * Moves an opportunity to `to` on behalf of `byUserId`, enforcing the
 * lifecycle (lifecycle.ts: which moves exist, who may make them, when a note
 * is required) and writing the history row in the same transaction.
 * Synchronous and Slack-free, so a job can call it inside its own work; call
 * `announceTransition` afterwards to redraw the card and tell the channel.
 *
 * Used by the alignment-meeting agenda for `on_agenda`, `go`, `rework`
 * (feedback note required) and `no_go`.
 */
export function transition(ctx: StoreContext, opportunityId: number, to: Status, byUserId: string, note?: string | null): TransitionResult {
  const opp = getOpportunityRow(ctx.db, opportunityId);
  if (!opp) return { ok: false, reason: 'not_found', id: opportunityId };
  const cleanNote = note?.trim() ? note.trim() : null;
  const check = checkTransition(ctx.org, { from: opp.status, to, userId: byUserId, ownerId: opp.ownerId, note: cleanNote });
  if (!check.ok) {
    if (check.reason === 'forbidden') return { ok: false, reason: 'forbidden', opportunity: opp, to, allowed: check.allowed, roles: check.roles ?? [] };
    return { ok: false, reason: check.reason, opportunity: opp, to, allowed: check.allowed };
  }
  // The UPDATE is conditional on the status read above: a concurrent move wins, this one is refused.
  const at = ctx.clock.now();
  // Live agenda items of an opportunity taken off the agenda end in src/agenda's `opportunity.moved` subscription (emitted by recordTransition, same transaction).
  const recorded = recordTransition(ctx.db, { id: opp.id, from: opp.status, to, by: byUserId, note: cleanNote }, at);
  if (!recorded) {
    const now = getOpportunityRow(ctx.db, opportunityId);
    return { ok: false, reason: 'conflict', opportunity: now ?? opp, to, allowed: [] };
  }
  const moved = getOpportunityRow(ctx.db, opportunityId);
  if (!moved) return { ok: false, reason: 'not_found', id: opportunityId };
  return { ok: true, opportunity: moved, from: opp.status, to, by: byUserId, note: cleanNote };
}

/**
 * After a transition: posts the card when a draft is pitched, redraws it
 * otherwise, and says in the card's thread who moved it and why. Slack
 * failures are logged, never thrown: the move itself is stored.
 */
export async function announceTransition(ctx: SlackContext, result: Extract<TransitionResult, { ok: true }>): Promise<void> {
  await syncCard(ctx, result.opportunity.id);
  const opp = getOpportunityRow(ctx.db, result.opportunity.id);
  if (!opp?.cardChannel || !opp.cardTs || result.from === 'draft') return;
  const note = transitionNote(ctx.tr(undefined), { id: opp.id, from: result.from, to: result.to, by: result.by, note: result.note });
  try {
    await ctx.client.chat.postMessage({ channel: opp.cardChannel, thread_ts: opp.cardTs, text: note.text, blocks: note.blocks, unfurl_links: false });
  } catch (err) {
    ctx.logger.warn(`opportunity #${opp.id}: could not post the status change in the card's thread:`, err);
  }
}

/** A person's opportunities waiting for an alignment meeting (status pitched or rework), best RICE first. */
export function awaitingAgenda(ctx: Pick<AppContext, 'db'>, userId: string): OpportunityRow[] {
  return opportunitiesOfOwner(ctx.db, userId, ['pitched', 'rework']);
}

// ---------------------------------------------------------------------------
// The card in channels.opportunities
// ---------------------------------------------------------------------------

/**
 * Makes the channel card match the opportunity.
 * Rule 1: drafts have no card; a card is posted once, when it is first pitched,
 *         claimed with a conditional UPDATE (a second caller gets nothing to do).
 * Rule 2: a posted card is redrawn in place (chat.update), never posted again.
 * Rule 3: if Slack fails, the claim is released and the delivery job retries.
 */
export async function syncCard(ctx: SlackContext, id: number): Promise<'posted' | 'updated' | 'skipped' | 'failed'> {
  const opp = getOpportunityRow(ctx.db, id);
  if (!opp) return 'skipped';
  const lang = ctx.org.organisation.language;
  const card = opportunityCard(ctx.tr(undefined), ctx.org, lang, opp);
  if (opp.cardChannel && opp.cardTs) {
    try {
      await ctx.client.chat.update({ channel: opp.cardChannel, ts: opp.cardTs, text: card.text, blocks: card.blocks });
      return 'updated';
    } catch (err) {
      ctx.logger.warn(`opportunity #${id}: could not redraw its card:`, err);
      return 'failed';
    }
  }
  const channel = ctx.org.channels.opportunities;
  if (!channel || opp.status === 'draft') return 'skipped';
  if (!claimCard(ctx.db, id, ctx.clock.now())) return 'skipped';
  try {
    const posted = await ctx.client.chat.postMessage({ channel, text: card.text, blocks: card.blocks, unfurl_links: false, unfurl_media: false });
    recordCard(ctx.db, id, posted.channel ?? channel, posted.ts ?? '');
    return 'posted';
  } catch (err) {
    releaseCardClaim(ctx.db, id);
    ctx.logger.warn(`opportunity #${id}: could not post its card to ${channel}; the delivery job will retry:`, err);
    return 'failed';
  }
}

/** Cards older than this are not posted late: the opportunity is in `/pitch list` anyway. */
export const CARD_HORIZON_MS = 7 * 86_400_000;

/** The delivery job: posts cards that failed or were interrupted by a restart. */
export async function runCardDelivery(ctx: SlackContext, now: Date): Promise<{ summary: string }> {
  if (!ctx.org.channels.opportunities) return { summary: 'no opportunities channel configured: nothing to post' };
  const ids = undeliveredCardIds(ctx.db, new Date(now.getTime() - CARD_HORIZON_MS), 50);
  const counts = { posted: 0, updated: 0, skipped: 0, failed: 0 };
  for (const id of ids) counts[await syncCard(ctx, id)]++;
  return { summary: `${counts.posted} opportunity card(s) posted, ${counts.failed} failed, ${counts.skipped} skipped` };
}

// ---------------------------------------------------------------------------
// Backlog health
// ---------------------------------------------------------------------------

export function backlogHealth(
  ctx: Pick<AppContext, 'db' | 'org'>,
  filters: { tribe?: string | undefined; commitment?: string | undefined } = {},
): BacklogHealth & { withoutEvidence: OpportunityRow[] } {
  const health = summariseHealth(healthCounts(ctx.db, filters), ctx.org.commitments.map((c) => c.key), ctx.org.opportunities.topDownGoal);
  return { ...health, withoutEvidence: health.noEvidence > 0 ? openWithoutEvidence(ctx.db, filters, 5) : [] };
}

/** "Mon 23 Nov, 09:00 (Paris time)" in the organisation's zone and the reader's language (src/i18n/dates.ts). */
export function localTime(org: OrgConfig, at: Date, lang: Language): string {
  return localDate(at, { lang, zone: org.organisation.timezone }, 'shortDateTime');
}
