import type { AppContext } from '../../context.js';
import { publishHome, type PublishClient } from '../build.js';
import { welcomeOnce } from '../welcome.js';

/** What the handler reads of Bolt's `app_home_opened` arguments (Bolt passes more). */
export interface HomeOpenedArgs {
  event: { user: string; tab?: string | undefined };
  client: PublishClient;
  context: { retryNum?: number | undefined };
}

export type HomeOpenedContext = Pick<AppContext, 'db' | 'org' | 'tr' | 'languageOf' | 'clock' | 'client' | 'logger'>;

/**
 * The Home tab is rebuilt each time it is opened, never on a timer. A retried
 * event publishes the same view again, which is harmless. The first opening
 * ever also brings the welcome DM (src/home/welcome.ts, exactly once per person).
 */
export async function onHomeOpened(ctx: HomeOpenedContext, { event, client, context }: HomeOpenedArgs): Promise<void> {
  // Slack's documented payload may omit `tab` (older clients): that is the Home tab.
  if (event.tab !== undefined && event.tab !== 'home') return;
  // A redelivery (x-slack-retry-num) of an event the first delivery is already
  // publishing: publishing twice would only race the first (issue 11).
  if (typeof context.retryNum === 'number' && context.retryNum > 0) return;
  await publishHome(ctx, client, event.user);
  await welcomeOnce(ctx, event.user);
}
