import { createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { isValidSlackRequest, verifySlackRequest } from '@slack/bolt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  blockActionPayload,
  blockSuggestionPayload,
  eventBody,
  globalShortcutPayload,
  interactionBody,
  messageShortcutPayload,
  sendCommand,
  sendEvent,
  sendInteraction,
  slackSignature,
  slashCommandBody,
  stateValue,
  viewSubmissionPayload,
} from '../helpers/signer.js';

const SECRET = 'test-signing-secret';

describe('slackSignature', () => {
  it("matches the worked example in Slack's documentation", () => {
    // From "Verifying requests from Slack" (docs.slack.dev/authentication/verifying-requests-from-slack).
    const body =
      'token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V' +
      '&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=' +
      '&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN' +
      '&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c';
    expect(slackSignature('8f742231b10e8888abcd99yyyzzz85a5', 1531420618, body)).toBe(
      'v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503',
    );
  });

  it('is v0= and the hex HMAC-SHA256 of v0:timestamp:body', () => {
    const body = '{"type":"event_callback","text":"héllo ✓"}';
    const expected = createHmac('sha256', SECRET).update(`v0:1700000000:${body}`, 'utf8').digest('hex');
    expect(slackSignature(SECRET, 1700000000, body)).toBe(`v0=${expected}`);
  });
});

describe("Bolt's verifySlackRequest", () => {
  const now = 1_700_000_000_000;
  const timestamp = now / 1000;
  const body = slashCommandBody({ command: '/cadence', text: 'insight add "Users want dark mode"' });
  const verify = (signingSecret: string, ts: number, signature = slackSignature(SECRET, ts, body)) =>
    verifySlackRequest({
      signingSecret,
      body,
      headers: { 'x-slack-signature': signature, 'x-slack-request-timestamp': ts },
      nowMilliseconds: now,
    });

  it('accepts what the signer produces', () => {
    expect(() => verify(SECRET, timestamp)).not.toThrow();
    // Still fresh at just under five minutes.
    expect(() => verify(SECRET, timestamp - 299)).not.toThrow();
  });

  it('rejects a wrong secret', () => {
    expect(() => verify('another-secret', timestamp)).toThrow(/signature mismatch/);
  });

  it('rejects a stale timestamp', () => {
    expect(() => verify(SECRET, timestamp - 301)).toThrow(/stale/);
  });

  it('rejects a body changed after signing', () => {
    expect(
      isValidSlackRequest({
        signingSecret: SECRET,
        body: body.replace('dark', 'light'),
        headers: { 'x-slack-signature': slackSignature(SECRET, timestamp, body), 'x-slack-request-timestamp': timestamp },
        nowMilliseconds: now,
      }),
    ).toBe(false);
  });
});

describe('request bodies', () => {
  it('builds slash commands with every field Slack sends, in order', () => {
    const form = new URLSearchParams(
      slashCommandBody({ command: '/cadence', text: 'bug add Login fails & 500s', user_id: 'U1', channel_id: 'C9' }),
    );
    expect([...form.keys()]).toEqual([
      'token',
      'team_id',
      'team_domain',
      'channel_id',
      'channel_name',
      'user_id',
      'user_name',
      'command',
      'text',
      'api_app_id',
      'is_enterprise_install',
      'response_url',
      'trigger_id',
    ]);
    expect(form.get('command')).toBe('/cadence');
    expect(form.get('text')).toBe('bug add Login fails & 500s');
    expect(form.get('user_id')).toBe('U1');
    expect(form.get('channel_id')).toBe('C9');
    expect(form.get('is_enterprise_install')).toBe('false');
  });

  it('gives each command a fresh trigger_id', () => {
    const trigger = () => new URLSearchParams(slashCommandBody({ command: '/cadence' })).get('trigger_id');
    expect(trigger()).not.toBe(trigger());
  });

  it('wraps interaction payloads in a payload form field', () => {
    const payload = { type: 'block_actions', text: 'a & b = c' };
    const body = interactionBody(payload);
    expect(body.startsWith('payload=')).toBe(true);
    expect(JSON.parse(new URLSearchParams(body).get('payload') ?? '')).toEqual(payload);
  });

  it('wraps events in an event_callback envelope', () => {
    const event = { type: 'app_mention', user: 'U1', text: '<@UBOT> hi', channel: 'C1', ts: '1.000001', event_ts: '1.000001' };
    expect(JSON.parse(eventBody(event, { eventId: 'Ev123', teamId: 'T9' }))).toMatchObject({
      token: expect.any(String),
      team_id: 'T9',
      api_app_id: expect.stringMatching(/^A/),
      event,
      type: 'event_callback',
      event_id: 'Ev123',
      event_time: expect.any(Number),
      authorizations: [{ team_id: 'T9', user_id: 'UBOT', is_bot: true }],
    });
  });
});

describe('interactivity payloads', () => {
  it('builds block_actions from a message', () => {
    const payload = blockActionPayload({ user: 'U1', actionId: 'approve', blockId: 'b1', value: '42', channel: 'C1', messageTs: '1.000002' });
    expect(payload).toMatchObject({
      type: 'block_actions',
      user: { id: 'U1', username: expect.any(String), name: expect.any(String), team_id: expect.any(String) },
      team: { id: expect.any(String), domain: expect.any(String) },
      api_app_id: expect.any(String),
      token: expect.any(String),
      trigger_id: expect.any(String),
      container: { type: 'message', message_ts: '1.000002', channel_id: 'C1', is_ephemeral: false },
      channel: { id: 'C1', name: expect.any(String) },
      message: { type: 'message', ts: '1.000002' },
      response_url: expect.stringMatching(/^https:\/\//),
      actions: [{ type: 'button', action_id: 'approve', block_id: 'b1', value: '42', action_ts: expect.any(String) }],
    });
  });

  it('builds block_actions from a view, with a selected option', () => {
    const payload = blockActionPayload({
      user: { id: 'U1', name: 'ada' },
      actionId: 'severity',
      selectedOption: { value: 'high', text: 'High' },
      view: { id: 'V1', callbackId: 'bug_modal' },
    });
    expect(payload).toMatchObject({
      user: { id: 'U1', name: 'ada', username: 'ada' },
      container: { type: 'view', view_id: 'V1' },
      view: { id: 'V1', callback_id: 'bug_modal', type: 'modal', state: { values: {} } },
      actions: [{ type: 'static_select', action_id: 'severity', selected_option: { value: 'high', text: { type: 'plain_text', text: 'High' } } }],
    });
    expect(payload).not.toHaveProperty('response_url');
    expect(payload).not.toHaveProperty('channel');
  });

  it('builds view_submission with state values', () => {
    const values = {
      title: { value: stateValue.plainText('Dark mode') },
      team: { pick: stateValue.staticSelect('growth', 'Growth') },
      due: { date: stateValue.datepicker('2025-03-01') },
    };
    expect(viewSubmissionPayload({ user: 'U1', callbackId: 'insight_modal', values, privateMetadata: '{"c":"C1"}', viewId: 'V7' })).toMatchObject({
      type: 'view_submission',
      user: { id: 'U1' },
      trigger_id: expect.any(String),
      view: {
        id: 'V7',
        type: 'modal',
        callback_id: 'insight_modal',
        private_metadata: '{"c":"C1"}',
        hash: expect.any(String),
        state: {
          values: {
            title: { value: { type: 'plain_text_input', value: 'Dark mode' } },
            team: { pick: { type: 'static_select', selected_option: { value: 'growth', text: { type: 'plain_text', text: 'Growth' } } } },
            due: { date: { type: 'datepicker', selected_date: '2025-03-01' } },
          },
        },
      },
      response_urls: [],
    });
  });

  it('builds message and global shortcuts', () => {
    expect(
      messageShortcutPayload({ user: 'U1', callbackId: 'capture', message: { text: 'idea', user: 'U2', ts: '1.000003' }, channel: 'C1' }),
    ).toMatchObject({
      type: 'message_action',
      callback_id: 'capture',
      trigger_id: expect.any(String),
      message_ts: '1.000003',
      message: { type: 'message', text: 'idea', user: 'U2', ts: '1.000003' },
      channel: { id: 'C1' },
      response_url: expect.any(String),
      action_ts: expect.any(String),
    });
    expect(globalShortcutPayload({ user: 'U1', callbackId: 'new_bug' })).toMatchObject({
      type: 'shortcut',
      callback_id: 'new_bug',
      trigger_id: expect.any(String),
      user: { id: 'U1', username: expect.any(String), team_id: expect.any(String) },
    });
  });

  it('builds block_suggestion for external selects in modals', () => {
    expect(blockSuggestionPayload({ user: 'U1', actionId: 'owner', blockId: 'owner_block', value: 'ad', viewCallbackId: 'bug_modal' })).toMatchObject({
      type: 'block_suggestion',
      action_id: 'owner',
      block_id: 'owner_block',
      value: 'ad',
      container: { type: 'view' },
      view: { callback_id: 'bug_modal' },
    });
  });
});

describe('sending', () => {
  interface Received {
    headers: IncomingHttpHeaders;
    body: string;
  }
  const received: Received[] = [];
  let server: Server;
  let url = '';

  beforeAll(async () => {
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{"received":true}');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    if (address === null || typeof address === 'string') throw new Error('no TCP address');
    url = `http://127.0.0.1:${address.port}/slack/events`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  /** What Bolt's receiver would check, on the bytes that actually arrived. */
  const validOnArrival = (r: Received | undefined, secret = SECRET) =>
    r !== undefined &&
    isValidSlackRequest({
      signingSecret: secret,
      body: r.body,
      headers: {
        'x-slack-signature': String(r.headers['x-slack-signature']),
        'x-slack-request-timestamp': Number(r.headers['x-slack-request-timestamp']),
      },
    });

  it('sends commands signed over the exact bytes sent', async () => {
    const response = await sendCommand(url, { command: '/cadence', text: 'digest — été ✓' }, { signingSecret: SECRET });
    expect(response.status).toBe(200);
    expect(response.json()).toEqual({ received: true });
    const last = received.at(-1);
    expect(last?.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(validOnArrival(last)).toBe(true);
    expect(validOnArrival(last, 'wrong')).toBe(false);
  });

  it('sends interactions and events signed', async () => {
    await sendInteraction(url, globalShortcutPayload({ user: 'U1', callbackId: 'x' }), { signingSecret: SECRET });
    expect(validOnArrival(received.at(-1))).toBe(true);
    await sendEvent(url, { type: 'app_home_opened', user: 'U1', tab: 'home' }, { signingSecret: SECRET });
    const last = received.at(-1);
    expect(last?.headers['content-type']).toBe('application/json');
    expect(validOnArrival(last)).toBe(true);
  });

  it('marks event redeliveries with the retry headers', async () => {
    await sendEvent(url, { type: 'app_mention' }, { signingSecret: SECRET, eventId: 'EvSame', retryNum: 2 });
    expect(received.at(-1)?.headers).toMatchObject({ 'x-slack-retry-num': '2', 'x-slack-retry-reason': 'http_timeout' });
    expect(JSON.parse(received.at(-1)?.body ?? '')).toMatchObject({ event_id: 'EvSame' });
  });

  it('lets tests override the timestamp, the signature and headers', async () => {
    await sendCommand(url, { command: '/cadence' }, { signingSecret: SECRET, timestampSeconds: 1234, signature: 'v0=bad', headers: { 'x-extra': '1' } });
    expect(received.at(-1)?.headers).toMatchObject({ 'x-slack-request-timestamp': '1234', 'x-slack-signature': 'v0=bad', 'x-extra': '1' });
  });
});
