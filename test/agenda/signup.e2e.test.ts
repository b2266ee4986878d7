import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { buildOrgConfig, exampleOrgConfig } from '../helpers/org.js';
import { validateBlocks, validateView } from '../../src/sandbox/slack/block-kit.js';
import { stateValue, viewSubmissionPayload } from '../helpers/signer.js';
import { ADMIN, PAM_CHANNEL, PAM_REF, VP, click, footprint, items, movableClock, responses, run, seedOpportunity, signupValues, submitSignup } from './helpers.js';

/*
 * Every bad input gets a clear answer and writes nothing; the caps and the
 * race for the last slot; the decision session's free-topic sign-ups.
 * Monday 23 November 2026, 10:00 Paris: the PAM of Thursday 26 takes sign-ups.
 */

const PM = 'U0000PMPAY2';
const OTHER = 'U0000PMDIS1';
let t: TestApp;
const clock = movableClock('2026-11-23T09:00:00Z');

beforeEach(async () => {
  clock.set('2026-11-23T09:00:00Z');
  t = await startTestApp({ clock });
});
afterEach(async () => {
  await t.stop();
});

async function command(text: string, user = PM): Promise<{ text: string; blocks?: unknown[] }> {
  const res = await t.command({ command: '/agenda', text, user_id: user, channel_id: 'C0GENERAL' });
  expect(res.status).toBe(200);
  return res.json() as { text: string; blocks?: unknown[] };
}

describe('sign-up: bad input is refused with a clear message and writes nothing', () => {
  it('someone else’s opportunity, a private draft, a draft or go of one’s own, an unknown one, a duplicate', async () => {
    const mine = seedOpportunity(t.db, PM, 'Mine');
    const theirs = seedOpportunity(t.db, OTHER, 'Theirs');
    const theirDraft = seedOpportunity(t.db, OTHER, 'Their draft', { status: 'draft' });
    const myDraft = seedOpportunity(t.db, PM, 'My draft', { status: 'draft' });
    const myGo = seedOpportunity(t.db, PM, 'Already decided', { status: 'go' });
    const before = footprint(t);
    expect(await submitSignup(t, PM, signupValues({ opportunity: String(theirs) }))).toEqual({ opportunity: `#${theirs} is not yours: sign up with one of your own opportunities.` });
    expect(await submitSignup(t, PM, signupValues({ opportunity: String(theirDraft) }))).toEqual({ opportunity: `There is no opportunity #${theirDraft}.` });
    expect(await submitSignup(t, PM, signupValues({ opportunity: String(myDraft) }))).toEqual({
      opportunity: `#${myDraft} is Draft: only pitched opportunities and those in rework can be presented.`,
    });
    expect(await submitSignup(t, PM, signupValues({ opportunity: String(myGo) }))).toEqual({
      opportunity: `#${myGo} is Go: only pitched opportunities and those in rework can be presented.`,
    });
    expect(await submitSignup(t, PM, signupValues({ opportunity: '999' }))).toEqual({ opportunity: 'There is no opportunity #999.' });
    expect(await submitSignup(t, PM, signupValues({ opportunity: null }))).toEqual({ opportunity: 'Choose one of your opportunities.' });
    expect(footprint(t)).toEqual(before);

    expect(await submitSignup(t, PM, signupValues({ opportunity: String(mine) }))).toBeUndefined();
    const once = footprint(t);
    expect(await submitSignup(t, PM, signupValues({ opportunity: String(mine) }))).toEqual({ opportunity: `#${mine} is already on this agenda.` });
    expect(footprint(t)).toEqual(once);
  });

  it('a duration not offered, a duration longer than the meeting, no ask', async () => {
    const org = exampleOrgConfig();
    const short = buildOrgConfig({
      rituals: [
        {
          key: 'pam',
          name: 'Short PAM',
          kind: 'alignment',
          channel: PAM_CHANNEL,
          recurrence: { rrule: 'FREQ=WEEKLY;BYDAY=TH', dtstart: '2026-01-01', time: '14:00' },
          durationMinutes: 20,
          steps: [{ key: 'open-signups', at: '-3d@09:00', action: 'open_signups' }, { key: 'close-signups', at: '-2d@09:00', action: 'close_signups' }],
        },
      ],
    });
    expect(org.rituals.length).toBeGreaterThan(1);
    await t.stop();
    t = await startTestApp({ clock, org: short });
    const mine = seedOpportunity(t.db, PM, 'Mine');
    const before = footprint(t);
    expect(await submitSignup(t, PM, signupValues({ opportunity: String(mine), duration: '45' }))).toEqual({ duration: 'Choose 10, 20 or 30 minutes.' });
    expect(await submitSignup(t, PM, signupValues({ opportunity: String(mine), duration: null }))).toEqual({ duration: 'Choose 10, 20 or 30 minutes.' });
    expect(await submitSignup(t, PM, signupValues({ opportunity: String(mine), duration: '30' }))).toEqual({ duration: 'A 30-minute slot does not fit in this 20-minute meeting.' });
    expect(await submitSignup(t, PM, signupValues({ opportunity: String(mine), ask: 'everything' }))).toEqual({ ask: 'Choose feedback or a go decision.' });
    expect(footprint(t)).toEqual(before);
  });

  it('forged or stale private_metadata', async () => {
    const mine = seedOpportunity(t.db, PM, 'Mine');
    const values = signupValues({ opportunity: String(mine) });
    const before = footprint(t);
    const stale = { opportunity: 'This form or button is out of date (the meeting is no longer in the calendar). Run `/agenda` again.' };
    expect(await submitSignup(t, PM, values, 'not json')).toEqual(stale);
    expect(await submitSignup(t, PM, values, JSON.stringify({ ref: 'pam|2026-11-27T14:00' }))).toEqual(stale); // a Friday: no PAM
    expect(await submitSignup(t, PM, values, JSON.stringify({ ref: 'weekly|2026-12-04T16:00' }))).toEqual(stale); // no agenda
    expect(await submitSignup(t, PM, values, JSON.stringify({ ref: PAM_REF, extra: 1 }))).toEqual(stale);
    expect(await submitSignup(t, PM, values, JSON.stringify({ ref: PAM_REF, channel: '#general' }))).toEqual(stale);
    // A past meeting, well-formed: refused as closed, with the next date.
    expect(await submitSignup(t, PM, values, JSON.stringify({ ref: 'pam|2026-11-19T14:00' }))).toEqual({
      opportunity: 'Sign-ups for Product Alignment Meeting on Thu 19 Nov, 14:00 closed on Tue 17 Nov, 09:00. Next meeting: Thu 26 Nov, 14:00, sign-ups open on Mon 23 Nov, 09:00 (Paris time).',
    });
    expect(footprint(t)).toEqual(before);
  });

  it('before opening and after closing, in the form and in /agenda signup', async () => {
    const mine = seedOpportunity(t.db, PM, 'Mine');
    clock.set('2026-11-21T10:00:00Z');
    const before = footprint(t);
    expect(await submitSignup(t, PM, signupValues({ opportunity: String(mine) }))).toEqual({
      opportunity: 'Sign-ups for Product Alignment Meeting on Thu 26 Nov, 14:00 open on Mon 23 Nov, 09:00 (Paris time).',
    });
    expect((await command('signup')).text).toBe('Sign-ups for Product Alignment Meeting on Thu 26 Nov, 14:00 open on Mon 23 Nov, 09:00 (Paris time).');
    clock.set('2026-11-24T08:00:00Z');
    expect((await command('signup')).text).toBe(
      'Sign-ups for Product Alignment Meeting on Thu 26 Nov, 14:00 closed on Tue 24 Nov, 09:00. Next meeting: Thu 3 Dec, 14:00, sign-ups open on Mon 30 Nov, 09:00 (Paris time).',
    );
    expect(t.slack.callsTo('views.open')).toEqual([]);
    expect(footprint(t)).toEqual(before);
  });

  it('/agenda signup without anything to present says how to pitch; with something, opens the form', async () => {
    expect((await command('signup')).text).toBe('You have no pitched opportunity (or one in rework) to present. Pitch one with `/pitch`, then sign up.');
    seedOpportunity(t.db, PM, 'Mine');
    const res = await t.command({ command: '/agenda', text: 'signup', user_id: PM, channel_id: 'C0GENERAL' });
    expect([res.status, res.text]).toEqual([200, '']);
    const [opened] = await t.slack.waitForCalls('views.open', 1);
    expect(validateView(opened?.args['view'])).toEqual([]);
  });
});

describe('caps, waitlist and the race for the last slot', () => {
  it('the meeting length caps too: a 30-minute item waits while a 10-minute one behind it passes', async () => {
    const owners = ['U0000CAP001', 'U0000CAP002', 'U0000CAP003', 'U0000CAP004', 'U0000CAP005'];
    const ids = owners.map((o, i) => seedOpportunity(t.db, o, `Cap ${i}`));
    // 30 + 30 + 30 = 90 of 120: a 30 still fits, a second 30 does not, a 10 does.
    for (const [i, d] of ['30', '30', '30', '30', '30'].entries()) expect(await submitSignup(t, owners[i] ?? '', signupValues({ opportunity: String(ids[i]), duration: d }))).toBeUndefined();
    expect(items(t).map((i) => i['status'])).toEqual(['slotted', 'slotted', 'slotted', 'slotted', 'waitlisted']);
    const late = seedOpportunity(t.db, 'U0000CAP006', 'Short one');
    expect(await submitSignup(t, 'U0000CAP006', signupValues({ opportunity: String(late), duration: '10' }))).toBeUndefined();
    expect(items(t).map((i) => i['status'])).toEqual(['slotted', 'slotted', 'slotted', 'slotted', 'waitlisted', 'waitlisted']);
    // Withdrawing a 30 frees 30 minutes: the first waitlisted (30) takes them; the 10 still waits (5 presenters).
    await click(t, 'U0000CAP002', 'agenda_withdraw', String(items(t)[1]?.['id']));
    await responses(t, 1);
    expect(items(t).map((i) => i['status'])).toEqual(['slotted', 'withdrawn', 'slotted', 'slotted', 'slotted', 'waitlisted']);
  });

  it('two sign-ups racing for the last slot: exactly one gets it, the other is waitlisted', async () => {
    const owners = ['U0000RACE01', 'U0000RACE02', 'U0000RACE03', 'U0000RACE04', 'U0000RACE05', 'U0000RACE06'];
    const ids = owners.map((o, i) => seedOpportunity(t.db, o, `Race ${i}`));
    for (let i = 0; i < 4; i++) expect(await submitSignup(t, owners[i] ?? '', signupValues({ opportunity: String(ids[i]) }))).toBeUndefined();
    const answers = await Promise.all([4, 5].map((i) => submitSignup(t, owners[i] ?? '', signupValues({ opportunity: String(ids[i]) }))));
    expect(answers).toEqual([undefined, undefined]);
    const racers = items(t).slice(4).map((i) => i['status']);
    expect(racers.sort()).toEqual(['slotted', 'waitlisted']);
    expect(items(t).filter((i) => i['status'] === 'slotted')).toHaveLength(5);
  });

  it('the same opportunity submitted twice at once is stored once', async () => {
    const mine = seedOpportunity(t.db, PM, 'Mine');
    const answers = await Promise.all([1, 2, 3].map(() => submitSignup(t, PM, signupValues({ opportunity: String(mine) }))));
    expect(answers.filter((a) => a === undefined)).toHaveLength(1);
    expect(items(t)).toHaveLength(1);
  });
});

describe('who may do what', () => {
  it('withdraw: only the presenter or an admin; approve and decline: only approvers and admins; nothing written when refused', async () => {
    const mine = seedOpportunity(t.db, PM, 'Mine');
    expect(await submitSignup(t, PM, signupValues({ opportunity: String(mine) }))).toBeUndefined();
    const id = String(items(t)[0]?.['id']);
    clock.set('2026-11-24T09:00:00Z'); // validation time
    const before = footprint(t);
    await click(t, OTHER, 'agenda_withdraw', id);
    await click(t, PM, 'agenda_approve', id);
    await click(t, OTHER, 'agenda_decline', id);
    await click(t, PM, 'agenda_withdraw', 'abc');
    await click(t, VP, 'agenda_approve', '4242');
    const answers = (await responses(t, 5)).map((r) => r['text']);
    expect(answers).toEqual([
      `Only the presenter (<@${PM}>) and admins can withdraw this sign-up.`,
      'Only approvers (<@U0000VPPRD1>) and admins can approve or decline agenda items.',
      'Only approvers (<@U0000VPPRD1>) and admins can approve or decline agenda items.',
      'This agenda item does not exist any more. Run `/agenda` to see the current agenda.',
      'This agenda item does not exist any more. Run `/agenda` to see the current agenda.',
    ]);
    expect(t.slack.callsTo('views.open')).toEqual([]);
    expect(footprint(t)).toEqual(before);
    expect(items(t)[0]).toMatchObject({ status: 'slotted', approval: null });
    // A forged decline form from a non-approver is refused the same way.
    const forged = await t.interact(
      viewSubmissionPayload({ user: OTHER, callbackId: 'agenda_decline_modal', privateMetadata: JSON.stringify({ item: Number(id) }), values: { reason: { value: stateValue.plainText('no') } } }),
    );
    expect(forged.json()).toEqual({ response_action: 'errors', errors: { reason: 'Only approvers (<@U0000VPPRD1>) and admins can approve or decline agenda items.' } });
    expect(footprint(t)).toEqual(before);
    // An admin may withdraw on someone's behalf.
    await click(t, ADMIN, 'agenda_withdraw', id);
    expect((await responses(t, 6)).at(-1)?.['text']).toBe('Done: *#1 Mine* is off the agenda of Product Alignment Meeting.');
    expect(items(t)[0]).toMatchObject({ status: 'withdrawn' });
  });

  it('outcomes: only approvers, only after the start, only once, only for the final agenda', async () => {
    const mine = seedOpportunity(t.db, PM, 'Mine');
    expect(await submitSignup(t, PM, signupValues({ opportunity: String(mine) }))).toBeUndefined();
    const id = String(items(t)[0]?.['id']);
    clock.set('2026-11-24T09:00:00Z');
    await click(t, VP, 'agenda_outcome_go', id);
    expect((await responses(t, 1))[0]?.['text']).toBe('The agenda of Product Alignment Meeting was never validated: move the opportunity with `/pitch move 1 …` instead.');
    await click(t, VP, 'agenda_approve', id);
    await responses(t, 2);
    await run(t, '2026-11-24T17:00:00Z'); // lock
    const before = footprint(t);
    await click(t, VP, 'agenda_outcome_go', id);
    await click(t, PM, 'agenda_outcome_go', id);
    await click(t, PM, 'agenda_outcome_rework', id);
    const answers = (await responses(t, 5)).slice(2).map((r) => r['text']);
    expect(answers).toEqual([
      'The meeting has not started yet: outcomes are recorded after it.',
      'Only approvers (<@U0000VPPRD1>) and admins can record outcomes.',
      'Only approvers (<@U0000VPPRD1>) and admins can record outcomes.',
    ]);
    expect(footprint(t)).toEqual(before);
    clock.set('2026-11-26T15:10:00Z');
    await click(t, ADMIN, 'agenda_outcome_go', id);
    await responses(t, 6);
    expect(t.db.prepare('SELECT status FROM opportunities WHERE id = ?').pluck().get(mine)).toBe('go');
    const after = footprint(t);
    const forged = await t.interact(
      viewSubmissionPayload({ user: VP, callbackId: 'agenda_rework_modal', privateMetadata: JSON.stringify({ item: Number(id) }), values: { feedback: { value: stateValue.plainText('More') } } }),
    );
    expect(forged.json()).toEqual({ response_action: 'errors', errors: { feedback: 'The outcome of this item is already recorded: Go by <@U0000ADMIN1>.' } });
    expect(footprint(t)).toEqual(after);
  });
});

describe('/agenda', () => {
  it('shows the next meeting, its state and my sign-ups; help and unknown rituals answer clearly', async () => {
    const mine = seedOpportunity(t.db, PM, 'Mine <b>');
    expect(await submitSignup(t, PM, signupValues({ opportunity: String(mine) }))).toBeUndefined();
    const shown = await command('');
    expect(shown.text).toBe('Product Alignment Meeting — Thu 26 Nov, 14:00 (Paris time)\n1. #1 Mine &lt;b&gt; (20 min)');
    expect(validateBlocks(shown.blocks, 'message')).toEqual([]);
    const json = JSON.stringify(shown.blocks);
    expect(json).toContain('Sign-ups are open until');
    expect(json).toContain('Mine &lt;b&gt;');
    expect(json).toContain('agenda_withdraw');
    expect(json).not.toContain('agenda_approve');
    const asApprover = JSON.stringify((await command('', VP)).blocks);
    expect(asApprover).toContain('agenda_approve');
    expect((await command('help')).text).toContain('`/agenda signup` to present');
    expect((await command('retro')).text).toBe('There is no ritual `retro` with an agenda. Rituals: `pam`, `decision`.');
    expect((await command('withdraw', OTHER)).text).toBe('You have no sign-up on the agenda of Product Alignment Meeting on Thu 26 Nov, 14:00 (Paris time).');
    expect((await command('withdraw')).text).toBe('Done: *#1 Mine &lt;b&gt;* is off the agenda of Product Alignment Meeting.');
  });

  it('French', async () => {
    t.db.prepare("INSERT INTO user_settings (user_id, language, updated_at) VALUES (?, 'fr', '2026-11-01T00:00:00Z')").run(PM);
    const shown = await command('');
    expect(shown.text).toBe('Product Alignment Meeting — jeu. 26 nov., 14\u202fh (heure de Paris)');
    expect(JSON.stringify(shown.blocks)).toContain('Les inscriptions sont ouvertes jusqu’au');
  });
});

describe('the decision session: free topics, no approval, the agenda in its reminder', () => {
  it('signs up a topic and posts it with the reminder', async () => {
    await run(t, '2026-11-23T08:00:00Z');
    const call = t.slack.callsTo('chat.postMessage').find((c) => String(c.args['text']).includes('Product decision session'));
    expect(call).toBeDefined();
    const meta = JSON.stringify({ ref: 'decision|2026-11-26T09:00', channel: PAM_CHANNEL });
    const before = footprint(t);
    expect(await submitSignup(t, PM, signupValues({ topic: '   ' }), meta)).toEqual({ topic: 'Say what you want to present.' });
    expect(await submitSignup(t, PM, signupValues({ topic: 'x'.repeat(201) }), meta)).toEqual({ topic: 'Keep the topic under 200 characters.' });
    expect(footprint(t)).toEqual(before);
    expect(await submitSignup(t, PM, signupValues({ topic: 'Checkout mock-ups v3', duration: '10' }), meta)).toBeUndefined();
    expect(items(t)).toEqual([{ id: 1, presenter: PM, opp: null, status: 'slotted', approval: null, reason: null, outcome: null }]);
    await click(t, VP, 'agenda_approve', '1');
    expect((await responses(t, 1))[0]?.['text']).toBe('Product decision session needs no approval.');
    await run(t, '2026-11-26T07:45:00Z'); // 08:45 Paris, 15 minutes before
    const reminder = t.slack.callsTo('chat.postMessage').find((c) => String(c.args['text']).startsWith('⏰ *Product decision session*'));
    expect(JSON.stringify(reminder?.args['blocks'])).toContain(`<@${PM}> — *Checkout mock-ups v3* · 10 min`);
    expect(validateBlocks(reminder?.args['blocks'], 'message')).toEqual([]);
  });
});
