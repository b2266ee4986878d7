import { afterEach, describe, expect, it } from 'vitest';
import { transition } from '../../src/opportunities/service.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { buildOrgConfig, exampleOrgConfig } from '../helpers/org.js';
import { stateValue, viewSubmissionPayload } from '../helpers/signer.js';
import { VP, click, items, movableClock, responses, run, seedOpportunity, signupValues, submitSignup } from './helpers.js';

/* The lock's policies: `unapproved: keep`, an opportunity that moved meanwhile, a withdrawal after the lock. */

let t: TestApp | undefined;
afterEach(async () => {
  await t?.stop();
  t = undefined;
});

function orgWith(unapproved: 'drop' | 'keep') {
  const raw = exampleOrgConfig();
  expect(raw.rituals[0]?.key).toBe('pam');
  return buildOrgConfig({
    rituals: [
      {
        key: 'pam',
        name: 'Product Alignment Meeting',
        kind: 'alignment',
        channel: 'C0000PAMEET',
        recurrence: { rrule: 'FREQ=WEEKLY;BYDAY=TH', dtstart: '2026-01-01', time: '14:00' },
        durationMinutes: 120,
        maxPresenters: 3,
        unapproved,
        steps: [
          { key: 'open-signups', at: '-3d@09:00', action: 'open_signups' },
          { key: 'close-signups', at: '-2d@09:00', action: 'close_signups' },
          { key: 'lock-agenda', at: '-2d@18:00', action: 'lock_agenda' },
        ],
      },
    ],
  });
}

describe('the lock', () => {
  it('unapproved: keep — undecided items stay (moved by the system, said so in the history), declined ones go', async () => {
    const clock = movableClock('2026-11-23T09:00:00Z');
    t = await startTestApp({ clock, org: orgWith('keep') });
    const a = seedOpportunity(t.db, 'U0000PRES01', 'Kept without approval');
    const b = seedOpportunity(t.db, 'U0000PRES02', 'Declined');
    for (const [user, id] of [['U0000PRES01', a], ['U0000PRES02', b]] as const) expect(await submitSignup(t, user, signupValues({ opportunity: String(id) }))).toBeUndefined();
    clock.set('2026-11-24T10:00:00Z');
    const declined = await t.interact(
      viewSubmissionPayload({ user: VP, callbackId: 'agenda_decline_modal', privateMetadata: JSON.stringify({ item: 2 }), values: { reason: { value: stateValue.plainText('Out of scope this quarter.') } } }),
    );
    expect(declined.text).toBe('');
    await run(t, '2026-11-24T17:00:00Z');
    expect(items(t).map((i) => [i['status'], i['reason']])).toEqual([
      ['slotted', null],
      ['dropped', 'declined'],
    ]);
    expect(t.db.prepare("SELECT by_user, note FROM opportunity_history WHERE opportunity_id = ? AND to_status = 'on_agenda'").all(a)).toEqual([
      { by_user: 'cadence', note: 'Kept on the agenda of Product Alignment Meeting (2026-11-26) without an approval.' },
    ]);
    expect(t.db.prepare('SELECT status FROM opportunities WHERE id = ?').pluck().get(b)).toBe('pitched');
  });

  it('an opportunity moved back to draft before the lock drops its item and says why; a withdrawal after the lock takes it off the agenda', async () => {
    const clock = movableClock('2026-11-23T09:00:00Z');
    t = await startTestApp({ clock, org: orgWith('drop') });
    const a = seedOpportunity(t.db, 'U0000PRES01', 'Stays');
    const b = seedOpportunity(t.db, 'U0000PRES02', 'Pulled back');
    for (const [user, id] of [['U0000PRES01', a], ['U0000PRES02', b]] as const) expect(await submitSignup(t, user, signupValues({ opportunity: String(id) }))).toBeUndefined();
    clock.set('2026-11-24T10:00:00Z');
    for (const id of ['1', '2']) await click(t, VP, 'agenda_approve', id);
    await responses(t, 2);
    expect(transition(t.cadence.ctx, b, 'draft', 'U0000PRES02', null).ok).toBe(true);
    await run(t, '2026-11-24T17:00:00Z');
    expect(items(t).map((i) => [i['status'], i['reason']])).toEqual([
      ['slotted', null],
      ['dropped', 'opportunity_moved'],
    ]);
    const dm = t.slack.callsTo('chat.postMessage').find((c) => c.args['channel'] === 'DU0000PRES02');
    expect(dm?.args['text']).toMatch(/: the opportunity is now Draft\.$/);

    clock.set('2026-11-25T10:00:00Z');
    await click(t, 'U0000PRES01', 'agenda_withdraw', '1');
    expect((await responses(t, 3)).at(-1)?.['text']).toBe('Done: *#1 Stays* is off the agenda of Product Alignment Meeting.');
    expect(t.db.prepare('SELECT status FROM opportunities WHERE id = ?').pluck().get(a)).toBe('pitched');
    expect(t.db.prepare("SELECT note FROM opportunity_history WHERE opportunity_id = ? ORDER BY id DESC LIMIT 1").pluck().get(a)).toBe(
      'Withdrawn from the agenda of Product Alignment Meeting (2026-11-26).',
    );
  });
});

describe('outcomes while Slack fails', () => {
  it('the card’s redraw and thread note are owed like the presenter’s DM: retried by the job, sent once', async () => {
    const clock = movableClock('2026-11-23T09:00:00Z');
    t = await startTestApp({ clock, org: orgWith('drop') });
    const card = { channel: 'C0000OPPORT', ts: '1795000000.000100' };
    const a = seedOpportunity(t.db, 'U0000PRES01', 'Goes', { card });
    expect(await submitSignup(t, 'U0000PRES01', signupValues({ opportunity: String(a) }))).toBeUndefined();
    clock.set('2026-11-24T10:00:00Z');
    await click(t, VP, 'agenda_approve', '1');
    await responses(t, 1);
    await run(t, '2026-11-24T17:00:00Z');
    const thread = () => t?.slack.callsTo('chat.postMessage').filter((c) => c.args['thread_ts'] === card.ts).map((c) => c.args['text']) ?? [];
    expect(thread()).toEqual(['<@U0000VPPRD1> moved #1 from Pitched to On agenda.\n>On the agenda of Product Alignment Meeting (2026-11-26).']);

    // After the meeting, the go is recorded while Slack answers 500 to the next two posts (the DM, the thread note).
    clock.set('2026-11-26T15:05:00Z');
    t.slack.inject('chat.postMessage', { status: 500 }, 2);
    await click(t, VP, 'agenda_outcome_go', '1');
    await responses(t, 2);
    await t.slack.waitForCalls('chat.update', 2);
    expect(t.db.prepare('SELECT status FROM opportunities WHERE id = ?').pluck().get(a)).toBe('go');
    expect(thread()).toHaveLength(1);
    await run(t, '2026-11-26T15:30:00Z');
    await run(t, '2026-11-26T15:35:00Z');
    expect(thread()).toEqual([expect.stringMatching(/moved #1 from Pitched to On agenda/), '<@U0000VPPRD1> moved #1 from On agenda to Go.']);
    expect(t.db.prepare("SELECT status FROM delivery_outbox WHERE dedupe_key LIKE 'agenda:item:1:outcome%' ORDER BY dedupe_key").pluck().all()).toEqual(['sent', 'sent', 'sent']);
  });
});

describe('agenda settings in the config', () => {
  it('defaults, and clear messages for bad values', () => {
    const pam = exampleOrgConfig().rituals.find((r) => r.key === 'pam');
    expect([pam?.maxPresenters, pam?.unapproved]).toEqual([5, 'drop']);
    const bad = () =>
      buildOrgConfig({
        rituals: [
          { key: 'pam', name: 'PAM', kind: 'alignment', channel: 'C0000PAMEET', recurrence: { rrule: 'FREQ=WEEKLY;BYDAY=TH', dtstart: '2026-01-01', time: '14:00' }, durationMinutes: 60, maxPresenters: 0, unapproved: 'maybe' },
        ],
      });
    expect(bad).toThrow(/rituals\[0\]\.maxPresenters: .*1/);
    expect(bad).toThrow(/rituals\[0\]\.unapproved: .*"drop"/);
  });
});
