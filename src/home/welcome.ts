import type { KnownBlock } from '@slack/types';
import type { AppContext } from '../context.js';
import { quickActions } from '../core/blocks.js';
import { isProductPerson } from '../core/roles.js';
import { deliverPending, enqueue } from '../delivery/outbox.js';

/*
 * The welcome DM (issue 14 item 16, decision 0032): the first time a person
 * opens the App Home, exactly once per person. The claim (home_welcomes) and
 * the DM (the outbox, keyed per person) are written in one transaction, so a
 * redelivered or concurrent app_home_opened cannot welcome anyone twice, and
 * a Slack failure is retried by the outbox rather than lost.
 */

type WelcomeContext = Pick<AppContext, 'db' | 'org' | 'tr' | 'client' | 'logger' | 'clock'>;

export function welcomeMessage(ctx: Pick<AppContext, 'org' | 'tr'>, userId: string): { text: string; blocks: KnownBlock[] } {
  const tr = ctx.tr(userId);
  const product = isProductPerson(ctx.org, userId);
  const intro = tr('home.welcome.text', { user: userId, org: ctx.org.organisation.name });
  const body = product ? tr('home.welcome.body') : tr('home.welcome.bodyNoPitch');
  return {
    text: intro,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: `${intro}\n${body}` } },
      quickActions(tr, 'welcome_actions', product ? ['logInsight', 'pitch', 'registerBug'] : ['logInsight', 'registerBug']),
    ],
  };
}

/** Queues the welcome DM when this person was never welcomed; true when it was queued now. */
export function claimWelcome(ctx: Pick<AppContext, 'db' | 'org' | 'tr'>, userId: string, now: Date): boolean {
  return ctx.db.transaction((): boolean => {
    const claimed = ctx.db.prepare('INSERT INTO home_welcomes (user_id, welcomed_at) VALUES (?, ?) ON CONFLICT (user_id) DO NOTHING').run(userId, now.toISOString());
    if (claimed.changes !== 1) return false;
    const msg = welcomeMessage(ctx, userId);
    enqueue(ctx.db, { dedupeKey: `home.welcome:${userId}`, topic: 'home.welcome', method: 'chat.postMessage', args: { channel: userId, text: msg.text, blocks: msg.blocks, unfurl_links: false } }, now);
    return true;
  })();
}

/** Welcomes this person if it is their first visit, and sends at once (the outbox job retries a failure). */
export async function welcomeOnce(ctx: WelcomeContext, userId: string): Promise<void> {
  const now = ctx.clock.now();
  if (!claimWelcome(ctx, userId, now)) return;
  try {
    await deliverPending(ctx, now, { maxWaitMs: 0 });
  } catch (err) {
    ctx.logger.warn('home: the welcome DM will be retried by the delivery job:', err);
  }
}
