import type { AppContext } from '../../../context.js';
import { getInsight } from '../../../insights/index.js';
import { linkModal } from '../../blocks.js';
import { parseId } from '../../parse.js';
import type { ButtonArgs } from '../shared.js';

/**
 * The insight triage card's "Link to opportunity" (the button is drawn by src/insights,
 * ACTION_LINK_TO_OPPORTUNITY; this feature answers it): a modal to pick the opportunity
 * by title or number; the submission is handled by onLinkModal (../views.ts), where who
 * may link is checked against the pick.
 */
export async function onLinkFromInsight(ctx: AppContext, { ack, body, action, respond, client }: ButtonArgs): Promise<void> {
  await ack();
  const user = body.user.id;
  const id = parseId(action.value);
  const insight = id === undefined ? undefined : getInsight(ctx.db, id);
  if (id === undefined || !insight) {
    await respond({ response_type: 'ephemeral', replace_original: false, text: ctx.tr(user)('insight.gone', { id: id ?? '?' }) });
    return;
  }
  await client.views.open({
    trigger_id: body.trigger_id,
    view: linkModal(ctx.tr(user), insight, { insight: insight.id, ...(body.channel?.id ? { channel: body.channel.id } : {}) }),
  });
}
