import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs, StaticSelectAction } from '@slack/bolt';
import type { AppContext } from '../../../context.js';
import { tagsModal } from '../../blocks.js';
import { afterPendingAcks, canTriage, deliverTriageCard, refreshTriageCard, retireTriageCard } from '../../service.js';
import { archiveInsight, assignTeam, getInsight, restoreInsight, routeToTribe, type Insight } from '../../store.js';
import { idOf, pairOf } from '../shared.js';

/*
 * Triage, on the card in the tribe channel or the inbox: assign a team, route to
 * another tribe, add tags, archive, restore. ("Link to opportunity" is answered by
 * src/opportunities.)
 */

export type ButtonArgs = SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs;
export type SelectArgs = SlackActionMiddlewareArgs<BlockAction<StaticSelectAction>> & AllMiddlewareArgs;

/** Loads the insight named by an action and checks the person may triage it; answers them if not. */
async function triageTarget(ctx: AppContext, user: string, id: number | undefined, respond: ButtonArgs['respond']): Promise<Insight | undefined> {
  const tr = ctx.tr(user);
  const insight = id === undefined ? undefined : getInsight(ctx.db, id);
  if (id === undefined || !insight) {
    await respond({ response_type: 'ephemeral', replace_original: false, text: tr('insight.gone', { id: id ?? '?' }) });
    return undefined;
  }
  if (!canTriage(ctx.org, user, insight.tribe)) {
    const tribe = ctx.org.tribes.find((t) => t.key === insight.tribe);
    const text = tribe ? tr('insight.triage.notAllowed', { tribe: tribe.name }) : tr('insight.triage.notAllowedInbox');
    await respond({ response_type: 'ephemeral', replace_original: false, text });
    return undefined;
  }
  return insight;
}

export async function onAssignTeam(ctx: AppContext, { ack, body, action, respond }: SelectArgs): Promise<void> {
  await ack();
  await afterPendingAcks();
  const user = body.user.id;
  const pair = pairOf(action.selected_option.value);
  const insight = await triageTarget(ctx, user, pair?.[0], respond);
  if (!insight || !pair) return;
  const tribe = ctx.org.tribes.find((t) => t.key === insight.tribe);
  if (!tribe?.impactTeams.some((team) => team.key === pair[1])) {
    await respond({ response_type: 'ephemeral', replace_original: false, text: ctx.tr(user)('insight.triage.badTeam') });
    return;
  }
  const updated = assignTeam(ctx.db, insight.id, pair[1], user, ctx.clock.now());
  if (updated) await refreshTriageCard(ctx, updated);
}

export async function onRouteTribe(ctx: AppContext, { ack, body, action, respond }: SelectArgs): Promise<void> {
  await ack();
  await afterPendingAcks();
  const user = body.user.id;
  const pair = pairOf(action.selected_option.value);
  const insight = await triageTarget(ctx, user, pair?.[0], respond);
  if (!insight || !pair) return;
  const tribe = ctx.org.tribes.find((t) => t.key === pair[1]);
  if (!tribe) {
    await respond({ response_type: 'ephemeral', replace_original: false, text: ctx.tr(user)('insight.error.unknownTribe', { given: pair[1], valid: ctx.org.tribes.map((t) => t.key).join(', ') }) });
    return;
  }
  const moved = routeToTribe(ctx.db, insight.id, tribe.key, ctx.clock.now());
  if (!moved) return;
  if (insight.triageChannel && insight.triageTs) await retireTriageCard(ctx, moved, insight.triageChannel, insight.triageTs, user);
  await deliverTriageCard(ctx, moved.id);
}

export async function onAddTags(ctx: AppContext, { ack, body, action, respond, client }: ButtonArgs): Promise<void> {
  await ack();
  await afterPendingAcks();
  const user = body.user.id;
  const insight = await triageTarget(ctx, user, idOf(action.value), respond);
  if (!insight) return;
  await client.views.open({ trigger_id: body.trigger_id, view: tagsModal(ctx.tr(user), insight, { id: insight.id }) });
}

export async function onArchive(ctx: AppContext, { ack, body, action, respond }: ButtonArgs): Promise<void> {
  await ack();
  await afterPendingAcks();
  const user = body.user.id;
  const insight = await triageTarget(ctx, user, idOf(action.value), respond);
  if (!insight) return;
  const updated = archiveInsight(ctx.db, insight.id, user, ctx.clock.now());
  if (updated) await refreshTriageCard(ctx, updated);
}

export async function onRestore(ctx: AppContext, { ack, body, action, respond }: ButtonArgs): Promise<void> {
  await ack();
  await afterPendingAcks();
  const user = body.user.id;
  const insight = await triageTarget(ctx, user, idOf(action.value), respond);
  if (!insight) return;
  const updated = restoreInsight(ctx.db, insight.id, ctx.clock.now());
  if (updated) await refreshTriageCard(ctx, updated);
}
