import type { App } from '@slack/bolt';
import type { AppContext, FeatureModule } from '../context.js';
import { loopJob, notifySubcommand, subscribeLoop } from './service.js';

/*
 * Closing the loop: the people who logged an insight hear when it is triaged,
 * linked to an opportunity, decided, put in the roadmap and shipped.
 * The App Home's "My insights" and its setting are drawn by src/home, which
 * also handles the setting's select (it owns the Home view).
 */
function register(app: App, ctx: AppContext): void {
  subscribeLoop(ctx.db);
  // The DM's "Open the opportunity" is a link button: Slack still sends the click, which needs an ack.
  app.action('loop_open_opportunity', async ({ ack }) => {
    await ack();
  });
}

export const notificationsFeature: FeatureModule = {
  name: 'notifications',
  register,
  jobs: [loopJob],
  cadenceSubcommands: { notify: notifySubcommand },
};
