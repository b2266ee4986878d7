import type { AppContext } from '../../../context.js';
import { awaitingAgenda, getOpportunityRow, statusLabel } from '../../../opportunities/index.js';
import { signupModal } from '../../blocks.js';
import { localeFor, resolveRef, skipsOf, windowRefusal, withdraw, type WithdrawResult } from '../../service.js';
import { agendaRituals, needsApproval, signupTarget } from '../../window.js';
import { afterWithdraw, parseItemId, say, signupView, withdrawMine, withdrawText, type ButtonArgs } from '../shared.js';

/*
 * The buttons that sign up and withdraw: the call's "Sign up" and "Withdraw
 * my sign-up", an item's "Withdraw", and the opportunity card's "Request an
 * agenda slot".
 */

/** The call's "Sign up": the sign-up modal of that occurrence, or why not. */
export async function signupButton(ctx: AppContext, { ack, body, action, client, respond }: ButtonArgs): Promise<void> {
  await ack();
  const user = body.user.id;
  const o = resolveRef(ctx, action.value ?? '');
  if (!o) return void (await say(respond, { text: ctx.tr(user)('agenda.stale') }));
  const opened = signupView(ctx, user, o, body.channel?.id);
  if (!opened.view) return void (await say(respond, { text: opened.refusal ?? ctx.tr(user)('agenda.stale') }));
  await client.views.open({ trigger_id: body.trigger_id, view: opened.view });
}

/** The call's "Withdraw my sign-up". */
export async function withdrawMineButton(ctx: AppContext, { ack, body, action, client, respond }: ButtonArgs): Promise<void> {
  await ack();
  const user = body.user.id;
  const o = resolveRef(ctx, action.value ?? '');
  if (!o) return void (await say(respond, { text: ctx.tr(user)('agenda.stale') }));
  const { result, answer } = withdrawMine(ctx, user, o);
  await say(respond, answer);
  if (result?.ok) await afterWithdraw(ctx, client, result);
}

/** An item's "Withdraw" (the sign-up confirmation, the App Home). */
export async function withdrawButton(ctx: AppContext, { ack, body, action, client, respond }: ButtonArgs): Promise<void> {
  await ack();
  const user = body.user.id;
  const id = parseItemId(action.value);
  const result: WithdrawResult = id === undefined ? { ok: false, text: ctx.tr(user)('agenda.itemGone') } : withdraw(ctx, id, user, ctx.clock.now());
  await say(respond, { text: withdrawText(ctx, user, result) });
  if (result.ok) await afterWithdraw(ctx, client, result);
}

/**
 * The opportunity card's "Request an agenda slot": the sign-up modal of the
 * next alignment meeting with this opportunity chosen, or why not.
 */
export async function openSignupForOpportunity(ctx: AppContext, { body, action, client, respond }: ButtonArgs): Promise<void> {
  const user = body.user.id;
  const tr = ctx.tr(user);
  const answer = (text: string) => respond({ response_type: 'ephemeral', replace_original: false, text });
  const id = parseItemId(action.value);
  const opp = id === undefined ? undefined : getOpportunityRow(ctx.db, id);
  if (id === undefined || !opp || (opp.status === 'draft' && opp.ownerId !== user)) return void (await answer(tr('opp.gone', { id: id ?? '?' })));
  if (opp.ownerId !== user) return void (await answer(tr('opp.slot.notOwner', { id: opp.id })));
  if (opp.status !== 'pitched' && opp.status !== 'rework') return void (await answer(tr('opp.slot.status', { id: opp.id, status: statusLabel(tr, opp.status) })));
  const ritual = agendaRituals(ctx.org).find((r) => needsApproval(r));
  const o = ritual ? signupTarget(ctx.org, ritual, ctx.clock.now(), skipsOf(ctx)) : undefined;
  if (!o) return void (await answer(tr('opp.slot.noRitual')));
  const refusal = windowRefusal(ctx, o, user, ctx.clock.now());
  if (refusal) return void (await answer(refusal.text));
  const view = signupModal(localeFor(ctx, user), o, {
    opportunities: awaitingAgenda(ctx, user),
    selected: opp.id,
    metadata: { ref: o.ref, ...(body.channel?.id ? { channel: body.channel.id } : {}) },
  });
  await client.views.open({ trigger_id: body.trigger_id, view });
}

/** The card button, once the opportunities feature hands it to the agenda (issue 17). */
export async function requestAgendaSlotButton(ctx: AppContext, args: ButtonArgs): Promise<void> {
  await args.ack();
  await openSignupForOpportunity(ctx, args);
}
