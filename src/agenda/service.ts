import type { OrgConfig } from '../config/org.js';
import { zoneLabel } from '../i18n/dates.js';
import type { AppContext } from '../context.js';
import { enqueue, outboxEntry, type OutboxMessage } from '../delivery/outbox.js';
import { translator, type Translate } from '../i18n/index.js';
import { opportunityCard, statusLabel, transitionNote } from '../opportunities/index.js';
import { transition, type TransitionResult } from '../opportunities/index.js';
import { evidenceFacts, getOpportunityRow, recordTransition } from '../opportunities/index.js';
import { claimKeyOf } from '../rituals/index.js';
import { skipLookup } from '../rituals/index.js';
import {
  TOPIC_MAX,
  decisionsOpen,
  droppedMessage,
  itemTitle,
  live,
  localWhen,
  outcomeDm,
  outcomeLabel,
  promotedMessage,
  type ItemFacts,
  type Locale,
  type Message,
} from './blocks.js';
import { fits, isDuration, promotions, type Caps } from './slots.js';
import {
  ASKS,
  endItem,
  getItem,
  insertItem,
  isLocked,
  itemsOf,
  lock,
  promoteItem,
  setApproval,
  setOutcome,
  type AgendaItem,
  type Ask,
  type EndReason,
  type Outcome,
} from './store.js';
import { followingOccurrence, needsApproval, resolveAgendaRef, signupState, type AgendaOccurrence } from './window.js';

/*
 * The agenda's rules, as synchronous functions over the store: each one
 * checks, then writes in ONE immediate transaction (better-sqlite3 is
 * synchronous, so two requests racing for the last slot are serialised and
 * exactly one gets it). Messages the bot sends on its own (a promotion, a
 * drop, an outcome) are enqueued in the outbox in the same transaction; the
 * caller delivers them after the commit.
 */

export type AgendaContext = Pick<AppContext, 'db' | 'clock' | 'org' | 'languageOf' | 'tr'>;

export function capsOf(o: AgendaOccurrence): Caps {
  return { maxPresenters: o.ritual.maxPresenters, meetingMinutes: o.ritual.durationMinutes };
}

/** Rule: approvers and admins validate agendas and record outcomes. */
export function isApprover(org: OrgConfig, userId: string): boolean {
  return org.approvers.includes(userId) || org.admins.includes(userId);
}

/** Who gets the validation and outcome prompts: the approvers, else the admins. */
export function approversOf(org: OrgConfig): string[] {
  return org.approvers.length > 0 ? [...org.approvers] : [...org.admins];
}

export function localeFor(ctx: Pick<AppContext, 'org' | 'languageOf'>, userId: string | undefined): Locale {
  const lang = userId ? ctx.languageOf(userId) : ctx.org.organisation.language;
  return { tr: translator(lang), lang, zone: ctx.org.organisation.timezone };
}

/** The organisation's locale, for what a whole channel reads. */
export function orgLocale(ctx: Pick<AppContext, 'org'>): Locale {
  const lang = ctx.org.organisation.language;
  return { tr: translator(lang), lang, zone: ctx.org.organisation.timezone };
}

export function skipsOf(ctx: Pick<AppContext, 'db' | 'org'>) {
  return skipLookup(ctx.db, ctx.org.organisation.holidays);
}

export function resolveRef(ctx: Pick<AppContext, 'db' | 'org'>, ref: string): AgendaOccurrence | undefined {
  return resolveAgendaRef(ctx.org, ref, skipsOf(ctx));
}

export function occurrenceOfItem(ctx: Pick<AppContext, 'db' | 'org'>, item: Pick<AgendaItem, 'ritualKey' | 'occurrenceKey'>): AgendaOccurrence | undefined {
  return resolveRef(ctx, `${item.ritualKey}|${item.occurrenceKey}`);
}

export function lockedAt(ctx: Pick<AppContext, 'db'>, o: AgendaOccurrence): Date | undefined {
  const row = ctx.db.prepare<[string, string], { locked_at: string }>('SELECT locked_at FROM agenda_locks WHERE ritual_key = ? AND occurrence_key = ?').get(
    o.ritual.key,
    o.occurrence.key,
  );
  return row ? new Date(row.locked_at) : undefined;
}

/** A refusal: the form field it belongs to (for modal errors) and the sentence, in the asker's language. */
export interface Refusal {
  ok: false;
  field: 'opportunity' | 'topic' | 'ask' | 'duration' | 'form';
  text: string;
}

const refuse = (field: Refusal['field'], text: string): Refusal => ({ ok: false, field, text });

/** Why sign-ups are not open for `o` now, or undefined when they are. */
export function windowRefusal(ctx: AgendaContext, o: AgendaOccurrence, userId: string, now: Date): Refusal | undefined {
  const l = localeFor(ctx, userId);
  const name = o.ritual.name;
  // Several plain-text dates in one sentence: the zone is said once, at the end ({zone}).
  const at = (d: Date) => localWhen(d, l, { zone: false });
  const zone = zoneLabel(l);
  const when = at(o.start);
  const state = isLocked(ctx.db, o.ritual.key, o.occurrence.key) ? 'closed' : signupState(o, now);
  if (state === 'open') return undefined;
  if (state === 'none') return refuse('form', l.tr('agenda.signup.none', { name }));
  if (state === 'not_open' && o.opensAt) return refuse('form', l.tr('agenda.signup.notOpen', { name, when, opens: at(o.opensAt), zone }));
  const next = followingOccurrence(ctx.org, o, skipsOf(ctx));
  const closes = at(o.closesAt);
  if (!next?.opensAt) return refuse('form', l.tr('agenda.signup.closedNoNext', { name, when, closes, zone }));
  return refuse('form', l.tr('agenda.signup.closed', { name, when, closes, next: at(next.start), nextOpens: at(next.opensAt), zone }));
}

// ---------------------------------------------------------------------------
// Sign up
// ---------------------------------------------------------------------------

export interface SignupInput {
  presenter: string;
  opportunityId?: number | undefined;
  topic?: string | undefined;
  ask: string | undefined;
  duration: number | undefined;
}

export type SignupResult = { ok: true; item: AgendaItem; position: number } | Refusal;

/**
 * Signs someone up for the agenda of `o`.
 * Rule 1: only while sign-ups are open (from open_signups to close_signups,
 *         by the clock) and the agenda is not locked.
 * Rule 2: alignment items present one of the presenter's own opportunities,
 *         pitched or in rework, at most once per meeting; decision-session
 *         items a free topic.
 * Rule 3: the duration is one of 10/20/30 and fits in the meeting at all.
 * Rule 4: a slot when one is free (slots.ts), else the waitlist.
 */
export function signUp(ctx: AgendaContext, o: AgendaOccurrence, input: SignupInput, now: Date): SignupResult {
  const l = localeFor(ctx, input.presenter);
  const closed = windowRefusal(ctx, o, input.presenter, now);
  if (closed) return closed;

  let opportunityId: number | null = null;
  let topic: string | null = null;
  if (needsApproval(o.ritual)) {
    const id = input.opportunityId;
    if (id === undefined) return refuse('opportunity', l.tr('agenda.signup.pickOpportunity'));
    const opp = getOpportunityRow(ctx.db, id);
    // Someone else's draft is private: it does not exist for this person.
    if (!opp || (opp.status === 'draft' && opp.ownerId !== input.presenter)) return refuse('opportunity', l.tr('agenda.signup.unknownOpportunity', { id }));
    if (opp.ownerId !== input.presenter) return refuse('opportunity', l.tr('agenda.signup.notYours', { id }));
    if (opp.status !== 'pitched' && opp.status !== 'rework') {
      return refuse('opportunity', l.tr('agenda.signup.status', { id, status: statusLabel(l.tr, opp.status) }));
    }
    opportunityId = id;
  } else {
    const text = (input.topic ?? '').replace(/\s+/g, ' ').trim();
    if (!text) return refuse('topic', l.tr('agenda.signup.topicEmpty'));
    if (text.length > TOPIC_MAX) return refuse('topic', l.tr('agenda.signup.topicTooLong', { max: TOPIC_MAX }));
    topic = text;
  }
  const ask = ASKS.find((a) => a === input.ask);
  if (!ask) return refuse('ask', l.tr('agenda.signup.pickAsk'));
  const duration = input.duration;
  if (duration === undefined || !isDuration(duration)) return refuse('duration', l.tr('agenda.signup.pickDuration'));
  if (duration > o.ritual.durationMinutes) return refuse('duration', l.tr('agenda.signup.tooLong', { duration, minutes: o.ritual.durationMinutes }));

  return ctx.db
    .transaction((): SignupResult => {
      // Re-read inside the write lock: the checks above may have raced with another sign-up or the lock.
      if (isLocked(ctx.db, o.ritual.key, o.occurrence.key)) return windowRefusal(ctx, o, input.presenter, now) ?? refuse('form', l.tr('agenda.stale'));
      const items = itemsOf(ctx.db, o.ritual.key, o.occurrence.key);
      const { slotted, waitlisted } = live(items);
      if (opportunityId !== null && [...slotted, ...waitlisted].some((i) => i.opportunityId === opportunityId)) {
        return refuse('opportunity', l.tr('agenda.signup.already', { id: opportunityId }));
      }
      // Everyone waiting is too long for the room left (promotions keep it so): a newcomer that fits may take it.
      const status = fits(slotted, duration, capsOf(o)) ? 'slotted' : 'waitlisted';
      const id = insertItem(
        ctx.db,
        { ritualKey: o.ritual.key, occurrenceKey: o.occurrence.key, presenterId: input.presenter, opportunityId, topic, ask, duration, status },
        now,
      );
      const item = getItem(ctx.db, id);
      if (!item) throw new Error(`agenda item ${id} vanished after its insert`);
      return { ok: true, item, position: status === 'slotted' ? slotted.length + 1 : waitlisted.length + 1 };
    })
    .immediate();
}

// ---------------------------------------------------------------------------
// Withdraw (and promote)
// ---------------------------------------------------------------------------

export type WithdrawResult =
  | { ok: true; item: AgendaItem; o: AgendaOccurrence; promoted: AgendaItem[]; moved?: Extract<TransitionResult, { ok: true }> }
  | { ok: false; text: string };

/**
 * Withdraws a sign-up.
 * Rule 1: the presenter or an admin, until the meeting starts.
 * Rule 2: a freed slot goes to the waitlist (slots.ts Rule 2), while the
 *         agenda is not locked; each promoted presenter is told by DM.
 * Rule 3: after the lock, the opportunity leaves the agenda (on agenda → pitched);
 *         the card's redraw and thread note are enqueued with it.
 */
export function withdraw(ctx: AgendaContext, itemId: number, by: string, now: Date): WithdrawResult {
  const tr = ctx.tr(by);
  const item = getItem(ctx.db, itemId);
  const o = item && occurrenceOfItem(ctx, item);
  if (!item || !o) return { ok: false, text: tr('agenda.itemGone') };
  if (item.presenterId !== by && !ctx.org.admins.includes(by)) return { ok: false, text: tr('agenda.withdraw.notYours', { user: item.presenterId }) };
  if (item.status !== 'slotted' && item.status !== 'waitlisted') return { ok: false, text: tr('agenda.withdraw.notLive', { state: tr(`agenda.status.${item.status}`) }) };
  if (now >= o.start) return { ok: false, text: tr('agenda.withdraw.started') };

  return ctx.db
    .transaction((): WithdrawResult => {
      if (!endItem(ctx.db, item.id, 'withdrawn', 'withdrawn', by, now)) {
        const current = getItem(ctx.db, item.id);
        return { ok: false, text: tr('agenda.withdraw.notLive', { state: tr(current?.status === 'dropped' ? 'agenda.status.dropped' : 'agenda.status.withdrawn') }) };
      }
      const promoted: AgendaItem[] = [];
      let moved: Extract<TransitionResult, { ok: true }> | undefined;
      if (isLocked(ctx.db, o.ritual.key, o.occurrence.key)) {
        if (item.opportunityId !== null && item.opportunityStatus === 'on_agenda') {
          const note = translator(ctx.org.organisation.language)('agenda.withdraw.historyNote', { name: o.ritual.name, date: o.occurrence.localDate });
          const result = transition(atTime(ctx, now), item.opportunityId, 'pitched', by, note);
          if (result.ok) {
            moved = result;
            for (const m of announcement(ctx, result, `agenda:item:${item.id}:withdrawn`)) enqueue(ctx.db, m, now);
          }
        }
      } else if (item.status === 'slotted') {
        const { slotted, waitlisted } = live(itemsOf(ctx.db, o.ritual.key, o.occurrence.key));
        for (const next of promotions(slotted, waitlisted, capsOf(o))) {
          if (!promoteItem(ctx.db, next.id, now)) continue;
          const l = localeFor(ctx, next.presenterId);
          enqueue(ctx.db, dmTo(next.presenterId, `agenda:item:${next.id}:promoted`, promotedMessage(l, o, next), o.start), now);
          promoted.push(next);
        }
      }
      const after = getItem(ctx.db, item.id) ?? item;
      return { ok: true, item: after, o, promoted, ...(moved ? { moved } : {}) };
    })
    .immediate();
}

// ---------------------------------------------------------------------------
// Approve / decline
// ---------------------------------------------------------------------------

export type DecideResult = { ok: true; item: AgendaItem; o: AgendaOccurrence } | { ok: false; text: string };

/**
 * An approver's decision on one item.
 * Rule 1: approvers and admins only; alignment agendas only.
 * Rule 2: until the lock (its time, or earlier if the lock already ran) and never after the start.
 * Rule 3: slotted items only (a waitlisted item is decided once it gets a slot);
 *         a decline needs a reason, which the presenter receives at the lock.
 * Rule 4: a decision can be changed until the lock: the last one counts.
 */
export function decide(ctx: AgendaContext, itemId: number, by: string, decision: 'approved' | 'declined', reason: string | null, now: Date): DecideResult {
  const tr = ctx.tr(by);
  const checked = decisionCheck(ctx, itemId, by, now);
  if (!checked.ok) return checked;
  const { item, o } = checked;
  const note = reason?.trim() ? reason.trim() : null;
  if (decision === 'declined' && !note) return { ok: false, text: tr('agenda.decide.reasonRequired') };
  return ctx.db
    .transaction((): DecideResult => {
      if (isLocked(ctx.db, o.ritual.key, o.occurrence.key)) return { ok: false, text: tr('agenda.decide.locked', { name: o.ritual.name }) };
      if (!setApproval(ctx.db, item.id, decision, by, decision === 'declined' ? note : null, now)) return { ok: false, text: tr('agenda.itemGone') };
      return { ok: true, item: getItem(ctx.db, item.id) ?? item, o };
    })
    .immediate();
}

/** Rules 1-3 of `decide`, without writing: whether `by` may decide on this item now. */
export function decisionCheck(ctx: AgendaContext, itemId: number, by: string, now: Date): DecideResult {
  const tr = ctx.tr(by);
  if (!isApprover(ctx.org, by)) return { ok: false, text: tr('agenda.decide.notApprover', { approvers: approversOf(ctx.org).map((u) => `<@${u}>`).join(', ') || '—' }) };
  const item = getItem(ctx.db, itemId);
  const o = item && occurrenceOfItem(ctx, item);
  if (!item || !o) return { ok: false, text: tr('agenda.itemGone') };
  if (!needsApproval(o.ritual)) return { ok: false, text: tr('agenda.decide.noApproval', { name: o.ritual.name }) };
  if (!decisionsOpen(o, lockedAt(ctx, o), now)) return { ok: false, text: tr('agenda.decide.locked', { name: o.ritual.name }) };
  if (item.status === 'waitlisted') return { ok: false, text: tr('agenda.decide.waitlisted') };
  if (item.status !== 'slotted') return { ok: false, text: tr('agenda.decide.notLive', { state: tr(`agenda.status.${item.status}`) }) };
  return { ok: true, item, o };
}

// ---------------------------------------------------------------------------
// Lock (run by the lock_agenda step, inside its claim transaction)
// ---------------------------------------------------------------------------

/**
 * Locks the agenda of `o` and returns the messages to send.
 * Rule 1: once (the lock row is the claim).
 * Rule 2: declined items are dropped; items no approver approved are dropped
 *         or kept as the ritual's `unapproved` says; the waitlist is dropped.
 * Rule 3: each kept alignment item's opportunity moves to on_agenda, by the
 *         approver who approved it (the history says who validated); an item
 *         kept without approval (`unapproved: keep`) is moved by the system,
 *         recorded as `cadence` with a note saying so. An opportunity already
 *         on the agenda stays; one that moved elsewhere meanwhile (back to
 *         draft, …) drops the item.
 * Rule 4: each dropped presenter is told why by DM; each moved card is
 *         redrawn and the move told in its thread, through the outbox.
 * Rule 5: see below: no approver asked, nothing dropped for want of approval.
 */
export function lockAgenda(ctx: AgendaContext, o: AgendaOccurrence, now: Date): OutboxMessage[] {
  if (!lock(ctx.db, o.ritual.key, o.occurrence.key, now)) return [];
  const messages: OutboxMessage[] = [];
  const items = itemsOf(ctx.db, o.ritual.key, o.occurrence.key);
  const { slotted, waitlisted } = live(items);
  const next = followingOccurrence(ctx.org, o, skipsOf(ctx));
  const drop = (item: AgendaItem, reason: Exclude<EndReason, 'withdrawn'>, current: AgendaItem = item) => {
    if (!endItem(ctx.db, item.id, 'dropped', reason, SYSTEM_USER, now)) return;
    messages.push(dmTo(item.presenterId, `agenda:item:${item.id}:dropped`, droppedMessage(localeFor(ctx, item.presenterId), o, current, reason, next), o.end));
  };
  const orgTr = translator(ctx.org.organisation.language);
  // Rule 5 (issue 19, item 6; decision 0024): an item is dropped as "not approved" only if the
  // approvers were asked. When the ritual asks them (a request_validation step) but no request
  // reached any approver before the lock (Cadence or Slack was down across the window, and the
  // request expired at the lock), unapproved items are kept, with a note saying why.
  const asksApprovers = o.ritual.steps.some((step) => step.action === 'request_validation');
  const approversWereAsked = !asksApprovers || approversOf(ctx.org).some((a) => outboxEntry(ctx.db, validationKey(o, a))?.status === 'sent');
  for (const item of slotted) {
    if (!needsApproval(o.ritual)) continue;
    if (item.approval === 'declined') {
      drop(item, 'declined');
      continue;
    }
    const approved = item.approval === 'approved' && item.approvalBy !== null;
    if (!approved && o.ritual.unapproved === 'drop' && approversWereAsked) {
      drop(item, 'not_approved');
      continue;
    }
    if (item.opportunityId === null) continue;
    const opp = getOpportunityRow(ctx.db, item.opportunityId);
    if (opp?.status === 'on_agenda') continue;
    const by = approved && item.approvalBy ? item.approvalBy : SYSTEM_USER;
    const noteKey = approved ? 'agenda.approvedNote' : o.ritual.unapproved === 'drop' && !approversWereAsked ? 'agenda.keptUnaskedNote' : 'agenda.keptNote';
    const note = orgTr(noteKey, { name: o.ritual.name, date: o.occurrence.localDate });
    const result = by === SYSTEM_USER ? systemTransition(ctx, item.opportunityId, 'on_agenda', note, now) : transition(atTime(ctx, now), item.opportunityId, 'on_agenda', by, note);
    if (!result.ok) {
      const current = getItem(ctx.db, item.id) ?? item;
      drop(item, 'opportunity_moved', current);
      continue;
    }
    messages.push(...announcement(ctx, result, `agenda:item:${item.id}:on_agenda`));
  }
  for (const item of waitlisted) drop(item, 'waitlist');
  return messages;
}

/** Who the history shows for what the bot did on its own (a lock keeping an unapproved item, a drop). */
export const SYSTEM_USER = 'cadence';

/**
 * A move the lock makes on no one's behalf (Rule 3 above, `unapproved: keep`):
 * the lifecycle's edge (pitched or rework → on agenda) is checked here; the
 * role check does not apply, since no person made the move, and the history
 * says so.
 */
function systemTransition(ctx: AgendaContext, id: number, to: 'on_agenda', note: string, now: Date): TransitionResult {
  const opp = getOpportunityRow(ctx.db, id);
  if (!opp) return { ok: false, reason: 'not_found', id };
  if (opp.status !== 'pitched' && opp.status !== 'rework') return { ok: false, reason: 'illegal', opportunity: opp, to, allowed: [] };
  if (!recordTransition(ctx.db, { id, from: opp.status, to, by: SYSTEM_USER, note }, now)) return { ok: false, reason: 'conflict', opportunity: opp, to, allowed: [] };
  const moved = getOpportunityRow(ctx.db, id) ?? opp;
  return { ok: true, opportunity: moved, from: opp.status, to, by: SYSTEM_USER, note };
}

/** The card redraw and the thread note of `announceTransition`, as outbox messages (exactly once, after the commit). */
function announcement(ctx: AgendaContext, result: Extract<TransitionResult, { ok: true }>, key: string): OutboxMessage[] {
  const opp = result.opportunity;
  if (!opp.cardChannel || !opp.cardTs) return [];
  const lang = ctx.org.organisation.language;
  const tr = translator(lang);
  const card = opportunityCard(tr, ctx.org, lang, opp);
  const note = transitionNote(tr, { id: opp.id, from: result.from, to: result.to, by: result.by, note: result.note });
  return [
    { dedupeKey: `${key}:card`, topic: `opportunity:${opp.id}`, method: 'chat.update', args: { channel: opp.cardChannel, ts: opp.cardTs, text: card.text, blocks: card.blocks } },
    {
      dedupeKey: `${key}:thread`,
      topic: `opportunity:${opp.id}`,
      method: 'chat.postMessage',
      args: { channel: opp.cardChannel, thread_ts: opp.cardTs, text: note.text, blocks: note.blocks, unfurl_links: false },
    },
  ];
}

// ---------------------------------------------------------------------------
// Outcomes
// ---------------------------------------------------------------------------

export type OutcomeResult =
  | { ok: true; item: AgendaItem; o: AgendaOccurrence; moved: Extract<TransitionResult, { ok: true }> }
  | { ok: false; text: string; field?: 'feedback' };

/**
 * Records what the meeting decided for one item.
 * Rule 1: approvers and admins; items of the final (locked) agenda; once the meeting has started.
 * Rule 2: once per item (a conditional UPDATE); rework needs feedback.
 * Rule 3: the opportunity moves (go / rework / no-go, with history) in the
 *         same transaction, and the presenter's DM, the card's redraw and its
 *         thread note are enqueued with it.
 */
export function recordOutcome(ctx: AgendaContext, itemId: number, by: string, outcome: Outcome, feedback: string | null, now: Date): OutcomeResult {
  const tr = ctx.tr(by);
  if (!isApprover(ctx.org, by)) return { ok: false, text: tr('agenda.outcome.notApprover', { approvers: approversOf(ctx.org).map((u) => `<@${u}>`).join(', ') || '—' }) };
  const item = getItem(ctx.db, itemId);
  const o = item && occurrenceOfItem(ctx, item);
  if (!item || !o) return { ok: false, text: tr('agenda.itemGone') };
  if (item.opportunityId === null) return { ok: false, text: tr('agenda.outcome.noOpportunity') };
  if (!isLocked(ctx.db, o.ritual.key, o.occurrence.key)) return { ok: false, text: tr('agenda.outcome.notLocked', { name: o.ritual.name, id: item.opportunityId }) };
  if (item.status !== 'slotted') return { ok: false, text: tr('agenda.outcome.notOnAgenda') };
  if (now < o.start) return { ok: false, text: tr('agenda.outcome.notStarted') };
  if (item.outcome && item.outcomeBy) return { ok: false, text: tr('agenda.outcome.already', { outcome: outcomeLabel(tr, item.outcome), user: item.outcomeBy }) };
  const note = feedback?.trim() ? feedback.trim() : null;
  if (outcome === 'rework' && !note) return { ok: false, text: tr('agenda.outcome.feedbackRequired'), field: 'feedback' };
  const opportunityId = item.opportunityId;

  class Refused extends Error {
    constructor(readonly text: string) {
      super(text);
    }
  }
  try {
    return ctx.db
      .transaction((): OutcomeResult => {
        if (!setOutcome(ctx.db, item.id, outcome, by, note, now)) {
          const current = getItem(ctx.db, item.id);
          throw new Refused(tr('agenda.outcome.already', { outcome: outcomeLabel(tr, current?.outcome ?? outcome), user: current?.outcomeBy ?? '?' }));
        }
        const moved = transition(atTime(ctx, now), opportunityId, outcome, by, note);
        if (!moved.ok) throw new Refused(tr('agenda.outcome.refused', { reason: refusalReason(tr, moved) }));
        const after = getItem(ctx.db, item.id) ?? item;
        const l = localeFor(ctx, item.presenterId);
        enqueue(ctx.db, dmTo(item.presenterId, `agenda:item:${item.id}:outcome`, outcomeDm(l, o, after, outcome, note, followingOccurrence(ctx.org, o, skipsOf(ctx)))), now);
        // The card and its thread hear of the move through the outbox too: a Slack failure now is retried, not lost.
        for (const m of announcement(ctx, moved, `agenda:item:${item.id}:outcome`)) enqueue(ctx.db, m, now);
        return { ok: true, item: after, o, moved };
      })
      .immediate();
  } catch (err) {
    if (err instanceof Refused) return { ok: false, text: err.text };
    throw err;
  }
}

function refusalReason(tr: Translate, r: Exclude<TransitionResult, { ok: true }>): string {
  if (r.reason === 'not_found') return tr('agenda.itemGone');
  return tr('agenda.outcome.notOnAgenda') + ` (${statusLabel(tr, r.opportunity.status)})`;
}

// ---------------------------------------------------------------------------
// Helpers shared with the steps and the listeners
// ---------------------------------------------------------------------------

/** The same context, with the clock read as `now` (a job run `--at` writes history at that time). */
export function atTime(ctx: AgendaContext, now: Date): Pick<AppContext, 'db' | 'org' | 'clock'> {
  return { db: ctx.db, org: ctx.org, clock: { now: () => new Date(now.getTime()) } };
}

/** A DM through the outbox: Slack opens the conversation when the channel is a user ID. */
export function dmTo(userId: string, dedupeKey: string, message: Message, expiresAt?: Date): OutboxMessage {
  return {
    dedupeKey,
    topic: `agenda:dm:${userId}`,
    method: 'chat.postMessage',
    args: { channel: userId, text: message.text, blocks: message.blocks, unfurl_links: false },
    ...(expiresAt ? { expiresAt } : {}),
  };
}

/** The outbox key of the sign-up call of `o` (its open_signups step), whose ts the listeners redraw. */
export function signupCallKey(o: AgendaOccurrence): string | undefined {
  const step = o.ritual.steps.find((s) => s.action === 'open_signups');
  return step ? `ritual:${claimKeyOf(o.ritual.key, o.occurrence.key, step.key)}` : undefined;
}

/** Where the sign-up call was posted, once Slack answered. */
export function signupCallAt(ctx: Pick<AppContext, 'db'>, o: AgendaOccurrence): { channel: string; ts: string } | undefined {
  const key = signupCallKey(o);
  const entry = key ? outboxEntry(ctx.db, key) : undefined;
  return entry?.sentChannel && entry.sentTs ? { channel: entry.sentChannel, ts: entry.sentTs } : undefined;
}

export function validationKey(o: AgendaOccurrence, approver: string): string {
  return `agenda:${o.ref}:validation:${approver}`;
}

export function outcomesKey(o: AgendaOccurrence, approver: string): string {
  return `agenda:${o.ref}:outcomes:${approver}`;
}

/** True when (channel, ts) is the prompt this approver received under `key` (so a forged ts never redraws another message). */
export function isPromptOf(ctx: Pick<AppContext, 'db'>, key: string, channel: string | undefined, ts: string | undefined): boolean {
  if (!channel || !ts) return false;
  const entry = outboxEntry(ctx.db, key);
  return entry?.sentChannel === channel && entry.sentTs === ts;
}

export { itemTitle };
export type { Ask };

/** Key facts for the approvers, per opportunity on these items (issue 14 item 7). */
export function factsOf(ctx: Pick<AppContext, 'db'>, items: readonly Pick<AgendaItem, 'opportunityId'>[]): Map<number, ItemFacts> {
  const facts = new Map<number, ItemFacts>();
  for (const { opportunityId: id } of items) {
    if (id === null || facts.has(id)) continue;
    const opp = getOpportunityRow(ctx.db, id);
    if (opp) facts.set(id, { score: opp.score, kind: opp.kind, evidence: evidenceFacts(ctx.db, id) });
  }
  return facts;
}
