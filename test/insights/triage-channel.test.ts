import { afterEach, describe, expect, it } from 'vitest';
import { triageChannelFor } from '../../src/insights/service.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { buildOrgConfig, exampleOrgConfig } from '../helpers/org.js';

/* Issue 14 item 9 (decision 0034): triage cards in a configurable triage channel. */

const example = exampleOrgConfig();
const withTribeTriage = (channel: string) => example.tribes.map((t) => (t.key === 'payments' ? { ...t, triageChannel: channel } : t));

describe('where triage cards go', () => {
  it('tribe.triageChannel, else insights.triageChannel, else the tribe channel; no tribe → the inbox', () => {
    expect(triageChannelFor(example, 'payments')).toBe('C0000PAYMNT');
    const global = buildOrgConfig({ insights: { triageChannel: 'C0000TRIAGE' } });
    expect(triageChannelFor(global, 'payments')).toBe('C0000TRIAGE');
    expect(triageChannelFor(global, 'discovery')).toBe('C0000TRIAGE');
    const both = { ...global, tribes: withTribeTriage('C0000PAYTRI') };
    expect(triageChannelFor(both, 'payments')).toBe('C0000PAYTRI');
    expect(triageChannelFor(both, 'discovery')).toBe('C0000TRIAGE');
    expect(triageChannelFor(both, null)).toBe(example.channels.insightsInbox);
    expect(triageChannelFor(both, 'nope')).toBeUndefined();
  });

  it('refuses a #name for the triage channel with an actionable message', () => {
    expect(() => buildOrgConfig({ insights: { triageChannel: '#triage' } })).toThrow(/Slack channel ID/);
  });

  describe('end to end', () => {
    let t: TestApp | undefined;
    afterEach(async () => {
      await t?.stop();
    });

    it('a logged insight posts its one card in the configured triage channel, not the tribe’s main channel', async () => {
      const org = buildOrgConfig({ insights: { triageChannel: 'C0000TRIAGE' } });
      t = await startTestApp({ org });
      const res = await t.command({ command: '/insight', text: 'Refunds take two weeks tribe:payments', user_id: 'U0ALICE', channel_id: 'C0GENERAL' });
      expect(res.status).toBe(200);
      const [post] = await t.slack.waitForCalls('chat.postMessage', 1);
      expect(post?.args['channel']).toBe('C0000TRIAGE');
      const db = t.db;
      await expect.poll(() => db.prepare('SELECT triage_channel FROM insights WHERE id = 1').pluck().get()).toBe('C0000TRIAGE');
      expect(t.slack.callsTo('chat.postMessage').filter((c) => c.args['channel'] === 'C0000PAYMNT')).toHaveLength(0);
    });
  });
});
