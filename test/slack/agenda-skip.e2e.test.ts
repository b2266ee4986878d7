import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildHome } from '../../src/home/build.js';
import { slotsOf } from '../../src/home/queries.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { ADMIN, PAM_CHANNEL, items, movableClock, run, seedOpportunity, signupValues, submitSignup } from '../agenda/helpers.js';

// Issue 11 item 12 (and the skip half of issue 19 item 12): `/cadence skip` after
// the sign-up call closes the call, tells the presenters and releases their items.

const P1 = 'U0000PRES01';
const P2 = 'U0000PRES02';
let t: TestApp;
const clock = movableClock('2026-11-23T08:00:00Z');

beforeEach(async () => {
  clock.set('2026-11-23T08:00:00Z');
  t = await startTestApp({ clock });
});
afterEach(async () => {
  await t.stop();
});

async function until<T>(probe: () => T | undefined, timeoutMs = 5000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error('timed out waiting for the stand-in to record the expected call');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('/cadence skip of a PAM whose sign-ups are open', () => {
  it('removes the call’s buttons and says cancelled, DMs each presenter once, and releases their items', async () => {
    const o1 = seedOpportunity(t.db, P1, 'Faster refunds');
    const o2 = seedOpportunity(t.db, P2, 'Wallet checkout');
    await run(t, '2026-11-23T08:00:00Z');
    const [call] = t.slack.callsTo('chat.postMessage').filter((c) => c.args['channel'] === PAM_CHANNEL);
    expect(JSON.stringify(call?.args['blocks'])).toContain('agenda_signup');
    clock.set('2026-11-23T09:00:00Z');
    expect(await submitSignup(t, P1, signupValues({ opportunity: String(o1) }))).toBeUndefined();
    expect(await submitSignup(t, P2, signupValues({ opportunity: String(o2) }))).toBeUndefined();
    expect(items(t).map((i) => i['status'])).toEqual(['slotted', 'slotted']);
    expect(slotsOf(t.db, P1, '2026-11-23', 10)).toHaveLength(1);

    const res = await t.command({ command: '/cadence', text: 'skip pam 2026-11-26', user_id: ADMIN, channel_id: 'C0GENERAL' });
    expect((res.json() as { text: string }).text).toContain('2026-11-26');

    // The call: no button left, "cancelled".
    const closed = await until(() => t.slack.callsTo('chat.update').find((c) => String(c.args['text']).startsWith('🚫')));
    expect(closed?.args).toMatchObject({ channel: PAM_CHANNEL, ts: call?.response?.['ts'] });
    expect(String(closed?.args['text'])).toMatch(/^🚫 \*Product Alignment Meeting\* on .* is cancelled/);
    expect(JSON.stringify(closed?.args['blocks'])).not.toContain('"button"');

    // Each presenter: one DM, at their DM channel.
    const skippedDms = await until(() => {
      const found = t.slack.callsTo('chat.postMessage').filter((c) => String(c.args['text']).includes('is off its agenda'));
      return found.length >= 2 ? found : undefined;
    });
    expect(skippedDms.map((c) => c.args['channel']).sort()).toEqual([`D${P1}`, `D${P2}`]);
    // Issue 14 item 10: with the next step — the next sign-ups (the 26th is skipped: 3 Dec) and the buttons.
    const dm1 = skippedDms.find((c) => c.args['channel'] === `D${P1}`);
    expect(JSON.stringify(dm1?.args['blocks'])).toMatch(/Next: sign-ups for Product Alignment Meeting on <!date[^>]+\|Thursday 3 December 2026 at 14:00 \(Paris time\)> open <!date[^>]+\|Monday 30 November 2026 at 09:00 \(Paris time\)>\./);
    expect(JSON.stringify(dm1?.args['blocks'])).toContain(`"action_id":"opp_request_slot","value":"${o1}"`);

    // Released: not slotted, not in Home, nothing to withdraw; opportunities are free to sign up elsewhere.
    expect(items(t).map((i) => i['status'])).toEqual(['dropped', 'dropped']);
    expect(slotsOf(t.db, P1, '2026-11-23', 10)).toEqual([]);
    expect(JSON.stringify(buildHome(t.cadence.ctx, P1, clock.now()))).not.toContain('slotted');
    expect(t.slack.calls.filter((c) => !c.ok)).toEqual([]);

    // Skipping again changes nothing and sends nothing more.
    const calls = t.slack.calls.length;
    await t.command({ command: '/cadence', text: 'skip pam 2026-11-26', user_id: ADMIN, channel_id: 'C0GENERAL' });
    expect(t.slack.calls.filter((c) => c.method !== 'ack' && c.method !== 'response_url')).toHaveLength(
      t.slack.calls.slice(0, calls).filter((c) => c.method !== 'ack' && c.method !== 'response_url').length,
    );
  });
});
