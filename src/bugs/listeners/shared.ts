import type { SectionBlock } from '@slack/types';
import type { AppContext } from '../../context.js';
import { deliverPending } from '../../delivery/outbox.js';
import type { Translate } from '../../i18n/index.js';
import type { Message } from '../blocks.js';
import type { Problem } from '../parse.js';

/*
 * Helpers the bug listeners share (the command, the form, the buttons).
 */

export type Answer = { response_type: 'ephemeral'; text: string; blocks?: Message['blocks'] };

export function ephemeral(text: string, msg?: Message): Answer {
  if (!msg) return { response_type: 'ephemeral', text };
  const intro: SectionBlock = { type: 'section', text: { type: 'mrkdwn', text } };
  return { response_type: 'ephemeral', text: `${text}\n${msg.text}`.slice(0, 3000), blocks: [intro, ...msg.blocks].slice(0, 50) };
}

export function problemText(tr: Translate, problems: readonly Problem[]): string {
  return problems.map((p) => tr(p.key, p.params)).join('\n');
}

/** Sends what an action queued (DMs, notice updates) after Slack has its answer. */
export async function deliverSoon(ctx: AppContext): Promise<void> {
  try {
    await deliverPending(ctx, ctx.clock.now(), { maxWaitMs: 0 });
  } catch (err) {
    ctx.logger.warn('bugs: delivery after an action failed (the job will retry):', err);
  }
}
