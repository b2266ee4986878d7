import {
  ErrorCode,
  type Logger,
  LogLevel,
  WebAPIPlatformError,
  WebClient,
  WebClientEvent,
  type WebClientOptions,
} from '@slack/web-api';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startFakeSlack, type FakeSlack } from '../../src/sandbox/slack/web-api.js';

// Everything here goes through a real @slack/web-api WebClient, so the fake is
// tested against what the SDK really sends and how it really reads answers.

let fake: FakeSlack;

beforeAll(async () => {
  fake = await startFakeSlack();
});
afterAll(async () => {
  await fake.close();
});
beforeEach(() => {
  fake.reset();
});

const silentLogger: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  setLevel: () => undefined,
  getLevel: () => LogLevel.ERROR,
  setName: () => undefined,
};

/** `token: null` makes a client without a token (an explicit undefined would pick the default). */
function client(options: WebClientOptions = {}, token: string | null = 'xoxb-test'): WebClient {
  return new WebClient(token ?? undefined, {
    slackApiUrl: fake.apiUrl,
    // Fail fast: the default policy retries for ~30 minutes.
    retryConfig: { retries: 0 },
    // WebClient logs Slack's response_metadata messages ("[ERROR] ...") and warns on
    // messages without `text`; tests below provoke both on purpose.
    logger: silentLogger,
    ...options,
  });
}

type FetchRequestInit = Parameters<NonNullable<WebClientOptions['fetch']>>[1];
/** The view type the typed `views.*` methods take (@slack/types is not a direct dependency). */
type View = Parameters<WebClient['views']['open']>[0]['view'];

const plain = (text: string) => ({ type: 'plain_text', text });
const section = (text: string) => ({ type: 'section', text: { type: 'mrkdwn', text } });
const dividers = (n: number) => Array.from({ length: n }, () => ({ type: 'divider' }));
const modal = (extra: Record<string, unknown> = {}) => ({ type: 'modal', title: plain('Cadence'), blocks: [section('hi')], ...extra });
/** A well-typed modal, for the typed WebClient methods. */
const typedModal = (extra: { callback_id?: string; private_metadata?: string } = {}): View => ({
  type: 'modal',
  title: { type: 'plain_text', text: 'Cadence' },
  blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'hi' } }],
  ...extra,
});

/** The Slack error code of a rejected WebClient call. */
async function slackError(call: Promise<unknown>): Promise<string> {
  const error: unknown = await call.then(
    () => {
      throw new Error('expected the call to fail');
    },
    (e: unknown) => e,
  );
  if (!(error instanceof WebAPIPlatformError)) throw new Error(`expected a Slack platform error, got ${String(error)}`);
  return error.data.error;
}

describe('recording', () => {
  it('records the method, token and decoded arguments, and answers like Slack', async () => {
    const blocks = [section('*Hello*'), { type: 'divider' }];
    const result = await client().chat.postMessage({ channel: 'C1', text: 'Hello', blocks, unfurl_links: false });

    expect(result).toMatchObject({ ok: true, channel: 'C1', message: { text: 'Hello', bot_id: 'BBOT', blocks } });
    expect(result.ts).toMatch(/^\d{10}\.\d{6}$/);

    const [call] = fake.callsTo('chat.postMessage');
    expect(call).toMatchObject({
      method: 'chat.postMessage',
      token: 'xoxb-test',
      ok: true,
      contentType: 'application/x-www-form-urlencoded',
      // blocks arrive as a JSON string in a form field and are decoded; booleans stay strings.
      args: { channel: 'C1', text: 'Hello', blocks, unfurl_links: 'false' },
    });
    expect(call?.args).not.toHaveProperty('token');
    expect(call?.warning).toBeUndefined();
    expect(call?.response).toMatchObject({ ok: true, ts: result.ts });
  });

  it('gives every message a unique, increasing ts', async () => {
    const web = client();
    const tss: string[] = [];
    for (let i = 0; i < 5; i += 1) tss.push(String((await web.chat.postMessage({ channel: 'C1', text: `${i}` })).ts));
    expect(new Set(tss).size).toBe(5);
    expect([...tss].sort()).toEqual(tss);
  });

  it('takes a per-call token', async () => {
    await client({}, null).auth.test({ token: 'xoxb-other' });
    expect(fake.callsTo('auth.test')[0]?.token).toBe('xoxb-other');
  });

  it('parses what WebClient really puts on the wire', async () => {
    // Spy on WebClient's own fetch to pin down the format the fake decodes.
    const sent: { url: string; init: FetchRequestInit | undefined }[] = [];
    const web = client({
      fetch: (url, init) => {
        sent.push({ url: String(url), init });
        return fetch(url, init);
      },
    });
    await web.chat.postMessage({ channel: 'C1', text: 'Hi', blocks: [{ type: 'divider' }], unfurl_links: false });
    await web.auth.test({ token: 'xoxb-other' });

    const [post, auth] = sent;
    expect(post?.url).toBe(`${fake.apiUrl}chat.postMessage`);
    expect(post?.init).toMatchObject({
      method: 'POST',
      headers: { Authorization: 'Bearer xoxb-test', 'Content-Type': 'application/x-www-form-urlencoded' },
    });
    const form = new URLSearchParams(String(post?.init?.body));
    // Nested values are JSON strings inside the form; booleans become 'false'; no token in the body.
    expect(Object.fromEntries(form)).toEqual({ channel: 'C1', text: 'Hi', blocks: '[{"type":"divider"}]', unfurl_links: 'false' });
    // A per-call token goes in the header and stays in the body too.
    expect(auth?.init?.headers).toMatchObject({ Authorization: 'Bearer xoxb-other' });
    expect(new URLSearchParams(String(auth?.init?.body)).get('token')).toBe('xoxb-other');
  });

  it('accepts JSON bodies with a bearer token', async () => {
    const response = await fetch(`${fake.apiUrl}chat.postMessage`, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8', authorization: 'Bearer xoxb-json' },
      body: JSON.stringify({ channel: 'C1', text: 'hi', unfurl_links: false }),
    });
    expect(await response.json()).toMatchObject({ ok: true, channel: 'C1' });
    expect(fake.callsTo('chat.postMessage')[0]).toMatchObject({ token: 'xoxb-json', args: { unfurl_links: false } });
  });

  it('records failed calls in `calls` but not in `callsTo`', async () => {
    const web = client();
    await expect(web.apiCall('chat.postMessage', { text: 'no channel' })).rejects.toThrow();
    await web.chat.postMessage({ channel: 'C1', text: 'ok' });
    expect(fake.calls.map((c) => [c.method, c.ok, c.error])).toEqual([
      ['chat.postMessage', false, 'channel_not_found'],
      ['chat.postMessage', true, undefined],
    ]);
    expect(fake.callsTo('chat.postMessage')).toHaveLength(1);
  });

  it('records posts to response URLs as response_url', async () => {
    const url = fake.responseUrl('abc');
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ text: 'Done', replace_original: true }),
    });
    expect(response.status).toBe(200);
    expect(fake.callsTo('response_url')).toMatchObject([{ path: '/response/abc', args: { text: 'Done', replace_original: true } }]);
  });

  it('forgets calls, faults and state on reset', async () => {
    const web = client();
    fake.inject('auth.test', { error: 'boom' });
    await web.chat.postMessage({ channel: 'C1', text: 'x' });
    await web.views.open({ trigger_id: 't-reset', view: { type: 'modal', title: { type: 'plain_text', text: 'x' }, blocks: [] } });
    fake.reset();
    expect(fake.calls).toEqual([]);
    await expect(web.auth.test()).resolves.toMatchObject({ ok: true });
    // The trigger_id may be used again after a reset.
    await expect(
      web.views.open({ trigger_id: 't-reset', view: { type: 'modal', title: { type: 'plain_text', text: 'x' }, blocks: [] } }),
    ).resolves.toMatchObject({ ok: true });
  });
});

describe('answers', () => {
  it('answers auth.test with the bot identity', async () => {
    expect(await client().auth.test()).toMatchObject({
      ok: true,
      url: expect.stringMatching(/^https:\/\//),
      team: expect.any(String),
      user: expect.any(String),
      team_id: expect.stringMatching(/^T/),
      user_id: 'UBOT',
      bot_id: 'BBOT',
    });
  });

  it('answers unknown methods with unknown_method', async () => {
    expect(await slackError(client().apiCall('chat.postMesage', { channel: 'C1', text: 'typo' }))).toBe('unknown_method');
  });

  it('answers the chat methods', async () => {
    const web = client();
    const posted = await web.chat.postMessage({ channel: 'U123', text: 'DM' });
    expect(posted.channel).toBe('DU123');
    const ts = String(posted.ts);
    expect(await web.chat.postEphemeral({ channel: 'C1', user: 'U1', text: 'psst' })).toMatchObject({
      ok: true,
      message_ts: expect.stringMatching(/^\d{10}\.\d{6}$/),
    });
    expect(await web.chat.update({ channel: 'C1', ts, text: 'edited' })).toMatchObject({ ok: true, channel: 'C1', ts });
    expect(await web.chat.delete({ channel: 'C1', ts })).toMatchObject({ ok: true, channel: 'C1', ts });
    expect(await web.chat.getPermalink({ channel: 'C1', message_ts: '1700000000.000100' })).toMatchObject({
      ok: true,
      permalink: expect.stringMatching(/\/archives\/C1\/p1700000000000100$/),
    });
  });

  it('answers conversations and users methods', async () => {
    const web = client();
    expect(await web.conversations.info({ channel: 'C1' })).toMatchObject({ ok: true, channel: { id: 'C1', name: expect.any(String) } });
    expect(await web.conversations.open({ users: 'U42' })).toMatchObject({ ok: true, channel: { id: 'DU42' } });
    expect(await web.users.info({ user: 'U42', include_locale: true })).toMatchObject({
      ok: true,
      user: { id: 'U42', name: expect.any(String), tz: 'Europe/Paris', locale: 'en-US' },
    });
    const found = await web.users.lookupByEmail({ email: 'ada@example.com' });
    expect(found).toMatchObject({ ok: true, user: { id: expect.stringMatching(/^U/), profile: { email: 'ada@example.com' } } });
    expect((await web.users.lookupByEmail({ email: 'ada@example.com' })).user?.id).toBe(found.user?.id);
    expect(await slackError(web.users.lookupByEmail({ email: 'unknown@example.com' }))).toBe('users_not_found');
  });

  it('users.info gives the locale only when asked (include_locale), as set per person', async () => {
    const web = client();
    fake.locales.set('U43', 'fr-FR');
    const without = await web.users.info({ user: 'U43' });
    expect(without.ok).toBe(true);
    expect(without.user && 'locale' in without.user).toBe(false);
    expect((await web.users.info({ user: 'U43', include_locale: true })).user?.locale).toBe('fr-FR');
    expect((await web.users.info({ user: 'U44', include_locale: true })).user?.locale).toBe('en-US');
    fake.reset();
    expect((await web.users.info({ user: 'U43', include_locale: true })).user?.locale).toBe('en-US');
  });

  it('answers reactions.add once per reaction', async () => {
    const web = client();
    await expect(web.reactions.add({ channel: 'C1', timestamp: '1.000001', name: 'eyes' })).resolves.toMatchObject({ ok: true });
    expect(await slackError(web.reactions.add({ channel: 'C1', timestamp: '1.000001', name: 'eyes' }))).toBe('already_reacted');
  });

  it('opens, updates and pushes modals, echoing the view with an id and hash', async () => {
    const web = client();
    const opened = await web.views.open({ trigger_id: 't1', view: typedModal({ callback_id: 'feedback', private_metadata: '{"x":1}' }) });
    expect(opened.view).toMatchObject({
      id: expect.stringMatching(/^V/),
      hash: expect.any(String),
      type: 'modal',
      callback_id: 'feedback',
      private_metadata: '{"x":1}',
      title: plain('Cadence'),
    });
    const viewId = String(opened.view?.id);
    const hash = String(opened.view?.hash);

    const updated = await web.views.update({ view_id: viewId, hash, view: typedModal({ callback_id: 'feedback' }) });
    expect(updated.view?.id).toBe(viewId);
    expect(updated.view?.hash).not.toBe(hash);
    // The old hash is stale now: Slack refuses it so that a slow update cannot overwrite a newer one.
    expect(await slackError(web.views.update({ view_id: viewId, hash, view: typedModal() }))).toBe('hash_conflict');

    const pushed = await web.views.push({ trigger_id: 't2', view: typedModal() });
    expect(pushed.view?.id).not.toBe(viewId);
  });

  it('publishes Home tabs', async () => {
    const published = await client().views.publish({ user_id: 'U1', view: { type: 'home', blocks: [] } });
    expect(published).toMatchObject({ ok: true, view: { id: expect.stringMatching(/^V/), type: 'home', hash: expect.any(String) } });
  });
});

describe('strict validation', () => {
  it('refuses calls without a token (not_authed) or with a non-bot token (invalid_auth)', async () => {
    expect(await slackError(client({}, null).chat.postMessage({ channel: 'C1', text: 'x' }))).toBe('not_authed');
    expect(await slackError(client({}, 'xapp-1-A1-123-abc').chat.postMessage({ channel: 'C1', text: 'x' }))).toBe('invalid_auth');
  });

  it('needs a channel to post to', async () => {
    expect(await slackError(client().apiCall('chat.postMessage', { text: 'x' }))).toBe('channel_not_found');
    expect(await slackError(client().apiCall('chat.update', { ts: '1.1', text: 'x' }))).toBe('channel_not_found');
  });

  it('needs a user for ephemeral messages', async () => {
    expect(await slackError(client().apiCall('chat.postEphemeral', { channel: 'C1', text: 'x' }))).toBe('user_not_found');
  });

  it('needs text, blocks or attachments', async () => {
    expect(await slackError(client().apiCall('chat.postMessage', { channel: 'C1' }))).toBe('no_text');
    expect(await slackError(client().apiCall('chat.postMessage', { channel: 'C1', text: '' }))).toBe('no_text');
  });

  it('accepts blocks without text but records the missing fallback', async () => {
    await client().apiCall('chat.postMessage', { channel: 'C1', blocks: [section('hi')] });
    const [call] = fake.callsTo('chat.postMessage');
    expect(call?.warning).toBe('missing_text_fallback');
    expect(call?.response).toMatchObject({ response_metadata: { warnings: ['missing_text_fallback'] } });
  });

  it('allows 50 blocks in a message and refuses 51 with invalid_blocks and the problems', async () => {
    const web = client();
    await expect(web.apiCall('chat.postMessage', { channel: 'C1', text: 'x', blocks: dividers(50) })).resolves.toMatchObject({ ok: true });
    const error: unknown = await web.apiCall('chat.postMessage', { channel: 'C1', text: 'x', blocks: dividers(51) }).catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: ErrorCode.PlatformError,
      data: {
        error: 'invalid_blocks',
        errors: ['no more than 50 blocks are allowed in a message (got 51) [json-pointer:/blocks]'],
        response_metadata: { messages: ['[ERROR] no more than 50 blocks are allowed in a message (got 51) [json-pointer:/blocks]'] },
      },
    });
    expect(fake.calls.at(-1)).toMatchObject({ ok: false, error: 'invalid_blocks' });
  });

  it('checks Block Kit limits on chat.update too', async () => {
    const web = client();
    const ok = { channel: 'C1', ts: '1.000001', text: 'x' };
    await expect(web.apiCall('chat.update', { ...ok, blocks: [section('x'.repeat(3000))] })).resolves.toMatchObject({ ok: true });
    expect(await slackError(web.apiCall('chat.update', { ...ok, blocks: [section('x'.repeat(3001))] }))).toBe('invalid_blocks');
  });

  it('refuses input blocks in messages', async () => {
    const inputBlock = { type: 'input', label: plain('Name'), element: { type: 'plain_text_input', action_id: 'name' } };
    expect(await slackError(client().apiCall('chat.postMessage', { channel: 'C1', text: 'x', blocks: [inputBlock] }))).toBe('invalid_blocks');
  });

  it('refuses blocks that are not a JSON array', async () => {
    expect(await slackError(client().apiCall('chat.postMessage', { channel: 'C1', text: 'x', blocks: 'not json' }))).toBe('invalid_blocks_format');
  });

  it('needs trigger_id and view for views.open and views.push', async () => {
    const web = client();
    expect(await slackError(web.apiCall('views.open', { view: modal() }))).toBe('invalid_arguments');
    expect(await slackError(web.apiCall('views.open', { trigger_id: 't' }))).toBe('invalid_arguments');
    expect(await slackError(web.apiCall('views.push', { view: modal() }))).toBe('invalid_arguments');
  });

  it('lets a trigger_id open one view only', async () => {
    const web = client();
    await web.apiCall('views.open', { trigger_id: 'once', view: modal() });
    expect(await slackError(web.apiCall('views.open', { trigger_id: 'once', view: modal() }))).toBe('exchanged_trigger_id');
  });

  it('checks views against Block Kit limits, answering invalid_arguments as Slack does for views', async () => {
    const web = client();
    await expect(web.apiCall('views.open', { trigger_id: 'a', view: modal({ title: plain('x'.repeat(24)) }) })).resolves.toMatchObject({ ok: true });
    const error: unknown = await web.apiCall('views.open', { trigger_id: 'b', view: modal({ title: plain('x'.repeat(25)) }) }).catch((e: unknown) => e);
    expect(error).toMatchObject({
      data: {
        error: 'invalid_arguments',
        response_metadata: { messages: ['[ERROR] must be at most 24 characters (got 25) [json-pointer:/view/title/text]'] },
      },
    });
    expect(await slackError(web.apiCall('views.open', { trigger_id: 'c', view: modal({ blocks: dividers(101) }) }))).toBe('invalid_arguments');
    expect(await slackError(web.apiCall('views.open', { trigger_id: 'd', view: { type: 'home', blocks: [] } }))).toBe('invalid_arguments');
  });

  it('needs view_id or external_id for views.update', async () => {
    const web = client();
    expect(await slackError(web.apiCall('views.update', { view: modal() }))).toBe('invalid_arguments');
    await expect(web.apiCall('views.update', { external_id: 'ext-1', view: modal() })).resolves.toMatchObject({ ok: true });
  });

  it('needs user_id and a home view for views.publish', async () => {
    const web = client();
    expect(await slackError(web.apiCall('views.publish', { view: { type: 'home', blocks: [] } }))).toBe('invalid_arguments');
    expect(await slackError(web.apiCall('views.publish', { user_id: 'U1', view: modal() }))).toBe('invalid_arguments');
  });

  it('answers ok to anything when not strict', async () => {
    const lax = await startFakeSlack({ strict: false });
    try {
      const web = new WebClient(undefined, { slackApiUrl: lax.apiUrl, retryConfig: { retries: 0 }, logger: silentLogger });
      await expect(web.apiCall('chat.postMessage', { blocks: dividers(60) })).resolves.toMatchObject({ ok: true });
      expect(lax.callsTo('chat.postMessage')).toHaveLength(1);
    } finally {
      await lax.close();
    }
  });
});

describe('faults', () => {
  it('answers 429 with Retry-After, which a client with rejectRateLimitedCalls turns into a rate-limited error', async () => {
    fake.inject('chat.postMessage', { status: 429, retryAfterSeconds: 7 });
    const web = client({ rejectRateLimitedCalls: true });
    const error: unknown = await web.chat.postMessage({ channel: 'C1', text: 'x' }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: ErrorCode.RateLimitedError, retryAfter: 7 });
    expect(fake.calls).toMatchObject([{ method: 'chat.postMessage', ok: false, error: 'ratelimited' }]);
    // The fault was used up: the next call goes through.
    await expect(web.chat.postMessage({ channel: 'C1', text: 'x' })).resolves.toMatchObject({ ok: true });
  });

  it('chaos: fails the share of calls a seeded random decides, marks slow answers, spares auth.test, stops on null', async () => {
    // A fixed sequence instead of a PRNG: fail, pick fault 0 (500); pass; fail, pick fault 1 (slow); pass.
    const draws = [0.1, 0.0, 0.9, 0.1, 0.9, 0.9];
    fake.chaos({ method: 'chat.postMessage', share: 0.5, faults: [{ status: 500 }, { delayMs: 20 }], random: () => draws.shift() ?? 0.99 });
    const web = client({ retryConfig: { retries: 0 } });
    await expect(web.chat.postMessage({ channel: 'C1', text: 'a' })).rejects.toMatchObject({ statusCode: 500 });
    await expect(web.chat.postMessage({ channel: 'C1', text: 'b' })).resolves.toMatchObject({ ok: true });
    await expect(web.auth.test()).resolves.toMatchObject({ ok: true });
    await expect(web.chat.postMessage({ channel: 'C1', text: 'c' })).resolves.toMatchObject({ ok: true });
    await expect(web.chat.postMessage({ channel: 'C1', text: 'd' })).resolves.toMatchObject({ ok: true });
    expect(fake.calls.map((c) => [c.method, c.error ?? 'ok', c.delayedMs])).toEqual([
      ['chat.postMessage', 'http_500', undefined],
      ['chat.postMessage', 'ok', undefined],
      ['auth.test', 'ok', undefined],
      ['chat.postMessage', 'ok', 20],
      ['chat.postMessage', 'ok', undefined],
    ]);
    fake.chaos({ method: '*', share: 1, faults: [{ status: 500 }], random: () => 0 });
    fake.chaos(null);
    await expect(web.chat.postMessage({ channel: 'C1', text: 'e' })).resolves.toMatchObject({ ok: true });
  });

  it('sends the Retry-After header and ratelimited body', async () => {
    fake.inject('*', { status: 429, retryAfterSeconds: 3 });
    const response = await fetch(`${fake.apiUrl}auth.test`, { method: 'POST', headers: { authorization: 'Bearer xoxb-test' } });
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('3');
    expect(await response.json()).toEqual({ ok: false, error: 'ratelimited' });
  });

  it('lets a retrying client wait out a 429 and succeed', async () => {
    fake.inject('chat.postMessage', { status: 429, retryAfterSeconds: 0 });
    const web = client({ retryConfig: { retries: 1, minTimeout: 0, maxTimeout: 0 } });
    const rateLimited: number[] = [];
    web.on(WebClientEvent.RATE_LIMITED, (seconds: number) => rateLimited.push(seconds));
    await expect(web.chat.postMessage({ channel: 'C1', text: 'x' })).resolves.toMatchObject({ ok: true });
    expect(rateLimited).toEqual([0]);
    expect(fake.calls.map((c) => c.error ?? 'ok')).toEqual(['ratelimited', 'ok']);
  });

  it('surfaces an exhausted 429 as a request error, not a rate-limited error, without rejectRateLimitedCalls', async () => {
    // Worth knowing when choosing retry settings: WebClient first sleeps Retry-After
    // seconds (pausing its whole queue), then fails with a generic request error.
    fake.inject('chat.postMessage', { status: 429, retryAfterSeconds: 0 });
    const error: unknown = await client().chat.postMessage({ channel: 'C1', text: 'x' }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: ErrorCode.RequestError, message: expect.stringContaining('A rate limit was exceeded') });
  });

  it('answers 500 with a non-JSON body', async () => {
    fake.inject('chat.postMessage', { status: 500 });
    const error: unknown = await client().chat.postMessage({ channel: 'C1', text: 'x' }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: ErrorCode.HTTPError, statusCode: 500 });
    expect(fake.calls).toMatchObject([{ ok: false, error: 'http_500' }]);
  });

  it('retries a 500 with the default-style policy, so only retries:0 fails at once', async () => {
    fake.inject('chat.postMessage', { status: 500 }, 2);
    const web = client({ retryConfig: { retries: 2, minTimeout: 0, maxTimeout: 0 } });
    await expect(web.chat.postMessage({ channel: 'C1', text: 'x' })).resolves.toMatchObject({ ok: true });
    expect(fake.calls.map((c) => c.error ?? 'ok')).toEqual(['http_500', 'http_500', 'ok']);
  });

  it('delays answers, which a client timeout turns into a request error', async () => {
    fake.inject('users.info', { delayMs: 300 });
    const error: unknown = await client({ timeout: 50 }).users.info({ user: 'U1' }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: ErrorCode.RequestError });
    // As on Slack, the call still completes server-side: a timed-out chat.postMessage may have posted.
    await expect(fake.waitForCalls('users.info', 1, 1000)).resolves.toHaveLength(1);
  });

  it('does not record a slow call from before a reset into the next test', async () => {
    fake.inject('auth.test', { delayMs: 100 });
    const slow = client().auth.test();
    await new Promise((resolve) => setTimeout(resolve, 20));
    fake.reset();
    await expect(slow).resolves.toMatchObject({ ok: true });
    expect(fake.calls).toEqual([]);
  });

  it('gives the real answer after a delay', async () => {
    fake.inject('users.info', { delayMs: 100 });
    const started = performance.now();
    await expect(client().users.info({ user: 'U1' })).resolves.toMatchObject({ ok: true, user: { id: 'U1' } });
    // A lower bound only: the answer cannot come before the delay (a small margin for timer rounding).
    expect(performance.now() - started).toBeGreaterThanOrEqual(95);
  });

  it('answers an injected error code with HTTP 200 ok:false', async () => {
    fake.inject('chat.postMessage', { error: 'channel_is_archived' }, 2);
    const web = client();
    expect(await slackError(web.chat.postMessage({ channel: 'C1', text: 'x' }))).toBe('channel_is_archived');
    expect(await slackError(web.chat.postMessage({ channel: 'C1', text: 'x' }))).toBe('channel_is_archived');
    await expect(web.chat.postMessage({ channel: 'C1', text: 'x' })).resolves.toMatchObject({ ok: true });
  });

  it("applies '*' faults to any method, in injection order", async () => {
    fake.inject('*', { error: 'first' });
    fake.inject('auth.test', { error: 'second' });
    const web = client();
    expect(await slackError(web.users.info({ user: 'U1' }))).toBe('first');
    await expect(web.users.info({ user: 'U1' })).resolves.toMatchObject({ ok: true });
    expect(await slackError(web.auth.test())).toBe('second');
  });
});

describe('waitForCalls', () => {
  it('resolves once enough successful calls arrived', async () => {
    const web = client();
    const waiting = fake.waitForCalls('chat.postMessage', 2, 2000);
    void web.chat.postMessage({ channel: 'C1', text: 'one' });
    void web.chat.postMessage({ channel: 'C1', text: 'two' });
    const calls = await waiting;
    expect(calls.map((c) => c.args['text']).sort()).toEqual(['one', 'two']);
  });

  it('resolves at once when the calls are already there', async () => {
    await client().auth.test();
    await expect(fake.waitForCalls('auth.test', 1)).resolves.toHaveLength(1);
  });

  it('rejects on timeout with a message listing what was recorded', async () => {
    const web = client();
    await web.auth.test();
    await web.apiCall('chat.postMessage', { channel: 'C1', text: 'x', blocks: dividers(51) }).catch(() => undefined);
    const error: unknown = await fake.waitForCalls('chat.postMessage', 1, 50).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect(String(error)).toContain('waited 50 ms for 1 successful chat.postMessage call(s), got 0. Recorded calls:');
    expect(String(error)).toContain('\n  auth.test ok\n  chat.postMessage FAILED invalid_blocks ["no more than 50 blocks');
  });
});
