import type { CustomRoute } from '@slack/bolt';
import type { AppContext } from '../context.js';
import { feedEvents, renderFeed } from './feed.js';
import { scopeOfToken } from './store.js';

export const FEED_PATH = '/calendar/:file';

/**
 * GET /calendar/<token>.ics: the feed a live token opens. Anything else (a
 * wrong, revoked or malformed token) is a plain 404 that says nothing about
 * which tokens exist. The token is never logged.
 */
export function feedRoute(ctx: AppContext): CustomRoute {
  return {
    path: FEED_PATH,
    method: ['GET', 'HEAD'],
    handler: (req, res) => {
      const param = req.params?.file;
      const file = typeof param === 'string' ? param : '';
      const m = /^(.+)\.ics$/.exec(file);
      const scope = m?.[1] ? scopeOfToken(ctx.db, ctx.org, m[1]) : undefined;
      if (!scope) {
        res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
        res.end('Not found\n');
        return;
      }
      try {
        const now = ctx.clock.now();
        const body = renderFeed(ctx.org, scope, feedEvents(ctx, scope, now), now);
        res.writeHead(200, {
          'content-type': 'text/calendar; charset=utf-8',
          'content-disposition': 'inline; filename="cadence.ics"',
          // Calendar apps poll; a few minutes of caching is harmless, and the link is private.
          'cache-control': 'private, max-age=300',
        });
        res.end(req.method === 'HEAD' ? undefined : body);
      } catch (err) {
        ctx.logger.error('calendar feed failed:', err);
        res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
        res.end('Calendar feed unavailable\n');
      }
    },
  };
}
