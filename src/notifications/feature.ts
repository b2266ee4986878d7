import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import type { AppContext, FeatureModule } from '../context.js';
import { onOpenOpportunity } from './listeners/actions.js';
import { onNotifySubcommand } from './listeners/commands.js';
import { loopJob, subscribeLoop } from './service.js';

/*
 * Closing the loop: the people who logged an insight hear when it is triaged,
 * linked to an opportunity, decided, put in the roadmap and shipped.
 * The App Home's "My insights" and its setting are drawn by src/home, which
 * also handles the setting's select (it owns the Home view).
 */
function register(app: App, ctx: AppContext): void {
  app.action<BlockAction<ButtonAction>>('loop_open_opportunity', (args) => onOpenOpportunity(ctx, args));
}

export const notificationsFeature: FeatureModule = {
  name: 'notifications',
  register,
  // Domain events (src/core/events.ts): insight.triaged, evidence.linked, opportunity.moved,
  // heard by the app and by `cadence jobs run` alike.
  subscribe: (ctx) => void subscribeLoop(ctx.db),
  jobs: [loopJob],
  cadenceSubcommands: { notify: (args, rest, ctx) => onNotifySubcommand(ctx, args, rest) },
};
