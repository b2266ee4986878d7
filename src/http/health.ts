import type { CustomRoute } from '@slack/bolt';
import { checkStore } from '../db/health.js';
import type { Db } from '../db/open.js';

/**
 * GET /healthz: 200 when the store answers and accepts writes (or is only busy:
 * another connection holds the lock for a moment), 503 otherwise: closed, a write
 * probe refused (read-only, I/O error), a recent write failure (disk full), the
 * WAL file deleted. What Docker's HEALTHCHECK and load balancers probe.
 */
export function healthRoute(db: Db, version: string): CustomRoute {
  return {
    path: '/healthz',
    method: ['GET', 'HEAD'],
    handler: (_req, res) => {
      const store = checkStore(db);
      const database = store.database === 'failing' ? 'write-failing' : store.database === 'unreachable' ? 'unreachable' : store.database;
      const body = JSON.stringify({
        status: store.ok ? 'ok' : 'unavailable',
        database,
        ...(store.detail ? { detail: store.detail } : {}),
        version,
      });
      res.writeHead(store.ok ? 200 : 503, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      res.end(body);
    },
  };
}
