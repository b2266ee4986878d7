import type { App, BlockButtonAction } from '@slack/bolt';
import type { AppContext } from '../../context.js';
import { ACTION_DIGEST_FULL } from '../blocks.js';
import { fullDigest, parseFullDigestValue } from '../service.js';

type ButtonArgs = Parameters<Parameters<typeof App.prototype.action<BlockButtonAction>>[1]>[0];

/**
 * "Full digest" on a channel digest: the same scope and period with every list
 * up to `digests.topN`, only for the one who clicked, in their language
 * (decision 0029). Nothing is written; a value that names no digest gets a
 * clear answer.
 */
export async function onFullDigest(ctx: AppContext, { ack, body, action, respond }: Pick<ButtonArgs, 'ack' | 'body' | 'action' | 'respond'>): Promise<void> {
  await ack();
  const user = body.user.id;
  const wanted = parseFullDigestValue(ctx, action.value);
  if (!wanted) return void (await respond({ response_type: 'ephemeral', replace_original: false, text: ctx.tr(user)('digest.fullExpired') }));
  const message = fullDigest(ctx, wanted.scope, wanted.period, ctx.languageOf(user), ctx.clock.now());
  await respond({ response_type: 'ephemeral', replace_original: false, text: message.text, blocks: message.blocks });
}

export function registerDigestListeners(app: App, ctx: AppContext): void {
  app.action<BlockButtonAction>(ACTION_DIGEST_FULL, (args) => onFullDigest(ctx, args));
}
