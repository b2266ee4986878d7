import type { AllMiddlewareArgs, BlockAction, OverflowAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { AppContext } from '../../../context.js';
import { createdMessage, evidenceModal, transitionModal } from '../../blocks.js';
import { checkTransition, isStatus, noteRequired } from '../../lifecycle.js';
import { parseId } from '../../parse.js';
import { announceTransition, canAddEvidence, canEdit, canView, transition, type TransitionResult } from '../../service.js';
import { getOpportunity, getOpportunityRow } from '../../store.js';
import { detailFor, detailModal, editModal, ephemeral, refusalText, type ButtonArgs } from '../shared.js';

/*
 * The card's buttons and menu (channel card, detail view): Add evidence, Edit,
 * Details, Pitch (a draft), and the overflow menu's moves. ("Request an agenda
 * slot" is answered by src/agenda.)
 */

export type OverflowArgs = SlackActionMiddlewareArgs<BlockAction<OverflowAction>> & AllMiddlewareArgs;

export async function onAddEvidence(ctx: AppContext, { ack, body, action, client, respond }: ButtonArgs): Promise<void> {
  await ack();
  const user = body.user.id;
  const tr = ctx.tr(user);
  const id = parseId(action.value);
  const opp = id === undefined ? undefined : getOpportunityRow(ctx.db, id);
  if (id === undefined || !opp || !canView(ctx.org, user, opp)) {
    await ephemeral(respond, { text: tr('opp.gone', { id: id ?? '?' }) });
    return;
  }
  if (!canAddEvidence(ctx.org, user, opp)) {
    await ephemeral(respond, { text: tr('opp.evidence.notAllowed', { id: opp.id }) });
    return;
  }
  await client.views.open({ trigger_id: body.trigger_id, view: evidenceModal(tr, opp, { id: opp.id, ...(body.channel?.id ? { channel: body.channel.id } : {}) }) });
}

export async function onEdit(ctx: AppContext, { ack, body, action, client, respond }: ButtonArgs): Promise<void> {
  await ack();
  const user = body.user.id;
  const tr = ctx.tr(user);
  const id = parseId(action.value);
  const opp = id === undefined ? undefined : getOpportunity(ctx.db, id);
  if (id === undefined || !opp || !canView(ctx.org, user, opp)) {
    await ephemeral(respond, { text: tr('opp.gone', { id: id ?? '?' }) });
    return;
  }
  if (!canEdit(ctx.org, user, opp)) {
    await ephemeral(respond, { text: tr('opp.edit.notAllowed', { id: opp.id }) });
    return;
  }
  await client.views.open({ trigger_id: body.trigger_id, view: editModal(ctx, user, opp, body.channel?.id) });
}

export async function onDetails(ctx: AppContext, { ack, body, action, respond, client }: ButtonArgs): Promise<void> {
  await ack();
  const user = body.user.id;
  const id = parseId(action.value);
  const detail = id === undefined ? ctx.tr(user)('opp.gone', { id: '?' }) : detailFor(ctx, user, id, body.team?.domain);
  if (body.container?.type === 'view') {
    // From the App Home (issue 14 item 8): no message to answer under, so a read-only modal.
    await client.views.open({ trigger_id: body.trigger_id, view: detailModal(ctx.tr(user), id ?? 0, detail) });
    return;
  }
  await ephemeral(respond, typeof detail === 'string' ? { text: detail } : detail);
}

/** Pitch, on a draft: moves it to `pitched`, which posts its card. */
export async function onPitchDraft(ctx: AppContext, { ack, body, action, respond }: ButtonArgs): Promise<void> {
  await ack();
  const user = body.user.id;
  const tr = ctx.tr(user);
  const id = parseId(action.value);
  const result = id === undefined ? undefined : transition(ctx, id, 'pitched', user, null);
  if (!result || !result.ok) {
    await ephemeral(respond, { text: result ? refusalText(tr, result) : tr('opp.gone', { id: '?' }) });
    return;
  }
  await announceTransition(ctx, result);
  const stored = getOpportunityRow(ctx.db, result.opportunity.id) ?? result.opportunity;
  await ephemeral(respond, createdMessage(tr, ctx.languageOf(user), stored, { channel: stored.cardChannel ?? undefined }));
}

/** The card's overflow menu: details, or a move (refused at once when illegal, else the move form). */
export async function onMore(ctx: AppContext, { ack, body, action, client, respond }: OverflowArgs): Promise<void> {
  await ack();
  const user = body.user.id;
  const tr = ctx.tr(user);
  const m = /^(\d{1,15}):([a-z_]+)$/.exec(action.selected_option.value);
  const id = m?.[1] ? Number(m[1]) : undefined;
  const what = m?.[2];
  if (id === undefined || what === undefined) {
    await ephemeral(respond, { text: tr('opp.gone', { id: '?' }) });
    return;
  }
  if (what === 'details') {
    const detail = detailFor(ctx, user, id, body.team?.domain);
    await ephemeral(respond, typeof detail === 'string' ? { text: detail } : detail);
    return;
  }
  const opp = getOpportunityRow(ctx.db, id);
  if (!opp || !canView(ctx.org, user, opp) || !isStatus(what)) {
    await ephemeral(respond, { text: tr('opp.gone', { id }) });
    return;
  }
  // Refuse before opening the form when the move is illegal or not theirs; the note is asked for in the form.
  const check = checkTransition(ctx.org, { from: opp.status, to: what, userId: user, ownerId: opp.ownerId, note: 'pending' });
  if (!check.ok) {
    const refusal: TransitionResult =
      check.reason === 'forbidden'
        ? { ok: false, reason: 'forbidden', opportunity: opp, to: what, allowed: check.allowed, roles: check.roles ?? [] }
        : { ok: false, reason: check.reason, opportunity: opp, to: what, allowed: check.allowed };
    await ephemeral(respond, { text: refusalText(tr, refusal) });
    return;
  }
  await client.views.open({
    trigger_id: body.trigger_id,
    view: transitionModal(tr, opp, what, { noteRequired: noteRequired(opp.status, what), ...(body.channel?.id ? { channel: body.channel.id } : {}) }),
  });
}
