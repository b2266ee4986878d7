import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import type { AppContext } from '../../context.js';
import { cyclesText, indicatorHistoryText, parseFilters, planOpportunity, roadmapView, setIndicator, setKind, words } from '../service.js';

export type CommandArgs = SlackCommandMiddlewareArgs & AllMiddlewareArgs;

/**
 * `/roadmap`: the joint roadmap, or one of its subcommands (plan, kind, set, history, cycles).
 * Answers are ephemeral and built in the ack (a few indexed reads).
 */
export async function onRoadmapCommand(ctx: AppContext, { ack, command }: CommandArgs): Promise<void> {
  const user = command.user_id;
  const tr = ctx.tr(user);
  const [first, ...rest] = words(command.text ?? '');
  const sub = first?.toLowerCase();
  const answer = async (a: { text: string }) => ack({ response_type: 'ephemeral', text: a.text });
  switch (sub) {
    case 'help':
      return answer({ text: tr('roadmap.usage') });
    case 'plan':
      return answer(planOpportunity(ctx, user, rest[0], rest.length === 2 ? rest[1] : undefined));
    case 'kind':
      return answer(setKind(ctx, user, rest[0], rest.length === 2 ? rest[1] : undefined));
    case 'set':
      return answer(setIndicator(ctx, user, rest));
    case 'history':
      return answer(indicatorHistoryText(ctx, user, rest));
    case 'cycles':
      return answer(cyclesText(ctx, user));
    default: {
      const parsed = parseFilters(ctx.org, tr, first === undefined ? [] : [first, ...rest]);
      if ('error' in parsed) return answer({ text: parsed.error });
      const view = roadmapView(ctx, tr, ctx.languageOf(user), parsed.filters, ctx.clock.now());
      await ack({ response_type: 'ephemeral', text: view.text, blocks: view.blocks });
    }
  }
}
