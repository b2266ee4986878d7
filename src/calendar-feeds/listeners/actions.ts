import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { AppContext } from '../../context.js';

export type ButtonArgs = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;

/**
 * A reminder's "Add to calendar" and "Join": link buttons open their URL in
 * the browser; Slack still reports the click, which only needs an ack.
 */
export async function linkButton(_ctx: AppContext, { ack }: ButtonArgs): Promise<void> {
  await ack();
}
