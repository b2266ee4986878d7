import type { IncomingMessage, RequestListener, ServerOptions, ServerResponse } from 'node:http';

/*
 * What unauthenticated traffic may cost (issue 19, item 9; docs/decisions/0024).
 * Bolt reads up to 4 MB of a request before it checks the signature, and Node
 * keeps a request open for 300 s: 40 slow unsigned 4 MB bodies held 164 MB.
 * - /slack/events: a request without well-formed signature headers, or with a
 *   timestamp more than 5 minutes away, is refused (401) before a byte of its
 *   body is read; a declared body over SLACK_BODY_LIMIT is refused (413) unread;
 *   Bolt's own reader stops at the same limit for bodies sent without a length.
 *   Slack's largest payloads (a view submission carrying a 250 kB view) stay
 *   well under 1 MB.
 * - the server: headers within 10 s, the whole request within 30 s.
 */

export const SLACK_BODY_LIMIT = 1024 * 1024;
export const SERVER_OPTIONS: ServerOptions = {
  headersTimeout: 10_000,
  requestTimeout: 30_000,
  // How often Node checks the two timeouts above (30 s by default: a slow body could live a minute).
  connectionsCheckingInterval: 2_000,
};
const MAX_SKEW_SECONDS = 5 * 60;

function refuse(res: ServerResponse, status: number): void {
  // Connection: close makes Node drop the socket once answered: the unread body is never read.
  res.writeHead(status, { connection: 'close', 'content-length': '0', 'cache-control': 'no-store' });
  res.end();
}

const header = (req: IncomingMessage, name: string): string | undefined => {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
};

/** Why a request to /slack/events is refused before its body is read, if it is. */
export function preCheckSlackRequest(req: IncomingMessage, nowMs: number, limit = SLACK_BODY_LIMIT): 401 | 413 | undefined {
  const signature = header(req, 'x-slack-signature');
  const timestamp = Number(header(req, 'x-slack-request-timestamp'));
  if (!signature || !/^v0=[0-9a-f]{64}$/i.test(signature)) return 401;
  if (!Number.isFinite(timestamp) || Math.abs(nowMs / 1000 - timestamp) > MAX_SKEW_SECONDS) return 401;
  const declared = Number(header(req, 'content-length'));
  if (Number.isFinite(declared) && declared > limit) return 413;
  return undefined;
}

/** Wraps the receiver's listener: POSTs to `path` pass the pre-check first; everything else goes straight through. */
export function guardSlackEndpoint(inner: RequestListener, path: string, now: () => number = Date.now): RequestListener {
  return (req, res) => {
    if (req.method === 'POST' && (req.url ?? '').split('?')[0] === path) {
      const status = preCheckSlackRequest(req, now());
      if (status !== undefined) return refuse(res, status);
    }
    inner(req, res);
  };
}
