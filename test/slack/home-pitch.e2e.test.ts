import { afterEach, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { buildOrgConfig } from '../helpers/org.js';
import { blockActionPayload } from '../helpers/signer.js';

// Issue 11 item 3: with `commitments: []` (a valid config) the Home tab's "Pitch an
// opportunity" opened a form whose commitment select had no option, which Slack
// refuses, so the button did nothing.

let t: TestApp | undefined;
afterEach(async () => {
  await t?.stop();
  t = undefined;
});

describe('App Home "Pitch an opportunity" without commitments', () => {
  it('explains why pitching is not possible, in a view Slack accepts', async () => {
    t = await startTestApp({ org: buildOrgConfig({ commitments: [] }) });
    const res = await t.interact(blockActionPayload({ user: 'U0000PMPAY2', actionId: 'home_pitch', value: 'pitch' }));
    expect(res.status).toBe(200);
    const [opened] = await t.slack.waitForCalls('views.open', 1);
    expect(JSON.stringify(opened?.args['view'])).toContain('Pitching needs at least one company commitment');
    expect(t.slack.calls.filter((c) => !c.ok)).toEqual([]);
  });

  it('opens the pitch form when there are commitments', async () => {
    t = await startTestApp();
    await t.interact(blockActionPayload({ user: 'U0000PMPAY2', actionId: 'home_pitch', value: 'pitch' }));
    const [opened] = await t.slack.waitForCalls('views.open', 1);
    expect((opened?.args['view'] as { callback_id?: string }).callback_id).toBe('opp_pitch_modal');
  });
});
