import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { ViewsPublishArguments } from '@slack/web-api';
import { registerModal } from '../../bugs/index.js';
import { insightModal } from '../../insights/index.js';
import { isLevel, setLevel } from '../../notifications/index.js';
import { pitchModal } from '../../opportunities/index.js';
import { truncate } from '../../slack/text.js';
import { buildHome, type HomeContext } from '../build.js';

export type HomeButtonArgs = SlackActionMiddlewareArgs<BlockButtonAction> & Pick<AllMiddlewareArgs, 'client'>;

/** What the level handler reads of Bolt's arguments (Bolt passes more). */
export interface NotifyLevelArgs {
  ack(): Promise<void>;
  body: { user: { id: string } };
  action: { selected_option: { value: string } };
  client: { views: { publish(args: ViewsPublishArguments): Promise<unknown> } };
}

/** The "News of my insights" setting (src/notifications): saved, then the tab is redrawn with it. */
export async function onNotifyLevel(ctx: HomeContext, { ack, body, action, client }: NotifyLevelArgs): Promise<void> {
  await ack();
  const level = action.selected_option.value;
  if (!isLevel(level)) return;
  setLevel(ctx.db, body.user.id, level, ctx.clock.now());
  await client.views.publish({ user_id: body.user.id, view: buildHome(ctx, body.user.id, ctx.clock.now()) });
}

export async function onLogInsight(ctx: HomeContext, { ack, body, client }: HomeButtonArgs): Promise<void> {
  await ack();
  await client.views.open({ trigger_id: body.trigger_id, view: insightModal(ctx.tr(body.user.id), ctx.org, { metadata: {} }) });
}

export async function onPitch(ctx: HomeContext, { ack, body, client }: HomeButtonArgs): Promise<void> {
  await ack();
  const tr = ctx.tr(body.user.id);
  if (ctx.org.commitments.length === 0) {
    // The pitch form's commitment select would have no option, which Slack refuses:
    // say why instead, as /pitch does (issue 11 item 3).
    await client.views.open({
      trigger_id: body.trigger_id,
      view: {
        type: 'modal',
        title: { type: 'plain_text', text: truncate(tr('opp.modal.title'), 24) },
        close: { type: 'plain_text', text: truncate(tr('home.close'), 24) },
        blocks: [{ type: 'section', text: { type: 'mrkdwn', text: tr('opp.noCommitments') } }],
      },
    });
    return;
  }
  await client.views.open({ trigger_id: body.trigger_id, view: pitchModal(tr, ctx.org, { metadata: {} }) });
}

export async function onRegisterBug(ctx: HomeContext, { ack, body, client }: HomeButtonArgs): Promise<void> {
  await ack();
  // No channel to confirm in: the confirmation comes as a direct message.
  await client.views.open({ trigger_id: body.trigger_id, view: registerModal(ctx.tr(body.user.id), ctx.org, { channel: body.user.id }) });
}
