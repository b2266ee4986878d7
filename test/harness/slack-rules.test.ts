import { LogLevel, WebAPIPlatformError, WebClient, type Logger } from '@slack/web-api';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { validateBlocks } from '../../src/sandbox/slack/block-kit.js';
import { checkArguments } from '../../src/sandbox/slack/openapi-rules.js';
import { startFakeSlack, type FakeSlack } from '../../src/sandbox/slack/web-api.js';

// Each rule the stand-in learnt from issue 11, proven by a call Slack would refuse
// (and, next to it, the good shape it accepts).

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

function client(): WebClient {
  return new WebClient('xoxb-test', { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 }, logger: silentLogger });
}

async function outcome(call: Promise<unknown>): Promise<string> {
  try {
    await call;
    return 'ok';
  } catch (error) {
    if (error instanceof WebAPIPlatformError) return error.data.error;
    throw error;
  }
}

const plain = (text: string) => ({ type: 'plain_text', text });
const option = (value: string, text = value) => ({ text: plain(text), value });
const options = (n: number) => Array.from({ length: n }, (_, i) => option(`v${i}`));
const actions = (...elements: Record<string, unknown>[]) => [{ type: 'actions', block_id: 'a', elements }];
const button = (actionId: string, extra: Record<string, unknown> = {}) => ({
  type: 'button',
  action_id: actionId,
  text: plain('Go'),
  ...extra,
});

async function post(blocks: unknown[]): Promise<string> {
  return outcome(client().apiCall('chat.postMessage', { channel: 'C1', text: 'fallback', blocks }));
}

describe('Block Kit shapes Slack refuses', () => {
  it('duplicate action_id within a block (issue 11 item 1)', async () => {
    expect(await post(actions(button('withdraw'), button('withdraw')))).toBe('invalid_blocks');
    expect(await post(actions(button('withdraw:1'), button('withdraw:2')))).toBe('ok');
  });

  it('duplicate block_id within a message', async () => {
    const section = { type: 'section', block_id: 'same', text: plain('x') };
    expect(await post([section, section])).toBe('invalid_blocks');
  });

  it('selects, overflow, radio buttons and checkboxes without options (item 3)', async () => {
    for (const type of ['static_select', 'overflow', 'radio_buttons', 'checkboxes']) {
      expect(await post(actions({ type, action_id: 'x', options: [] })), type).toBe('invalid_blocks');
    }
    expect(await post(actions({ type: 'static_select', action_id: 'x', options: options(1) }))).toBe('ok');
  });

  it('overflow over 5 options, radio buttons and checkboxes over 10', async () => {
    expect(await post(actions({ type: 'overflow', action_id: 'x', options: options(6) }))).toBe('invalid_blocks');
    expect(await post(actions({ type: 'overflow', action_id: 'x', options: options(5) }))).toBe('ok');
    // An overflow with a single option (item 8: a shipped opportunity's card).
    expect(await post(actions({ type: 'overflow', action_id: 'x', options: options(1) }))).toBe('invalid_blocks');
    expect(await post(actions({ type: 'radio_buttons', action_id: 'x', options: options(11) }))).toBe('invalid_blocks');
    expect(await post(actions({ type: 'checkboxes', action_id: 'x', options: options(11) }))).toBe('invalid_blocks');
  });

  it('an option value over 150 characters', async () => {
    const el = { type: 'static_select', action_id: 'x', options: [option('v'.repeat(151), 'long')] };
    expect(await post(actions(el))).toBe('invalid_blocks');
  });

  it('initial_option(s) not among the options', async () => {
    const select = { type: 'static_select', action_id: 'x', options: options(2) };
    expect(await post(actions({ ...select, initial_option: option('other') }))).toBe('invalid_blocks');
    expect(await post(actions({ ...select, initial_option: option('v1') }))).toBe('ok');
    const boxes = { type: 'checkboxes', action_id: 'y', options: options(2) };
    expect(await post(actions({ ...boxes, initial_options: [option('v0'), option('nope')] }))).toBe('invalid_blocks');
  });

  it('a URL holding &amp; (item 4), and mrkdwn escaped twice', async () => {
    expect(await post(actions(button('open', { url: 'https://t.example/x?a=1&amp;b=2' })))).toBe('invalid_blocks');
    expect(await post(actions(button('open', { url: 'https://t.example/x?a=1&b=2' })))).toBe('ok');
    const twice = [{ type: 'section', text: { type: 'mrkdwn', text: 'R&amp;amp;D' } }];
    expect(await post(twice)).toBe('invalid_blocks');
  });

  it('section text over 3,000 characters after escaping (item 5)', () => {
    const escaped = '&amp;'.repeat(601);
    expect(validateBlocks([{ type: 'section', text: { type: 'mrkdwn', text: escaped } }], 'message')).toHaveLength(1);
  });
});

describe('channel membership (Rules 1–3 of channel-rules.ts)', () => {
  it('postEphemeral in a DM between two people → channel_not_found (item 2); in the bot DM → ok', async () => {
    fake.conversations.add({ id: 'DPEOPLE', kind: 'im', members: ['U1', 'U2'] });
    const ephemeral = (channel: string) => client().chat.postEphemeral({ channel, user: 'U1', text: 'hi' });
    expect(await outcome(ephemeral('DPEOPLE'))).toBe('channel_not_found');
    const dm = await client().conversations.open({ users: 'U1' });
    expect(await outcome(ephemeral(dm.channel?.id ?? ''))).toBe('ok');
  });

  it('postEphemeral in a private channel the bot is not in → channel_not_found', async () => {
    fake.conversations.add({ id: 'GSECRET', kind: 'private', botMember: false });
    expect(await outcome(client().chat.postEphemeral({ channel: 'GSECRET', user: 'U1', text: 'hi' }))).toBe(
      'channel_not_found',
    );
  });

  it('postMessage in a private channel the bot is not in → channel_not_found; public → not_in_channel without chat:write.public', async () => {
    fake.conversations.add({ id: 'GSECRET', kind: 'private', botMember: false });
    fake.conversations.add({ id: 'COUTSIDE', kind: 'public', botMember: false });
    const postTo = (channel: string) => client().chat.postMessage({ channel, text: 'hi' });
    expect(await outcome(postTo('GSECRET'))).toBe('channel_not_found');
    expect(await outcome(postTo('COUTSIDE'))).toBe('ok');
    fake.scopes.delete('chat:write.public');
    expect(await outcome(postTo('COUTSIDE'))).toBe('not_in_channel');
    expect(await outcome(postTo('C_DEFAULT_MEMBER'))).toBe('ok');
  });

  it('forgets declared conversations and scopes on reset', async () => {
    fake.conversations.add({ id: 'GSECRET', kind: 'private', botMember: false });
    fake.scopes.delete('chat:write.public');
    fake.reset();
    expect(await outcome(client().chat.postMessage({ channel: 'GSECRET', text: 'hi' }))).toBe('ok');
    expect(fake.scopes.has('chat:write.public')).toBe(true);
  });
});

describe('arguments against the OpenAPI spec', () => {
  it('refuses a missing required argument (item 6: chat.getPermalink without message_ts)', async () => {
    expect(await outcome(client().apiCall('chat.getPermalink', { channel: 'C1' }))).toBe('message_not_found');
    expect(checkArguments('users.lookupByEmail', {})).toMatchObject({ ok: false, error: 'invalid_arguments' });
  });

  it('refuses an unknown method and reports unknown argument names', async () => {
    expect(await outcome(client().apiCall('chat.postMesage', { channel: 'C1', text: 'x' }))).toBe('unknown_method');
    const call = outcome(client().apiCall('chat.postMessage', { channel: 'C1', text: 'x', thread_timestamp: '1.2' }));
    expect(await call).toBe('invalid_arguments');
    expect(fake.calls.at(-1)?.response?.['errors']).toEqual([
      'unknown argument thread_timestamp (not a parameter of chat.postMessage)',
    ]);
  });

  it("allows Bolt's team_id and arguments Slack added after the spec", () => {
    expect(checkArguments('chat.postMessage', { channel: 'C1', team_id: 'T1', metadata: {} })).toEqual({ ok: true });
  });
});

describe('views', () => {
  it('views.update with a stale hash → hash_conflict', async () => {
    const view = { type: 'modal' as const, title: { type: 'plain_text' as const, text: 'T' }, blocks: [] };
    const opened = await client().views.open({ trigger_id: '1.2.abc', view });
    const id = opened.view?.id ?? '';
    const first = await client().views.update({ view_id: id, hash: opened.view?.hash ?? '', view });
    expect(first.ok).toBe(true);
    expect(await outcome(client().views.update({ view_id: id, hash: opened.view?.hash ?? '', view }))).toBe('hash_conflict');
  });
});

describe('acks and response_url bodies go through the same checks', () => {
  it('refuses a response_url post with duplicate action_ids', async () => {
    const body = { text: 'agenda', blocks: actions(button('w'), button('w')) };
    const answer = await fetch(fake.responseUrl(), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect(await answer.json()).toMatchObject({ ok: false, error: 'invalid_blocks' });
    const good = await fetch(fake.responseUrl(), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text: 'fine' }) });
    expect(await good.json()).toMatchObject({ ok: true });
  });

  it('refuses an ack with invalid blocks, or a response_action view Slack would refuse', () => {
    expect(fake.checkAck('command', { text: 'x', blocks: actions(button('w'), button('w')) }).error).toBe('invalid_blocks');
    const badView = { type: 'modal', title: plain('x'.repeat(25)), blocks: [] };
    expect(fake.checkAck('interaction', { response_action: 'update', view: badView }).ok).toBe(false);
    expect(fake.checkAck('interaction', { response_action: 'errors', errors: { title: 'Too long' } }).ok).toBe(true);
    expect(fake.checkAck('command', '').ok).toBe(true);
    expect(fake.calls.filter((c) => c.method === 'ack')).toHaveLength(4);
  });
});
