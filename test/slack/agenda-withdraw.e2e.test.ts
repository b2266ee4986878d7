import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { insertItem } from '../../src/agenda/store.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { PAM_REF, click, items, movableClock, responses, seedOpportunity } from '../agenda/helpers.js';

// Issue 11 item 1: a person with several waitlisted items got an /agenda answer
// Slack refuses (duplicate action_id in `agenda_actions`), so they could neither
// see nor withdraw their sign-ups.

const PM = 'U0000PMPAY2';
let t: TestApp;
const clock = movableClock('2026-11-23T09:00:00Z');

beforeEach(async () => {
  clock.set('2026-11-23T09:00:00Z');
  t = await startTestApp({ clock });
});
afterEach(async () => {
  await t.stop();
});

describe('/agenda with several waitlisted items of one person', () => {
  it('is an answer Slack accepts, and each withdraw button withdraws its own item', async () => {
    const [ritualKey, occurrenceKey] = PAM_REF.split('|') as [string, string];
    const ids = [1, 2, 3].map((n) => {
      const opp = seedOpportunity(t.db, PM, `Waiting ${n}`);
      return insertItem(t.db, { ritualKey, occurrenceKey, presenterId: PM, opportunityId: opp, topic: null, ask: 'decision', duration: 20, status: 'waitlisted' }, clock.now());
    });
    const res = await t.command({ command: '/agenda', text: '', user_id: PM, channel_id: 'C0GENERAL' });
    expect(res.status).toBe(200);
    const answered = t.slack.calls.filter((c) => c.method === 'ack' || c.method === 'response_url');
    expect(answered.length).toBeGreaterThan(0);
    expect(t.slack.calls.filter((c) => !c.ok)).toEqual([]);
    const json = JSON.stringify(answered.map((c) => c.args));
    for (const id of ids) expect(json).toContain(`agenda_withdraw:${id}`);

    await click(t, PM, `agenda_withdraw:${ids[1]}`, String(ids[1]));
    await responses(t, 1);
    expect(items(t).map((i) => i['status'])).toEqual(['waitlisted', 'withdrawn', 'waitlisted']);
    expect(t.slack.calls.filter((c) => !c.ok)).toEqual([]);
  });
});
