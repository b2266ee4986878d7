import type { App } from '@slack/bolt';
import type { FeatureModule } from '../context.js';

/**
 * Requests Slack sends that every Slack app must answer, whatever its features:
 *  - `view_closed` (sent for a modal with notify_on_close): acknowledged, nothing
 *    happens. Without a listener Bolt answers 404 after 3 s, which Slack logs as
 *    a failure of the app (issue 11, "real payloads through the real receiver").
 */
function register(app: App): void {
  app.view({ type: 'view_closed', callback_id: /.*/ }, async ({ ack }) => {
    await ack();
  });
}

export const slackPlatformFeature: FeatureModule = { name: 'slack-platform', register };
