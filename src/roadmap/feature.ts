import type { App } from '@slack/bolt';
import type { AppContext, FeatureModule } from '../context.js';
import { contribute } from '../core/contributions.js';
import {
  cyclesText,
  healthBalanceBlocks,
  indicatorHistoryText,
  parseFilters,
  planOpportunity,
  roadmapExport,
  roadmapView,
  setIndicator,
  setKind,
  subscribeRoadmap,
  words,
} from './service.js';

/*
 * The joint roadmap (issue 15): `/roadmap` shows, per commitment, its
 * indicators and the opportunities serving it (Now / Next / Later / Shipped
 * this semester), the unaligned ones apart, and the tech and top-down shares
 * per tribe. Answers are ephemeral and built in the ack (a few indexed reads).
 */
function register(app: App, ctx: AppContext): void {
  subscribeRoadmap(ctx.db, ctx.org);
  // `/pitch health` shows the balance too, without the opportunities feature knowing about the roadmap.
  contribute(ctx.db, 'opportunities.health', (input) => healthBalanceBlocks(ctx, input.userId, input, ctx.clock.now()));

  app.command('/roadmap', async ({ ack, command }) => {
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
  });
}

export const roadmapFeature: FeatureModule = {
  name: 'roadmap',
  register,
  exports: [roadmapExport],
};
