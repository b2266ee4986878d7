import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import type { Clock } from '../../src/clock.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { runTriageDelivery } from '../../src/insights/service.js';
import type { PitchDraft } from '../../src/opportunities/parse.js';
import { riceScore } from '../../src/opportunities/rice.js';
import { insertOpportunity } from '../../src/opportunities/store.js';
import { tempDir } from '../helpers/tmp.js';
import { blockActionPayload, stateValue, viewSubmissionPayload, type StateValues } from '../helpers/signer.js';

/*
 * Issue 14 items 11, 12 and 18 end to end: signed requests through the real
 * receiver, the strict Slack stand-in, and what is stored.
 */

const START = new Date('2026-03-02T09:00:00.000Z');
let now = START;
const clock: Clock = { now: () => new Date(now.getTime()) };
let t: TestApp;

beforeEach(async () => {
  now = START;
  t = await startTestApp({ clock });
});
afterEach(async () => {
  await t.stop();
});

const ALICE = 'U0ALICE';
const PM_PAY = 'U0000PMPAY2';
const PM_DIS = 'U0000PMDIS1'; // member of discovery

function count(table = 'insights'): number {
  return t.db.prepare(`SELECT COUNT(*) FROM ${table}`).pluck().get() as number;
}
function row(id: number): Record<string, unknown> | undefined {
  return t.db.prepare('SELECT * FROM insights WHERE id = ?').get(id) as Record<string, unknown> | undefined;
}
async function insight(text: string, user = ALICE, channel = 'C0GENERAL'): Promise<{ text: string; blocks?: unknown[] }> {
  const res = await t.command({ command: '/insight', text, user_id: user, channel_id: channel });
  expect(res.status).toBe(200);
  return res.json() as { text: string; blocks?: unknown[] };
}
async function cardOf(id: number): Promise<{ channel: string; ts: string }> {
  for (let i = 0; i < 100; i++) {
    const r = row(id);
    if (r?.['triage_ts']) return { channel: String(r['triage_channel']), ts: String(r['triage_ts']) };
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`the card of insight #${id} was never recorded`);
}
function click(user: string, actionId: string, value: string) {
  return t.interact(blockActionPayload({ user, actionId, value, channel: 'C0GENERAL', responseUrl: t.slack.responseUrl() }));
}
async function setLanguage(user: string, language: 'en' | 'fr'): Promise<void> {
  t.db.prepare("INSERT INTO user_settings (user_id, language, updated_at) VALUES (?, ?, '2026-01-01T00:00:00Z')").run(user, language);
}
function modalValues(over: Partial<Record<string, StateValues[string]>> = {}): StateValues {
  return {
    text: { value: stateValue.plainText('Invoices cannot be split') },
    source: { value: stateValue.staticSelect('ticket') },
    customer: { value: stateValue.plainText('Globex') },
    arr: { value: stateValue.number('50000') },
    segment: { value: stateValue.staticSelect('mid-market') },
    tribe: { value: stateValue.staticSelect('payments') },
    tags: { value: stateValue.plainText('billing') },
    ...over,
  } as StateValues;
}
function submit(user: string, values: StateValues, metadata: Record<string, unknown> = { channel: 'C0GENERAL' }) {
  return t.interact(viewSubmissionPayload({ user, callbackId: 'insight_modal', values, privateMetadata: JSON.stringify(metadata) }));
}

describe('the insight form reports every error at once, in words for a form (item 11)', () => {
  const threeBad = {
    text: { value: stateValue.plainText('   ') },
    customer: { value: stateValue.plainText('x'.repeat(121)) },
    tags: { value: stateValue.plainText('ok, 123, fine') },
  };

  it('three bad fields get three errors, and nothing is written', async () => {
    const res = await submit(ALICE, modalValues(threeBad));
    expect(res.status).toBe(200);
    const body = res.json() as { response_action: string; errors: Record<string, string> };
    expect(body.response_action).toBe('errors');
    expect(body.errors).toEqual({
      text: 'Write what you heard, in the customer’s words.',
      customer: 'Keep the customer name to 120 characters.',
      tags: '“123” cannot be a tag: use letters, digits, - and _ (not only digits).',
    });
    for (const message of Object.values(body.errors)) {
      expect(message).not.toMatch(/`|\/insight|Nothing was saved/);
      expect(message.endsWith('…')).toBe(false);
    }
    expect(count()).toBe(0);
    expect(count('insight_tags')).toBe(0);
    expect(t.slack.callsTo('chat.postMessage')).toEqual([]);
  });

  it('in French too, with French typography', async () => {
    await setLanguage(ALICE, 'fr');
    const res = await submit(ALICE, modalValues({ ...threeBad, arr: { value: stateValue.number('-5') } }));
    const body = res.json() as { errors: Record<string, string> };
    expect(Object.keys(body.errors).sort()).toEqual(['arr', 'customer', 'tags', 'text']);
    expect(body.errors['tags']).toBe('«\u202f123\u202f» ne peut pas être un tag\u202f: lettres, chiffres, - et _ (pas uniquement des chiffres).');
    expect(body.errors['arr']).toBe('Écrivez l’ARR en montant entier, par exemple 120000.');
    for (const message of Object.values(body.errors)) expect(message).not.toMatch(/ [:;!?]|`/);
    expect(count()).toBe(0);
  });

  it('a valid form still logs one insight', async () => {
    const res = await submit(ALICE, modalValues());
    expect(res.text).toBe('');
    expect(count()).toBe(1);
  });
});

describe('Undo does not free the number (item 18)', () => {
  it('after undoing #2, the next insight is #3, never a second #2', async () => {
    await insight('Checkout times out on mobile tribe:payments');
    await insight('Invoices cannot be exported to CSV tribe:payments');
    await cardOf(2);
    await click(ALICE, 'insight_undo', '2');
    await t.slack.waitForCalls('response_url', 1);
    expect(row(2)).toBeUndefined();
    const answer = await insight('Dark mode would help night shifts tribe:payments');
    expect(answer.text).toContain('#3');
    expect(row(3)?.['text']).toBe('Dark mode would help night shifts');
    expect(t.db.prepare('SELECT id FROM insights ORDER BY id').pluck().all()).toEqual([1, 3]);
  });

  it('holds across a restart (the number lives in the database)', async () => {
    await t.stop();
    const dir = tempDir();
    const dbPath = join(dir.dir, 'cadence.db');
    try {
      t = await startTestApp({ clock, dbPath });
      await insight('Checkout times out on mobile tribe:payments');
      await cardOf(1);
      await click(ALICE, 'insight_undo', '1');
      await t.slack.waitForCalls('response_url', 1);
      await t.stop();
      t = await startTestApp({ clock, dbPath });
      await insight('Dark mode would help night shifts tribe:payments');
      expect(t.db.prepare('SELECT id FROM insights').pluck().all()).toEqual([2]);
    } finally {
      await t.stop();
      t = await startTestApp({ clock });
      dir.cleanup();
    }
  });
});

describe('duplicates are caught before the card, merged once, counted once (item 12)', () => {
  function opportunityWith(evidenceIds: number[]): number {
    const d: PitchDraft = {
      title: 'Large CSV exports',
      problem: 'Exports fail',
      segment: 'Analysts',
      evidenceIds,
      metric: 'Exports that finish',
      today: null,
      target: '99 %',
      valuePerYear: 1000,
      kind: 'painkiller',
      commitment: 'conversion',
      tribe: 'discovery',
      initiatives: ['Stream the export'],
      reach: 100,
      impact: 1,
      confidence: 100,
      effort: 1,
      topDown: false,
    };
    return insertOpportunity(t.db, { draft: d, score: riceScore(d), ownerId: PM_PAY, status: 'pitched' }, now).opportunity.id;
  }
  const evidenceCount = (id: number) => t.db.prepare('SELECT evidence_count FROM opportunities WHERE id = ?').pluck().get(id) as number;

  it('holds the card while the hint waits; Same as #1 merges into #1’s tribe, once, and counts once as evidence', async () => {
    await insight('CSV export is broken for large reports tribe:discovery');
    await cardOf(1);
    await insight('Exporting large reports to CSV is broken customer:Initech');
    const [hint] = await t.slack.waitForCalls('response_url', 1);
    expect(String(hint?.args['text'])).toContain('Its triage card waits for your answer');
    const json = JSON.stringify(hint?.args['blocks']);
    expect(json).toContain('"action_id":"insight_same_as"');
    expect(json).toContain('"action_id":"insight_not_same"');
    // No card for #2: only #1's was posted, and the delivery job leaves #2 alone while held.
    expect(t.slack.callsTo('chat.postMessage')).toHaveLength(1);
    expect(row(2)?.['triage_next_at']).toBe(new Date(START.getTime() + 10 * 60_000).toISOString());
    expect((await runTriageDelivery(t.cadence.ctx, now)).summary).toContain('0 triage card(s) posted');

    // Both were linked to an opportunity before anyone noticed: 2 pieces of evidence, then 1.
    const opp = opportunityWith([1, 2]);
    expect(evidenceCount(opp)).toBe(2);

    await click(ALICE, 'insight_same_as', '2:1');
    await click(ALICE, 'insight_same_as', '2:1');
    const answers = await t.slack.waitForCalls('response_url', 3);
    expect(answers[1]?.args).toMatchObject({ replace_original: true, text: 'Insight #2 is merged into #1: it joins #1’s tribe and counts once, with #1, as evidence.' });
    expect(answers[2]?.args).toMatchObject({ replace_original: false, text: 'Insight #2 is already merged into #1.' });
    expect(row(2)).toMatchObject({ duplicate_of: 1, tribe: 'discovery', status: 'triaged', triaged_by: ALICE, triage_ts: null });
    expect(evidenceCount(opp)).toBe(1);
    expect(t.db.prepare('SELECT insight_id FROM opportunity_evidence WHERE opportunity_id = ?').pluck().all(opp)).toEqual([1]);
    // A later link to the merged insight goes to the original: still once.
    const other = opportunityWith([2]);
    expect(t.db.prepare('SELECT insight_id FROM opportunity_evidence WHERE opportunity_id = ?').pluck().all(other)).toEqual([1]);
    expect(evidenceCount(other)).toBe(1);
    // Never a card for the merged one, even after the hold.
    now = new Date(START.getTime() + 11 * 60_000);
    await runTriageDelivery(t.cadence.ctx, now);
    expect(t.slack.callsTo('chat.postMessage')).toHaveLength(1);
    expect(t.slack.callsTo('chat.update')).toEqual([]);
  });

  it('closes a card already posted in place: "Merged into #1", no buttons (French too)', async () => {
    await insight('CSV export is broken for large reports tribe:discovery');
    await cardOf(1);
    await insight('Exporting large reports to CSV is broken tribe:discovery');
    await t.slack.waitForCalls('response_url', 1);
    // Nobody answered within the hold: the delivery job posts the card.
    now = new Date(START.getTime() + 11 * 60_000);
    expect((await runTriageDelivery(t.cadence.ctx, now)).summary).toContain('1 triage card(s) posted');
    const card = await cardOf(2);
    await setLanguage(PM_DIS, 'fr');
    await click(PM_DIS, 'insight_same_as', '2:1');
    const [update] = await t.slack.waitForCalls('chat.update', 1);
    expect(update?.args).toMatchObject({ channel: card.channel, ts: card.ts });
    const blocks = JSON.stringify(update?.args['blocks']);
    expect(blocks).toContain(`Merged into #1 by <@${PM_DIS}>`);
    expect(blocks).not.toContain('"type":"actions"');
    const [, answer] = await t.slack.waitForCalls('response_url', 2);
    expect(answer?.args['text']).toBe('L’insight #2 est fusionné dans le #1\u202f: il rejoint la tribu du #1 et compte une seule fois, avec le #1, comme preuve.');
  });

  it('"No, it is new" posts the card at once, and only once', async () => {
    await insight('CSV export is broken for large reports tribe:discovery');
    await cardOf(1);
    await insight('Exporting large reports to CSV is broken tribe:discovery');
    await t.slack.waitForCalls('response_url', 1);
    await click(ALICE, 'insight_not_same', '2');
    await click(ALICE, 'insight_not_same', '2');
    const posts = await t.slack.waitForCalls('chat.postMessage', 2);
    expect(posts[1]?.args['text']).toBe('New insight #2: Exporting large reports to CSV is broken');
    await t.slack.waitForCalls('response_url', 3);
    expect(t.slack.callsTo('chat.postMessage')).toHaveLength(2);
    expect(row(2)?.['duplicate_of']).toBeNull();
  });
});
