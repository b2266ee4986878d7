import { escapeTextCapped } from '../slack/cap.js';
import type { ActionsBlock, Button, KnownBlock, PlainTextOption, View } from '@slack/types';
import type { Language } from '../config/org.js';
import type { Translate } from '../i18n/index.js';
import { ACTION_EDIT_OPPORTUNITY, ACTION_OPPORTUNITY_DETAILS, ACTION_REQUEST_AGENDA_SLOT, formatScore, statusLabel, type EvidenceFacts } from '../opportunities/index.js';
import { formatArr } from '../insights/index.js';
import { DateTime } from 'luxon';
import type { OpportunityRow } from '../opportunities/index.js';
import { escapeText, truncate } from '../slack/text.js';
import { dateToken, localDate } from '../i18n/dates.js';
import { DURATIONS, minutesUsed, schedule } from './slots.js';
import type { AgendaItem, Ask, Outcome } from './store.js';
import { needsApproval, signupState, type AgendaOccurrence } from './window.js';

/*
 * Pure Block Kit builders for the agenda. Each message returns `text` (the
 * notification and accessibility fallback) with its blocks; modals carry
 * their context in private_metadata, which the listeners re-check.
 */

export const ACTIONS = {
  signup: 'agenda_signup',
  withdraw: 'agenda_withdraw',
  withdrawMine: 'agenda_withdraw_mine',
  approve: 'agenda_approve',
  decline: 'agenda_decline',
  go: 'agenda_outcome_go',
  rework: 'agenda_outcome_rework',
  noGo: 'agenda_outcome_no_go',
  emptyCancel: 'agenda_empty_cancel',
  emptyKeep: 'agenda_empty_keep',
} as const;
/**
 * Slack wants action_ids unique within a block: the waitlisted items' withdraw
 * buttons share the `agenda_actions` block, so each carries its item id
 * (`agenda_withdraw:42`). The listener takes both forms.
 */
export const WITHDRAW_ACTION = /^agenda_withdraw(:\d+)?$/;
export const VIEWS = { signup: 'agenda_signup_modal', decline: 'agenda_decline_modal', rework: 'agenda_rework_modal' } as const;
export const BLOCKS = { opportunity: 'opportunity', topic: 'topic', ask: 'ask', duration: 'duration', reason: 'reason', feedback: 'feedback' } as const;
export const VALUE = 'value';
export const TOPIC_MAX = 200;
export const NOTE_MAX = 2000;
/** Waitlisted items listed by name; the rest are counted. */
const WAITLIST_SHOWN = 10;

export interface Message {
  text: string;
  blocks: KnownBlock[];
}

/** Everything a builder needs to write dates: the reader's language and the organisation's zone. */
export interface Locale {
  tr: Translate;
  lang: Language;
  zone: string;
}

const plain = (text: string, max = 75) => ({ type: 'plain_text' as const, text: truncate(text, max) });
const mrkdwn = (text: string) => ({ type: 'mrkdwn' as const, text: truncate(text, 3000) });
const esc = (text: string, max = 150) => escapeTextCapped(text.replace(/\s+/g, ' ').trim(), max);

/**
 * A date and time each reader sees in their own zone, with the organisation's (named) as
 * fallback. Absolute ("le jeudi 26 novembre 2026 à 14 h"): the catalogues write "avant le
 * {closes}", "du {when}", where "Demain" would break the sentence (src/i18n/dates.ts).
 */
export function slackWhen(at: Date, l: Locale): string {
  return dateToken(at, l, 'dateTime');
}

export function slackTime(at: Date, l: Locale): string {
  return dateToken(at, l, 'time');
}

/** Plain local time for texts that cannot hold date tokens (headers, modal errors): "Thu 26 Nov, 14:00 (Paris time)". */
export function localWhen(at: Date, l: Pick<Locale, 'lang' | 'zone'>, opts: { zone?: boolean } = {}): string {
  return localDate(at, l, 'shortDateTime', opts);
}

export function askLabel(tr: Translate, ask: Ask): string {
  return tr(ask === 'decision' ? 'agenda.ask.decision' : 'agenda.ask.feedback');
}

export function outcomeLabel(tr: Translate, outcome: Outcome): string {
  return tr(`agenda.outcome.${outcome}`);
}

/** "#12 Faster refunds", or the free topic. */
export function itemTitle(item: Pick<AgendaItem, 'opportunityId' | 'title'>): string {
  return item.opportunityId === null ? item.title : `#${item.opportunityId} ${item.title}`;
}

export function itemLine(l: Locale, item: AgendaItem, startsAt?: Date): string {
  const parts = [`<@${item.presenterId}> — *${esc(itemTitle(item))}*`, l.tr('agenda.minutes', { minutes: item.duration }), askLabel(l.tr, item.ask)];
  // Bold, not code: Slack does not render a <!date> token inside backticks.
  const time = startsAt ? `*${slackTime(startsAt, l)}* · ` : '';
  return `${time}${parts.join(' · ')}`;
}

/** What an approver needs to decide on one opportunity (issue 14 item 7). */
export interface ItemFacts {
  score: number;
  kind: 'vitamin' | 'painkiller';
  evidence: EvidenceFacts;
}

/** "RICE 6,400 · 4 insights (Acme Corp +1, ARR 120k) · Painkiller", in the reader's language. */
export function factsLine(l: Pick<Locale, 'tr' | 'lang'>, f: ItemFacts): string {
  const { tr, lang } = l;
  const { count, customers, arr } = f.evidence;
  let evidence = count === 0 ? tr('agenda.facts.noEvidence') : tr('agenda.facts.insights', { count });
  const [first] = customers;
  if (count > 0 && first) {
    const names = customers.length > 1 ? tr('agenda.facts.customersMore', { customer: esc(first.name, 60), more: customers.length - 1 }) : esc(first.name, 60);
    evidence = tr(arr !== null ? 'agenda.facts.withArr' : 'agenda.facts.withCustomers', { evidence, customers: names, arr: arr !== null ? formatArr(arr, lang) : '' });
  }
  return [tr('agenda.facts.rice', { score: formatScore(f.score, lang) }), evidence, tr(`opp.kind.${f.kind}`)].join(' · ');
}

export function detailsButton(tr: Translate, opportunityId: number): Button {
  return button(tr('agenda.button.details', { id: opportunityId }), ACTION_OPPORTUNITY_DETAILS, String(opportunityId));
}

export function approvalLine(tr: Translate, item: AgendaItem): string {
  if (item.approval === 'approved' && item.approvalBy) return tr('agenda.approved', { user: item.approvalBy });
  if (item.approval === 'declined' && item.approvalBy) return tr('agenda.declined', { user: item.approvalBy, reason: esc(item.approvalNote ?? '', 300) });
  return tr('agenda.pending');
}

export function button(text: string, actionId: string, value: string, style?: 'primary' | 'danger'): Button {
  return { type: 'button', text: plain(text), action_id: actionId, value, ...(style ? { style } : {}) };
}

export const live = (items: readonly AgendaItem[]) => ({
  slotted: items.filter((i) => i.status === 'slotted'),
  waitlisted: items.filter((i) => i.status === 'waitlisted'),
});

function waitlistBlock(l: Locale, waitlisted: readonly AgendaItem[]): KnownBlock[] {
  if (waitlisted.length === 0) return [];
  const lines = waitlisted.slice(0, WAITLIST_SHOWN).map((i, n) => `${n + 1}. ${itemLine(l, i)}`);
  if (waitlisted.length > WAITLIST_SHOWN) lines.push(l.tr('agenda.more', { count: waitlisted.length - WAITLIST_SHOWN }));
  return [{ type: 'section', text: mrkdwn(`${l.tr('agenda.waitlist')}\n${lines.join('\n')}`) }];
}

// ---------------------------------------------------------------------------
// The sign-up call in the meeting channel
// ---------------------------------------------------------------------------

export function signupCallMessage(l: Locale, o: AgendaOccurrence, items: readonly AgendaItem[], open: boolean): Message {
  const { tr } = l;
  const { slotted, waitlisted } = live(items);
  const name = o.ritual.name;
  const when = slackWhen(o.start, l);
  const text = open
    ? tr('agenda.call.open', { name, when, max: o.ritual.maxPresenters, minutes: o.ritual.durationMinutes, closes: slackWhen(o.closesAt, l) })
    : tr('agenda.call.closed', { name, when });
  const count = tr('agenda.call.count', { count: slotted.length, max: o.ritual.maxPresenters, used: minutesUsed(slotted), minutes: o.ritual.durationMinutes });
  const lines = slotted.map((i, n) => `${n + 1}. ${itemLine(l, i)}`);
  const blocks: KnownBlock[] = [
    { type: 'section', text: mrkdwn(text) },
    { type: 'section', text: mrkdwn(lines.length ? lines.join('\n') : tr('agenda.empty')) },
    ...waitlistBlock(l, waitlisted),
    { type: 'context', elements: [mrkdwn(count)] },
  ];
  if (open) {
    blocks.push({
      type: 'actions',
      block_id: 'agenda_call',
      elements: [button(tr('agenda.button.signup'), ACTIONS.signup, o.ref, 'primary'), button(tr('agenda.button.withdrawMine'), ACTIONS.withdrawMine, o.ref)],
    });
  }
  return { text, blocks };
}

// ---------------------------------------------------------------------------
// /agenda and the approvers' validation message
// ---------------------------------------------------------------------------

export interface AgendaViewInput {
  o: AgendaOccurrence;
  items: readonly AgendaItem[];
  lockedAt: Date | undefined;
  now: Date;
  viewer: string;
  /** Show Approve / Decline on each slotted item. */
  approver: boolean;
  /** The validation message starts with who asks and until when. */
  intro?: 'validation';
  /** Key facts per opportunity id, shown to approvers under each item (issue 14 item 7). */
  facts?: ReadonlyMap<number, ItemFacts>;
}

function stateLine(l: Locale, o: AgendaOccurrence, lockedAt: Date | undefined, now: Date): string {
  const { tr } = l;
  if (lockedAt) return tr('agenda.state.locked', { locked: slackWhen(lockedAt, l) });
  const state = signupState(o, now);
  if (state === 'none') return tr('agenda.state.none');
  if (state === 'not_open' && o.opensAt) return tr('agenda.state.notOpen', { opens: slackWhen(o.opensAt, l), closes: slackWhen(o.closesAt, l) });
  if (state === 'open') return tr('agenda.state.open', { closes: slackWhen(o.closesAt, l) });
  if (needsApproval(o.ritual) && o.lockAt && now < o.lockAt) return tr('agenda.state.validation', { lock: slackWhen(o.lockAt, l) });
  return tr('agenda.state.closed');
}

/** Whether approvers may still approve or decline (Rule: until the lock, and never after the start). */
export function decisionsOpen(o: AgendaOccurrence, lockedAt: Date | undefined, now: Date): boolean {
  return needsApproval(o.ritual) && !lockedAt && now < o.start && (!o.lockAt || now < o.lockAt);
}

export function agendaMessage(l: Locale, v: AgendaViewInput): Message {
  const { tr } = l;
  const { o } = v;
  const { slotted, waitlisted } = live(v.items);
  const title = tr('agenda.header', { name: o.ritual.name, date: localWhen(o.start, l) });
  const blocks: KnownBlock[] = [{ type: 'header', text: plain(title, 150) }];
  if (v.intro === 'validation') {
    blocks.push({ type: 'section', text: mrkdwn(tr('agenda.validation.intro', { name: o.ritual.name, when: slackWhen(o.start, l) })) });
  }
  const count = tr('agenda.call.count', { count: slotted.length, max: o.ritual.maxPresenters, used: minutesUsed(slotted), minutes: o.ritual.durationMinutes });
  blocks.push({ type: 'context', elements: [mrkdwn(`${stateLine(l, o, v.lockedAt, v.now)} · ${count}`)] });
  const deciding = v.approver && decisionsOpen(o, v.lockedAt, v.now);
  if (deciding && o.lockAt) {
    blocks.push({
      type: 'context',
      elements: [mrkdwn(tr('agenda.validateBy', { lock: slackWhen(o.lockAt, l), fate: tr(o.ritual.unapproved === 'keep' ? 'agenda.fate.keep' : 'agenda.fate.drop') }))],
    });
  }
  const started = v.now >= o.start;
  const times = v.lockedAt || !needsApproval(o.ritual) ? schedule(o.start, slotted) : undefined;
  slotted.forEach((item, n) => {
    const line = itemLine(l, item, times?.[n]?.startsAt);
    const approval = needsApproval(o.ritual) ? `\n${approvalLine(tr, item)}` : '';
    const mine = item.presenterId === v.viewer && !started;
    blocks.push({
      type: 'section',
      block_id: `agenda_item:${item.id}`,
      text: mrkdwn(`${times ? '' : `${n + 1}. `}${line}${approval}`),
      ...(mine ? { accessory: button(tr('agenda.button.withdraw'), ACTIONS.withdraw, String(item.id)) } : {}),
    });
    const facts = item.opportunityId !== null ? v.facts?.get(item.opportunityId) : undefined;
    if (facts) blocks.push({ type: 'context', block_id: `agenda_facts:${item.id}`, elements: [mrkdwn(factsLine(l, facts))] });
    if (deciding) {
      const elements: Button[] = [];
      if (item.approval !== 'approved') elements.push(button(tr('agenda.button.approve'), ACTIONS.approve, String(item.id), 'primary'));
      if (item.approval !== 'declined') elements.push(button(tr('agenda.button.decline'), ACTIONS.decline, String(item.id), 'danger'));
      if (item.opportunityId !== null) elements.push(detailsButton(tr, item.opportunityId));
      blocks.push({ type: 'actions', block_id: `agenda_decide:${item.id}`, elements });
    }
  });
  if (slotted.length === 0) blocks.push({ type: 'section', text: mrkdwn(tr('agenda.empty')) });
  blocks.push(...waitlistBlock(l, waitlisted));
  const actions: ActionsBlock = { type: 'actions', block_id: 'agenda_actions', elements: [] };
  if (signupState(o, v.now) === 'open' && !v.lockedAt) actions.elements.push(button(tr('agenda.button.signup'), ACTIONS.signup, o.ref, 'primary'));
  const myWaitlisted = waitlisted.filter((i) => i.presenterId === v.viewer);
  for (const item of myWaitlisted.slice(0, 3)) {
    actions.elements.push(button(`${tr('agenda.button.withdraw')} ${itemTitle(item)}`, `${ACTIONS.withdraw}:${item.id}`, String(item.id)));
  }
  if (actions.elements.length > 0) blocks.push(actions);
  const fallback = [title, ...slotted.map((i, n) => `${n + 1}. ${esc(itemTitle(i))} (${i.duration} min)`)].join('\n');
  return { text: truncate(fallback, 3000), blocks };
}

// ---------------------------------------------------------------------------
// The final agenda (channel) and the reminder's agenda
// ---------------------------------------------------------------------------

export function agendaLines(l: Locale, o: AgendaOccurrence, kept: readonly AgendaItem[]): KnownBlock[] {
  if (kept.length === 0) return [{ type: 'section', text: mrkdwn(l.tr('agenda.final.empty')) }];
  return schedule(o.start, kept).map(({ item, startsAt }) => ({ type: 'section', text: mrkdwn(itemLine(l, item, startsAt)) }));
}

export function finalAgendaMessage(l: Locale, o: AgendaOccurrence, kept: readonly AgendaItem[], validated: boolean): Message {
  const text = l.tr('agenda.final.title', { name: o.ritual.name, when: slackWhen(o.start, l) });
  const blocks: KnownBlock[] = [{ type: 'section', text: mrkdwn(text) }];
  if (!validated && needsApproval(o.ritual)) blocks.push({ type: 'context', elements: [mrkdwn(l.tr('agenda.final.notValidated'))] });
  blocks.push(...agendaLines(l, o, kept));
  return { text, blocks };
}

// ---------------------------------------------------------------------------
// Outcomes (a DM to each approver after the meeting)
// ---------------------------------------------------------------------------

export function outcomesMessage(l: Locale, o: AgendaOccurrence, kept: readonly AgendaItem[]): Message {
  const { tr } = l;
  const text = tr('agenda.outcomes.intro', { name: o.ritual.name, when: slackWhen(o.start, l) });
  const blocks: KnownBlock[] = [{ type: 'section', text: mrkdwn(text) }];
  for (const item of kept) {
    blocks.push({ type: 'section', block_id: `agenda_item:${item.id}`, text: mrkdwn(itemLine(l, item)) });
    if (item.outcome && item.outcomeBy) {
      const recorded = tr('agenda.outcome.recorded', { outcome: outcomeLabel(tr, item.outcome), user: item.outcomeBy });
      const note = item.outcomeNote ? `\n>${esc(item.outcomeNote, 500)}` : '';
      blocks.push({ type: 'context', elements: [mrkdwn(`${recorded}${note}`)] });
      continue;
    }
    const id = String(item.id);
    blocks.push({
      type: 'actions',
      block_id: `agenda_outcome:${item.id}`,
      elements: [
        button(tr('agenda.button.go'), ACTIONS.go, id, 'primary'),
        button(tr('agenda.button.rework'), ACTIONS.rework, id),
        {
          ...button(tr('agenda.button.noGo'), ACTIONS.noGo, id, 'danger'),
          confirm: {
            title: plain(tr('agenda.noGo.confirmTitle'), 100),
            text: plain(tr('agenda.noGo.confirmText', { id: item.opportunityId ?? item.id, title: truncate(item.title, 100) }), 300),
            confirm: plain(tr('agenda.noGo.confirm'), 30),
            deny: plain(tr('agenda.noGo.deny'), 30),
            style: 'danger',
          },
        },
      ],
    });
  }
  return { text, blocks };
}

// ---------------------------------------------------------------------------
// Modals
// ---------------------------------------------------------------------------

export interface SignupMetadata {
  ref: string;
  /** Where to confirm (the channel the form was opened from). */
  channel?: string;
}

export function signupModal(
  l: Locale,
  o: AgendaOccurrence,
  p: { opportunities: readonly Pick<OpportunityRow, 'id' | 'title' | 'status'>[]; selected?: number; metadata: SignupMetadata },
): View {
  const { tr } = l;
  const option = (text: string, value: string): PlainTextOption => ({ text: plain(text), value });
  const asks = [option(tr('agenda.ask.feedbackLong'), 'feedback'), option(tr('agenda.ask.decisionLong'), 'decision')];
  const durations = DURATIONS.map((d) => option(tr('agenda.minutes', { minutes: d }), String(d)));
  const blocks: KnownBlock[] = [
    {
      type: 'section',
      text: mrkdwn(tr('agenda.modal.intro', { name: esc(o.ritual.name), when: slackWhen(o.start, l), max: o.ritual.maxPresenters, minutes: o.ritual.durationMinutes })),
    },
  ];
  if (needsApproval(o.ritual)) {
    // Slack allows 100 options: the one asked for (the card's Request an agenda slot) is always among them.
    const chosen = p.opportunities.find((opp) => opp.id === p.selected);
    const first = p.opportunities.slice(0, 100);
    const listed = chosen && !first.includes(chosen) ? [chosen, ...first.slice(0, 99)] : first;
    const options = listed.map((opp) => option(`#${opp.id} ${opp.title} (${statusLabel(tr, opp.status)})`, String(opp.id)));
    const initial = options.find((x) => x.value === String(p.selected));
    blocks.push({
      type: 'input',
      block_id: BLOCKS.opportunity,
      label: plain(tr('agenda.modal.opportunity'), 2000),
      hint: plain(tr('agenda.modal.opportunityHint'), 2000),
      element: { type: 'static_select', action_id: VALUE, options, ...(initial ? { initial_option: initial } : {}) },
    });
  } else {
    blocks.push({
      type: 'input',
      block_id: BLOCKS.topic,
      label: plain(tr('agenda.modal.topic'), 2000),
      hint: plain(tr('agenda.modal.topicHint'), 2000),
      element: { type: 'plain_text_input', action_id: VALUE, max_length: TOPIC_MAX },
    });
  }
  blocks.push(
    {
      type: 'input',
      block_id: BLOCKS.ask,
      label: plain(tr('agenda.modal.ask'), 2000),
      element: { type: 'radio_buttons', action_id: VALUE, options: asks, initial_option: asks[0] },
    },
    {
      type: 'input',
      block_id: BLOCKS.duration,
      label: plain(tr('agenda.modal.duration'), 2000),
      element: { type: 'static_select', action_id: VALUE, options: durations, initial_option: durations[1] },
    },
  );
  return {
    type: 'modal',
    callback_id: VIEWS.signup,
    private_metadata: JSON.stringify(p.metadata),
    title: plain(tr('agenda.modal.title'), 24),
    submit: plain(tr('agenda.modal.submit'), 24),
    close: plain(tr('agenda.modal.cancel'), 24),
    blocks,
  };
}

export interface ItemMetadata {
  item: number;
  /** The message the button was in (refreshed after the submission when it is the approver's own prompt). */
  channel?: string;
  ts?: string;
}

function noteModal(l: Locale, p: { callbackId: string; title: string; submit: string; intro: string; label: string; block: string; metadata: ItemMetadata }): View {
  return {
    type: 'modal',
    callback_id: p.callbackId,
    private_metadata: JSON.stringify(p.metadata),
    title: plain(p.title, 24),
    submit: plain(p.submit, 24),
    close: plain(l.tr('agenda.modal.cancel'), 24),
    blocks: [
      { type: 'section', text: mrkdwn(p.intro) },
      {
        type: 'input',
        block_id: p.block,
        label: plain(p.label, 2000),
        element: { type: 'plain_text_input', action_id: VALUE, multiline: true, max_length: NOTE_MAX },
      },
    ],
  };
}

export function declineModal(l: Locale, o: AgendaOccurrence, item: AgendaItem, metadata: ItemMetadata): View {
  const { tr } = l;
  return noteModal(l, {
    callbackId: VIEWS.decline,
    title: tr('agenda.decline.title'),
    submit: tr('agenda.decline.submit'),
    intro: tr('agenda.decline.intro', { title: esc(itemTitle(item)), user: item.presenterId, name: esc(o.ritual.name), when: slackWhen(o.start, l) }),
    label: tr('agenda.decline.reason'),
    block: BLOCKS.reason,
    metadata,
  });
}

export function reworkModal(l: Locale, item: AgendaItem, metadata: ItemMetadata): View {
  const { tr } = l;
  return noteModal(l, {
    callbackId: VIEWS.rework,
    title: tr('agenda.rework.title'),
    submit: tr('agenda.rework.submit'),
    intro: tr('agenda.rework.intro', { title: esc(itemTitle(item)), user: item.presenterId }),
    label: tr('agenda.rework.feedback'),
    block: BLOCKS.feedback,
    metadata,
  });
}

// ---------------------------------------------------------------------------
// Direct messages to presenters
// ---------------------------------------------------------------------------

function dm(text: string): Message {
  return { text, blocks: [{ type: 'section', text: mrkdwn(text) }] };
}

export function promotedMessage(l: Locale, o: AgendaOccurrence, item: AgendaItem): Message {
  return dm(l.tr('agenda.promoted', { title: esc(itemTitle(item)), name: esc(o.ritual.name), when: slackWhen(o.start, l), duration: item.duration }));
}

/** The day of a meeting in a button label (plain text holds no date token): "Thu 3 Dec". */
export function localDay(at: Date, l: Pick<Locale, 'lang' | 'zone'>): string {
  return DateTime.fromJSDate(at, { zone: l.zone }).setLocale(l.lang).toFormat('ccc d LLL');
}

/**
 * Bad news carries its next step (issue 14 item 10): when the next sign-ups
 * open, and the buttons to act on it — Edit the opportunity (the card's edit
 * modal) and Request a slot for the next meeting (the card's request-slot flow).
 */
export function nextStep(l: Locale, o: AgendaOccurrence, item: AgendaItem, next: AgendaOccurrence | undefined, slot = true): { line: string; blocks: KnownBlock[] } {
  const { tr } = l;
  const name = esc(o.ritual.name);
  const line = next?.opensAt
    ? tr('agenda.next.opens', { name, next: slackWhen(next.start, l), opens: slackWhen(next.opensAt, l) })
    : next
      ? tr('agenda.next.noSignups', { name, next: slackWhen(next.start, l) })
      : tr('agenda.next.none', { name });
  if (item.opportunityId === null) return { line, blocks: [] };
  const id = String(item.opportunityId);
  const elements: Button[] = [button(tr('agenda.button.editOpportunity'), ACTION_EDIT_OPPORTUNITY, id)];
  if (slot && next?.opensAt) elements.push(button(tr('agenda.button.requestSlot', { date: localDay(next.start, l) }), ACTION_REQUEST_AGENDA_SLOT, id, 'primary'));
  return { line, blocks: [{ type: 'actions', block_id: `agenda_next:${item.id}`, elements }] };
}

function withNextStep(text: string, step: { line: string; blocks: KnownBlock[] }): Message {
  return { text, blocks: [{ type: 'section', text: mrkdwn(text) }, { type: 'context', elements: [mrkdwn(step.line)] }, ...step.blocks] };
}

export function droppedMessage(
  l: Locale,
  o: AgendaOccurrence,
  item: AgendaItem,
  reason: 'declined' | 'not_approved' | 'waitlist' | 'opportunity_moved',
  next?: AgendaOccurrence,
): Message {
  const params = {
    title: esc(itemTitle(item)),
    name: esc(o.ritual.name),
    when: slackWhen(o.start, l),
    reason: esc(item.approvalNote ?? '—', 1500),
    status: item.opportunityStatus ? statusLabel(l.tr, item.opportunityStatus) : '—',
    user: item.approvalBy ?? '—',
  };
  const text = l.tr(`agenda.dropped.${reason}`, params);
  // The opportunity moved on (its owner's own doing): no next step to offer.
  if (reason === 'opportunity_moved') return dm(text);
  return withNextStep(text, nextStep(l, o, item, next));
}

export function outcomeDm(l: Locale, o: AgendaOccurrence, item: AgendaItem, outcome: Outcome, feedback: string | null, next?: AgendaOccurrence): Message {
  const params = { title: esc(itemTitle(item)), name: esc(o.ritual.name), feedback: esc(feedback ?? '—', 2000), user: item.outcomeBy ?? '—' };
  const main = l.tr(`agenda.outcome.dm.${outcome}`, params);
  const note = outcome !== 'rework' && feedback ? `\n${l.tr('agenda.outcome.dm.note', params)}` : '';
  const text = `${main}${note}`;
  if (outcome === 'go') return dm(text);
  // Rework: edit, then present again; no-go: edit and pitch again later (no slot: it is not pitched any more).
  return withNextStep(text, nextStep(l, o, item, next, outcome === 'rework'));
}
