import { App, LogLevel } from '@slack/bolt';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startFakeSlack, type FakeSlack } from '../../src/sandbox/slack/web-api.js';
import {
  blockActionPayload,
  blockSuggestionPayload,
  globalShortcutPayload,
  messageShortcutPayload,
  sendCommand,
  sendEvent,
  sendInteraction,
  stateValue,
  viewSubmissionPayload,
} from '../helpers/signer.js';

// The harness checked against the real thing: a Bolt App with its HTTP receiver,
// fed by signer.ts, talking to src/sandbox/slack/web-api.ts. If a payload builder drifts from what
// Bolt routes on, or the fake from what Bolt's client expects, this fails.

const SECRET = 'roundtrip-signing-secret';
const signed = { signingSecret: SECRET };

let fake: FakeSlack;
let app: App;
let url = '';
const retryNums: (number | undefined)[] = [];

beforeAll(async () => {
  fake = await startFakeSlack();
  app = new App({
    token: 'xoxb-test',
    signingSecret: SECRET,
    logLevel: LogLevel.ERROR,
    clientOptions: { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 } },
  });

  app.command('/cadence', async ({ ack, command, client }) => {
    await ack();
    await client.chat.postMessage({ channel: command.channel_id, text: `echo: ${command.text}` });
  });
  app.action('approve', async ({ ack, respond }) => {
    await ack();
    await respond({ text: 'Approved', replace_original: true });
  });
  app.view('insight_modal', async ({ ack, view }) => {
    const title = view.state.values['title']?.['value']?.value;
    if (!title) await ack({ response_action: 'errors', errors: { title: 'Give the insight a title' } });
    else await ack();
  });
  app.shortcut('capture', async ({ ack, shortcut, client }) => {
    await ack();
    await client.views.open({
      trigger_id: shortcut.trigger_id,
      view: { type: 'modal', callback_id: 'insight_modal', title: { type: 'plain_text', text: 'Capture' }, blocks: [] },
    });
  });
  app.shortcut('new_bug', async ({ ack }) => {
    await ack();
  });
  app.options('owner', async ({ ack, options }) => {
    await ack({ options: [{ text: { type: 'plain_text', text: `Match for ${options.value}` }, value: 'U1' }] });
  });
  app.event('app_mention', async ({ event, say, context }) => {
    retryNums.push(context.retryNum);
    await say(`hi <@${event.user}>`);
  });

  const server = await app.start(0);
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no TCP address');
  url = `http://127.0.0.1:${address.port}/slack/events`;
});

afterAll(async () => {
  await app.stop();
  await fake.close();
});

beforeEach(() => {
  fake.reset();
});

describe('a Bolt app driven by the harness', () => {
  it('runs a slash command and its Web API call', async () => {
    const response = await sendCommand(url, { command: '/cadence', text: 'hello world', channel_id: 'C42' }, signed);
    expect(response.status).toBe(200);
    const [post] = await fake.waitForCalls('chat.postMessage', 1);
    expect(post?.args).toMatchObject({ channel: 'C42', text: 'echo: hello world' });
  });

  it('rejects a bad signature and a stale timestamp with 401', async () => {
    expect((await sendCommand(url, { command: '/cadence' }, { ...signed, signature: 'v0=00' })).status).toBe(401);
    const staleSeconds = Math.floor(Date.now() / 1000) - 6 * 60;
    expect((await sendCommand(url, { command: '/cadence' }, { ...signed, timestampSeconds: staleSeconds })).status).toBe(401);
    expect((await sendCommand(url, { command: '/cadence' }, { signingSecret: 'wrong' })).status).toBe(401);
  });

  it('routes block actions, and respond() reaches the fake response URL', async () => {
    const payload = blockActionPayload({ user: 'U1', actionId: 'approve', value: '7', responseUrl: fake.responseUrl('approve') });
    expect((await sendInteraction(url, payload, signed)).status).toBe(200);
    const [response] = await fake.waitForCalls('response_url', 1);
    expect(response).toMatchObject({ path: '/response/approve', args: { text: 'Approved', replace_original: true } });
  });

  it('routes view submissions and returns validation errors', async () => {
    const empty = viewSubmissionPayload({ user: 'U1', callbackId: 'insight_modal', values: { title: { value: stateValue.plainText(null) } } });
    const refused = await sendInteraction(url, empty, signed);
    expect(refused.json()).toEqual({ response_action: 'errors', errors: { title: 'Give the insight a title' } });

    const filled = viewSubmissionPayload({ user: 'U1', callbackId: 'insight_modal', values: { title: { value: stateValue.plainText('Dark mode') } } });
    const accepted = await sendInteraction(url, filled, signed);
    expect(accepted.status).toBe(200);
    expect(accepted.text).toBe('');
  });

  it('routes message shortcuts, whose trigger_id opens a modal once', async () => {
    const payload = messageShortcutPayload({
      user: 'U1',
      callbackId: 'capture',
      message: { text: 'Users want dark mode', user: 'U2', ts: '1700000000.000100' },
      channel: 'C1',
    });
    expect((await sendInteraction(url, payload, signed)).status).toBe(200);
    const [open] = await fake.waitForCalls('views.open', 1);
    expect(open?.args).toMatchObject({ trigger_id: payload['trigger_id'], view: { callback_id: 'insight_modal' } });
  });

  it('routes global shortcuts', async () => {
    expect((await sendInteraction(url, globalShortcutPayload({ user: 'U1', callbackId: 'new_bug' }), signed)).status).toBe(200);
  });

  it('routes external select option loads', async () => {
    const payload = blockSuggestionPayload({ user: 'U1', actionId: 'owner', blockId: 'owner_block', value: 'ad', viewCallbackId: 'bug_modal' });
    const response = await sendInteraction(url, payload, signed);
    expect(response.json()).toEqual({ options: [{ text: { type: 'plain_text', text: 'Match for ad' }, value: 'U1' }] });
  });

  it('delivers events, exposing redeliveries as context.retryNum', async () => {
    const event = { type: 'app_mention', user: 'U1', text: '<@UBOT> hi', channel: 'C1', ts: '1700000000.000200', event_ts: '1700000000.000200' };
    await sendEvent(url, event, { ...signed, eventId: 'Ev1' });
    await sendEvent(url, event, { ...signed, eventId: 'Ev1', retryNum: 1 });
    const posts = await fake.waitForCalls('chat.postMessage', 2);
    expect(posts.map((p) => p.args['text'])).toEqual(['hi <@U1>', 'hi <@U1>']);
    expect(retryNums.slice(-2)).toEqual([undefined, 1]);
  });
});
