import type { AllMiddlewareArgs, BlockAction, ButtonAction, RespondFn, SlackActionMiddlewareArgs, SlackViewMiddlewareArgs, ViewStateValue } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { deliverPending } from '../../delivery/outbox.js';
import { awaitingAgenda } from '../../opportunities/index.js';
import { tellPrivately } from '../../slack/dm.js';
import { escapeText } from '../../slack/text.js';
import { VALUE, agendaMessage, itemTitle, live, localWhen, outcomesMessage, signupCallMessage, signupModal, type Message } from '../blocks.js';
import { factsOf, isApprover, localeFor, lockedAt, orgLocale, signupCallAt, windowRefusal, withdraw, type WithdrawResult } from '../service.js';
import { itemsOf } from '../store.js';
import { needsApproval, signupState, type AgendaOccurrence } from '../window.js';

/*
 * What the agenda's listeners share: argument types, metadata parsing and the
 * answers several of them give. Listeners are thin: they parse, call
 * service.ts (which checks and writes in one transaction) and answer. Answers
 * to a click go straight to the Web API after the ack; what the bot says on
 * its own (a promotion, an outcome DM) was enqueued in the outbox by the
 * service and is delivered right after.
 */

export type ButtonArgs = SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs;
export type ViewArgs = SlackViewMiddlewareArgs & AllMiddlewareArgs;

export const signupMetadata = z.strictObject({ ref: z.string().max(100), channel: z.string().regex(/^[CGD][A-Z0-9]{6,}$/).optional() });
export const itemMetadata = z.strictObject({
  item: z.number().int().positive(),
  channel: z.string().regex(/^[CGD][A-Z0-9]{6,}$/).optional(),
  ts: z.string().regex(/^\d{1,12}\.\d{1,8}$/).optional(),
});

export function readJson<T>(schema: z.ZodType<T>, text: string | undefined): T | undefined {
  try {
    const parsed = schema.safeParse(JSON.parse(text ?? ''));
    return parsed.success ? parsed.data : undefined;
  } catch {
    // Forged or truncated private_metadata: the caller answers that the form is out of date.
    return undefined;
  }
}

/** A title inside mrkdwn: user text must not become a mention or a link. */
export const safeTitle = (item: Parameters<typeof itemTitle>[0]) => escapeText(itemTitle(item));

export function parseItemId(value: string | undefined): number | undefined {
  return value && /^\d{1,15}$/.test(value) ? Number(value) : undefined;
}

export type Values = Record<string, Record<string, ViewStateValue>>;
export const stateOf = (values: Values, block: string): ViewStateValue | undefined => values[block]?.[VALUE];

/** Sends what the service enqueued (promotion, outcome DMs); failures stay in the outbox for the rituals job. */
export async function deliver(ctx: AppContext): Promise<void> {
  await deliverPending(ctx, ctx.clock.now(), { limit: 20, maxWaitMs: 0 });
}

/** Redraws the channel's sign-up call after the agenda changed (a reply to a click: straight to the Web API). */
export async function redrawCall(ctx: AppContext, client: WebClient, o: AgendaOccurrence): Promise<void> {
  const at = signupCallAt(ctx, o);
  if (!at) return;
  const m = signupCallMessage(orgLocale(ctx), o, itemsOf(ctx.db, o.ritual.key, o.occurrence.key), signupState(o, ctx.clock.now()) === 'open' && !lockedAt(ctx, o));
  await client.chat.update({ channel: at.channel, ts: at.ts, text: m.text, blocks: m.blocks });
}

/** An ephemeral answer in `channel`, or a DM when there is none or the person cannot see it. */
export async function tell(ctx: AppContext, client: WebClient, user: string, channel: string | undefined, message: Message | { text: string }): Promise<void> {
  await tellPrivately({ db: ctx.db, client, logger: ctx.logger }, user, channel, message);
}

export const say = (respond: RespondFn, message: Message | { text: string }) => respond({ response_type: 'ephemeral', replace_original: false, ...message });

export function viewFor(ctx: AppContext, user: string, o: AgendaOccurrence, intro?: 'validation'): Message {
  const items = itemsOf(ctx.db, o.ritual.key, o.occurrence.key);
  const approver = needsApproval(o.ritual) && isApprover(ctx.org, user);
  return agendaMessage(localeFor(ctx, user), {
    o,
    items,
    lockedAt: lockedAt(ctx, o),
    now: ctx.clock.now(),
    viewer: user,
    approver,
    ...(intro ? { intro } : {}),
    ...(approver ? { facts: factsOf(ctx, live(items).slotted) } : {}),
  });
}

/** The sign-up modal for `o`, or why it cannot open. */
export function signupView(ctx: AppContext, user: string, o: AgendaOccurrence, channel: string | undefined, selected?: number) {
  const refusal = windowRefusal(ctx, o, user, ctx.clock.now());
  if (refusal) return { refusal: refusal.text };
  const opportunities = needsApproval(o.ritual) ? awaitingAgenda(ctx, user) : [];
  if (needsApproval(o.ritual) && opportunities.length === 0) return { refusal: ctx.tr(user)('agenda.signup.noOpportunity') };
  const metadata = { ref: o.ref, ...(channel ? { channel } : {}) };
  return { view: signupModal(localeFor(ctx, user), o, { opportunities, ...(selected !== undefined ? { selected } : {}), metadata }) };
}

/** After a withdrawal committed: tell the promoted and the opportunity card (both enqueued), redraw the call. */
export async function afterWithdraw(ctx: AppContext, client: WebClient, result: Extract<WithdrawResult, { ok: true }>): Promise<void> {
  await deliver(ctx);
  await redrawCall(ctx, client, result.o);
}

export function withdrawText(ctx: AppContext, user: string, result: WithdrawResult): string {
  if (!result.ok) return result.text;
  const tr = ctx.tr(user);
  const done = tr('agenda.withdraw.done', { title: safeTitle(result.item), name: result.o.ritual.name });
  if (result.promoted.length === 0) return done;
  return `${done} ${tr('agenda.withdraw.promoted', { people: result.promoted.map((i) => `<@${i.presenterId}>`).join(', ') })}`;
}

/** "Withdraw my sign-up" (command or call button): the person's only live item on that agenda. */
export function withdrawMine(ctx: AppContext, user: string, o: AgendaOccurrence): { result?: WithdrawResult; answer: Message | { text: string } } {
  const tr = ctx.tr(user);
  const l = localeFor(ctx, user);
  const { slotted, waitlisted } = live(itemsOf(ctx.db, o.ritual.key, o.occurrence.key));
  const mine = [...slotted, ...waitlisted].filter((i) => i.presenterId === user);
  const [only] = mine;
  if (!only) return { answer: { text: tr('agenda.withdraw.nothing', { name: o.ritual.name, when: localWhen(o.start, l) }) } };
  if (mine.length > 1) {
    const view = viewFor(ctx, user, o);
    return { answer: { text: tr('agenda.withdraw.which'), blocks: [{ type: 'section', text: { type: 'mrkdwn', text: tr('agenda.withdraw.which') } }, ...view.blocks] } };
  }
  const result = withdraw(ctx, only.id, user, ctx.clock.now());
  return { result, answer: { text: withdrawText(ctx, user, result) } };
}

/** The outcome buttons of an occurrence, as this person sees them. */
export function outcomesFor(ctx: AppContext, user: string, o: AgendaOccurrence): Message {
  const kept = live(itemsOf(ctx.db, o.ritual.key, o.occurrence.key)).slotted.filter((i) => i.opportunityId !== null);
  return outcomesMessage(localeFor(ctx, user), o, kept);
}
