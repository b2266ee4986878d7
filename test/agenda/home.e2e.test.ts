import { afterEach, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { buildOrgConfig } from '../helpers/org.js';
import { blockActionPayload } from '../helpers/signer.js';
import { VP, items, movableClock, run, seedOpportunity, signupValues, submitSignup } from './helpers.js';

/* Issue 14 item 7: the approver's App Home has "To validate before … (n)" and "Outcomes to record (n)", with buttons that work from the Home. */

let t: TestApp | undefined;
afterEach(async () => {
  await t?.stop();
  t = undefined;
});

type Block = { type: string; block_id?: string; text?: { text: string }; elements?: { text?: string | { text: string }; action_id?: string; value?: string }[] };
const agendaBlocks = (blocks: unknown) => (blocks as Block[]).filter((b) => b.block_id?.startsWith('agenda_home:'));
const texts = (blocks: Block[]) => blocks.map((b) => b.text?.text ?? b.elements?.map((e) => (typeof e.text === 'object' ? `[${e.text.text}]` : e.text)).join(' ') ?? '').filter(Boolean);

async function openHome(t: TestApp, user: string) {
  const before = t.slack.callsTo('views.publish').length;
  await t.event({ type: 'app_home_opened', user, channel: 'D0000HOME01', tab: 'home', event_ts: `${Date.now() / 1000}` });
  const last = (await t.slack.waitForCalls('views.publish', before + 1)).at(-1);
  return { ...(last?.args['view'] as { blocks: Block[] }), hash: (last?.response?.['view'] as { hash?: string } | undefined)?.hash };
}

async function clickInHome(t: TestApp, user: string, actionId: string, value: string, view: { blocks: Block[]; hash?: string | undefined }) {
  const before = t.slack.callsTo('views.publish').length;
  const res = await t.interact(blockActionPayload({ user, actionId, value, view: { type: 'home', blocks: view.blocks as never[], ...(view.hash ? { hash: view.hash } : {}) } }));
  expect(res.status).toBe(200);
  return ((await t.slack.waitForCalls('views.publish', before + 1)).at(-1)?.args['view'] as { blocks: Block[] }) ?? { blocks: [] };
}

describe('the approver’s App Home', () => {
  it('To validate before the lock (n): facts and Approve / Decline; Approve in the Home records it and redraws the section; French renders too', async () => {
    const clock = movableClock('2026-11-23T09:00:00Z');
    t = await startTestApp({ clock, org: buildOrgConfig({ approvers: [VP, 'U0000VPPRD2'] }) });
    t.db.prepare("INSERT INTO user_settings (user_id, language, updated_at) VALUES ('U0000VPPRD2', 'fr', '2026-11-01T00:00:00Z')").run();
    for (const [u, title] of [['U0000PRES01', 'Faster refunds'], ['U0000PRES02', 'Dark mode']] as const) {
      const id = seedOpportunity(t.db, u, title);
      expect(await submitSignup(t, u, signupValues({ opportunity: String(id) }))).toBeUndefined();
    }
    clock.set('2026-11-24T10:00:00Z');
    const home = await openHome(t, VP);
    const section = agendaBlocks(home.blocks);
    console.log(`EN Home:\n${texts(section).join('\n')}`);
    expect(texts(section)[0]).toMatch(/^\*To validate before <!date\^\d+\^\{date_long\} at \{time\}\|Tuesday 24 November 2026 at 18:00 \(Paris time\)> \(2\)\* · Product Alignment Meeting$/);
    expect(texts(section)).toContain('RICE 800 · no evidence yet · Painkiller');
    expect(texts(section)).toContain('[Approve] [Decline…]');
    const fr = agendaBlocks((await openHome(t, 'U0000VPPRD2')).blocks);
    console.log(`FR Home:\n${texts(fr).join('\n')}`);
    expect(texts(fr)[0]).toMatch(/^\*À valider avant le <!date\^\d+\^[^|]+\|mardi 24 novembre 2026 à 18\u202fh \(heure de Paris\)> \(2\)\* · Product Alignment Meeting$/);
    expect(texts(fr)).toContain('RICE 800 · aucune preuve pour l’instant · Antidouleur');

    const after = await clickInHome(t, VP, 'agenda_approve', '1', home);
    expect(items(t).map((i) => i['approval'])).toEqual(['approved', null]);
    expect(texts(agendaBlocks(after.blocks))[0]).toMatch(/\(1\)\* · Product Alignment Meeting$/);
    expect(JSON.stringify(after.blocks)).toContain('✅ approved by <@U0000VPPRD1>');
    // The rest of the Home is kept as it was.
    expect(after.blocks.filter((b) => !b.block_id?.startsWith('agenda_home:'))).toEqual(home.blocks.filter((b) => !b.block_id?.startsWith('agenda_home:')));

    // Nobody else sees it.
    expect(agendaBlocks((await openHome(t, 'U0000PRES01')).blocks)).toEqual([]);
  });

  it('Outcomes to record (n) after the meeting: Go from the Home records it (the presenter is told) and the section empties', async () => {
    const clock = movableClock('2026-11-23T09:00:00Z');
    t = await startTestApp({ clock });
    const id = seedOpportunity(t.db, 'U0000PRES01', 'Faster refunds');
    expect(await submitSignup(t, 'U0000PRES01', signupValues({ opportunity: String(id) }))).toBeUndefined();
    clock.set('2026-11-24T10:00:00Z');
    await clickInHome(t, VP, 'agenda_approve', '1', await openHome(t, VP));
    await run(t, '2026-11-24T17:00:00Z');
    clock.set('2026-11-26T16:30:00Z');
    const home = await openHome(t, VP);
    const section = texts(agendaBlocks(home.blocks));
    console.log(`EN Home, after the meeting:\n${section.join('\n')}`);
    expect(section[0]).toBe('*Outcomes to record (1)*');
    expect(section).toContain('[Go] [Rework…] [No-go]');
    const after = await clickInHome(t, VP, 'agenda_outcome_go', '1', home);
    expect(items(t).map((i) => i['outcome'])).toEqual(['go']);
    expect(agendaBlocks(after.blocks)).toEqual([]);
    const told = () => t?.slack.callsTo('chat.postMessage').some((c) => c.args['channel'] === 'DU0000PRES01' && String(c.args['text']).includes('gave a *go*')) ?? false;
    for (let i = 0; i < 100 && !told(); i++) await new Promise((r) => setTimeout(r, 20));
    expect(told()).toBe(true);
  });

  it('a refused click in the Home (not an approver) is answered privately and writes nothing', async () => {
    const clock = movableClock('2026-11-23T09:00:00Z');
    t = await startTestApp({ clock });
    const id = seedOpportunity(t.db, 'U0000PRES01', 'Faster refunds');
    expect(await submitSignup(t, 'U0000PRES01', signupValues({ opportunity: String(id) }))).toBeUndefined();
    clock.set('2026-11-24T10:00:00Z');
    const res = await t.interact(blockActionPayload({ user: 'U0000PRES02', actionId: 'agenda_approve', value: '1', view: { type: 'home', blocks: [] } }));
    expect(res.status).toBe(200);
    const [dm] = await t.slack.waitForCalls('chat.postMessage', 1);
    expect(dm?.args['text']).toBe('Only approvers (<@U0000VPPRD1>) and admins can approve or decline agenda items.');
    expect(items(t).map((i) => i['approval'])).toEqual([null]);
  });
});
