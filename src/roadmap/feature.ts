import type { App } from '@slack/bolt';
import type { AppContext, FeatureModule } from '../context.js';
import { contribute } from '../core/contributions.js';
import { onRoadmapCommand } from './listeners/commands.js';
import { healthBalanceBlocks, roadmapExport, subscribeRoadmap } from './service.js';

/*
 * The joint roadmap (issue 15): `/roadmap` shows, per commitment, its
 * indicators and the opportunities serving it (Now / Next / Later / Shipped
 * this semester), the unaligned ones apart, and the tech and top-down shares
 * per tribe. The command's listener is in ./listeners/commands.ts.
 */
function register(app: App, ctx: AppContext): void {
  // `/pitch health` shows the balance too, without the opportunities feature knowing about the roadmap.
  contribute(ctx.db, 'opportunities.health', (input) => healthBalanceBlocks(ctx, input.userId, input, ctx.clock.now()));

  app.command('/roadmap', (args) => onRoadmapCommand(ctx, args));
}

export const roadmapFeature: FeatureModule = {
  name: 'roadmap',
  register,
  // Domain events (src/core/events.ts): opportunity.moved, heard by the app and by `cadence jobs run` alike.
  subscribe: (ctx) => void subscribeRoadmap(ctx.db, ctx.org),
  exports: [roadmapExport],
};
