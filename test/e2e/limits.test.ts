import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SERVER_OPTIONS, SLACK_BODY_LIMIT } from '../../src/http/limits.js';
import { SIGNING_SECRET, startTestApp, type TestApp } from '../helpers/app.js';
import { slackSignature } from '../helpers/signer.js';

/*
 * Issue 19, item 9: unauthenticated requests cannot pin memory or connections.
 * A request announces a 4 MB body and never sends it: it must be answered
 * from its headers alone (before the fix Bolt waited to read the body, so no
 * answer came at all).
 */

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ secrets: { webhookSecret: 'whsec-limits-0123456789' } });
});
afterAll(async () => {
  await t.stop();
});

/** Sends only the headers of a POST announcing `length` bytes; resolves with the status, or 'no answer' after 5 s. */
function headersOnly(path: string, headers: Record<string, string>, length: number): Promise<number | 'no answer'> {
  return new Promise((resolve, reject) => {
    const url = new URL(path, t.baseUrl);
    const req = request({ host: url.hostname, port: url.port, path: url.pathname, method: 'POST', headers: { ...headers, 'content-length': String(length) } });
    const timer = setTimeout(() => {
      req.destroy();
      resolve('no answer');
    }, 5_000);
    req.on('response', (res) => {
      clearTimeout(timer);
      res.resume();
      req.destroy();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', (err) => {
      clearTimeout(timer);
      // The server may close the socket right after answering; the answer came first.
      if ((err as NodeJS.ErrnoException).code === 'ECONNRESET') resolve('no answer');
      else reject(err);
    });
    req.flushHeaders();
    req.write('x'.repeat(1024));
  });
}

describe('item 9: bounded by unauthenticated traffic', () => {
  it('/slack/events: no signature headers → 401 from the headers, the 4 MB body never read', async () => {
    expect(await headersOnly('/slack/events', { 'content-type': 'application/x-www-form-urlencoded' }, 4 * 1024 * 1024)).toBe(401);
  });

  it('/slack/events: a stale timestamp → 401 before the body', async () => {
    const ts = Math.floor(Date.now() / 1000) - 600;
    expect(await headersOnly('/slack/events', { 'x-slack-request-timestamp': String(ts), 'x-slack-signature': `v0=${'0'.repeat(64)}` }, 4 * 1024 * 1024)).toBe(401);
  });

  it('/slack/events: well-formed headers but a body over the limit → 413 unread', async () => {
    const ts = Math.floor(Date.now() / 1000);
    const sig = slackSignature(SIGNING_SECRET, ts, 'whatever');
    expect(await headersOnly('/slack/events', { 'x-slack-request-timestamp': String(ts), 'x-slack-signature': sig }, SLACK_BODY_LIMIT + 1)).toBe(413);
  });

  it('/webhooks/bugs: no signature → 401 before the body is read', async () => {
    expect(await headersOnly('/webhooks/bugs', { 'content-type': 'application/json' }, 60 * 1024)).toBe(401);
  });

  it('the server bounds headers and whole requests (Node keeps 300 s by default)', () => {
    expect(SERVER_OPTIONS.headersTimeout).toBeLessThanOrEqual(10_000);
    expect(SERVER_OPTIONS.requestTimeout).toBeLessThanOrEqual(30_000);
    expect(SLACK_BODY_LIMIT).toBeLessThan(4 * 1024 * 1024);
  });

  it('a real signed command still works', async () => {
    const res = await t.command({ command: '/cadence', text: 'help', user_id: 'U0000PMPAY1' });
    expect(res.status).toBe(200);
  });
});
