import { afterEach, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { buildOrgConfig } from '../helpers/org.js';
import { ADMIN, PAM_CHANNEL, PAM_REF, VP, click, movableClock, responses, run, seedOpportunity, signupValues, submitSignup } from './helpers.js';

/* Issue 14 item 2: an empty final agenda goes to the approvers as a DM (Cancel this occurrence / Keep it), never to the channel. */

let t: TestApp | undefined;
afterEach(async () => {
  await t?.stop();
  t = undefined;
});

const VP2 = 'U0000VPPRD2';
const POST_AGENDA = '2026-11-25T08:00:00Z'; // -1d@09:00 Paris before Thursday 26 Nov 14:00

async function emptyAgendaApp(lang: 'en' | 'fr' = 'en') {
  const clock = movableClock('2026-11-23T08:30:00Z');
  t = await startTestApp({ clock, org: buildOrgConfig({ approvers: [VP, VP2] }) });
  if (lang === 'fr') t.db.prepare("INSERT INTO user_settings (user_id, language, updated_at) VALUES (?, 'fr', '2026-11-01T00:00:00Z')").run(VP2);
  await run(t, '2026-11-23T08:00:00Z'); // the call goes out (open_signups)
  clock.set(POST_AGENDA);
  await run(t, POST_AGENDA);
  return { t, clock };
}

const channelPosts = (t: TestApp) =>
  t.slack.callsTo('chat.postMessage').filter((c) => c.args['channel'] === PAM_CHANNEL && String(c.args['text']).includes('Product Alignment Meeting'));
const dmsTo = (t: TestApp, user: string) => t.slack.callsTo('chat.postMessage').filter((c) => c.args['channel'] === `D${user}`);
const decisions = (t: TestApp) => t.db.prepare('SELECT ritual_key, occurrence_key, decision, decided_by FROM agenda_empty_decisions').all();

describe('an empty final agenda', () => {
  it('is not posted to the channel: each approver gets the question by DM, in their language, once', async () => {
    const { t } = await emptyAgendaApp('fr');
    expect(channelPosts(t).map((c) => String(c.args['text']))).toEqual([expect.stringMatching(/^📝 Sign-ups are open/)]);
    const [en] = dmsTo(t, VP);
    const [fr] = dmsTo(t, VP2);
    console.log(`EN approver DM:\n${String(en?.args['text'])}\n${JSON.stringify(en?.args['blocks'])}\nFR approver DM:\n${String(fr?.args['text'])}`);
    expect(en?.args['text']).toMatch(/^📭 Nothing is on the agenda of \*Product Alignment Meeting\* \(<!date\^\d+\^/);
    expect(fr?.args['text']).toMatch(/^📭 L’ordre du jour de \*Product Alignment Meeting\* .* est vide\. Annuler cette réunion, ou la maintenir\u202f\?$/);
    const buttons = (en?.args['blocks'] as { type: string; elements?: { action_id: string; value: string; text: { text: string } }[] }[]).find((b) => b.type === 'actions')?.elements;
    expect(buttons?.map((b) => [b.action_id, b.value, b.text.text])).toEqual([
      ['agenda_empty_cancel', PAM_REF, 'Cancel this occurrence'],
      ['agenda_empty_keep', PAM_REF, 'Keep it'],
    ]);
    await run(t, '2026-11-25T08:05:00Z');
    expect(dmsTo(t, VP)).toHaveLength(1);
  });

  it('Cancel: the same effect as /cadence skip (date skipped, the call closed, no reminder), recorded once with who; the other approver’s DM says so', async () => {
    const { t, clock } = await emptyAgendaApp('fr');
    clock.set('2026-11-25T09:00:00Z');
    await click(t, VP, 'agenda_empty_cancel', PAM_REF, { channel: `D${VP}` });
    const [answer] = await responses(t, 1);
    expect(answer?.['replace_original']).toBe(true);
    expect(answer?.['text']).toMatch(/^🚫 \*Product Alignment Meeting\* \(.*\) is cancelled, decided by <@U0000VPPRD1> <!date\^/);
    expect(decisions(t)).toEqual([{ ritual_key: 'pam', occurrence_key: '2026-11-26T14:00', decision: 'cancelled', decided_by: VP }]);
    expect(t.db.prepare('SELECT ritual_key, local_date, skipped_by FROM ritual_skips').all()).toEqual([{ ritual_key: 'pam', local_date: '2026-11-26', skipped_by: VP }]);
    const updates = await t.slack.waitForCalls('chat.update', 2);
    const texts = updates.map((c) => String(c.args['text']));
    console.log(`FR other approver's DM, redrawn:\n${texts.join('\n')}`);
    expect(texts).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^🚫 \*Product Alignment Meeting\* on .* is cancelled: sign-ups are closed\.$/),
        expect.stringMatching(/^🚫 \*Product Alignment Meeting\* \(.*\) est annulée, décision de <@U0000VPPRD1> /),
      ]),
    );
    // A double click (or the other approver) decides nothing more: the DM shows the decision, nothing is written.
    await click(t, VP2, 'agenda_empty_keep', PAM_REF, { channel: `D${VP2}` });
    const second = (await responses(t, 2))[1];
    expect(second?.['text']).toMatch(/est annulée, décision de <@U0000VPPRD1>/);
    expect(decisions(t)).toHaveLength(1);
    expect(t.db.prepare('SELECT COUNT(*) FROM ritual_skips').pluck().get()).toBe(1);
    // The reminder 15 minutes before never goes out.
    await run(t, '2026-11-26T12:45:00Z');
    expect(channelPosts(t)).toHaveLength(1);
  });

  it('Keep: recorded with who, nothing more is sent; the meeting still happens', async () => {
    const { t, clock } = await emptyAgendaApp();
    clock.set('2026-11-25T09:00:00Z');
    const before = t.slack.callsTo('chat.postMessage').length;
    await click(t, VP, 'agenda_empty_keep', PAM_REF, { channel: `D${VP}` });
    await click(t, VP, 'agenda_empty_keep', PAM_REF, { channel: `D${VP}` });
    const answers = await responses(t, 2);
    for (const a of answers) expect(a['text']).toMatch(/^✅ \*Product Alignment Meeting\* \(.*\) is kept with an empty agenda, decided by <@U0000VPPRD1> /);
    expect(decisions(t)).toEqual([{ ritual_key: 'pam', occurrence_key: '2026-11-26T14:00', decision: 'kept', decided_by: VP }]);
    expect(t.db.prepare('SELECT COUNT(*) FROM ritual_skips').pluck().get()).toBe(0);
    await run(t, '2026-11-26T12:45:00Z');
    // Only the reminder (the meeting is kept), and no agenda in it.
    expect(t.slack.callsTo('chat.postMessage').slice(before).map((c) => [c.args['channel'], String(c.args['text']).slice(0, 30)])).toEqual([[PAM_CHANNEL, expect.stringMatching(/Product Alignment Meeting/)]]);
  });

  it('refuses non-approvers with a clear ephemeral, and a meeting already started; nothing written', async () => {
    const { t, clock } = await emptyAgendaApp();
    clock.set('2026-11-25T09:00:00Z');
    await click(t, 'U0000PMPAY1', 'agenda_empty_cancel', PAM_REF, { channel: `D${VP}` });
    const [refused] = await responses(t, 1);
    expect(refused).toMatchObject({ response_type: 'ephemeral', replace_original: false, text: 'Only approvers (<@U0000VPPRD1>, <@U0000VPPRD2>) and admins can cancel or keep a meeting.' });
    clock.set('2026-11-26T13:05:00Z');
    await click(t, VP, 'agenda_empty_cancel', PAM_REF, { channel: `D${VP}` });
    expect((await responses(t, 2))[1]?.['text']).toBe('Product Alignment Meeting has already started: it can no longer be cancelled.');
    await click(t, ADMIN, 'agenda_empty_cancel', 'pam|2026-11-26T99:00', { channel: `D${VP}` });
    expect((await responses(t, 3))[2]?.['text']).toMatch(/^This form or button is out of date/);
    expect(decisions(t)).toEqual([]);
    expect(t.db.prepare('SELECT COUNT(*) FROM ritual_skips').pluck().get()).toBe(0);
  });

  it('an agenda with items is posted to the channel as before, and approvers get no question', async () => {
    const clock = movableClock('2026-11-23T08:30:00Z');
    t = await startTestApp({ clock, org: buildOrgConfig({ approvers: [VP] }) });
    const id = seedOpportunity(t.db, 'U0000PRES01', 'Faster refunds');
    expect(await submitSignup(t, 'U0000PRES01', signupValues({ opportunity: String(id) }))).toBeUndefined();
    clock.set('2026-11-24T10:00:00Z');
    await click(t, VP, 'agenda_approve', '1');
    await responses(t, 1);
    await run(t, '2026-11-24T17:00:00Z');
    await run(t, POST_AGENDA);
    expect(channelPosts(t).map((c) => String(c.args['text'])).at(-1)).toEqual(expect.stringMatching(/^🗓 Agenda of \*Product Alignment Meeting\*/));
    expect(t.db.prepare("SELECT COUNT(*) FROM delivery_outbox WHERE dedupe_key LIKE '%:empty:%'").pluck().get()).toBe(0);
  });
});
