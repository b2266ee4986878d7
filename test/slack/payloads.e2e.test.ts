import { readFileSync, readdirSync } from 'node:fs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { checkedAck, SIGNING_SECRET, startTestApp, type TestApp } from '../helpers/app.js';
import { newTriggerId, sendToSlackEndpoint, type SlackEndpointResponse } from '../helpers/signer.js';

/*
 * Issue 11, "real payloads through the real receiver": every payload Slack's own
 * SDK repositories publish (test/fixtures/slack/payloads, copied from
 * ../shared/slack/payloads with SOURCES.md), signed and sent to the real Bolt
 * HTTP receiver. Only what must point at Cadence is adapted: the command, the
 * callback_id / action_id of one of Cadence's listeners, the response URLs (to
 * the stand-in) and fresh trigger_ids. Team, enterprise and user ids stay as
 * Slack sent them: Enterprise Grid W… users, `team: null` on org installs.
 * For each: 200, the expected effect (stored rows, Web API calls), and no call
 * Slack would refuse — the acks included (checkedAck).
 */

const DIR = new URL('../fixtures/slack/payloads/', import.meta.url);
type Json = Record<string, unknown>;
const load = (name: string): Json => JSON.parse(readFileSync(new URL(name, DIR), 'utf8')) as Json;

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t.stop();
});
beforeEach(() => {
  t.slack.reset();
});

const refused = () => t.slack.calls.filter((c) => !c.ok);
const signed = { signingSecret: SIGNING_SECRET };

/** Response URLs and trigger_ids that point at this test's stand-in. */
function adapt(payload: Json): Json {
  const text = JSON.stringify(payload).replace(/"response_url":"[^"]*"/g, () => `"response_url":${JSON.stringify(t.slack.responseUrl())}`);
  const adapted = JSON.parse(text) as Json;
  if (typeof adapted['trigger_id'] === 'string') adapted['trigger_id'] = newTriggerId();
  return adapted;
}

async function interact(payload: Json): Promise<SlackEndpointResponse> {
  const res = await sendToSlackEndpoint(t.eventsUrl, new URLSearchParams({ payload: JSON.stringify(payload) }).toString(), 'application/x-www-form-urlencoded', signed);
  return checkedAck(t.slack, 'interaction', res);
}

async function settled(): Promise<void> {
  // Work after the ack (respond, views.update) lands shortly after; give it a moment, then read.
  await new Promise((resolve) => setTimeout(resolve, 300));
}

const count = (table: string) => t.db.prepare(`SELECT COUNT(*) FROM ${table}`).pluck().get() as number;

describe('every published payload is covered', () => {
  it('lists each fixture in one of the cases below', () => {
    const covered = new Set([
      'url_verification.json', 'slash_command.json', 'slash_command_enterprise.json', 'slash_command_org_install.json',
      'block_actions_message.json', 'block_actions_message_attachment.json', 'block_actions_ephemeral_enterprise.json',
      'block_actions_ephemeral_state.json', 'block_actions_ephemeral_thread.json', 'block_actions_app_home.json',
      'view_submission.json', 'view_submission_org_install.json', 'view_submission_enterprise.json', 'view_submission_response_urls.json',
      'view_state_inputs.json', 'view_state_all_values.json', 'view_closed.json', 'view_closed_enterprise.json',
      'message_action.json', 'message_action_files_attachment.json', 'message_action_enterprise_blocks.json',
      'block_suggestion.json', 'block_suggestion_enterprise.json',
      'app_home_opened_event.json', 'app_home_opened_org_messages.json', 'app_home_opened_no_tab.json', 'retry_headers.json',
    ]);
    const files = readdirSync(DIR).filter((f) => f.endsWith('.json'));
    expect(files.filter((f) => !covered.has(f))).toEqual([]);
  });
});

describe('url_verification', () => {
  it('answers the challenge', async () => {
    const body = load('url_verification.json');
    const res = await sendToSlackEndpoint(t.eventsUrl, JSON.stringify(body), 'application/json', signed);
    expect(res.status).toBe(200);
    expect(res.text).toContain(String(body['challenge']));
  });
});

describe('slash commands', () => {
  for (const name of ['slash_command.json', 'slash_command_enterprise.json', 'slash_command_org_install.json']) {
    it(`${name}: /cadence help answers in the ack`, async () => {
      const raw = String(load(name)['_raw']);
      const form = new URLSearchParams(raw);
      form.set('command', '/cadence');
      form.set('text', 'help');
      form.set('response_url', t.slack.responseUrl());
      const res = checkedAck(t.slack, 'command', await sendToSlackEndpoint(t.eventsUrl, form.toString(), 'application/x-www-form-urlencoded', signed));
      expect(res.status).toBe(200);
      expect((res.json() as { text: string }).text.length).toBeGreaterThan(0);
      expect(t.slack.calls.filter((c) => c.method === 'ack')).toHaveLength(1);
      expect(refused()).toEqual([]);
    });
  }
});

describe('block actions on messages, ephemerals and threads (respond through response_url)', () => {
  for (const name of [
    'block_actions_message.json',
    'block_actions_message_attachment.json',
    'block_actions_ephemeral_enterprise.json',
    'block_actions_ephemeral_state.json',
    'block_actions_ephemeral_thread.json',
  ]) {
    it(`${name}: Details of an unknown opportunity answers through the response URL`, async () => {
      const payload = adapt(load(name));
      const first = (Array.isArray(payload['actions']) ? payload['actions'][0] : undefined) as Json | undefined;
      payload['actions'] = [{ ...(first ?? { type: 'button', block_id: 'b', action_ts: '1.2' }), type: 'button', action_id: 'opp_details', value: '999999' }];
      const res = await interact(payload);
      expect(res.status).toBe(200);
      const [answer] = await t.slack.waitForCalls('response_url', 1);
      expect(String(answer?.args['text'])).toContain('999999');
      expect(answer?.args['replace_original']).toBe(false);
      expect(refused()).toEqual([]);
    });
  }

  it('block_actions_app_home.json: a Home button (no channel, no response_url) opens its form', async () => {
    const payload = adapt(load('block_actions_app_home.json'));
    const first = (payload['actions'] as Json[])[0];
    payload['actions'] = [{ ...first, type: 'button', action_id: 'home_log_insight', value: 'x' }];
    expect(payload['response_url']).toBeUndefined();
    const res = await interact(payload);
    expect(res.status).toBe(200);
    const [opened] = await t.slack.waitForCalls('views.open', 1);
    expect((opened?.args['view'] as Json)['callback_id']).toBe('insight_modal');
    expect(refused()).toEqual([]);
  });
});

describe('view submissions (every state value shape, Enterprise Grid, org installs)', () => {
  const submissions = ['view_submission.json', 'view_submission_org_install.json', 'view_submission_enterprise.json', 'view_submission_response_urls.json'];
  for (const name of submissions) {
    it(`${name}: the bug form with foreign values answers field errors and stores nothing`, async () => {
      const payload = adapt(load(name));
      const view = payload['view'] as Json;
      view['callback_id'] = 'bug_register';
      view['private_metadata'] = '{}';
      const before = count('bugs');
      const res = await interact(payload);
      expect(res.status).toBe(200);
      expect(res.json()).toMatchObject({ response_action: 'errors', errors: { bug_key: expect.any(String) } });
      expect(count('bugs')).toBe(before);
      expect(refused()).toEqual([]);
    });
  }

  for (const name of ['view_state_inputs.json', 'view_state_all_values.json']) {
    it(`${name}: these state shapes in the insight form are read without a crash`, async () => {
      const payload = adapt(load('view_submission.json'));
      const view = payload['view'] as Json;
      view['callback_id'] = 'insight_modal';
      view['private_metadata'] = '{}';
      view['state'] = load(name);
      const before = count('insights');
      const res = await interact(payload);
      expect(res.status).toBe(200);
      // No text field among these shapes: the form says what is missing, nothing is stored.
      expect(res.json()).toMatchObject({ response_action: 'errors' });
      expect(count('insights')).toBe(before);
      expect(refused()).toEqual([]);
    });
  }

  for (const name of ['view_closed.json', 'view_closed_enterprise.json']) {
    it(`${name}: acknowledged, nothing happens`, async () => {
      const payload = adapt(load(name));
      (payload['view'] as Json)['callback_id'] = 'bug_register';
      const res = await interact(payload);
      expect(res.status).toBe(200);
      await settled();
      expect(t.slack.calls.filter((c) => c.method !== 'ack')).toEqual([]);
      expect(refused()).toEqual([]);
    });
  }
});

describe('message shortcuts (user and bot messages, files, Enterprise Grid)', () => {
  for (const name of ['message_action.json', 'message_action_files_attachment.json', 'message_action_enterprise_blocks.json']) {
    it(`${name}: Log as insight opens the form prefilled, with the message's permalink`, async () => {
      const payload = adapt(load(name));
      payload['callback_id'] = 'log_insight';
      const message = payload['message'] as Json;
      const res = await interact(payload);
      expect(res.status).toBe(200);
      const [opened] = await t.slack.waitForCalls('views.open', 1);
      const [permalink] = await t.slack.waitForCalls('chat.getPermalink', 1);
      expect(permalink?.args['message_ts']).toBe(payload['message_ts'] ?? message['ts']);
      const view = opened?.args['view'] as Json;
      const meta = JSON.parse(String(view['private_metadata'])) as Json;
      // A bot's message is nobody's customer voice.
      expect(meta['voice']).toBe(message['bot_id'] === undefined ? message['user'] : undefined);
      const prefill = JSON.stringify(view['blocks']);
      expect(prefill).not.toMatch(/<https?:/);
      await t.slack.waitForCalls('views.update', 1);
      expect(refused()).toEqual([]);
    });
  }
});

describe('external select options', () => {
  for (const name of ['block_suggestion.json', 'block_suggestion_enterprise.json']) {
    it(`${name}: the evidence search answers options Slack accepts`, async () => {
      const payload = adapt(load(name));
      payload['action_id'] = 'opp_evidence_search';
      const res = await interact(payload);
      expect(res.status).toBe(200);
      expect(res.json()).toHaveProperty('options');
      expect(t.slack.calls.filter((c) => c.method === 'ack')).toHaveLength(1);
      expect(refused()).toEqual([]);
    });
  }
});

describe('events', () => {
  it('app_home_opened_event.json: publishes the Home tab', async () => {
    const event = load('app_home_opened_event.json');
    const res = await t.event(event);
    expect(res.status).toBe(200);
    const [published] = await t.slack.waitForCalls('views.publish', 1);
    expect(published?.args['user_id']).toBe(event['user']);
    expect(refused()).toEqual([]);
  });

  it('app_home_opened_no_tab.json: an event without `tab` is the Home tab (item 8)', async () => {
    const event = load('app_home_opened_no_tab.json');
    await t.event(event);
    const [published] = await t.slack.waitForCalls('views.publish', 1);
    expect(published?.args['user_id']).toBe(event['user']);
  });

  it('app_home_opened_org_messages.json: the Messages tab of an org-wide install publishes nothing', async () => {
    const res = await sendToSlackEndpoint(t.eventsUrl, JSON.stringify(load('app_home_opened_org_messages.json')), 'application/json', signed);
    expect(res.status).toBe(200);
    await settled();
    expect(t.slack.callsTo('views.publish')).toEqual([]);
    expect(refused()).toEqual([]);
  });

  it('retry_headers.json: a redelivered event does nothing twice', async () => {
    const headers = load('retry_headers.json')['http_receiver_test'] as Record<string, string>;
    const event = load('app_home_opened_event.json');
    const body = JSON.stringify({
      token: 'x', team_id: 'T0CADENCE', api_app_id: 'A0CADENCE', event, type: 'event_callback', event_id: 'Ev0RETRY01', event_time: 1,
      authorizations: [{ enterprise_id: null, team_id: 'T0CADENCE', user_id: 'UBOT', is_bot: true, is_enterprise_install: false }],
    });
    expect((await sendToSlackEndpoint(t.eventsUrl, body, 'application/json', signed)).status).toBe(200);
    await t.slack.waitForCalls('views.publish', 1);
    expect((await sendToSlackEndpoint(t.eventsUrl, body, 'application/json', { ...signed, headers })).status).toBe(200);
    await settled();
    expect(t.slack.callsTo('views.publish')).toHaveLength(1);
  });
});
