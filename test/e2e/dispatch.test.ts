import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '@slack/bolt';
import type { FeatureModule } from '../../src/context.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { blockActionPayload, blockSuggestionPayload, globalShortcutPayload, viewSubmissionPayload } from '../helpers/signer.js';

/**
 * The dispatcher (src/core/dispatch.ts) routes each request to the listeners
 * that can match it instead of running every listener's middleware. These
 * requests go through the real receiver to a feature that registers every
 * shape Bolt accepts, and check that what runs is what Bolt would run.
 */
const calls: string[] = [];

const probe: FeatureModule = {
  name: 'probe',
  register(app: App) {
    app.command('/probe', async ({ ack, command }) => {
      calls.push(`command:${command.text}`);
      await ack(`probe ${command.text}`);
    });
    app.command(/^\/prob[a-z]+$/, async ({ command, ack }) => {
      calls.push(`command-regex:${command.command}`);
      if (command.command !== '/probe') await ack('regex');
    });
    app.action('probe_button', async ({ ack }) => {
      calls.push('action:exact');
      await ack();
    });
    app.action(/^probe_page:(\d+)$/, async ({ ack, context }) => {
      calls.push(`action:regex:${String((context.actionIdMatches as RegExpMatchArray | undefined)?.[1])}`);
      await ack();
    });
    app.action({ action_id: 'probe_blocked', block_id: 'only_here' }, async ({ ack }) => {
      calls.push('action:block-constrained');
      await ack();
    });
    app.action('probe_fails', async ({ ack }) => {
      await ack();
      throw new Error('probe listener failed on purpose');
    });
    app.view('probe_modal', async ({ ack, view }) => {
      calls.push(`view:${view.callback_id}`);
      await ack({ response_action: 'errors', errors: { field: 'probe says no' } });
    });
    app.view({ callback_id: 'probe_modal', type: 'view_closed' }, async ({ ack }) => {
      calls.push('view:closed');
      await ack();
    });
    app.shortcut('probe_shortcut', async ({ ack }) => {
      calls.push('shortcut');
      await ack();
    });
    app.options('probe_search', async ({ ack, options }) => {
      calls.push(`options:${options.value}`);
      await ack({ options: [{ text: { type: 'plain_text', text: options.value }, value: options.value }] });
    });
    app.event('app_mention', async () => {
      calls.push('event:app_mention');
    });
  },
};

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ features: [probe] });
});
afterAll(async () => {
  await t.stop();
});

async function settled(): Promise<void> {
  await new Promise((r) => setTimeout(r, 50));
}

describe('request dispatch', () => {
  it('a command reaches its exact listener and every matching RegExp listener, in registration order', async () => {
    calls.length = 0;
    const res = await t.command({ command: '/probe', text: 'one', user_id: 'U0000PMPAY1' });
    expect(res.text).toBe('probe one');
    await settled();
    expect(calls).toEqual(['command:one', 'command-regex:/probe']);
    calls.length = 0;
    const other = await t.command({ command: '/probes', text: '', user_id: 'U0000PMPAY1' });
    expect(other.text).toBe('regex');
    await settled();
    expect(calls).toEqual(['command-regex:/probes']);
  });

  it('actions: exact action_id, RegExp with its matches in the context, block_id constraints still apply', async () => {
    calls.length = 0;
    expect((await t.interact(blockActionPayload({ user: 'U0000PMPAY1', actionId: 'probe_button', channel: 'C0000PAYMNT' }))).status).toBe(200);
    expect((await t.interact(blockActionPayload({ user: 'U0000PMPAY1', actionId: 'probe_page:7', channel: 'C0000PAYMNT' }))).status).toBe(200);
    // No listener acknowledges it: Bolt's receiver answers 404 after its 3 s wait, as without the dispatcher.
    expect((await t.interact(blockActionPayload({ user: 'U0000PMPAY1', actionId: 'probe_blocked', blockId: 'elsewhere', channel: 'C0000PAYMNT' }))).status).toBe(404);
    expect((await t.interact(blockActionPayload({ user: 'U0000PMPAY1', actionId: 'probe_blocked', blockId: 'only_here', channel: 'C0000PAYMNT' }))).status).toBe(200);
    await settled();
    expect(calls).toEqual(['action:exact', 'action:regex:7', 'action:block-constrained']);
  });

  it('a view submission reaches the submission listener, not the view_closed one; its ack body is the answer', async () => {
    calls.length = 0;
    const res = await t.interact(viewSubmissionPayload({ user: 'U0000PMPAY1', callbackId: 'probe_modal', values: {} }));
    expect(res.json()).toEqual({ response_action: 'errors', errors: { field: 'probe says no' } });
    await settled();
    expect(calls).toEqual(['view:probe_modal']);
  });

  it('shortcuts and options loads reach their listeners', async () => {
    calls.length = 0;
    expect((await t.interact(globalShortcutPayload({ user: 'U0000PMPAY1', callbackId: 'probe_shortcut' }))).status).toBe(200);
    const options = await t.interact(blockSuggestionPayload({ user: 'U0000PMPAY1', actionId: 'probe_search', blockId: 'b', value: 'exp', viewCallbackId: 'probe_modal' }));
    expect(options.json()).toEqual({ options: [{ text: { type: 'plain_text', text: 'exp' }, value: 'exp' }] });
    await settled();
    expect(calls).toEqual(['shortcut', 'options:exp']);
  });

  it('events still reach Bolt’s own listeners', async () => {
    calls.length = 0;
    const res = await t.event({ type: 'app_mention', user: 'U0000PMPAY1', text: '<@U0BOT> hi', channel: 'C0000PAYMNT', ts: '1767600000.000100' });
    expect(res.status).toBe(200);
    await settled();
    expect(calls).toEqual(['event:app_mention']);
  });

  it('a listener that throws after its ack still goes to the app’s error handler (the person gets the generic error note)', async () => {
    await t.interact(blockActionPayload({ user: 'U0000PMPAY1', actionId: 'probe_fails', channel: 'C0000PAYMNT' }));
    for (let i = 0; i < 40 && t.slack.callsTo('chat.postEphemeral').length === 0; i++) await settled();
    const notes = t.slack.callsTo('chat.postEphemeral');
    expect(notes).toHaveLength(1);
    expect(notes[0]?.args.user).toBe('U0000PMPAY1');
    expect(String(notes[0]?.args.text)).toMatch(/reference [0-9a-f]{6}/);
  });
});
