import { describe, expect, it } from 'vitest';
import { settle } from '../../src/lifecycle.js';
import { startTestApp } from '../helpers/app.js';

/*
 * Found by the restart storm: stopping the app closed the database while a
 * listener was still delivering after its ack, leaving an outbox row
 * 'sending' (sent again after the 5-minute lease: a duplicate). stop() now
 * waits for that work.
 */
describe('stopping the app', () => {
  it('waits for listeners still working after their ack before it returns', async () => {
    const t = await startTestApp();
    try {
      // The triage card is posted after the ack; Slack holds it back a little.
      t.slack.inject('chat.postMessage', { delayMs: 300 });
      const res = await t.command({ command: '/insight', text: 'Graceful stop test: exports time out', user_id: 'U0000SALES1', channel_id: 'C0000PAYMNT' });
      expect(res.status).toBe(200);
      expect(t.db.prepare('SELECT triage_ts FROM insights').get()).toEqual({ triage_ts: null });
      await t.cadence.stop();
      // The post finished and was recorded before stop() returned, while the database was still open.
      expect(t.db.prepare('SELECT triage_channel FROM insights').get()).toEqual({ triage_channel: 'C0000PAYMNT' });
      expect(t.slack.callsTo('chat.postMessage')).toHaveLength(1);
    } finally {
      t.db.close();
      await t.slack.close();
    }
  });

  it('settle() resolves when the work settles (failures included), or when the grace runs out', async () => {
    let done = false;
    await settle([Promise.reject(new Error('x')), new Promise<void>((r) => setTimeout(() => r(void (done = true)), 20))], 60_000);
    expect(done).toBe(true);
    await settle([new Promise(() => undefined)], 10); // never settles: the grace ends it
    await settle([], 0);
  });
});
