import { afterEach, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/clock.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { blockActionPayload } from '../helpers/signer.js';
import { seedInsight, seedOpportunity } from '../digests/seed.js';

/*
 * Issue 14 item 17: every list pages (/insight list and /insight ? words, like
 * /pitch list), echoes its filters, and offers each row's button only to who
 * may use it, named after its object ("Details #13").
 */

const NOW = '2026-11-23T08:00:00Z';
const PM = 'U0000PMPAY1'; // triages Payments
const CSM = 'U0000SALES1'; // triages nothing
const apps: TestApp[] = [];
afterEach(async () => {
  for (const a of apps.splice(0)) await a.stop();
});
async function app() {
  const t = await startTestApp({ clock: fixedClock(new Date(NOW)) });
  apps.push(t);
  return t;
}
type Block = { type: string; text?: { text: string }; elements?: { action_id?: string; value?: string; text?: unknown }[]; accessory?: { action_id: string; text: { text: string }; value: string } };
type Answer = { text: string; blocks: Block[] };
const navOf = (a: Answer) => a.blocks.find((b) => b.type === 'actions')?.elements ?? [];
const buttons = (a: Answer) => a.blocks.flatMap((b) => (b.accessory ? [b.accessory.text.text] : []));

function seedMany(t: TestApp, n: number, tribe: string, text: (i: number) => string) {
  for (let i = 0; i < n; i++) seedInsight(t.db, { createdAt: '2026-11-20T10:00:00.000Z', tribe, text: text(i) });
}

describe('/insight list pages, echoes its filters, labels its buttons', () => {
  it('25 insights: page 1 of 3 with Next; Next answers page 2 in place with Previous and Next; the filters travel with the button', async () => {
    const t = await app();
    seedMany(t, 25, 'payments', (i) => `Payments feedback ${i}`);
    seedMany(t, 3, 'discovery', (i) => `Discovery feedback ${i}`);
    const first = (await t.command({ command: '/insight', text: 'list tribe:payments', user_id: PM })).json() as Answer;
    expect(JSON.stringify(first.blocks)).toContain('Payments · page 1 of 3');
    expect(buttons(first)).toHaveLength(10);
    expect(buttons(first)[0]).toBe('Details #25');
    const next = navOf(first).find((e) => e.action_id === 'insight_page:next');
    expect(navOf(first).map((e) => e.action_id)).toEqual(['insight_page:next']);
    await t.interact(blockActionPayload({ user: PM, actionId: 'insight_page:next', value: next?.value ?? '', responseUrl: t.slack.responseUrl() }));
    const [page2] = await t.slack.waitForCalls('response_url', 1);
    expect(page2?.args.replace_original).toBe(true);
    const json = JSON.stringify(page2?.args.blocks);
    expect(json).toContain('Payments · page 2 of 3');
    expect(json).toContain('Details #15');
    expect(json).not.toContain('Discovery feedback');
    expect(navOf(page2?.args as Answer).map((e) => e.action_id)).toEqual(['insight_page:prev', 'insight_page:next']);
    expect(t.slack.callsTo('ack').every((c) => c.ok)).toBe(true);
  });

  it('someone who may not open an insight gets no Details button for it; their own insight keeps one', async () => {
    const t = await app();
    seedMany(t, 2, 'payments', (i) => `Payments feedback ${i}`);
    const own = seedInsight(t.db, { createdAt: '2026-11-21T10:00:00.000Z', tribe: 'payments', text: 'What the CSM heard' });
    t.db.prepare('UPDATE insights SET reporter_id = ? WHERE id = ?').run(CSM, own);
    const csm = (await t.command({ command: '/insight', text: 'list', user_id: CSM })).json() as Answer;
    expect(buttons(csm)).toEqual([`Details #${own}`]);
    expect(JSON.stringify(csm.blocks)).toContain('all tribes, not archived');
    const pm = (await t.command({ command: '/insight', text: 'list', user_id: PM })).json() as Answer;
    expect(buttons(pm)).toEqual(['Details #3', 'Details #2', 'Details #1']);
  });

  it('a search pages too; a forged page value changes nothing and gets the usage', async () => {
    const t = await app();
    seedMany(t, 12, 'payments', (i) => `Checkout slow ${i}`);
    const first = (await t.command({ command: '/insight', text: '? checkout', user_id: PM })).json() as Answer;
    const next = navOf(first).find((e) => e.action_id === 'insight_page:next');
    expect(next).toBeDefined();
    await t.interact(blockActionPayload({ user: PM, actionId: 'insight_page:next', value: next?.value ?? '', responseUrl: t.slack.responseUrl() }));
    const [page2] = await t.slack.waitForCalls('response_url', 1);
    expect(JSON.stringify(page2?.args.blocks)).toContain('page 2 of 2');
    expect((page2?.args.blocks as Block[]).filter((b) => b.accessory)).toHaveLength(2);
    await t.interact(blockActionPayload({ user: PM, actionId: 'insight_page:next', value: '{"k":"x"}', responseUrl: t.slack.responseUrl() }));
    const calls = await t.slack.waitForCalls('response_url', 2);
    expect(calls[1]?.args.replace_original).toBe(false);
  });

  it('in French: the echo, the page and the buttons, with French typography', async () => {
    const t = await app();
    seedMany(t, 11, 'payments', (i) => `Retour ${i}`);
    await t.command({ command: '/cadence', text: 'langue fr', user_id: PM });
    const first = (await t.command({ command: '/insight', text: 'liste à-trier', user_id: PM })).json() as Answer;
    const json = JSON.stringify(first.blocks);
    expect(json).toContain('à trier · page 1 sur 2');
    expect(json).toContain('Détails du n°11');
    expect(JSON.stringify(navOf(first))).toContain('Suivants');
    expect(json).not.toMatch(/[^\u202f] [:;!?]/);
  });
});

describe('/pitch list and the detail view show only what the viewer may do', () => {
  it('the list’s buttons are named after their opportunity; the detail view has no Edit for someone who is not the owner', async () => {
    const t = await app();
    const opp = seedOpportunity(t.db, { title: 'Split invoices', score: 1280, status: 'pitched', createdAt: '2026-11-20T10:00:00.000Z' });
    const list = (await t.command({ command: '/pitch', text: 'list', user_id: CSM })).json() as Answer;
    expect(buttons(list)).toEqual([`Details #${opp}`]);
    await t.interact(blockActionPayload({ user: CSM, actionId: 'opp_details', value: String(opp), responseUrl: t.slack.responseUrl() }));
    await t.interact(blockActionPayload({ user: PM, actionId: 'opp_details', value: String(opp), responseUrl: t.slack.responseUrl() }));
    const [forCsm, forOwner] = await t.slack.waitForCalls('response_url', 2);
    expect(JSON.stringify(forCsm?.args.blocks)).not.toContain('opp_edit');
    expect(JSON.stringify(forCsm?.args.blocks)).not.toContain('opp_add_evidence');
    expect(JSON.stringify(forOwner?.args.blocks)).toContain('opp_edit');
  });
});
