import { afterEach, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { stateValue, viewSubmissionPayload } from '../helpers/signer.js';
import { VP, click, movableClock, responses, run, seedOpportunity, signupValues, submitSignup } from './helpers.js';

/* Issue 14 item 10: a decline or a rework says who decided and when the next sign-ups open, with Edit / Request a slot buttons that work. */

let t: TestApp | undefined;
afterEach(async () => {
  await t?.stop();
  t = undefined;
});

type Block = { type: string; elements?: { text?: string | { text: string }; action_id?: string; value?: string }[]; text?: { text: string } };
const dmsTo = (t: TestApp, user: string) => t.slack.callsTo('chat.postMessage').filter((c) => c.args['channel'] === `D${user}`);
const buttonsOf = (blocks: unknown) =>
  (blocks as Block[]).find((b) => b.type === 'actions')?.elements?.map((e) => [e.action_id, e.value, typeof e.text === 'object' ? e.text.text : e.text]);
const contextOf = (blocks: unknown) => (blocks as Block[]).find((b) => b.type === 'context')?.elements?.map((e) => e.text).join(' ');

describe('bad news carries its next step', () => {
  it('a declined item (French presenter): who declined, when the next sign-ups open, Edit and Request a slot that open their forms', async () => {
    const clock = movableClock('2026-11-23T09:00:00Z');
    t = await startTestApp({ clock });
    const PRES = 'U0000PRES02';
    t.db.prepare("INSERT INTO user_settings (user_id, language, updated_at) VALUES (?, 'fr', '2026-11-01T00:00:00Z')").run(PRES);
    const kept = seedOpportunity(t.db, 'U0000PRES01', 'Faster refunds');
    const declined = seedOpportunity(t.db, PRES, 'Dark mode');
    expect(await submitSignup(t, 'U0000PRES01', signupValues({ opportunity: String(kept) }))).toBeUndefined();
    expect(await submitSignup(t, PRES, signupValues({ opportunity: String(declined) }))).toBeUndefined();
    clock.set('2026-11-24T10:00:00Z');
    await click(t, VP, 'agenda_approve', '1');
    await responses(t, 1);
    const res = await t.interact(
      viewSubmissionPayload({ user: VP, callbackId: 'agenda_decline_modal', privateMetadata: JSON.stringify({ item: 2 }), values: { reason: { value: stateValue.plainText('Pas assez de preuves.') } } }),
    );
    expect(res.text).toBe('');
    await run(t, '2026-11-24T17:00:00Z');
    const dm = dmsTo(t, PRES).at(-1);
    console.log(`FR decline DM:\n${String(dm?.args['text'])}\n${contextOf(dm?.args['blocks'])}\n${JSON.stringify(buttonsOf(dm?.args['blocks']))}`);
    expect(dm?.args['text']).toBe(
      'Votre point *#2 Dark mode* n’est pas à l’ordre du jour de *Product Alignment Meeting* (<!date^1795698000^{date_long} à {time}|jeudi 26 novembre 2026 à 14\u202fh (heure de Paris)>)\u202f: <@U0000VPPRD1> l’a refusé. Raison\u202f: Pas assez de preuves.',
    );
    expect(contextOf(dm?.args['blocks'])).toMatch(/^Ensuite\u202f: les inscriptions pour Product Alignment Meeting du <!date\^\d+\^[^|]+\|jeudi 3 décembre 2026 à 14\u202fh \(heure de Paris\)> ouvrent le <!date\^\d+\^[^|]+\|lundi 30 novembre 2026 à 9\u202fh \(heure de Paris\)>\.$/);
    expect(buttonsOf(dm?.args['blocks'])).toEqual([
      ['opp_edit', String(declined), 'Modifier l’opportunité'],
      ['opp_request_slot', String(declined), 'Demander un créneau le jeu. 3 déc.'],
    ]);

    // Edit the opportunity: the existing edit modal.
    await click(t, PRES, 'opp_edit', String(declined), { channel: `D${PRES}` });
    const [edit] = await t.slack.waitForCalls('views.open', 1);
    expect((edit?.args['view'] as { callback_id: string }).callback_id).toBe('opp_pitch_modal');
    // Request a slot, once the next sign-ups are open: the sign-up form of 3 Dec, this opportunity chosen.
    clock.set('2026-11-30T09:00:00Z');
    await click(t, PRES, 'opp_request_slot', String(declined), { channel: `D${PRES}` });
    const opened = await t.slack.waitForCalls('views.open', 2);
    const view = opened[1]?.args['view'] as { callback_id: string; private_metadata: string; blocks: { block_id?: string; element?: { initial_option?: { value: string } } }[] };
    expect(view.callback_id).toBe('agenda_signup_modal');
    expect(JSON.parse(view.private_metadata)).toMatchObject({ ref: 'pam|2026-12-03T14:00' });
    expect(view.blocks.find((b) => b.block_id === 'opportunity')?.element?.initial_option?.value).toBe(String(declined));
  });

  it('a rework (English): who decided, the feedback, the next sign-ups and both buttons; a no-go offers Edit only', async () => {
    const clock = movableClock('2026-11-23T09:00:00Z');
    t = await startTestApp({ clock });
    const a = seedOpportunity(t.db, 'U0000PRES01', 'Faster refunds');
    const b = seedOpportunity(t.db, 'U0000PRES02', 'Dark mode');
    for (const [u, id] of [['U0000PRES01', a], ['U0000PRES02', b]] as const) expect(await submitSignup(t, u, signupValues({ opportunity: String(id) }))).toBeUndefined();
    clock.set('2026-11-24T10:00:00Z');
    for (const id of ['1', '2']) await click(t, VP, 'agenda_approve', id);
    await responses(t, 2);
    await run(t, '2026-11-24T17:00:00Z');
    clock.set('2026-11-26T16:30:00Z');
    const res = await t.interact(
      viewSubmissionPayload({ user: VP, callbackId: 'agenda_rework_modal', privateMetadata: JSON.stringify({ item: 1 }), values: { feedback: { value: stateValue.plainText('Size the reach.') } } }),
    );
    expect(res.text).toBe('');
    await click(t, VP, 'agenda_outcome_no_go', '2');
    await responses(t, 3);
    for (let i = 0; i < 100 && dmsTo(t, 'U0000PRES02').length === 0; i++) await new Promise((r) => setTimeout(r, 20));
    const rework = dmsTo(t, 'U0000PRES01').at(-1);
    console.log(`EN rework DM:\n${String(rework?.args['text'])}\n${contextOf(rework?.args['blocks'])}\n${JSON.stringify(buttonsOf(rework?.args['blocks']))}`);
    expect(rework?.args['text']).toBe('🟠 *#1 Faster refunds*: the Product Alignment Meeting asks for a *rework*, decided by <@U0000VPPRD1>. Feedback: Size the reach.');
    expect(contextOf(rework?.args['blocks'])).toMatch(/^Next: sign-ups for Product Alignment Meeting on <!date\^\d+\^\{date_long\} at \{time\}\|Thursday 3 December 2026 at 14:00 \(Paris time\)> open <!date\^\d+\^\{date_long\} at \{time\}\|Monday 30 November 2026 at 09:00 \(Paris time\)>\.$/);
    expect(buttonsOf(rework?.args['blocks'])).toEqual([
      ['opp_edit', String(a), 'Edit the opportunity'],
      ['opp_request_slot', String(a), 'Request a slot for Thu 3 Dec'],
    ]);
    const noGo = dmsTo(t, 'U0000PRES02').at(-1);
    expect(noGo?.args['text']).toBe('🔴 *#2 Dark mode*: the Product Alignment Meeting decided *no-go*, recorded by <@U0000VPPRD1>. You can edit the opportunity and pitch it again later.');
    expect(buttonsOf(noGo?.args['blocks'])).toEqual([['opp_edit', String(b), 'Edit the opportunity']]);
  });
});
