import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { AppContext } from '../../context.js';
import { translator } from '../../i18n/index.js';
import { insightModal } from '../../insights/index.js';
import { parseOccurrenceRef, topicModal, volunteersCallMessage } from '../blocks.js';
import { volunteer } from '../volunteers.js';

export type ButtonArgs = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;

/** The party call's "Volunteer": one more volunteer (never more than needed), the call redrawn with them. */
export async function volunteerButton(ctx: AppContext, { ack, body, action, client }: ButtonArgs): Promise<void> {
  await ack();
  const tr = ctx.tr(body.user.id);
  const channel = body.channel?.id;
  const ref = parseOccurrenceRef(action.value ?? '');
  const ritual = ref && ctx.org.rituals.find((r) => r.key === ref.ritualKey);
  if (!ref || !ritual || !channel) {
    if (channel) await client.chat.postEphemeral({ channel, user: body.user.id, text: tr('ritual.unknown') });
    return;
  }
  const need = ritual.volunteers ?? 3;
  const result = volunteer(ctx, ref.ritualKey, ref.occurrenceKey, body.user.id, need, ctx.clock.now());
  const people = (list: string[]) => list.map((u) => `<@${u}>`).join(', ');
  if (result.kind === 'already') {
    await client.chat.postEphemeral({ channel, user: body.user.id, text: tr('ritual.volunteers.already') });
    return;
  }
  if (result.kind === 'full') {
    await client.chat.postEphemeral({ channel, user: body.user.id, text: tr('ritual.volunteers.full', { need, people: people(result.volunteers) }) });
    return;
  }
  // The call message is shared: it speaks the organisation's language, not the clicker's.
  const orgTr = translator(ctx.org.organisation.language);
  const updated = volunteersCallMessage(orgTr, { ritual, need, volunteers: result.volunteers, ref: action.value ?? '' });
  if (body.message?.ts) await client.chat.update({ channel, ts: body.message.ts, text: updated.text, blocks: updated.blocks });
  await client.chat.postEphemeral({
    channel,
    user: body.user.id,
    text: tr('ritual.volunteers.thanks', { name: ritual.name, have: result.volunteers.length, need }),
  });
}

/**
 * Product Breakfast: a question or a piece of customer feedback becomes an
 * insight tagged `breakfast`, through the insight form everyone knows.
 */
export async function breakfastInsightButton(ctx: AppContext, { ack, body, client }: ButtonArgs): Promise<void> {
  await ack();
  await client.views.open({
    trigger_id: body.trigger_id,
    view: insightModal(ctx.tr(body.user.id), ctx.org, {
      metadata: body.channel?.id ? { channel: body.channel.id } : {},
      prefill: { tags: ['breakfast'], source: 'internal' },
    }),
  });
}

/** The Product Weekly call's "Propose a topic": the topic form, remembering the call message. */
export async function proposeTopicButton(ctx: AppContext, { ack, body, action, client }: ButtonArgs): Promise<void> {
  await ack();
  const ref = parseOccurrenceRef(action.value ?? '');
  if (!ref || !body.channel?.id || !body.message?.ts) return;
  await client.views.open({
    trigger_id: body.trigger_id,
    view: topicModal(ctx.tr(body.user.id), { ref: action.value ?? '', channel: body.channel.id, messageTs: body.message.ts }),
  });
}
