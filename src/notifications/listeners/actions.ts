import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { AppContext } from '../../context.js';

export type ButtonArgs = SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs;

/** The loop DM's "Open the opportunity" is a link button: Slack still sends the click, which needs an ack. */
export async function onOpenOpportunity(_ctx: AppContext, { ack }: ButtonArgs): Promise<void> {
  await ack();
}
