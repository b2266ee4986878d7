import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Clock } from '../../src/clock.js';
import { validateView } from '../../src/sandbox/slack/block-kit.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { blockActionPayload, stateValue, viewSubmissionPayload, type StateValue, type StateValues } from '../helpers/signer.js';

/*
 * Issue 14 item 13 end to end: the pitch form in two steps (step 1 answered
 * with `response_action: push`, step 2 closing both with `clear`), the honest
 * submit label redrawn with views.update when "Save as a draft" is ticked,
 * options that say what they mean, in English and French.
 */

const START = new Date('2026-11-21T10:00:00.000Z');
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

const PM_DIS = 'U0000PMDIS1'; // discovery
const PM = 'U0000PMPAY2'; // payments

interface View {
  callback_id: string;
  private_metadata: string;
  title: { text: string };
  submit: { text: string };
  close: { text: string };
  blocks: { block_id?: string; type: string; element?: Record<string, unknown>; dispatch_action?: boolean }[];
}

function count(table: string): number {
  return t.db.prepare(`SELECT COUNT(*) FROM ${table}`).pluck().get() as number;
}
function values(over: Record<string, StateValue>, fields: string[]): StateValues {
  const out: StateValues = {};
  for (const [block, value] of Object.entries(over)) if (fields.includes(block)) out[block] = block === 'evidence' ? { opp_evidence_search: value } : { value };
  return out;
}
const STEP1: Record<string, StateValue> = {
  title: stateValue.plainText('Checkout abandonment on mobile'),
  problem: stateValue.plainText('Mobile shoppers give up at the payment step.'),
  segment: stateValue.plainText('Mobile shoppers'),
  evidence: { type: 'multi_external_select', selected_options: [] },
  metric: stateValue.plainText('Mobile checkout conversion'),
  today: stateValue.plainText('2.1 %'),
  target: stateValue.plainText('3 %'),
  value: stateValue.plainText('120k'),
  kind: stateValue.radio('painkiller'),
};
const STEP2: Record<string, StateValue> = {
  commitment: stateValue.staticSelect('conversion'),
  tribe: stateValue.staticSelect('discovery'),
  initiatives: stateValue.plainText('- One-page checkout'),
  reach: stateValue.number('1200'),
  impact: stateValue.staticSelect('2'),
  confidence: stateValue.staticSelect('80'),
  effort: stateValue.number('1.5'),
  origin: stateValue.radio('bottom_up'),
};

async function open(user: string): Promise<View> {
  await t.command({ command: '/pitch', text: '', user_id: user, channel_id: 'C0GENERAL', trigger_id: `trigger-${user}` });
  const [opened] = await t.slack.waitForCalls('views.open', 1);
  return opened?.args['view'] as View;
}
async function submit(user: string, view: View, state: StateValues, viewId: string) {
  const res = await t.interact(viewSubmissionPayload({ user, callbackId: view.callback_id, values: state, privateMetadata: view.private_metadata, viewId }));
  expect(res.status).toBe(200);
  return res.text === '' ? undefined : (res.json() as { response_action: string; errors?: Record<string, string>; view?: View });
}
async function toggleDraft(user: string, view: View, viewId: string, ticked: boolean, hash = 'h-1'): Promise<void> {
  const payload = blockActionPayload({
    user,
    actionId: 'opp_pitch_draft_toggle',
    actionType: 'checkboxes',
    blockId: 'draft',
    view: { id: viewId, callbackId: view.callback_id, privateMetadata: view.private_metadata, hash },
  });
  const actions = payload['actions'] as Record<string, unknown>[];
  if (actions[0]) actions[0]['selected_options'] = ticked ? [{ text: { type: 'plain_text', text: 'x' }, value: 'draft' }] : [];
  expect((await t.interact(payload)).status).toBe(200);
}

describe('the pitch form in two steps (item 13)', () => {
  it('step 1 (problem & value) → push step 2 (RICE & initiatives); "Save draft" is the button when ticked; both close on save', async () => {
    const step1 = await open(PM_DIS);
    expect(validateView(step1)).toEqual([]);
    expect(step1.title.text).toBe('Pitch · 1 of 2');
    expect(step1.submit.text).toBe('Next');
    expect(step1.blocks.filter((b) => b.block_id).map((b) => b.block_id)).toEqual(['title', 'problem', 'segment', 'evidence', 'metric', 'today', 'target', 'value', 'kind']);
    const kinds = JSON.stringify(step1.blocks.find((b) => b.block_id === 'kind'));
    expect(kinds).toContain('"description":{"type":"plain_text","text":"Must have: removes a pain customers feel today (lost time, money, churn)."}');
    expect(kinds).toContain('Nice to have: makes something better, nobody is blocked without it.');

    // Step 1 with a bad value: its own errors only, nothing kept, nothing written.
    const bad = await submit(PM_DIS, step1, values({ ...STEP1, value: stateValue.plainText('lots'), title: stateValue.plainText(' ') }, Object.keys(STEP1)), 'V-STEP1');
    expect(bad?.response_action).toBe('errors');
    expect(Object.keys(bad?.errors ?? {}).sort()).toEqual(['title', 'value']);
    expect(count('pitch_form_steps')).toBe(0);

    const pushed = await submit(PM_DIS, step1, values(STEP1, Object.keys(STEP1)), 'V-STEP1');
    expect(pushed?.response_action).toBe('push');
    const step2 = pushed?.view as View;
    expect(validateView(step2)).toEqual([]);
    expect(t.slack.calls.filter((c) => c.method === 'ack').every((c) => c.response?.['ok'] !== false)).toBe(true);
    expect(step2.title.text).toBe('Pitch · 2 of 2');
    expect(step2.submit.text).toBe('Pitch');
    expect(step2.close.text).toBe('Back');
    expect(step2.blocks.filter((b) => b.block_id).map((b) => b.block_id)).toEqual(['commitment', 'tribe', 'initiatives', 'reach', 'impact', 'confidence', 'effort', 'origin', 'draft']);
    expect(JSON.stringify(step2.blocks[0])).toContain('how to solve “Checkout abandonment on mobile”');
    // The channel's tribe of the pitcher is preselected in step 2.
    expect(step2.blocks.find((b) => b.block_id === 'tribe')?.element?.['initial_option']).toMatchObject({ value: 'discovery' });
    expect(JSON.stringify(step2.blocks.find((b) => b.block_id === 'origin'))).toContain('Asked for by leadership or the company strategy.');
    expect(step2.blocks.find((b) => b.block_id === 'draft')?.dispatch_action).toBe(true);
    expect(count('pitch_form_steps')).toBe(1);
    expect(count('opportunities')).toBe(0);

    // Ticking "Save as a draft" redraws the view: the button says what it will do.
    await toggleDraft(PM_DIS, step2, 'V-STEP2', true);
    const [update] = await t.slack.waitForCalls('views.update', 1);
    expect(update?.args).toMatchObject({ view_id: 'V-STEP2', hash: 'h-1' });
    const redrawn = update?.args['view'] as View;
    expect(redrawn.submit.text).toBe('Save draft');
    expect(JSON.parse(redrawn.private_metadata)).toEqual(JSON.parse(step2.private_metadata));
    // Slack sends the view's current hash with the next action.
    await toggleDraft(PM_DIS, redrawn, 'V-STEP2', false, String((update?.response?.['view'] as { hash: string }).hash));
    const updates = await t.slack.waitForCalls('views.update', 2);
    expect((updates[1]?.args['view'] as View).submit.text).toBe('Pitch');

    const state2 = values(STEP2, Object.keys(STEP2));
    state2['draft'] = { opp_pitch_draft_toggle: stateValue.checkboxes(['draft']) };
    const saved = await submit(PM_DIS, redrawn, state2, 'V-STEP2');
    expect(saved).toEqual({ response_action: 'clear' });
    const row = t.db.prepare('SELECT * FROM opportunities').get() as Record<string, unknown>;
    expect(row).toMatchObject({ title: 'Checkout abandonment on mobile', status: 'draft', tribe: 'discovery', reach: 1200, value_per_year: 120000, kind: 'painkiller' });
    expect(count('pitch_form_steps')).toBe(0);
  });

  it('in French: titles, labels, descriptions and errors; a step-2 submission whose step 1 is unknown changes nothing', async () => {
    t.db.prepare("INSERT INTO user_settings (user_id, language, updated_at) VALUES (?, 'fr', '2026-01-01T00:00:00Z')").run(PM);
    const step1 = await open(PM);
    expect(step1.title.text).toBe('Proposer · 1 sur 2');
    expect(step1.submit.text).toBe('Suivant');
    expect(JSON.stringify(step1)).toContain('"text":"Indispensable\u202f: supprime une douleur des clients (temps perdu, churn)."');
    const pushed = await submit(PM, step1, values({ ...STEP1, kind: stateValue.radio('vitamin') }, Object.keys(STEP1)), 'V-FR1');
    const step2 = pushed?.view as View;
    expect(step2.submit.text).toBe('Proposer');
    expect(step2.close.text).toBe('Retour');
    expect(JSON.stringify(step2)).toContain('Vient du terrain\u202f: retours clients, équipes, données.');
    // This change's French strings use the narrow no-break space (the older catalogue lines get theirs from the typography pass).
    expect(JSON.stringify(step2.blocks[0])).toContain('Étape 2 sur 2\u202f: comment résoudre «\u202fCheckout abandonment on mobile\u202f»');

    // Bad RICE values: every error at once, in French, nothing written.
    const bad = await submit(PM, step2, values({ ...STEP2, effort: stateValue.number('0.1'), initiatives: stateValue.plainText(' ') }, Object.keys(STEP2)), 'V-FR2');
    expect(bad?.response_action).toBe('errors');
    expect(Object.keys(bad?.errors ?? {}).sort()).toEqual(['effort', 'initiatives']);
    expect(count('opportunities')).toBe(0);

    // A forged step-2 view naming a step 1 never kept.
    const forged = { ...step2, private_metadata: JSON.stringify({ ...JSON.parse(step2.private_metadata), step1: 'V-NOPE' }) };
    const refused = await submit(PM, forged, values(STEP2, Object.keys(STEP2)), 'V-FR3');
    expect(refused?.errors?.['commitment']).toContain('La première étape de ce formulaire n’est plus connue');
    expect(count('opportunities')).toBe(0);

    expect(await submit(PM, step2, values(STEP2, Object.keys(STEP2)), 'V-FR2')).toEqual({ response_action: 'clear' });
    expect(t.db.prepare('SELECT status, kind FROM opportunities').get()).toEqual({ status: 'pitched', kind: 'vitamin' });
  });
});
