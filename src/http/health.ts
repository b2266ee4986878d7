import type { CustomRoute } from '@slack/bolt';
import type { Db } from '../db/open.js';
import { isDbUsable } from '../db/open.js';

/** GET /healthz: 200 when the store answers, 503 otherwise (what Docker's HEALTHCHECK and load balancers probe). */
export function healthRoute(db: Db, version: string): CustomRoute {
  return {
    path: '/healthz',
    method: ['GET', 'HEAD'],
    handler: (_req, res) => {
      const ok = isDbUsable(db);
      const body = JSON.stringify({ status: ok ? 'ok' : 'unavailable', database: ok ? 'ok' : 'unreachable', version });
      res.writeHead(ok ? 200 : 503, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      res.end(body);
    },
  };
}
