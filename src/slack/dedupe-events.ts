import type { AnyMiddlewareArgs, Middleware } from '@slack/bolt';

/*
 * Events API deliveries run once (issue 19, item 13; docs/decisions/0024).
 * Slack retries an event it thinks was not acknowledged (up to 3 times, with
 * `x-slack-retry-num`), carrying the same `event_id`: a retry of an event
 * already handled by this process is acknowledged (Bolt acks events before
 * any middleware) and goes no further. The memory is bounded (the last 5,000
 * ids, at most an hour): Slack's retries come within minutes. Slash commands
 * and interactions carry no delivery id; a signed request replayed within
 * Slack's 5-minute window is covered by each action's own idempotence
 * (README, security notes).
 */

const MAX_IDS = 5_000;
const KEEP_MS = 60 * 60_000;

export function dedupeEvents(now: () => number = Date.now): Middleware<AnyMiddlewareArgs> {
  const seen = new Map<string, number>();
  return async ({ body, next }) => {
    const b = body as { type?: unknown; event_id?: unknown };
    if (b.type === 'event_callback' && typeof b.event_id === 'string') {
      const at = now();
      for (const [id, when] of seen) {
        if (seen.size <= MAX_IDS && at - when <= KEEP_MS) break;
        seen.delete(id);
      }
      if (seen.has(b.event_id)) return;
      seen.set(b.event_id, at);
    }
    await next();
  };
}
