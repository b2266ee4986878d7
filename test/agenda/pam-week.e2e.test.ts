import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { outboxEntry } from '../../src/delivery/outbox.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { validateBlocks } from '../../src/sandbox/slack/block-kit.js';
import { startFakeSlack, type FakeSlack } from '../../src/sandbox/slack/web-api.js';
import { stateValue, viewSubmissionPayload } from '../helpers/signer.js';
import { tempDir } from '../helpers/tmp.js';
import { PAM_CHANNEL, PAM_REF, VP, click, count, items, movableClock, responses, run, seedOpportunity, signupValues, submitSignup } from './helpers.js';

/*
 * A full Product Alignment Meeting week, driven by the clock, through the
 * real receiver and the real job, with a restart in the middle. The example
 * config: PAM on Thursday 26 November 2026 at 14:00 Paris (13:00 UTC), 2 h,
 * at most 5 presenters; sign-ups Monday 09:00 to Tuesday 09:00, validation
 * until Tuesday 18:00, final agenda Wednesday 09:00, reminder 13:45, outcomes 16:00.
 */

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const PRESENTERS = ['U0000PRES01', 'U0000PRES02', 'U0000PRES03', 'U0000PRES04', 'U0000PRES05', 'U0000PRES06'];
const CARD = { channel: 'C0000OPPORT', ts: '1795000000.000100' };

async function boot(slack: FakeSlack, dbPath: string, clock: ReturnType<typeof movableClock>): Promise<TestApp> {
  const t = await startTestApp({ slack, dbPath, clock });
  cleanups.push(() => t.stop());
  return t;
}

const posts = (slack: FakeSlack, channel: string) => slack.callsTo('chat.postMessage').filter((c) => c.args['channel'] === channel);
const pamPosts = (slack: FakeSlack) => posts(slack, PAM_CHANNEL).filter((c) => String(c.args['text']).includes('Product Alignment Meeting'));
// DMs go to the D… channel conversations.open answers (issue 11 item 7).
const dmsTo = (slack: FakeSlack, user: string) => posts(slack, `D${user}`);

describe('a full PAM week', () => {
  it('open → 6 sign-ups (one waitlisted) → withdraw promotes → approve 4, decline 1 → restart → lock → final agenda → reminder → outcomes', async () => {
    const tmp = tempDir();
    cleanups.push(tmp.cleanup);
    const slack = await startFakeSlack();
    cleanups.push(() => slack.close());
    const dbPath = join(tmp.dir, 'cadence.db');
    const clock = movableClock('2026-11-23T08:00:00Z');
    let t = await boot(slack, dbPath, clock);
    const opps = PRESENTERS.map((p, i) => seedOpportunity(t.db, p, `Opportunity ${i + 1}`, i === 0 ? { card: CARD } : {}));

    // Monday 09:00 Paris: the call, once.
    await run(t, '2026-11-23T08:00:00Z');
    await run(t, '2026-11-23T08:00:30Z');
    const [call, ...others] = pamPosts(slack);
    expect(others).toEqual([]);
    expect(call?.args['text']).toMatch(/^📝 Sign-ups are open for \*Product Alignment Meeting\* on <!date\^1795698000\^\{date_long\} at \{time\}\|Thursday 26 November 2026 at 14:00 \(Paris time\)> — up to 5 presenters and 120 minutes\./);
    expect(validateBlocks(call?.args['blocks'], 'message')).toEqual([]);
    const callTs = String(call?.response?.['ts']);

    // The Sign up button opens the modal with the clicker's own opportunities.
    clock.set('2026-11-23T09:00:00Z');
    await click(t, PRESENTERS[0] ?? '', 'agenda_signup', PAM_REF, { ts: callTs });
    const [opened] = await slack.waitForCalls('views.open', 1);
    const view = opened?.args['view'] as { callback_id: string; private_metadata: string; blocks: { block_id?: string; element?: { options?: { value: string }[] } }[] };
    expect(view.callback_id).toBe('agenda_signup_modal');
    expect(view.blocks.find((b) => b.block_id === 'opportunity')?.element?.options?.map((o) => o.value)).toEqual([String(opps[0])]);

    // Six sign-ups of 20 minutes: five slots, the sixth waits.
    for (const [i, presenter] of PRESENTERS.entries()) {
      expect(await submitSignup(t, presenter, signupValues({ opportunity: String(opps[i]) }), view.private_metadata)).toBeUndefined();
    }
    const confirmations = await slack.waitForCalls('chat.postEphemeral', 6);
    expect(confirmations[0]?.args['text']).toBe(
      '✅ You are on the agenda of *Product Alignment Meeting* (<!date^1795698000^{date_long} at {time}|Thursday 26 November 2026 at 14:00 (Paris time)>) with *#1 Opportunity 1*, 20 min. Slot 1 of 5. An approver validates the agenda before <!date^1795539600^{date_long} at {time}|Tuesday 24 November 2026 at 18:00 (Paris time)>.',
    );
    expect(confirmations[5]?.args['text']).toMatch(/^⏳ The agenda of \*Product Alignment Meeting\* .* is full, so \*#6 Opportunity 6\* is on the waitlist, position 1\./);
    expect(items(t).map((i) => i['status'])).toEqual(['slotted', 'slotted', 'slotted', 'slotted', 'slotted', 'waitlisted']);
    // The call shows the agenda as it fills.
    const redraws = await slack.waitForCalls('chat.update', 6);
    const lastRedraw = redraws.filter((c) => c.args['ts'] === callTs).at(-1);
    expect(JSON.stringify(lastRedraw?.args['blocks'])).toContain('5/5 presenters · 100/120 min');
    expect(JSON.stringify(lastRedraw?.args['blocks'])).toContain('*Waitlist*');

    // The second presenter withdraws from the confirmation's button: the sixth is promoted and told.
    const withdrawValue = String(items(t)[1]?.['id']);
    await click(t, PRESENTERS[1] ?? '', 'agenda_withdraw', withdrawValue);
    const [withdrawn] = await responses(t, 1);
    expect(withdrawn?.['text']).toBe(`Done: *#2 Opportunity 2* is off the agenda of Product Alignment Meeting. <@${PRESENTERS[5]}> got the freed slot.`);
    const [promoted] = await slack.waitForCalls('chat.postMessage', 3).then(() => dmsTo(slack, PRESENTERS[5] ?? ''));
    expect(promoted?.args['text']).toMatch(/^🎉 A slot freed up: \*#6 Opportunity 6\* is now on the agenda of \*Product Alignment Meeting\*/);
    expect(items(t).map((i) => i['status'])).toEqual(['slotted', 'withdrawn', 'slotted', 'slotted', 'slotted', 'slotted']);
    await slack.waitForCalls('chat.update', 7); // the call, redrawn after the withdrawal

    // Tuesday 09:00: sign-ups close, the approver gets the proposed agenda.
    await run(t, '2026-11-24T08:00:00Z');
    const closed = slack.callsTo('chat.update').filter((c) => c.args['ts'] === callTs).at(-1);
    expect(closed?.args['text']).toMatch(/^📝 Sign-ups for \*Product Alignment Meeting\* on .* are closed\.$/);
    expect(JSON.stringify(closed?.args['blocks'])).not.toContain('agenda_signup');
    const [validation, ...moreValidations] = dmsTo(slack, VP);
    expect(moreValidations).toEqual([]);
    expect(validateBlocks(validation?.args['blocks'], 'message')).toEqual([]);
    const validationJson = JSON.stringify(validation?.args['blocks']);
    expect(validationJson.match(/agenda_approve/g)).toHaveLength(5);
    expect(validationJson).toContain('Approve or decline each item before');
    const dm = { channel: String(validation?.response?.['channel']), ts: String(validation?.response?.['ts']) };

    // A sign-up after closing is refused with the next meeting's date.
    clock.set('2026-11-24T09:00:00Z');
    const late = seedOpportunity(t.db, 'U0000LATE01', 'Too late');
    expect(await submitSignup(t, 'U0000LATE01', signupValues({ opportunity: String(late) }))).toEqual({
      opportunity: 'Sign-ups for Product Alignment Meeting on Thu 26 Nov, 14:00 closed on Tue 24 Nov, 09:00. Next meeting: Thu 3 Dec, 14:00, sign-ups open on Mon 30 Nov, 09:00 (Paris time).',
    });

    // Approve four, decline one (with a reason, through the form).
    const live = items(t).filter((i) => i['status'] === 'slotted');
    const [first, third, fourth, fifth, sixth] = live.map((i) => String(i['id']));
    for (const id of [first, third, fourth, fifth]) await click(t, VP, 'agenda_approve', id ?? '', dm);
    const approvals = await responses(t, 5);
    expect(approvals.at(-1)?.['replace_original']).toBe(true);
    expect(JSON.stringify(approvals.at(-1)?.['blocks']).match(/approved by <@U0000VPPRD1>/g)).toHaveLength(4);
    await click(t, VP, 'agenda_decline', sixth ?? '', dm);
    const [, declineForm] = await slack.waitForCalls('views.open', 2);
    const declineView = declineForm?.args['view'] as { callback_id: string; private_metadata: string };
    expect(declineView.callback_id).toBe('agenda_decline_modal');
    const noReason = await t.interact(
      viewSubmissionPayload({ user: VP, callbackId: 'agenda_decline_modal', privateMetadata: declineView.private_metadata, values: { reason: { value: stateValue.plainText('  ') } } }),
    );
    expect(noReason.json()).toEqual({ response_action: 'errors', errors: { reason: 'Say why, so the presenter knows what to change.' } });
    expect(items(t).find((i) => String(i['id']) === sixth)?.['approval']).toBeNull();
    const declined = await t.interact(
      viewSubmissionPayload({
        user: VP,
        callbackId: 'agenda_decline_modal',
        privateMetadata: declineView.private_metadata,
        values: { reason: { value: stateValue.plainText('Not enough evidence yet: link the support tickets.') } },
      }),
    );
    expect(declined.text).toBe('');
    // The approver's own prompt is redrawn in place.
    await slack.waitForCalls('chat.update', 9);
    expect(slack.callsTo('chat.update').filter((c) => c.args['ts'] === dm.ts)).toHaveLength(1);
    expect(items(t).map((i) => i['approval'])).toEqual(['approved', null, 'approved', 'approved', 'approved', 'declined']);

    // The process restarts in the middle of the week: nothing already done is done again.
    const postsBefore = slack.callsTo('chat.postMessage').length;
    const updatesBefore = slack.callsTo('chat.update').length;
    await t.stop();
    cleanups.pop();
    t = await boot(slack, dbPath, clock);
    await run(t, '2026-11-24T08:00:30Z');
    await run(t, '2026-11-24T09:30:00Z');
    expect(slack.callsTo('chat.postMessage')).toHaveLength(postsBefore);
    expect(slack.callsTo('chat.update')).toHaveLength(updatesBefore);

    // Tuesday 18:00: the agenda locks. The declined item is dropped and its presenter told why;
    // the approved opportunities move to on_agenda, by the approver, with history; the card is redrawn once.
    await run(t, '2026-11-24T17:00:00Z');
    await run(t, '2026-11-24T17:01:00Z');
    expect(items(t).map((i) => [i['status'], i['reason']])).toEqual([
      ['slotted', null],
      ['withdrawn', 'withdrawn'],
      ['slotted', null],
      ['slotted', null],
      ['slotted', null],
      ['dropped', 'declined'],
    ]);
    const dropped = dmsTo(slack, PRESENTERS[5] ?? '').at(-1);
    expect(dropped?.args['text']).toMatch(/: <@U0000VPPRD1> declined it\. Reason: Not enough evidence yet: link the support tickets\.$/);
    // Issue 14 item 10: the bad news says when the next sign-ups open and offers the next step as buttons.
    const droppedBlocks = dropped?.args['blocks'] as { type: string; elements?: { text?: string; action_id?: string; value?: string }[] }[];
    expect(droppedBlocks.find((b) => b.type === 'context')?.elements?.[0]?.text).toMatch(/^Next: sign-ups for Product Alignment Meeting on <!date\^\d+\^\{date_long\} at \{time\}\|Thursday 3 December 2026 at 14:00 \(Paris time\)> open <!date\^\d+\^\{date_long\} at \{time\}\|Monday 30 November 2026 at 09:00 \(Paris time\)>\.$/);
    expect(droppedBlocks.find((b) => b.type === 'actions')?.elements?.map((e) => [e.action_id, e.value, (e as { text?: { text: string } }).text?.text])).toEqual([
      ['opp_edit', String(opps[5]), 'Edit the opportunity'],
      ['opp_request_slot', String(opps[5]), 'Request a slot for Thu 3 Dec'],
    ]);
    const statuses = t.db.prepare('SELECT id, status FROM opportunities ORDER BY id').all() as { id: number; status: string }[];
    expect(statuses.slice(0, 6).map((s) => s.status)).toEqual(['on_agenda', 'pitched', 'on_agenda', 'on_agenda', 'on_agenda', 'pitched']);
    expect(t.db.prepare("SELECT by_user, note FROM opportunity_history WHERE opportunity_id = ? AND to_status = 'on_agenda'").all(opps[0])).toEqual([
      { by_user: VP, note: 'On the agenda of Product Alignment Meeting (2026-11-26).' },
    ]);
    expect(slack.callsTo('chat.update').filter((c) => c.args['ts'] === CARD.ts)).toHaveLength(1);
    expect(posts(slack, CARD.channel).filter((c) => c.args['thread_ts'] === CARD.ts).map((c) => c.args['text'])).toHaveLength(1);

    // Approvals are closed now.
    await click(t, VP, 'agenda_approve', sixth ?? '', dm);
    expect((await responses(t, 6)).at(-1)?.['text']).toBe('The agenda of Product Alignment Meeting is locked: decisions are closed.');

    // Wednesday 09:00: the final agenda, ordered, with start times.
    await run(t, '2026-11-25T08:00:00Z');
    const final = pamPosts(slack).at(-1);
    expect(final?.args['text']).toBe('🗓 Agenda of *Product Alignment Meeting* — <!date^1795698000^{date_long} at {time}|Thursday 26 November 2026 at 14:00 (Paris time)>');
    const lines = (final?.args['blocks'] as { text?: { text: string } }[]).slice(1).map((b) => b.text?.text ?? '');
    expect(lines.map((l) => /\|(\d\d:\d\d) \(Paris time\)>\* · <@(\w+)>/.exec(l)?.slice(1))).toEqual([
      ['14:00', PRESENTERS[0]],
      ['14:20', PRESENTERS[2]],
      ['14:40', PRESENTERS[3]],
      ['15:00', PRESENTERS[4]],
    ]);

    // Thursday 13:45: the reminder carries the agenda.
    await run(t, '2026-11-26T12:45:00Z');
    const reminder = pamPosts(slack).at(-1);
    expect(reminder?.args['text']).toMatch(/^⏰ \*Product Alignment Meeting\* starts in 15 minutes/);
    expect(JSON.stringify(reminder?.args['blocks'])).toContain(`<@${PRESENTERS[4]}> — *#5 Opportunity 5*`);

    // Thursday 16:00: the approver is asked for each outcome.
    await run(t, '2026-11-26T15:00:00Z');
    const outcomes = dmsTo(slack, VP).at(-1);
    expect(outcomes?.args['text']).toMatch(/^📋 Record the outcome of each item/);
    expect(validateBlocks(outcomes?.args['blocks'], 'message')).toEqual([]);
    const od = { channel: String(outcomes?.response?.['channel']), ts: String(outcomes?.response?.['ts']) };
    clock.set('2026-11-26T15:05:00Z');
    const [o1, o3, o4, o5] = [first, third, fourth, fifth];
    await click(t, VP, 'agenda_outcome_go', o1 ?? '', od);
    await click(t, VP, 'agenda_outcome_no_go', o3 ?? '', od);
    await click(t, VP, 'agenda_outcome_go', o5 ?? '', od);
    await responses(t, 9);
    await click(t, VP, 'agenda_outcome_rework', o4 ?? '', od);
    const reworkForm = (await slack.waitForCalls('views.open', 3))[2]?.args['view'] as { private_metadata: string };
    const empty = await t.interact(
      viewSubmissionPayload({ user: VP, callbackId: 'agenda_rework_modal', privateMetadata: reworkForm.private_metadata, values: { feedback: { value: stateValue.plainText(null) } } }),
    );
    expect(empty.json()).toEqual({ response_action: 'errors', errors: { feedback: 'Write the feedback the presenter needs for the rework.' } });
    const rework = await t.interact(
      viewSubmissionPayload({
        user: VP,
        callbackId: 'agenda_rework_modal',
        privateMetadata: reworkForm.private_metadata,
        values: { feedback: { value: stateValue.plainText('Size the reach with the support data.') } },
      }),
    );
    expect(rework.text).toBe('');
    await slack.waitForCalls('chat.update', updatesBefore + 2);

    const after = t.db.prepare('SELECT status FROM opportunities WHERE id IN (?, ?, ?, ?) ORDER BY id').pluck().all(opps[0], opps[2], opps[3], opps[4]);
    expect(after).toEqual(['go', 'no_go', 'rework', 'go']);
    expect(t.db.prepare("SELECT by_user, note FROM opportunity_history WHERE opportunity_id = ? AND to_status = 'rework'").all(opps[3])).toEqual([
      { by_user: VP, note: 'Size the reach with the support data.' },
    ]);
    expect(items(t).map((i) => i['outcome'])).toEqual(['go', null, 'no_go', 'rework', 'go', null]);
    // Each presenter hears the outcome, with the feedback.
    for (let i = 0; i < 100 && dmsTo(slack, PRESENTERS[3] ?? '').length === 0; i++) await new Promise((r) => setTimeout(r, 20));
    expect(dmsTo(slack, PRESENTERS[3] ?? '').at(-1)?.args['text']).toBe(
      '🟠 *#4 Opportunity 4*: the Product Alignment Meeting asks for a *rework*, decided by <@U0000VPPRD1>. Feedback: Size the reach with the support data.',
    );
    expect(dmsTo(slack, PRESENTERS[0] ?? '').at(-1)?.args['text']).toMatch(/^🟢 \*#1 Opportunity 1\*: the Product Alignment Meeting gave a \*go\*/);
    expect(outboxEntry(t.db, `agenda:item:${o3}:outcome`)?.status).toBe('sent');

    // A second click on a recorded outcome changes nothing.
    const history = count(t, 'opportunity_history');
    await click(t, VP, 'agenda_outcome_no_go', o1 ?? '', od);
    expect((await responses(t, 10)).at(-1)?.['text']).toBe('The outcome of this item is already recorded: Go by <@U0000VPPRD1>.');
    expect(count(t, 'opportunity_history')).toBe(history);

    // Later runs (and a manual re-run of the whole week) post nothing twice.
    const finalPosts = slack.callsTo('chat.postMessage').length;
    for (const at of ['2026-11-23T08:00:00Z', '2026-11-24T08:00:00Z', '2026-11-24T17:00:00Z', '2026-11-25T08:00:00Z', '2026-11-26T15:00:00Z', '2026-11-26T15:30:00Z']) await run(t, at);
    expect(slack.callsTo('chat.postMessage')).toHaveLength(finalPosts);
  });
});

describe('catch-up after downtime', () => {
  it('a late call is posted while sign-ups are open; the lock and final agenda are caught up; a missed reminder is skipped', async () => {
    const tmp = tempDir();
    cleanups.push(tmp.cleanup);
    const slack = await startFakeSlack();
    cleanups.push(() => slack.close());
    const clock = movableClock('2026-11-23T15:00:00Z');
    const t = await boot(slack, join(tmp.dir, 'cadence.db'), clock);
    const opp = seedOpportunity(t.db, 'U0000PRES01', 'Faster refunds');

    // Down on Monday morning: back at 16:00 Paris, the call is still worth posting (sign-ups close Tuesday 09:00).
    await run(t, '2026-11-23T15:00:00Z');
    expect(pamPosts(slack)).toHaveLength(1);
    expect(await submitSignup(t, 'U0000PRES01', signupValues({ opportunity: String(opp) }))).toBeUndefined();
    await run(t, '2026-11-24T08:00:00Z');
    await click(t, VP, 'agenda_approve', String(items(t)[0]?.['id']));
    await responses(t, 1);

    // Down from Tuesday 17:00 to Wednesday 10:00 Paris: the lock (18:00) and the final agenda (09:00) are caught up, once.
    await run(t, '2026-11-25T09:00:00Z');
    await run(t, '2026-11-25T09:01:00Z');
    expect(t.db.prepare('SELECT status FROM opportunities WHERE id = ?').pluck().get(opp)).toBe('on_agenda');
    const finals = pamPosts(slack).filter((c) => String(c.args['text']).startsWith('🗓'));
    expect(finals).toHaveLength(1);
    // Down over the reminder: back at 14:10 Paris, it is not posted late.
    await run(t, '2026-11-26T13:10:00Z');
    expect(pamPosts(slack).filter((c) => String(c.args['text']).startsWith('⏰'))).toEqual([]);
    expect(t.db.prepare("SELECT status FROM ritual_step_runs WHERE ritual_key = 'pam' AND step_key = 'remind'").pluck().get()).toBe('skipped');
  });

  it('a call that could only be posted after sign-ups closed is replaced by one note that they were missed (issue 11 item 13)', async () => {
    const tmp = tempDir();
    cleanups.push(tmp.cleanup);
    const slack = await startFakeSlack();
    cleanups.push(() => slack.close());
    const t = await boot(slack, join(tmp.dir, 'cadence.db'), movableClock('2026-11-24T10:00:00Z'));
    await run(t, '2026-11-24T10:00:00Z');
    await run(t, '2026-11-24T10:05:00Z');
    const notes = pamPosts(slack);
    expect(notes.map((c) => String(c.args['text']))).toEqual([
      expect.stringMatching(/^⚠️ Sign-ups for \*Product Alignment Meeting\* on <!date\^1795698000\^.*were missed: Cadence was offline .* ask an approver \(<@U0000VPPRD1>/),
    ]);
    // No button: nothing to sign up to.
    expect(JSON.stringify(notes[0]?.args['blocks'])).not.toContain('agenda_signup');
    expect(t.db.prepare("SELECT step_key, status FROM ritual_step_runs WHERE ritual_key = 'pam' AND occurrence_key = '2026-11-26T14:00' ORDER BY step_key").all()).toEqual([
      { step_key: 'close-signups', status: 'done' },
      { step_key: 'open-signups', status: 'done' },
      { step_key: 'request-validation', status: 'done' },
    ]);
  });
});
