import type { KnownBlock } from '@slack/types';
import type { AppContext } from '../context.js';
import { enqueue, outboxEntry, type OutboxMessage } from '../delivery/outbox.js';
import { addSkip, parseOccurrenceRef } from '../rituals/index.js';
import { escapeTextCapped } from '../slack/cap.js';
import { ACTIONS, localWhen, slackWhen, type Locale, type Message } from './blocks.js';
import { approversOf, dmTo, isApprover, localeFor, skipsOf, type AgendaContext } from './service.js';
import { releaseSkippedOccurrence } from './skip.js';
import { resolveAgendaRef, type AgendaOccurrence } from './window.js';

/*
 * An empty final agenda (issue 14 item 2): the post_agenda step posts nothing
 * to the meeting channel; each approver gets a DM asking "Cancel this
 * occurrence" or "Keep it".
 *  Rule 1. approvers and admins decide; anyone else is refused, nothing written.
 *  Rule 2. the first decision wins (one row per occurrence, INSERT … ON
 *          CONFLICT DO NOTHING): a double click or a second approver reads
 *          the decision already taken, and nothing happens twice.
 *  Rule 3. cancel has the effect of `/cadence skip` for that occurrence, in the
 *          same transaction: the date is recorded in ritual_skips (its later
 *          steps — reminders, outcomes — never run) and the agenda's skip hook
 *          closes the sign-up call and releases anything still on it.
 *  Rule 4. keep sends nothing more.
 *  Rule 5. every approver's DM is redrawn in place with what was decided and by
 *          whom (the clicker's by the click's answer, the others' through the outbox).
 *  Rule 6. only before the meeting starts.
 */

export type EmptyDecision = 'cancelled' | 'kept';

export interface EmptyDecisionRow {
  decision: EmptyDecision;
  decidedBy: string;
  decidedAt: string;
}

export function emptyPromptKey(o: Pick<AgendaOccurrence, 'ref'>, approver: string): string {
  return `agenda:${o.ref}:empty:${approver}`;
}

export function emptyDecisionOf(ctx: Pick<AppContext, 'db'>, ritualKey: string, occurrenceKey: string): EmptyDecisionRow | undefined {
  return ctx.db
    .prepare<[string, string], EmptyDecisionRow>(
      'SELECT decision, decided_by AS decidedBy, decided_at AS decidedAt FROM agenda_empty_decisions WHERE ritual_key = ? AND occurrence_key = ?',
    )
    .get(ritualKey, occurrenceKey);
}

const mrkdwn = (text: string) => ({ type: 'mrkdwn' as const, text });

/** The approver's DM: the question with its two buttons, or (once decided) what was decided and by whom. */
export function emptyAgendaPrompt(l: Locale, o: Pick<AgendaOccurrence, 'ritual' | 'start' | 'ref'>, decided?: EmptyDecisionRow): Message {
  const name = escapeTextCapped(o.ritual.name, 80);
  const when = slackWhen(o.start, l);
  if (decided) {
    const at = slackWhen(new Date(decided.decidedAt), l);
    const text = l.tr(decided.decision === 'cancelled' ? 'agenda.empty.cancelled' : 'agenda.empty.kept', { name, when, user: decided.decidedBy, at });
    return { text, blocks: [{ type: 'section', text: mrkdwn(text) }] };
  }
  const text = l.tr('agenda.empty.ask', { name, when });
  const blocks: KnownBlock[] = [
    { type: 'section', text: mrkdwn(text) },
    { type: 'context', elements: [mrkdwn(l.tr('agenda.empty.explain'))] },
    {
      type: 'actions',
      block_id: 'agenda_empty',
      elements: [
        {
          type: 'button',
          action_id: ACTIONS.emptyCancel,
          value: o.ref,
          style: 'danger',
          text: { type: 'plain_text', text: l.tr('agenda.button.cancelOccurrence') },
          confirm: {
            title: { type: 'plain_text', text: l.tr('agenda.empty.confirmTitle') },
            text: { type: 'plain_text', text: l.tr('agenda.empty.confirmText', { name: o.ritual.name, date: localWhen(o.start, l) }) },
            confirm: { type: 'plain_text', text: l.tr('agenda.button.cancelOccurrence') },
            deny: { type: 'plain_text', text: l.tr('agenda.empty.deny') },
            style: 'danger',
          },
        },
        { type: 'button', action_id: ACTIONS.emptyKeep, value: o.ref, text: { type: 'plain_text', text: l.tr('agenda.button.keepOccurrence') } },
      ],
    },
  ];
  return { text, blocks };
}

/** The DMs the post_agenda step sends instead of an empty agenda (one per approver, once each). */
export function emptyAgendaPrompts(ctx: AgendaContext, o: AgendaOccurrence): OutboxMessage[] {
  return approversOf(ctx.org).map((approver) => dmTo(approver, emptyPromptKey(o, approver), emptyAgendaPrompt(localeFor(ctx, approver), o), o.start));
}

export type EmptyDecisionResult =
  | { ok: true; decided: EmptyDecisionRow; fresh: boolean; prompt: Pick<AgendaOccurrence, 'ritual' | 'start' | 'ref'> }
  | { ok: false; text: string };

export function decideEmptyAgenda(ctx: AgendaContext, ref: string, by: string, decision: EmptyDecision, now: Date): EmptyDecisionResult {
  const tr = ctx.tr(by);
  const parsed = parseOccurrenceRef(ref);
  const ritual = parsed && ctx.org.rituals.find((r) => r.key === parsed.ritualKey);
  if (!parsed || !ritual) return { ok: false, text: tr('agenda.stale') };
  if (!isApprover(ctx.org, by)) return { ok: false, text: tr('agenda.empty.notApprover', { approvers: approversOf(ctx.org).map((u) => `<@${u}>`).join(', ') || '—' }) };
  // Rule 2: a decision already taken is read, even once the occurrence is skipped (no longer in the calendar).
  const inCalendar = resolveAgendaRef(ctx.org, ref, () => new Set());
  const existing = emptyDecisionOf(ctx, parsed.ritualKey, parsed.occurrenceKey);
  if (existing && inCalendar) return { ok: true, decided: existing, fresh: false, prompt: inCalendar };
  const o = resolveAgendaRef(ctx.org, ref, skipsOf(ctx));
  if (!o) return { ok: false, text: tr('agenda.stale') };
  if (now >= o.start) return { ok: false, text: tr('agenda.empty.started', { name: o.ritual.name }) };
  return ctx.db
    .transaction((): EmptyDecisionResult => {
      const inserted = ctx.db
        .prepare('INSERT INTO agenda_empty_decisions (ritual_key, occurrence_key, decision, decided_by, decided_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING')
        .run(o.ritual.key, o.occurrence.key, decision, by, now.toISOString());
      const decided = emptyDecisionOf(ctx, o.ritual.key, o.occurrence.key);
      if (!decided) throw new Error(`empty-agenda decision for ${o.ref} vanished after its insert`);
      if (inserted.changes === 0) return { ok: true, decided, fresh: false, prompt: o };
      if (decision === 'cancelled' && addSkip(ctx.db, o.ritual.key, o.occurrence.localDate, by, now)) {
        releaseSkippedOccurrence(ctx, o.ritual, o.occurrence, by, now);
      }
      // Rule 5: the other approvers' DMs say it too (the clicker's is redrawn by the click's answer).
      for (const approver of approversOf(ctx.org)) {
        if (approver === by) continue;
        const sent = outboxEntry(ctx.db, emptyPromptKey(o, approver));
        if (!sent?.sentChannel || !sent.sentTs) continue;
        const m = emptyAgendaPrompt(localeFor(ctx, approver), o, decided);
        enqueue(
          ctx.db,
          { dedupeKey: `${emptyPromptKey(o, approver)}:decided`, topic: `agenda:dm:${approver}`, method: 'chat.update', args: { channel: sent.sentChannel, ts: sent.sentTs, text: m.text, blocks: m.blocks } },
          now,
        );
      }
      return { ok: true, decided, fresh: true, prompt: o };
    })
    .immediate();
}
