import type { ViewsPublishArguments } from '@slack/web-api';
import { buildHome, type HomeContext } from '../build.js';

/** What the handler reads of Bolt's `app_home_opened` arguments (Bolt passes more). */
export interface HomeOpenedArgs {
  event: { user: string; tab?: string | undefined };
  client: { views: { publish(args: ViewsPublishArguments): Promise<unknown> } };
  context: { retryNum?: number | undefined };
}

/**
 * The Home tab is rebuilt each time it is opened, never on a timer. A retried
 * event publishes the same view again, which is harmless.
 */
export async function onHomeOpened(ctx: HomeContext, { event, client, context }: HomeOpenedArgs): Promise<void> {
  // Slack's documented payload may omit `tab` (older clients): that is the Home tab.
  if (event.tab !== undefined && event.tab !== 'home') return;
  // A redelivery (x-slack-retry-num) of an event the first delivery is already
  // publishing: publishing twice would only race the first (issue 11).
  if (typeof context.retryNum === 'number' && context.retryNum > 0) return;
  await client.views.publish({ user_id: event.user, view: buildHome(ctx, event.user, ctx.clock.now()) });
}
