import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { AppContext } from '../../../context.js';
import { insightModal, snapshotOf, type ModalMetadata } from '../../blocks.js';
import { afterPendingAcks, canTriage, deliverTriageCard, mergeDuplicate } from '../../service.js';
import { deleteInsight, getInsight } from '../../store.js';
import { idOf, pairOf } from '../shared.js';

/*
 * The buttons on the confirmation the reporter sees: Undo, Add details, Same as #n, No, it is new.
 */

export type ButtonArgs = SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs;

/** Undo: the reporter, within the window, deletes what they just logged (and its card). */
export async function onUndo(ctx: AppContext, { ack, body, action, respond }: ButtonArgs): Promise<void> {
  await ack();
  await afterPendingAcks();
  const user = body.user.id;
  const tr = ctx.tr(user);
  const id = idOf(action.value);
  const insight = id === undefined ? undefined : getInsight(ctx.db, id);
  if (id === undefined || !insight) {
    await respond({ replace_original: true, text: tr('insight.gone', { id: id ?? '?' }) });
    return;
  }
  // Rule 1: only the reporter; Rule 2: only within the window (from the clock, not the message).
  if (insight.reporterId !== user) {
    await respond({ response_type: 'ephemeral', replace_original: false, text: tr('insight.undo.notYours', { id }) });
    return;
  }
  const minutes = ctx.org.insights.undoMinutes;
  if (ctx.clock.now().getTime() - new Date(insight.createdAt).getTime() > minutes * 60_000) {
    await respond({ response_type: 'ephemeral', replace_original: false, text: tr('insight.undo.tooLate', { id, minutes }) });
    return;
  }
  deleteInsight(ctx.db, id);
  await respond({ replace_original: true, text: tr('insight.undo.done', { id }) });
  if (insight.triageChannel && insight.triageTs) {
    await ctx.client.chat.delete({ channel: insight.triageChannel, ts: insight.triageTs });
  }
}

/** Add details: the insight modal in edit mode, for the reporter and the triagers. */
export async function onDetails(ctx: AppContext, { ack, body, action, client, respond }: ButtonArgs): Promise<void> {
  await ack();
  await afterPendingAcks();
  const user = body.user.id;
  const tr = ctx.tr(user);
  const id = idOf(action.value);
  const insight = id === undefined ? undefined : getInsight(ctx.db, id);
  if (id === undefined || !insight) {
    await respond({ response_type: 'ephemeral', replace_original: false, text: tr('insight.gone', { id: id ?? '?' }) });
    return;
  }
  if (insight.reporterId !== user && !canTriage(ctx.org, user, insight.tribe)) {
    await respond({ response_type: 'ephemeral', replace_original: false, text: tr('insight.edit.notAllowed', { id }) });
    return;
  }
  const metadata: ModalMetadata = { id, ...(body.channel?.id ? { channel: body.channel.id } : {}) };
  if (insight.voiceId) metadata.voice = insight.voiceId;
  if (insight.permalink) metadata.permalink = insight.permalink;
  metadata.before = snapshotOf(insight);
  await client.views.open({ trigger_id: body.trigger_id, view: insightModal(tr, ctx.org, { metadata, prefill: insight }) });
}

/**
 * Same as #n, from the duplicate hint (issue 14 item 12): merges the new insight
 * into the original, once. It joins the original's tribe, its card (if one was
 * posted) is closed in place, and it counts once as evidence. A second click
 * finds it merged and changes nothing.
 */
export async function onSameAs(ctx: AppContext, { ack, body, action, respond }: ButtonArgs): Promise<void> {
  await ack();
  await afterPendingAcks();
  const user = body.user.id;
  const tr = ctx.tr(user);
  const pair = pairOf(action.value);
  const of = pair ? idOf(pair[1]) : undefined;
  const insight = pair ? getInsight(ctx.db, pair[0]) : undefined;
  if (!pair || of === undefined || !insight || !getInsight(ctx.db, of)) {
    await respond({ response_type: 'ephemeral', replace_original: false, text: tr('insight.gone', { id: pair?.[0] ?? '?' }) });
    return;
  }
  if (insight.reporterId !== user && !canTriage(ctx.org, user, insight.tribe)) {
    await respond({ response_type: 'ephemeral', replace_original: false, text: tr('insight.edit.notAllowed', { id: insight.id }) });
    return;
  }
  const result = await mergeDuplicate(ctx, insight.id, of, user);
  if (!result.merged) {
    const text =
      result.reason === 'already' && result.into !== undefined
        ? tr('insight.merge.already', { id: insight.id, of: result.into })
        : tr('insight.gone', { id: insight.id });
    await respond({ response_type: 'ephemeral', replace_original: false, text });
    return;
  }
  const note = tr('insight.merge.done', { id: insight.id, of: result.into });
  await respond({ replace_original: true, text: note, blocks: [{ type: 'section', text: { type: 'mrkdwn', text: note } }] });
}

/** "No, it is new", on a held duplicate hint: the card goes to triage now (once: the delivery claim). */
export async function onNotSame(ctx: AppContext, { ack, body, action, respond }: ButtonArgs): Promise<void> {
  await ack();
  await afterPendingAcks();
  const user = body.user.id;
  const tr = ctx.tr(user);
  const id = idOf(action.value);
  const insight = id === undefined ? undefined : getInsight(ctx.db, id);
  if (id === undefined || !insight) {
    await respond({ response_type: 'ephemeral', replace_original: false, text: tr('insight.gone', { id: id ?? '?' }) });
    return;
  }
  if (insight.reporterId !== user && !canTriage(ctx.org, user, insight.tribe)) {
    await respond({ response_type: 'ephemeral', replace_original: false, text: tr('insight.edit.notAllowed', { id }) });
    return;
  }
  if (insight.duplicateOf !== null) {
    await respond({ response_type: 'ephemeral', replace_original: false, text: tr('insight.merge.already', { id, of: insight.duplicateOf }) });
    return;
  }
  await deliverTriageCard(ctx, id);
  const note = tr('insight.notSame.done', { id });
  await respond({ replace_original: true, text: note, blocks: [{ type: 'section', text: { type: 'mrkdwn', text: note } }] });
}
