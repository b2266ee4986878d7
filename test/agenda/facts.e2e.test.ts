import { afterEach, describe, expect, it } from 'vitest';
import { insertInsight } from '../../src/insights/store.js';
import { linkEvidence } from '../../src/opportunities/store.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { buildOrgConfig } from '../helpers/org.js';
import { VP, click, movableClock, responses, run, seedOpportunity, signupValues, submitSignup } from './helpers.js';

/* Issue 14 item 7: the approver decides with the key facts inline, and a Details button labelled with its object. */

let t: TestApp | undefined;
afterEach(async () => {
  await t?.stop();
  t = undefined;
});

const VP2 = 'U0000VPPRD2';
type Block = { type: string; block_id?: string; elements?: { text?: string | { text: string }; action_id?: string; value?: string }[] };
const T0 = new Date('2026-11-02T10:00:00Z');

describe('the validation DM', () => {
  it('shows RICE, evidence (customers, ARR) and kind per item, in each approver’s language, with Approve / Decline / Details #n', async () => {
    const clock = movableClock('2026-11-23T09:00:00Z');
    t = await startTestApp({ clock, org: buildOrgConfig({ approvers: [VP, VP2] }) });
    t.db.prepare("INSERT INTO user_settings (user_id, language, updated_at) VALUES (?, 'fr', '2026-11-01T00:00:00Z')").run(VP2);
    const a = seedOpportunity(t.db, 'U0000PRES01', 'Faster refunds');
    const b = seedOpportunity(t.db, 'U0000PRES02', 'Dark mode');
    const insight = (customer: string | null, arr: number | null) =>
      insertInsight(t!.db, { text: 'Refunds take too long', source: 'call', tags: [], customer, arr, segment: null, tribe: 'payments', reporterId: 'U0000CSM001' }, T0).id;
    linkEvidence(t.db, a, [insight('Acme Corp', 120_000), insight('acme corp', 100_000), insight('Globex <b>', 30_000), insight(null, null)], 'U0000PRES01', T0);
    for (const [u, id] of [['U0000PRES01', a], ['U0000PRES02', b]] as const) expect(await submitSignup(t, u, signupValues({ opportunity: String(id) }))).toBeUndefined();
    await run(t, '2026-11-24T08:00:00Z'); // request_validation, Tuesday 09:00 Paris
    const dm = (user: string) => t!.slack.callsTo('chat.postMessage').find((c) => c.args['channel'] === `D${user}`);
    const facts = (user: string) => (dm(user)?.args['blocks'] as Block[]).filter((x) => x.block_id?.startsWith('agenda_facts:')).map((x) => x.elements?.[0]?.text);
    console.log(`EN facts: ${JSON.stringify(facts(VP))}\nFR facts: ${JSON.stringify(facts(VP2))}`);
    expect(facts(VP)).toEqual(['RICE 800 · 4 insights (Acme Corp +1, ARR €150k) · Painkiller', 'RICE 800 · no evidence yet · Painkiller']);
    expect(facts(VP2)).toEqual(['RICE 800 · 4 insights (Acme Corp +1, ARR 150\u202fk€) · Antidouleur', 'RICE 800 · aucune preuve pour l’instant · Antidouleur']);
    const buttons = (dm(VP)?.args['blocks'] as Block[]).find((x) => x.block_id === 'agenda_decide:1')?.elements;
    expect(buttons?.map((e) => [e.action_id, e.value, typeof e.text === 'object' ? e.text.text : ''])).toEqual([
      ['agenda_approve', '1', 'Approve'],
      ['agenda_decline', '1', 'Decline…'],
      ['opp_details', String(a), 'Details #1'],
    ]);
    // Details answers privately with the opportunity; Approve redraws the DM with the facts kept.
    clock.set('2026-11-24T10:00:00Z');
    await click(t, VP, 'opp_details', String(a), { channel: `D${VP}` });
    await click(t, VP, 'agenda_approve', '1', { channel: `D${VP}` });
    const [details, approved] = await responses(t, 2);
    expect(details?.['response_type']).toBe('ephemeral');
    expect(JSON.stringify(details)).toContain('Faster refunds');
    expect(JSON.stringify(approved?.['blocks'])).toContain('RICE 800 · 4 insights (Acme Corp +1, ARR €150k) · Painkiller');
  });
});
