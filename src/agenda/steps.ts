import type { AppContext } from '../context.js';
import type { OutboxMessage } from '../delivery/outbox.js';
import { occurrenceRef, reminderMessage, slackDate } from '../rituals/index.js';
import type { ScheduledStep, StepHandler, StepTools } from '../rituals/index.js';
import { agendaLines, agendaMessage, finalAgendaMessage, live, outcomesMessage, signupCallMessage, slackWhen, type Message } from './blocks.js';
import { approversOf, dmTo, factsOf, localeFor, lockAgenda, lockedAt, orgLocale, outcomesKey, signupCallAt, validationKey } from './service.js';
import { emptyAgendaPrompts } from './empty.js';
import { itemsOf } from './store.js';
import { agendaOccurrence, isAgendaRitual, needsApproval, signupState, type AgendaOccurrence } from './window.js';

/**
 * What the steps of an agenda ritual do. Runs inside the step's claim
 * transaction (src/rituals/jobs.ts): synchronous, and every database change
 * (the lock) commits with the claim and the returned outbox messages.
 * `undefined` hands the action back to the generic ritual handler.
 */
/** The one note posted instead of a sign-up call that came too late. */
function missedCallMessage(ctx: AppContext, o: AgendaOccurrence): Message {
  const l = orgLocale(ctx);
  const approvers = approversOf(ctx.org).map((u) => `<@${u}>`).join(', ') || '—';
  const text = l.tr('agenda.call.missed', { name: o.ritual.name, when: slackWhen(o.start, l), approvers });
  return { text, blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }] };
}

export function agendaStepEffects(ctx: AppContext, s: ScheduledStep, now: Date, tools: StepTools): OutboxMessage[] | undefined {
  const zone = ctx.org.organisation.timezone;
  const o = agendaOccurrence(s.ritual, s.occurrence, zone);
  const key = `ritual:${s.claimKey}`;
  const topic = `ritual:${o.ref}`;
  const items = () => itemsOf(ctx.db, o.ritual.key, o.occurrence.key);
  const toChannel = (m: Message, expiresAt: Date): OutboxMessage => ({
    dedupeKey: key,
    topic,
    method: 'chat.postMessage',
    args: { channel: s.ritual.channel, text: m.text, blocks: m.blocks, unfurl_links: false },
    expiresAt,
  });

  switch (s.step.action) {
    case 'open_signups': {
      const state = signupState(o, now);
      if (state === 'open') return [toChannel(signupCallMessage(orgLocale(ctx), o, items(), true), o.closesAt)];
      // Caught up after sign-ups already closed (the bot was down): a call to something
      // closed would only mislead, but silence loses the meeting's sign-ups unnoticed.
      // One short note says so, while the meeting is still ahead (issue 11 item 13).
      if (state === 'closed' && now < o.start) return [toChannel(missedCallMessage(ctx, o), o.start)];
      return [];
    }

    case 'close_signups': {
      // The call loses its buttons; if it was never delivered there is nothing to redraw.
      const at = signupCallAt(ctx, o);
      if (!at) return [];
      const m = signupCallMessage(orgLocale(ctx), o, items(), false);
      return [{ dedupeKey: key, topic, method: 'chat.update', args: { channel: at.channel, ts: at.ts, text: m.text, blocks: m.blocks } }];
    }

    case 'request_validation': {
      if (!needsApproval(o.ritual)) return [];
      const all = items();
      if (live(all).slotted.length === 0) return [];
      const facts = factsOf(ctx, live(all).slotted);
      return approversOf(ctx.org).map((approver) => {
        const m = agendaMessage(localeFor(ctx, approver), { o, items: all, lockedAt: undefined, now, viewer: approver, approver: true, intro: 'validation', facts });
        return dmTo(approver, validationKey(o, approver), m, o.lockAt ?? o.start);
      });
    }

    case 'lock_agenda':
      return lockAgenda(ctx, o, now);

    case 'post_agenda': {
      const validated = lockedAt(ctx, o) !== undefined;
      const kept = live(items()).slotted;
      // An empty agenda is not posted to the whole channel: the approvers decide whether the meeting happens (empty.ts).
      if (kept.length === 0) return emptyAgendaPrompts(ctx, o);
      return [toChannel(finalAgendaMessage(orgLocale(ctx), o, kept, validated), o.start)];
    }

    case 'remind': {
      const l = orgLocale(ctx);
      const ref = occurrenceRef(o.ritual.key, o.occurrence.key);
      const reminder = reminderMessage(l.tr, { ritual: s.ritual, start: o.start, at: s.at, when: slackDate(o.start, zone, l.lang), ref, links: tools.reminderLinks(s.ritual, now) });
      const kept = live(items()).slotted;
      const blocks = kept.length ? [...reminder.blocks, { type: 'section' as const, text: { type: 'mrkdwn' as const, text: l.tr('agenda.remind.agenda') } }, ...agendaLines(l, o, kept)] : reminder.blocks;
      return [toChannel({ text: reminder.text, blocks }, s.lateAt)];
    }

    case 'collect_outcomes': {
      if (!needsApproval(o.ritual) || !lockedAt(ctx, o)) return [];
      const kept = live(items()).slotted.filter((i) => i.opportunityId !== null);
      if (kept.length === 0) return [];
      return approversOf(ctx.org).map((approver) => dmTo(approver, outcomesKey(o, approver), outcomesMessage(localeFor(ctx, approver), o, kept)));
    }

    default:
      return undefined;
  }
}

/** The agenda's step handler for the ritual engine (registered in src/features.ts): agenda rituals only. */
export const agendaStepHandler: StepHandler = (ctx, s, now, tools) => (isAgendaRitual(s.ritual) ? agendaStepEffects(ctx, s, now, tools) : undefined);
