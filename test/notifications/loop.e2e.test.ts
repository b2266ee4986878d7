import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Clock } from '../../src/clock.js';
import { exportInsights } from '../../src/insights/store.js';
import { loopJob, SETTLE_MS } from '../../src/notifications/service.js';
import { createOpportunity, syncCard, transition } from '../../src/opportunities/service.js';
import { linkEvidence } from '../../src/opportunities/store.js';
import { computeDigestModel, renderDigest } from '../../src/digests/service.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { blockActionPayload } from '../helpers/signer.js';
import { recordOutcome } from '../../src/agenda/service.js';
import { insertItem, lock } from '../../src/agenda/store.js';

// Monday 23 November 2026, 10:00 UTC.
const START = new Date('2026-11-23T10:00:00.000Z');
let now = START;
const clock: Clock = { now: () => new Date(now.getTime()) };
let t: TestApp;

const CSM = 'U0CSMENG01'; // in no tribe, English
const CSM_FR = 'U0CSMFRA01'; // in no tribe, French
const LEAD = 'U0000PMPAY1'; // payments lead
const PM = 'U0000PMPAY2'; // payments member
const VP = 'U0000VPPRD1'; // approver

beforeEach(async () => {
  now = START;
  t = await startTestApp({ clock });
});
afterEach(async () => {
  await t.stop();
});

function count(sql: string, ...params: unknown[]): number {
  return t.db.prepare(sql).pluck().get(...params) as number;
}
async function logInsight(user: string, text: string): Promise<number> {
  const res = await t.command({ command: '/insight', text, user_id: user, channel_id: 'C0GENERAL' });
  expect(res.status).toBe(200);
  return count('SELECT MAX(id) FROM insights');
}
async function cadence(user: string, text: string): Promise<string> {
  const res = await t.command({ command: '/cadence', text, user_id: user, channel_id: 'C0GENERAL' });
  expect(res.status).toBe(200);
  return (res.json() as { text: string }).text;
}
async function pitchMove(user: string, id: number, to: string): Promise<void> {
  const res = await t.command({ command: '/pitch', text: `move ${id} ${to}`, user_id: user, channel_id: 'C0GENERAL' });
  expect(res.status).toBe(200);
  expect((res.json() as { text: string }).text).not.toMatch(/cannot|not allowed|refus/i);
}
/** Lets the batch settle, then runs the notifications job as the scheduler would. */
async function settleAndRun(): Promise<void> {
  now = new Date(now.getTime() + SETTLE_MS + 60_000);
  await loopJob.run(t.cadence.ctx, now);
}
function dmsTo(user: string): { text: string; blocks: unknown }[] {
  return t.slack.callsTo('chat.postMessage').filter((c) => c.args['channel'] === `D${user}`).map((c) => ({ text: String(c.args['text']), blocks: c.args['blocks'] }));
}
function newOpportunity(evidence: number[] = []): number {
  const { opportunity } = createOpportunity(
    t.cadence.ctx,
    {
      title: 'Split invoices <!channel>',
      problem: 'Finance teams cannot split invoices between cost centres.',
      segment: 'Mid-market finance teams',
      metric: 'Invoice disputes',
      today: '40 / month',
      target: '10 / month',
      value: '80k',
      kind: 'painkiller',
      commitment: 'retention',
      tribe: 'payments',
      initiatives: '- Split by cost centre',
      reach: '300',
      impact: '2',
      confidence: '80',
      effort: '2',
      origin: 'bottom_up',
      evidence: evidence.map(String),
    },
    { ownerId: PM },
  );
  return opportunity.id;
}

describe('closing the loop: a CSM hears what became of their insights', () => {
  it('is told once per change, batched, in their own language, never of their own changes', async () => {
    expect(await cadence(CSM_FR, 'language fr')).toBeTruthy();
    const acme = await logInsight(CSM, 'Acme cannot split invoices customer:Acme tribe:payments arr:120000');
    const globex = await logInsight(CSM, 'Globex wants split invoices customer:Globex tribe:payments arr:30000');
    const initech = await logInsight(CSM_FR, 'Initech voudrait scinder ses factures customer:Initech tribe:payments');
    const own = await logInsight(PM, 'We keep hearing about split invoices customer:Umbrella tribe:payments');

    // Triage from the card, through the real receiver.
    const cardOf = () => t.db.prepare('SELECT triage_channel AS channel, triage_ts AS ts FROM insights WHERE id = ?').get(acme) as { channel: string | null; ts: string | null };
    for (let i = 0; i < 100 && !cardOf().ts; i++) await new Promise((r) => setTimeout(r, 20));
    const where = { channel: cardOf().channel ?? '', ts: cardOf().ts ?? '' };
    const res = await t.interact(
      blockActionPayload({ user: LEAD, actionId: 'insight_assign_team', selectedOption: { value: `${acme}:checkout` }, channel: where.channel, messageTs: where.ts, responseUrl: t.slack.responseUrl() }),
    );
    expect(res.status).toBe(200);
    for (let i = 0; i < 100 && count('SELECT COUNT(*) FROM loop_notices') === 0; i++) await new Promise((r) => setTimeout(r, 20));

    // Not before the batch settles.
    await loopJob.run(t.cadence.ctx, new Date(now.getTime() + 30_000));
    expect(dmsTo(CSM)).toHaveLength(0);
    await settleAndRun();
    expect(dmsTo(CSM)).toHaveLength(1);
    expect(dmsTo(CSM)[0]?.text).toContain(`#${acme} Acme`);
    expect(dmsTo(CSM)[0]?.text).toMatch(/has been triaged/);

    // Linked one by one from the triage cards (and one by the PM's own insight): one DM per person, naming the customers.
    const opp = newOpportunity();
    expect(await syncCard(t.cadence.ctx, opp)).toBe('posted');
    for (const id of [acme, globex, initech, own]) {
      linkEvidence(t.db, opp, [id], PM, now);
      now = new Date(now.getTime() + 20_000);
    }
    await settleAndRun();
    const linked = dmsTo(CSM).slice(1);
    expect(linked).toHaveLength(1);
    expect(linked[0]?.text).toContain('2 of your insights');
    expect(linked[0]?.text).toContain(`#${acme} Acme`);
    expect(linked[0]?.text).toContain(`#${globex} Globex`);
    // The title is typed text: never a ping.
    expect(linked[0]?.text).not.toContain('<!channel>');
    expect(linked[0]?.text).toContain('&lt;!channel&gt;');
    const french = dmsTo(CSM_FR);
    expect(french).toHaveLength(1);
    expect(french[0]?.text).toContain('Votre insight');
    expect(french[0]?.text).toContain(`l’opportunité #${opp} «\u202f`);
    // The PM made the change: no DM for their own insight.
    expect(dmsTo(PM)).toHaveLength(0);
    // The link to the opportunity (its card's permalink) comes as a button.
    expect(JSON.stringify(linked[0]?.blocks)).toContain('slack.com/archives/');

    // Decided at the meeting, in the roadmap, shipped: one DM each; "on agenda" is no news.
    await pitchMove(VP, opp, 'on_agenda');
    await settleAndRun();
    expect(dmsTo(CSM)).toHaveLength(2);
    await pitchMove(VP, opp, 'go');
    await settleAndRun();
    expect(dmsTo(CSM).at(-1)?.text).toMatch(/got a \*go\*/);
    await pitchMove(PM, opp, 'in_roadmap');
    await settleAndRun();
    expect(dmsTo(CSM).at(-1)?.text).toMatch(/in the roadmap/);
    await pitchMove(PM, opp, 'shipped');
    await settleAndRun();
    const shipped = dmsTo(CSM).at(-1)?.text ?? '';
    expect(shipped).toMatch(/has \*shipped\*/);
    expect(shipped).toContain('Good news to share with Acme, Globex');
    expect(dmsTo(CSM)).toHaveLength(5);
    expect(dmsTo(CSM_FR).at(-1)?.text).toContain('est *livrée*\u202f!');

    // Running again sends nothing more.
    await settleAndRun();
    await settleAndRun();
    expect(dmsTo(CSM)).toHaveLength(5);
    // The PM's own insight: told of the go the approver gave, never of the link, roadmap and shipping the PM did.
    expect(dmsTo(PM).map((d) => d.text)).toEqual([expect.stringMatching(/got a \*go\*/)]);

    // The insights export says when each reporter was told what.
    const exported = [...exportInsights(t.db)].find((r) => r['id'] === acme);
    const told = exported?.['notifications'] as { to: string; kind: string; opportunity: number | null; at: string }[];
    expect(told.map((n) => n.kind)).toEqual(['triaged', 'linked', 'go', 'in_roadmap', 'shipped']);
    expect(told.every((n) => n.to === CSM && typeof n.at === 'string')).toBe(true);

    // The digest: what shipped for your customers, with the ARR behind the evidence.
    const period = { from: START, to: new Date(now.getTime() + 1) };
    const model = computeDigestModel(t.cadence.ctx, {}, period, { from: new Date(START.getTime() - 7 * 86_400_000), to: START }, now);
    // The digest's top-level text is only its headline (decision 0029): the sections are in the blocks.
    const digest = JSON.stringify(renderDigest(t.cadence.ctx, model, {}, period, 'en').blocks);
    expect(digest).toContain('What shipped for your customers');
    expect(digest).toMatch(/Acme \(€120k\), Globex \(€30k\)/);
    expect(digest).toContain('ARR €150k');
  });

  it('turns off, or down to shipped only; a setting that does not exist changes nothing', async () => {
    const before = count('SELECT COUNT(*) FROM notification_settings');
    const answer = await cadence(CSM, 'notify loud');
    expect(answer).toContain('`loud` is not a notification setting');
    expect(answer).toContain('Nothing was changed');
    expect(count('SELECT COUNT(*) FROM notification_settings')).toBe(before);

    expect(await cadence(CSM, 'notify shipped')).toContain('only tell you when');
    expect(await cadence(CSM, 'notify')).toContain('shipped only');
    expect(await cadence(CSM_FR, 'notify off')).toContain('news of your insights');
    const acme = await logInsight(CSM, 'Acme cannot split invoices customer:Acme tribe:payments');
    const initech = await logInsight(CSM_FR, 'Initech wants it too customer:Initech tribe:payments');
    const opp = newOpportunity([]);
    linkEvidence(t.db, opp, [acme, initech], PM, now);
    await settleAndRun();
    await pitchMove(VP, opp, 'on_agenda');
    await pitchMove(VP, opp, 'go');
    await pitchMove(PM, opp, 'in_roadmap');
    await settleAndRun();
    expect(dmsTo(CSM)).toHaveLength(0);
    await pitchMove(PM, opp, 'shipped');
    await settleAndRun();
    expect(dmsTo(CSM)).toHaveLength(1);
    expect(dmsTo(CSM)[0]?.text).toMatch(/shipped/);
    expect(dmsTo(CSM_FR)).toHaveLength(0);
    expect(count("SELECT COUNT(*) FROM loop_notices WHERE state = 'muted'")).toBeGreaterThan(0);
    expect(count("SELECT COUNT(*) FROM loop_notices WHERE state = 'waiting'")).toBe(0);
  });

  it('shows My insights in the App Home with where each stands, and saves the setting from there', async () => {
    const acme = await logInsight(CSM, 'Acme cannot split invoices customer:Acme tribe:payments');
    await logInsight(CSM, 'Another one, not triaged');
    const opp = newOpportunity([acme]);
    await t.event({ type: 'app_home_opened', user: CSM, channel: 'D0CSM', tab: 'home', event_ts: '1.0' });
    const [publish] = await t.slack.waitForCalls('views.publish', 1);
    const home = JSON.stringify(publish?.args['view']);
    expect(home).toContain('My insights');
    expect(home).toContain(`linked to #${opp} (Pitched)`);
    expect(home).toContain('— new');
    expect(home).toContain('loop_notify_level');

    const res = await t.interact(blockActionPayload({ user: CSM, actionId: 'loop_notify_level', selectedOption: { value: 'off' }, responseUrl: t.slack.responseUrl() }));
    expect(res.status).toBe(200);
    await t.slack.waitForCalls('views.publish', 2);
    expect(t.db.prepare('SELECT level FROM notification_settings WHERE user_id = ?').pluck().get(CSM)).toBe('off');
    // A value that is not a setting is ignored.
    await t.interact(blockActionPayload({ user: CSM_FR, actionId: 'loop_notify_level', selectedOption: { value: 'loud' }, responseUrl: t.slack.responseUrl() }));
    expect(count('SELECT COUNT(*) FROM notification_settings WHERE user_id = ?', CSM_FR)).toBe(0);
  });
});

describe('closing the loop at the alignment meeting', () => {
  it('the outcome an approver records on the agenda is told to the people behind the evidence, with the feedback', async () => {
    const acme = await logInsight(CSM, 'Acme cannot split invoices customer:Acme tribe:payments');
    const opp = newOpportunity([acme]);
    expect(transition(t.cadence.ctx, opp, 'on_agenda', VP).ok).toBe(true);
    // The PAM of Thursday 26 November 2026, 14:00 Paris, locked, with the opportunity on it.
    const item = insertItem(t.db, { ritualKey: 'pam', occurrenceKey: '2026-11-26T14:00', presenterId: PM, opportunityId: opp, topic: null, ask: 'decision', duration: 20, status: 'slotted' }, now);
    lock(t.db, 'pam', '2026-11-26T14:00', now);
    now = new Date('2026-11-26T15:00:00Z');
    const outcome = recordOutcome(t.cadence.ctx, item, VP, 'rework', 'Size it <!channel> for the enterprise tier', now);
    expect(outcome.ok).toBe(true);
    await settleAndRun();
    const told = dmsTo(CSM).at(-1)?.text ?? '';
    expect(told).toMatch(/sent back for \*rework\* at the alignment meeting/);
    expect(told).toContain('Why: Size it &lt;!channel&gt; for the enterprise tier');
    // A refused outcome (already recorded) records no notice.
    const before = count('SELECT COUNT(*) FROM loop_notices');
    expect(recordOutcome(t.cadence.ctx, item, VP, 'go', null, now).ok).toBe(false);
    expect(count('SELECT COUNT(*) FROM loop_notices')).toBe(before);
  });
});

describe('closing the loop with drafts', () => {
  it('a draft’s evidence is news when it is first pitched, not before, and not again after a withdrawal', async () => {
    const acme = await logInsight(CSM, 'Acme cannot split invoices customer:Acme tribe:payments');
    const { opportunity } = createOpportunity(
      t.cadence.ctx,
      {
        title: 'Split invoices', problem: 'p', segment: 's', metric: 'm', today: '1', target: '2', value: '10k', kind: 'painkiller',
        commitment: 'retention', tribe: 'payments', initiatives: '- x', reach: '1', impact: '1', confidence: '100', effort: '1', origin: 'bottom_up', evidence: [String(acme)],
      },
      { ownerId: PM, draft: true },
    );
    await settleAndRun();
    expect(dmsTo(CSM)).toHaveLength(0);
    expect(transition(t.cadence.ctx, opportunity.id, 'pitched', PM).ok).toBe(true);
    await settleAndRun();
    expect(dmsTo(CSM)).toHaveLength(1);
    expect(dmsTo(CSM)[0]?.text).toContain('is now evidence for the opportunity');
    expect(transition(t.cadence.ctx, opportunity.id, 'draft', PM).ok).toBe(true);
    expect(transition(t.cadence.ctx, opportunity.id, 'pitched', PM).ok).toBe(true);
    await settleAndRun();
    expect(dmsTo(CSM)).toHaveLength(1);
  });
});

describe('closing the loop across a restart', () => {
  it('a change recorded before a crash is told once after it; a queued DM is sent once', async () => {
    const slack = t.slack;
    const dbPath = t.dbPath;
    const acme = await logInsight(CSM, 'Acme cannot split invoices customer:Acme tribe:payments');
    const opp = newOpportunity([]);
    linkEvidence(t.db, opp, [acme], PM, now);
    // The process dies before the job ran.
    await t.cadence.stop();
    t.db.close();

    t = await startTestApp({ clock, slack, dbPath });
    now = new Date(now.getTime() + SETTLE_MS + 60_000);
    // Queued, then the process dies again before delivery: the outbox keeps it.
    const { queueLoopDms } = await import('../../src/notifications/service.js');
    expect((await queueLoopDms(t.cadence.ctx, now)).queued).toBe(1);
    await t.cadence.stop();
    t.db.close();

    t = await startTestApp({ clock, slack, dbPath });
    await loopJob.run(t.cadence.ctx, now);
    await loopJob.run(t.cadence.ctx, new Date(now.getTime() + 600_000));
    expect(dmsTo(CSM)).toHaveLength(1);
    expect(dmsTo(CSM)[0]?.text).toContain(`#${acme} Acme`);
  });
});
