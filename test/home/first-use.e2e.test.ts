import { afterEach, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/clock.js';
import { validateView } from '../../src/sandbox/slack/block-kit.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { readFileSync } from 'node:fs';
import { parseOrgConfig } from '../../src/config/org.js';
import { exampleConfigPath } from '../../src/paths.js';
import { blockActionPayload, globalShortcutPayload } from '../helpers/signer.js';
import { seedBug, seedInsight, seedOpportunity } from '../digests/seed.js';

/*
 * Issue 14 items 8 and 16 end to end: the role-aware App Home with an action on
 * every row, the welcome DM, the global shortcuts, the help with buttons and the
 * admin checklist — signed requests, the strict stand-in, the stored state.
 */

const NOW = '2026-11-23T08:00:00Z';
const PM = 'U0000PMPAY1'; // member and lead of Payments
const CSM = 'U0000SALES1'; // in no tribe: logs insights and bugs, does not pitch
const ADMIN = 'U0000ADMIN1';
const NB = '\u202f';
const apps: TestApp[] = [];
afterEach(async () => {
  for (const a of apps.splice(0)) await a.stop();
});
async function app(org?: Parameters<typeof startTestApp>[0]) {
  const t = await startTestApp({ clock: fixedClock(new Date(NOW)), ...org });
  apps.push(t);
  return t;
}
async function openHome(t: TestApp, user: string, n: number, eventTs = `1.${n}`) {
  await t.event({ type: 'app_home_opened', user, channel: `D${user}`, tab: 'home', event_ts: eventTs });
  const calls = await t.slack.waitForCalls('views.publish', n);
  const view = calls[n - 1]?.args.view as { type: string; blocks: { type: string; text?: { text: string }; accessory?: { action_id: string; text: { text: string }; value: string } }[] };
  expect(validateView(view)).toEqual([]);
  return view;
}
const buttonsOf = (view: Awaited<ReturnType<typeof openHome>>) => view.blocks.flatMap((b) => (b.accessory?.text ? [`${b.accessory.action_id} ${b.accessory.text.text} ${b.accessory.value}`] : []));

describe('App Home: role-aware, every row actionable (item 8)', () => {
  it('a PM sees their triage queue, their insights with counts, opportunities and bugs, each row with its action named after its object', async () => {
    const t = await app();
    const mine1 = seedInsight(t.db, { createdAt: '2026-11-20T10:00:00.000Z', tribe: 'payments', text: 'Checkout times out on mobile' });
    const mine2 = seedInsight(t.db, { createdAt: '2026-11-21T10:00:00.000Z', tribe: 'payments', text: 'Refunds take a week', status: 'triaged' });
    t.db.prepare('UPDATE insights SET reporter_id = ? WHERE id IN (?, ?)').run(PM, mine1, mine2);
    const opp = seedOpportunity(t.db, { title: 'Faster refunds', score: 500, status: 'pitched', createdAt: '2026-11-21T12:00:00.000Z', evidence: [mine2] });
    seedBug(t.db, { key: 'PAY-1', qualifiedAt: '2026-11-10T09:00:00.000Z', deadline: '2026-11-17T09:00:00.000Z', title: 'Card declined twice' });
    t.db.prepare("UPDATE bugs SET owner = ? WHERE key = 'PAY-1'").run(PM);
    const view = await openHome(t, PM, 1);
    const json = JSON.stringify(view);
    expect(json).toContain('*My insights (2)* — 1 linked to an opportunity');
    expect(json).toContain('*Insights waiting for your triage (1)* · Payments');
    expect(json).toContain('*My opportunities (1)*');
    expect(json).toContain('*My bugs (1)*');
    expect(buttonsOf(view)).toEqual([
      `insight_details Triage #${mine1} ${mine1}`,
      `insight_details Details #${mine2} ${mine2}`,
      `insight_details Details #${mine1} ${mine1}`,
      `opp_details Details #${opp} ${opp}`,
      'home_resolve_bug Mark PAY-1 resolved PAY-1',
    ]);
    // Settings at the bottom: the notifications level, then the language.
    const ids = view.blocks.map((b) => (b as { block_id?: string }).block_id);
    expect(ids.slice(-2)).toEqual(['loop_settings', 'cadence_language']);

    // Triage #n opens the insight's form; Details #n of an opportunity opens a read-only modal (no response_url in the Home).
    await t.interact(blockActionPayload({ user: PM, actionId: 'insight_details', value: String(mine1), view: { type: 'home' } }));
    await t.interact(blockActionPayload({ user: PM, actionId: 'opp_details', value: String(opp), view: { type: 'home' } }));
    const opened = await t.slack.waitForCalls('views.open', 2);
    expect(opened.every((c) => c.ok)).toBe(true);
    expect((opened[0]?.args.view as { callback_id: string }).callback_id).toBe('insight_modal');
    expect(JSON.stringify(opened[1]?.args.view)).toContain('Faster refunds');
    expect(t.slack.callsTo('response_url')).toHaveLength(0);
  });

  it('Mark resolved resolves the bug (stored) and redraws the tab without it; someone else’s click changes nothing', async () => {
    const t = await app();
    seedBug(t.db, { key: 'PAY-1', qualifiedAt: '2026-11-10T09:00:00.000Z', deadline: '2026-11-17T09:00:00.000Z', title: 'Card declined twice' });
    t.db.prepare("UPDATE bugs SET owner = ? WHERE key = 'PAY-1'").run(PM);
    await t.interact(blockActionPayload({ user: CSM, actionId: 'home_resolve_bug', value: 'PAY-1', view: { type: 'home' } }));
    await t.slack.waitForCalls('views.publish', 1);
    expect(t.db.prepare("SELECT resolved_at FROM bugs WHERE key = 'PAY-1'").pluck().get()).toBeNull();
    await t.interact(blockActionPayload({ user: PM, actionId: 'home_resolve_bug', value: 'PAY-1', view: { type: 'home' } }));
    const calls = await t.slack.waitForCalls('views.publish', 2);
    expect(t.db.prepare("SELECT resolved_at FROM bugs WHERE key = 'PAY-1'").pluck().get()).toBe(new Date(NOW).toISOString());
    expect(calls[1]?.args.user_id).toBe(PM);
    expect(JSON.stringify(calls[1]?.args.view)).not.toContain('PAY-1');
  });

  it('a CSM is not told to pitch and sees no triage, opportunity, slot nor bug section; the same in French, with French typography', async () => {
    const t = await app();
    const view = await openHome(t, CSM, 1);
    const json = JSON.stringify(view);
    for (const absent of ['home_pitch', 'triage', 'My opportunities', 'agenda slots', 'My bugs', '/pitch']) expect(json).not.toContain(absent);
    expect(json).toContain('*My insights (0)*');
    await t.command({ command: '/cadence', text: 'langue fr', user_id: CSM });
    const fr = JSON.stringify(await openHome(t, CSM, 2));
    expect(fr).toContain('*Mes insights (0)*');
    expect(fr).toContain(`Bonjour <@${CSM}>${NB}: ce qui vous attend`);
    expect(fr).toContain('Consigner un insight');
    expect(fr).not.toContain('Proposer une opportunité');
    expect(fr).not.toMatch(/ [:;!?]/);
  });
});

describe('First use (item 16)', () => {
  it('the first opening of the Home sends one welcome DM, stored; a second opening and a retry send none', async () => {
    const t = await app();
    await openHome(t, PM, 1);
    const [dm] = await t.slack.waitForCalls('chat.postMessage', 1);
    expect(dm?.ok).toBe(true);
    expect(String(dm?.args.channel)).toContain(PM); // the person's DM with the app
    expect(String(dm?.args.text)).toContain(`Welcome to Cadence, <@${PM}>!`);
    expect(JSON.stringify(dm?.args.blocks)).toContain('home_pitch');
    expect(t.db.prepare('SELECT user_id FROM home_welcomes').pluck().all()).toEqual([PM]);
    await openHome(t, PM, 2);
    await t.event({ type: 'app_home_opened', user: PM, channel: `D${PM}`, tab: 'home', event_ts: '1.3' }, { retryNum: 1 });
    await openHome(t, PM, 3, '1.4');
    expect(t.slack.callsTo('chat.postMessage')).toHaveLength(1);
    expect(t.db.prepare("SELECT COUNT(*) FROM delivery_outbox WHERE topic = 'home.welcome'").pluck().get()).toBe(1);
  });

  it('a French CSM is welcomed in French, without the pitch', async () => {
    const t = await app();
    await t.command({ command: '/cadence', text: 'langue fr', user_id: CSM });
    await openHome(t, CSM, 1);
    const [dm] = await t.slack.waitForCalls('chat.postMessage', 1);
    expect(String(dm?.args.text)).toBe(`Bienvenue dans Cadence, <@${CSM}>${NB}! J’anime les rituels produit de Acme Product dans Slack.`);
    const blocks = JSON.stringify(dm?.args.blocks);
    expect(blocks).not.toContain('home_pitch');
    expect(blocks).toContain('Consigner un insight');
  });

  it('the three global ⚡ shortcuts open the insight, pitch and bug forms', async () => {
    const t = await app();
    for (const callbackId of ['global_log_insight', 'global_pitch', 'global_register_bug']) {
      const res = await t.interact(globalShortcutPayload({ user: PM, callbackId }));
      expect(res.status).toBe(200);
    }
    const opened = await t.slack.waitForCalls('views.open', 3);
    expect(opened.every((c) => c.ok)).toBe(true);
    expect(opened.map((c) => (c.args.view as { callback_id: string }).callback_id)).toEqual(['insight_modal', 'opp_pitch_modal', 'bug_register']);
  });

  it('/cadence help has sections per role with buttons, and the meeting name from the config', async () => {
    const t = await app();
    const pm = (await t.command({ command: '/cadence', text: 'help', user_id: PM })).json() as { blocks: unknown[]; text: string };
    const pmJson = JSON.stringify(pm.blocks);
    expect(pmJson).toContain('*For everyone*');
    expect(pmJson).toContain('*For product teams*');
    expect(pmJson).toContain('the agenda of the next Product Alignment Meeting');
    expect(pmJson).toContain('"action_id":"home_pitch"');
    expect(pmJson).not.toContain('*For admins*');
    const csm = JSON.stringify(((await t.command({ command: '/cadence', text: 'help', user_id: CSM })).json() as { blocks: unknown[] }).blocks);
    expect(csm).toContain('"action_id":"home_log_insight"');
    expect(csm).not.toContain('home_pitch');
    const admin = JSON.stringify(((await t.command({ command: '/cadence', text: 'help', user_id: ADMIN })).json() as { blocks: unknown[] }).blocks);
    expect(admin).toContain('*For admins*');
    expect(t.slack.callsTo('ack').every((c) => c.ok)).toBe(true);
    // A help button opens the form (the Home's handler).
    await t.interact(blockActionPayload({ user: CSM, actionId: 'home_register_bug', value: 'registerBug' }));
    const [opened] = await t.slack.waitForCalls('views.open', 1);
    expect((opened?.args.view as { callback_id: string }).callback_id).toBe('bug_register');
    // French.
    await t.command({ command: '/cadence', text: 'langue fr', user_id: PM });
    const fr = JSON.stringify(((await t.command({ command: '/cadence', text: 'aide', user_id: PM })).json() as { blocks: unknown[] }).blocks);
    expect(fr).toContain('*Pour tout le monde*');
    expect(fr).toContain(`réunion «${NB}Product Alignment Meeting${NB}»${NB};`);
    expect(fr).toContain('Proposer une opportunité');
  });

  it('the help names the meeting as configured, never a hard-coded one', async () => {
    const text = readFileSync(exampleConfigPath(), 'utf8').replace('name: Product Alignment Meeting', 'name: Revue produit');
    const t = await app({ org: parseOrgConfig(text, 'renamed.yml') });
    const help = JSON.stringify(((await t.command({ command: '/cadence', text: 'help', user_id: PM })).json() as { blocks: unknown[] }).blocks);
    expect(help).toContain('the agenda of the next Revue produit');
    expect(help).not.toContain('Product Alignment Meeting');
  });
});
