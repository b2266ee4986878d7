import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/run.js';
import type { Clock } from '../../src/clock.js';
import { parseCsv } from '../../src/export/csv.js';
import { transition } from '../../src/opportunities/service.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import {
  blockActionPayload,
  blockSuggestionPayload,
  stateValue,
  viewSubmissionPayload,
  type StateValue,
  type StateValues,
} from '../helpers/signer.js';
import { orgConfigText } from '../helpers/org.js';
import { tempDir } from '../helpers/tmp.js';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

// Saturday 21 November 2026, 11:00 in Paris: the next PAM is Thursday 26, sign-ups open Monday 23 at 09:00.
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

const PM = 'U0000PMPAY2'; // member of payments
const LEAD = 'U0000PMPAY1'; // payments lead and member
const PM_DIS = 'U0000PMDIS1'; // discovery
const VP = 'U0000VPPRD1'; // approver
const ADMIN = 'U0000ADMIN1';
const SALES = 'U0ALICE'; // in no tribe

function count(table: string): number {
  return t.db.prepare(`SELECT COUNT(*) FROM ${table}`).pluck().get() as number;
}
function opp(id: number): Record<string, unknown> | undefined {
  return t.db.prepare('SELECT * FROM opportunities WHERE id = ?').get(id) as Record<string, unknown> | undefined;
}
function counts(): Record<string, number> {
  return Object.fromEntries(['opportunities', 'opportunity_initiatives', 'opportunity_history', 'opportunity_evidence'].map((x) => [x, count(x)]));
}
function multiExternal(values: string[]): StateValue {
  return { type: 'multi_external_select', selected_options: values.map((v) => ({ text: { type: 'plain_text', text: v }, value: v })) };
}
function pitchValues(over: Record<string, StateValue> = {}): StateValues {
  const base: Record<string, StateValue> = {
    title: stateValue.plainText('Checkout abandonment on mobile'),
    problem: stateValue.plainText('Mobile shoppers give up at the payment step: 38 % drop there.'),
    segment: stateValue.plainText('Mobile shoppers in mid-market accounts'),
    metric: stateValue.plainText('Mobile checkout conversion'),
    today: stateValue.plainText('2.1 %'),
    target: stateValue.plainText('3 %'),
    value: stateValue.plainText('120k'),
    kind: stateValue.radio('painkiller'),
    commitment: stateValue.staticSelect('conversion'),
    tribe: stateValue.staticSelect('payments'),
    initiatives: stateValue.plainText('- One-page checkout\n- Apple Pay and Google Pay\n\n'),
    reach: stateValue.number('1200'),
    impact: stateValue.staticSelect('2'),
    confidence: stateValue.staticSelect('80'),
    effort: stateValue.number('1.5'),
    origin: stateValue.radio('bottom_up'),
  };
  const values: StateValues = {};
  for (const [block, value] of Object.entries({ ...base, ...over })) {
    values[block] = block === 'evidence' ? { opp_evidence_search: value } : { value };
  }
  if (!('evidence' in over)) values['evidence'] = { opp_evidence_search: multiExternal([]) };
  return values;
}
async function submitPitch(user: string, over: Record<string, StateValue> = {}, opts: { metadata?: Record<string, unknown>; viewId?: string; draft?: boolean } = {}) {
  const values = pitchValues(over);
  if (opts.draft) values['draft'] = { value: stateValue.checkboxes(['draft']) };
  const res = await t.interact(
    viewSubmissionPayload({
      user,
      callbackId: 'opp_pitch_modal',
      values,
      privateMetadata: JSON.stringify(opts.metadata ?? { channel: 'C0GENERAL' }),
      ...(opts.viewId ? { viewId: opts.viewId } : {}),
    }),
  );
  expect(res.status).toBe(200);
  return res.text === '' ? undefined : (res.json() as { response_action: string; errors: Record<string, string> });
}
async function cardOf(id: number): Promise<{ channel: string; ts: string }> {
  for (let i = 0; i < 100; i++) {
    const r = opp(id);
    if (r?.['card_ts']) return { channel: String(r['card_channel']), ts: String(r['card_ts']) };
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`the card of opportunity #${id} was never recorded`);
}
function click(user: string, actionId: string, value: string, where: { channel?: string; ts?: string } = {}) {
  return t.interact(
    blockActionPayload({ user, actionId, value, channel: where.channel ?? 'C0000OPPORT', ...(where.ts ? { messageTs: where.ts } : {}), responseUrl: t.slack.responseUrl() }),
  );
}
function overflow(user: string, value: string, where: { channel: string; ts: string }) {
  return t.interact(
    blockActionPayload({ user, actionId: 'opp_more', actionType: 'overflow', selectedOption: { value }, channel: where.channel, messageTs: where.ts, responseUrl: t.slack.responseUrl() }),
  );
}
async function responses(n: number): Promise<Record<string, unknown>[]> {
  return (await t.slack.waitForCalls('response_url', n)).map((c) => c.args);
}
async function pitch(user = PM, over: Record<string, StateValue> = {}): Promise<number> {
  const before = count('opportunities');
  expect(await submitPitch(user, over)).toBeUndefined();
  expect(count('opportunities')).toBe(before + 1);
  return t.db.prepare('SELECT MAX(id) FROM opportunities').pluck().get() as number;
}
async function command(text: string, user = PM): Promise<{ text: string; response_type: string; blocks?: unknown[] }> {
  const res = await t.command({ command: '/pitch', text, user_id: user, channel_id: 'C0GENERAL' });
  expect(res.status).toBe(200);
  return res.json() as { text: string; response_type: string; blocks?: unknown[] };
}
async function logInsight(text: string, user = PM): Promise<number> {
  await t.command({ command: '/insight', text, user_id: user, channel_id: 'C0GENERAL' });
  return t.db.prepare('SELECT MAX(id) FROM insights').pluck().get() as number;
}

describe('/pitch opens the pitch modal', () => {
  it('opens it with the trigger, the tribe of the pitcher preselected, within Slack limits (checked by the stand-in)', async () => {
    const res = await t.command({ command: '/pitch', text: '', user_id: PM_DIS, channel_id: 'C0GENERAL', trigger_id: 'trigger-1' });
    expect(res.status).toBe(200);
    expect(res.text).toBe('');
    const [open] = await t.slack.waitForCalls('views.open', 1);
    expect(open?.args['trigger_id']).toBe('trigger-1');
    const view = open?.args['view'] as { callback_id: string; blocks: { block_id?: string; element?: Record<string, unknown> }[] };
    expect(view.callback_id).toBe('opp_pitch_modal');
    const blocks = Object.fromEntries(view.blocks.filter((b) => b.block_id).map((b) => [b.block_id, b.element]));
    expect(Object.keys(blocks)).toEqual(
      expect.arrayContaining(['title', 'problem', 'segment', 'evidence', 'metric', 'today', 'target', 'value', 'kind', 'commitment', 'tribe', 'initiatives', 'reach', 'impact', 'confidence', 'effort', 'origin', 'draft']),
    );
    expect(blocks['evidence']).toMatchObject({ type: 'multi_external_select', action_id: 'opp_evidence_search' });
    expect(blocks['tribe']?.['initial_option']).toMatchObject({ value: 'discovery' });
    expect((blocks['impact']?.['options'] as { value: string }[]).map((o) => o.value)).toEqual(['3', '2', '1', '0.5', '0.25']);
    expect((blocks['confidence']?.['options'] as { value: string }[]).map((o) => o.value)).toEqual(['100', '80', '50']);
    expect((blocks['commitment']?.['options'] as { value: string }[]).map((o) => o.value)).toEqual(['leads', 'conversion', 'retention']);
  });

  it('prefills the title from `/pitch <title>` and answers help', async () => {
    await t.command({ command: '/pitch', text: 'Faster refunds', user_id: PM });
    const [open] = await t.slack.waitForCalls('views.open', 1);
    expect(JSON.stringify(open?.args['view'])).toContain('"initial_value":"Faster refunds"');
    const help = await command('help');
    expect(help.text).toContain('/pitch list');
  });
});

describe('evidence options', () => {
  it('answers the external select with insights: newest first when empty, searched as you type, at most 50, texts within 75 characters', async () => {
    const first = await logInsight('Checkout times out on mobile when paying with a card from an overseas bank that needs 3-D Secure #checkout customer:"Acme Corp"');
    await logInsight('Invoices cannot be split between departments');
    const empty = await t.interact(blockSuggestionPayload({ user: PM, actionId: 'opp_evidence_search', blockId: 'evidence', value: '', viewCallbackId: 'opp_pitch_modal' }));
    const all = empty.json() as { options: { text: { type: string; text: string }; value: string }[] };
    expect(all.options.map((o) => o.value)).toEqual(['2', '1']);
    const typed = await t.interact(blockSuggestionPayload({ user: PM, actionId: 'opp_evidence_search', blockId: 'evidence', value: 'checkout', viewCallbackId: 'opp_pitch_modal' }));
    const found = typed.json() as { options: { text: { type: string; text: string }; value: string }[] };
    expect(found.options).toHaveLength(1);
    expect(found.options[0]?.value).toBe(String(first));
    expect(found.options[0]?.text.type).toBe('plain_text');
    expect(found.options[0]?.text.text.startsWith(`#${first} Acme Corp · Checkout times out`)).toBe(true);
    expect(found.options[0]?.text.text.length).toBeLessThanOrEqual(75);
    const none = (await t.interact(blockSuggestionPayload({ user: PM, actionId: 'opp_evidence_search', blockId: 'evidence', value: 'zebra', viewCallbackId: 'opp_pitch_modal' }))).json();
    expect(none).toEqual({ options: [] });
  });

  it('caps the options at 50', async () => {
    for (let i = 0; i < 60; i++) await logInsight(`Refund number ${i} took too long`);
    const res = (await t.interact(blockSuggestionPayload({ user: PM, actionId: 'opp_evidence_search', blockId: 'evidence', value: 'refund', viewCallbackId: 'opp_pitch_modal' }))).json() as { options: unknown[] };
    expect(res.options).toHaveLength(50);
  });
});

describe('submitting a pitch', () => {
  it('stores it with owner, tribe, RICE, initiatives, evidence and history; posts one compact card; confirms privately', async () => {
    const a = await logInsight('Checkout fails on mobile');
    const b = await logInsight('Apple Pay is missing');
    t.slack.reset();
    const id = await pitch(PM, { evidence: multiExternal([String(a), String(b)]) });
    expect(opp(id)).toMatchObject({
      title: 'Checkout abandonment on mobile',
      segment: 'Mobile shoppers in mid-market accounts',
      value_metric: 'Mobile checkout conversion',
      value_today: '2.1 %',
      value_target: '3 %',
      value_per_year: 120000,
      kind: 'painkiller',
      commitment: 'conversion',
      tribe: 'payments',
      top_down: 0,
      reach: 1200,
      impact: 2,
      confidence: 80,
      effort: 1.5,
      score: 1280,
      status: 'pitched',
      owner_id: PM,
      evidence_count: 2,
      created_at: START.toISOString(),
    });
    expect(t.db.prepare('SELECT text FROM opportunity_initiatives WHERE opportunity_id = ? ORDER BY position').pluck().all(id)).toEqual(['One-page checkout', 'Apple Pay and Google Pay']);
    expect(t.db.prepare('SELECT insight_id FROM opportunity_evidence WHERE opportunity_id = ? ORDER BY insight_id').pluck().all(id)).toEqual([a, b]);
    expect(t.db.prepare('SELECT by_user, from_status, to_status FROM opportunity_history WHERE opportunity_id = ?').all(id)).toEqual([{ by_user: PM, from_status: null, to_status: 'pitched' }]);

    const card0 = await cardOf(id);
    const post = t.slack.callsTo('chat.postMessage').find((c) => c.args['channel'] === 'C0000OPPORT');
    expect(t.slack.callsTo('chat.postMessage').filter((c) => c.args['channel'] === 'C0000OPPORT')).toHaveLength(1);
    expect(post?.response?.['ts']).toBe(card0.ts);
    expect(post?.args['text']).toBe(`Opportunity #${id}: Checkout abandonment on mobile (RICE 1,280, Pitched)`);
    const card = JSON.stringify(post?.args['blocks']);
    for (const part of ['Painkiller', 'Turn more trials into customers', 'RICE *1,280*', '2 pieces of evidence', `<@${PM}>`, 'opp_request_slot', 'opp_edit', 'opp_add_evidence']) {
      expect(card).toContain(part);
    }
    expect(await cardOf(id)).toEqual({ channel: 'C0000OPPORT', ts: post?.response?.['ts'] });
    const confirm = (await t.slack.waitForCalls('chat.postEphemeral', 1)).find((c) => String(c.args['text']).startsWith('Pitched'));
    expect(confirm?.args).toMatchObject({ channel: 'C0GENERAL', user: PM });
    expect(String(confirm?.args['text'])).toContain(`Pitched #${id} Checkout abandonment on mobile: its card is in <#C0000OPPORT>.`);
  });

  it('the same submission delivered twice stores one opportunity and posts one card', async () => {
    expect(await submitPitch(PM, {}, { viewId: 'V0SAME' })).toBeUndefined();
    expect(await submitPitch(PM, {}, { viewId: 'V0SAME' })).toBeUndefined();
    expect(count('opportunities')).toBe(1);
    await cardOf(1);
    await new Promise((r) => setTimeout(r, 50));
    expect(t.slack.callsTo('chat.postMessage')).toHaveLength(1);
  });

  it('a draft stays private: no card until its owner pitches it', async () => {
    expect(await submitPitch(PM, {}, { draft: true })).toBeUndefined();
    expect(opp(1)).toMatchObject({ status: 'draft', card_ts: null });
    const [confirm] = await t.slack.waitForCalls('chat.postEphemeral', 1);
    expect(String(confirm?.args['text'])).toContain('as a draft');
    expect(t.slack.callsTo('chat.postMessage')).toHaveLength(0);
    expect((await command('show 1', SALES)).text).toBe('Opportunity #1 is a draft: only its owner and admins see it.');
    expect((await command('list status:draft', SALES)).text).toContain('No opportunity matches');
    expect((await command('list status:draft', PM)).text).toContain('#1 Checkout abandonment');

    await click(PM, 'opp_pitch_draft', '1', { channel: 'C0GENERAL' });
    const [post] = await t.slack.waitForCalls('chat.postMessage', 1);
    expect(post?.args['channel']).toBe('C0000OPPORT');
    expect(opp(1)).toMatchObject({ status: 'pitched' });
    expect(t.db.prepare('SELECT from_status, to_status FROM opportunity_history ORDER BY id').all()).toEqual([
      { from_status: null, to_status: 'draft' },
      { from_status: 'draft', to_status: 'pitched' },
    ]);
  });

  it('posts the card later when Slack fails, exactly once (the delivery job)', async () => {
    t.slack.inject('chat.postMessage', { status: 500 });
    await pitch();
    for (let i = 0; i < 100 && !(t.slack.calls.some((c) => c.method === 'chat.postMessage') && opp(1)?.['card_claimed_at'] === null); i++) await new Promise((r) => setTimeout(r, 10));
    expect(opp(1)?.['card_ts']).toBeNull();
    const out: string[] = [];
    const job = t.cadence.ctx;
    const { runCardDelivery } = await import('../../src/opportunities/service.js');
    out.push((await runCardDelivery(job, now)).summary, (await runCardDelivery(job, now)).summary);
    expect(out).toEqual(['1 opportunity card(s) posted, 0 failed, 0 skipped', '0 opportunity card(s) posted, 0 failed, 0 skipped']);
    expect(t.slack.callsTo('chat.postMessage')).toHaveLength(1);
  });
});

describe('bad input in the pitch modal: an inline error, nothing stored', () => {
  const cases: [string, Record<string, StateValue>, string, string][] = [
    ['effort 0', { effort: stateValue.number('0') }, 'effort', 'Effort 0 is too small: at least 0.5 person-month'],
    ['negative effort', { effort: stateValue.number('-2') }, 'effort', 'Effort -2 is too small'],
    ['negative reach', { reach: stateValue.number('-5') }, 'reach', 'Reach cannot be negative'],
    ['reach not a number', { reach: stateValue.number('lots') }, 'reach', '“lots” is not a whole number of people per quarter'],
    ['impact outside the scale', { impact: stateValue.staticSelect('5') }, 'impact', 'Impact “5” is not on the scale'],
    ['confidence outside the scale', { confidence: stateValue.staticSelect('90') }, 'confidence', 'Confidence “90” is not on the scale'],
    ['missing title', { title: stateValue.plainText(null) }, 'title', 'This field is required.'],
    ['blank title', { title: stateValue.plainText('   ') }, 'title', 'This field is required.'],
    ['missing initiatives', { initiatives: stateValue.plainText('\n - \n') }, 'initiatives', 'Write at least one initiative'],
    ['evidence that does not exist', { evidence: multiExternal(['999']) }, 'evidence', 'These insights do not exist (any more): #999.'],
    ['a commitment not in config', { commitment: stateValue.staticSelect('world-peace') }, 'commitment', 'There is no commitment “world-peace” in the configuration'],
    ['a tribe not in config', { tribe: stateValue.staticSelect('marketing') }, 'tribe', 'There is no tribe “marketing”'],
    ['a value that is not an amount', { value: stateValue.plainText('a lot') }, 'value', '“a lot” is not an amount'],
    ['a forged kind', { kind: stateValue.radio('placebo') }, 'kind', 'Pick one of the choices offered.'],
  ];
  for (const [name, over, block, message] of cases) {
    it(name, async () => {
      const before = counts();
      const answer = await submitPitch(PM, over);
      expect(answer?.response_action).toBe('errors');
      expect(answer?.errors[block]).toContain(message);
      expect(answer?.errors[block]?.length).toBeLessThanOrEqual(150);
      expect(counts()).toEqual(before);
      expect(t.slack.callsTo('chat.postMessage')).toHaveLength(0);
    });
  }

  it('reports every broken field at once', async () => {
    const answer = await submitPitch(PM, { title: stateValue.plainText(''), effort: stateValue.number('0'), reach: stateValue.number('-1') });
    expect(Object.keys(answer?.errors ?? {}).sort()).toEqual(['effort', 'reach', 'title']);
    expect(count('opportunities')).toBe(0);
  });
});

describe('editing', () => {
  it('the owner edits through the modal: stored, and the card is redrawn with chat.update, never posted again', async () => {
    const keep = await logInsight('Checkout fails on mobile');
    const drop = await logInsight('Apple Pay is missing');
    const id = await pitch(PM, { evidence: multiExternal([String(keep), String(drop)]) });
    const card = await cardOf(id);
    await click(PM, 'opp_edit', String(id), card);
    const [open] = await t.slack.waitForCalls('views.open', 1);
    const view = open?.args['view'] as { private_metadata: string; title: { text: string } };
    expect(view.title.text).toBe(`Opportunity #${id}`);
    expect(JSON.parse(view.private_metadata)).toEqual({ id, before: [drop, keep], channel: 'C0000OPPORT' });
    expect(JSON.stringify(view)).toContain('"initial_value":"One-page checkout\\nApple Pay and Google Pay"');

    // Linked from the insight card while the modal was open: kept by the edit.
    const meanwhile = await logInsight('Wallets are expected on mobile');
    t.db.prepare('INSERT INTO opportunity_evidence VALUES (?, ?, ?, ?)').run(id, meanwhile, LEAD, START.toISOString());
    const answer = await submitPitch(
      PM,
      { title: stateValue.plainText('Mobile checkout abandonment'), reach: stateValue.number('2400'), evidence: multiExternal([String(keep)]) },
      { metadata: JSON.parse(view.private_metadata) as Record<string, unknown> },
    );
    expect(answer).toBeUndefined();
    expect(count('opportunities')).toBe(1);
    expect(opp(id)).toMatchObject({ title: 'Mobile checkout abandonment', reach: 2400, score: 2560, updated_by: PM, evidence_count: 2 });
    expect(t.db.prepare('SELECT insight_id FROM opportunity_evidence WHERE opportunity_id = ? ORDER BY insight_id').pluck().all(id)).toEqual([keep, meanwhile]);
    const [update] = await t.slack.waitForCalls('chat.update', 1);
    expect(update?.args).toMatchObject({ channel: card.channel, ts: card.ts });
    expect(String(update?.args['text'])).toContain('Mobile checkout abandonment (RICE 2,560, Pitched)');
    expect(t.slack.callsTo('chat.postMessage').filter((c) => c.args['channel'] === 'C0000OPPORT')).toHaveLength(1);
  });

  it('refuses an edit by someone not allowed: at the button, at `/pitch edit`, and on a submitted form; nothing changes', async () => {
    const id = await pitch(PM);
    const card = await cardOf(id);
    await click(LEAD, 'opp_edit', String(id), card);
    const [answer] = await responses(1);
    expect(answer).toMatchObject({ response_type: 'ephemeral', replace_original: false, text: `Only the owner of #${id} and admins can edit it.` });
    expect((await command(`edit ${id}`, VP)).text).toBe(`Only the owner of #${id} and admins can edit it.`);
    expect(t.slack.callsTo('views.open')).toHaveLength(0);
    const before = JSON.stringify(opp(id));
    const forged = await submitPitch(LEAD, { title: stateValue.plainText('Hijacked') }, { metadata: { id } });
    expect(forged?.errors['title']).toBe(`Only the owner of #${id} and admins can edit it.`);
    expect(JSON.stringify(opp(id))).toBe(before);
    // Admins may.
    expect(await submitPitch(ADMIN, { title: stateValue.plainText('Fixed by an admin') }, { metadata: { id } })).toBeUndefined();
    expect(opp(id)?.['title']).toBe('Fixed by an admin');
  });
});

describe('lifecycle', () => {
  it('walks pitched → on agenda → rework (feedback) → on agenda → go → in roadmap → shipped with the allowed people, with history and card updates', async () => {
    const id = await pitch(PM);
    const card = await cardOf(id);
    expect((await command(`move ${id} on_agenda`, VP)).text).toBe(`Opportunity #${id} moved from *Pitched* to *On agenda*.`);
    expect((await command(`move ${id} rework`, VP)).text).toContain('needs feedback for the team');
    expect((await command(`move ${id} rework Quantify the churn first`, VP)).text).toContain('to *Rework*');
    expect((await command(`move ${id} on agenda`, ADMIN)).text).toContain('to *On agenda*');
    expect((await command(`move ${id} go`, VP)).text).toContain('to *Go*');
    expect((await command(`move ${id} in_roadmap`, PM)).text).toContain('to *In roadmap*');
    expect((await command(`move ${id} shipped`, PM)).text).toContain('to *Shipped*');
    expect(t.db.prepare('SELECT by_user, from_status, to_status, note FROM opportunity_history WHERE opportunity_id = ? ORDER BY id').all(id)).toEqual([
      { by_user: PM, from_status: null, to_status: 'pitched', note: null },
      { by_user: VP, from_status: 'pitched', to_status: 'on_agenda', note: null },
      { by_user: VP, from_status: 'on_agenda', to_status: 'rework', note: 'Quantify the churn first' },
      { by_user: ADMIN, from_status: 'rework', to_status: 'on_agenda', note: null },
      { by_user: VP, from_status: 'on_agenda', to_status: 'go', note: null },
      { by_user: PM, from_status: 'go', to_status: 'in_roadmap', note: null },
      { by_user: PM, from_status: 'in_roadmap', to_status: 'shipped', note: null },
    ]);
    const updates = await t.slack.waitForCalls('chat.update', 6);
    expect(updates.every((u) => u.args['ts'] === card.ts)).toBe(true);
    expect(String(updates[5]?.args['text'])).toContain('Shipped');
    const threads = (await t.slack.waitForCalls('chat.postMessage', 7)).slice(1);
    expect(threads.every((p) => p.args['thread_ts'] === card.ts)).toBe(true);
    expect(String(threads[1]?.args['text'])).toBe(`<@${VP}> moved #1 from On agenda to Rework.\n>Quantify the churn first`);
    expect(JSON.stringify(threads[1]?.args['blocks'])).toContain('Quantify the churn first');
    expect((await command(`move ${id} go`, ADMIN)).text).toBe(`Opportunity #${id} is *Shipped*: that is the end of its lifecycle. Nothing changed.`);
  });

  it('refuses illegal and unauthorised transitions with a message; nothing is written', async () => {
    const id = await pitch(PM);
    const history = count('opportunity_history');
    expect((await command(`move ${id} go`, VP)).text).toBe(
      `Opportunity #${id} is *Pitched*: it cannot go to *Go* from there. From *Pitched* it can go to: On agenda, Draft. Nothing changed.`,
    );
    expect((await command(`move ${id} on_agenda`, PM)).text).toBe(`Only approvers, admins can move opportunity #${id} to *On agenda*. Nothing changed.`);
    expect((await command(`move ${id} pitched`, PM)).text).toBe(`Opportunity #${id} is already *Pitched*: nothing changed.`);
    expect((await command(`move 99 go`, VP)).text).toBe('Opportunity #99 does not exist.');
    expect((await command(`move ${id} sideways`, VP)).text).toContain('Write `/pitch move <number> <status> [note]`');
    expect(count('opportunity_history')).toBe(history);
    expect(opp(id)?.['status']).toBe('pitched');
  });

  it('moves from the card menu through a confirmation form; rework requires feedback inline', async () => {
    const id = await pitch(PM);
    const card = await cardOf(id);
    await overflow(PM, `${id}:on_agenda`, card);
    const [refused] = await responses(1);
    expect(refused?.['text']).toBe(`Only approvers, admins can move opportunity #${id} to *On agenda*. Nothing changed.`);
    transition(t.cadence.ctx, id, 'on_agenda', VP, null);
    await overflow(VP, `${id}:rework`, card);
    const [open] = await t.slack.waitForCalls('views.open', 1);
    const view = open?.args['view'] as { callback_id: string; private_metadata: string };
    expect(view.callback_id).toBe('opp_transition_modal');
    const submit = (note: string | null) =>
      t.interact(viewSubmissionPayload({ user: VP, callbackId: 'opp_transition_modal', values: { note: { value: stateValue.plainText(note) } }, privateMetadata: view.private_metadata }));
    const empty = (await submit(null)).json() as { errors: Record<string, string> };
    expect(empty.errors['note']).toContain('needs feedback for the team');
    expect(opp(id)?.['status']).toBe('on_agenda');
    expect((await submit('Show the churn numbers')).text).toBe('');
    expect(opp(id)?.['status']).toBe('rework');
    // The same form submitted again: the status moved meanwhile, so it is refused.
    const again = (await submit('Twice')).json() as { errors: Record<string, string> };
    expect(again.errors['note']).toContain('was moved to *Rework* by someone else');
    expect(count('opportunity_history')).toBe(3);
  });
});

describe('/pitch list, show, health', () => {
  async function seed(): Promise<void> {
    // score = reach × impact × confidence ÷ effort
    await pitch(PM, { title: stateValue.plainText('Low'), reach: stateValue.number('100'), impact: stateValue.staticSelect('1'), confidence: stateValue.staticSelect('50'), effort: stateValue.number('1') }); // 50
    await pitch(PM_DIS, { title: stateValue.plainText('High'), tribe: stateValue.staticSelect('discovery'), reach: stateValue.number('1000'), effort: stateValue.number('2') }); // 800
    await pitch(PM, { title: stateValue.plainText('Tie A'), reach: stateValue.number('100'), impact: stateValue.staticSelect('1'), confidence: stateValue.staticSelect('80'), effort: stateValue.number('2') }); // 40
    await pitch(LEAD, { title: stateValue.plainText('Tie B'), reach: stateValue.number('80'), impact: stateValue.staticSelect('1'), confidence: stateValue.staticSelect('100'), effort: stateValue.number('2'), commitment: stateValue.staticSelect('leads'), origin: stateValue.radio('top_down') }); // 40
  }

  it('ranks by RICE, ties by the older pitch, with filters', async () => {
    await seed();
    const titles = (answer: { text: string }) => answer.text.split('\n').slice(1).map((l) => l.replace(/^\d+\. #\d+ /, '').replace(/ \(.*\)$/, ''));
    const all = await command('list');
    expect(all.response_type).toBe('ephemeral');
    expect(titles(all)).toEqual(['High', 'Low', 'Tie A', 'Tie B']);
    expect(all.text).toContain('(800)');
    expect(titles(await command('list tribe:payments'))).toEqual(['Low', 'Tie A', 'Tie B']);
    expect(titles(await command('list tribe:Discovery'))).toEqual(['High']);
    expect(titles(await command('list commitment:leads'))).toEqual(['Tie B']);
    expect(titles(await command('list mine', LEAD))).toEqual(['Tie B']);
    transition(t.cadence.ctx, 2, 'on_agenda', VP, null);
    expect(titles(await command('list status:on_agenda'))).toEqual(['High']);
    expect(titles(await command('list status:pitched tribe:payments commitment:conversion'))).toEqual(['Low', 'Tie A']);
    expect((await command('list status:nonsense')).text).toContain('I do not know the status `nonsense`');
    expect((await command('list tribe:marketing')).text).toContain('There is no tribe “marketing”');
    // Issue 14 item 3: an unknown option is refused as such, with the options this command takes.
    expect((await command('list colour:blue')).text).toContain('I do not know the option `colour:`');
  });

  it('pages with buttons when long', async () => {
    for (let i = 1; i <= 12; i++) await pitch(PM, { title: stateValue.plainText(`Topic ${i}`), reach: stateValue.number(String(100 * i)) });
    const first = await command('list');
    expect(first.text).toContain('12 opportunities, page 1 of 2');
    const nav = (first.blocks as { type: string; elements?: { action_id: string; value: string }[] }[]).find((b) => b.type === 'actions');
    const next = nav?.elements?.find((e) => e.action_id === 'opp_page:next');
    expect(next).toBeDefined();
    await t.interact(blockActionPayload({ user: PM, actionId: 'opp_page:next', value: next?.value ?? '', responseUrl: t.slack.responseUrl() }));
    const [page2] = await responses(1);
    expect(page2?.['replace_original']).toBe(true);
    expect(String(page2?.['text'])).toContain('page 2 of 2');
    expect(String(page2?.['text'])).toContain('11. #2 Topic 2');
    expect(String(page2?.['text'])).toContain('12. #1 Topic 1');
  });

  it('shows one opportunity with its history and evidence', async () => {
    const a = await logInsight('Checkout fails on mobile customer:Acme');
    const id = await pitch(PM, { evidence: multiExternal([String(a)]) });
    transition(t.cadence.ctx, id, 'on_agenda', VP, null);
    const shown = await command(`show #${id}`, SALES);
    const json = JSON.stringify(shown.blocks);
    for (const part of ['Mobile shoppers give up', 'Mobile checkout conversion', '2.1 %', '3 %', '120,000', 'One-page checkout', `#${a}*`, 'Acme', 'Pitched → On agenda', `<@${VP}>`, 'reach 1,200 × impact 2 × confidence 80 % ÷ effort 1.5']) {
      expect(json).toContain(part);
    }
    expect((await command('show 42')).text).toBe('Opportunity #42 does not exist.');
    expect((await command('show x')).text).toContain('`x` is not an opportunity number');
  });

  it('health: top-down share against the goal, counts by status and commitment, no evidence', async () => {
    await seed();
    const health = await command('health');
    const json = JSON.stringify(health.blocks);
    expect(json).toContain('Top-down topics: *25%* of the open backlog (1 of 4), at or over the 20% goal');
    expect(json).toContain('Generate more qualified leads: *1*');
    expect(json).toContain('Turn more trials into customers: *3*');
    expect(json).toContain('*4* open opportunities have no evidence');
    expect((await command('health tribe:discovery')).text).toContain('0%');
  });
});

describe('Add evidence and Link to opportunity', () => {
  it('adds evidence from the card (owner, tribe members, admins), idempotently; redraws the card', async () => {
    const id = await pitch(PM);
    const card = await cardOf(id);
    const a = await logInsight('Wallet payments are expected tribe:payments');
    await click(SALES, 'opp_add_evidence', String(id), card);
    expect((await responses(1))[0]?.['text']).toBe(`Only the owner of #${id}, its tribe’s members and admins can add evidence to it.`);
    await click(LEAD, 'opp_add_evidence', String(id), card);
    const [open] = await t.slack.waitForCalls('views.open', 1);
    const view = open?.args['view'] as { private_metadata: string };
    const submit = (ids: string[]) =>
      t.interact(viewSubmissionPayload({ user: LEAD, callbackId: 'opp_evidence_modal', values: { evidence: { opp_evidence_search: multiExternal(ids) } }, privateMetadata: view.private_metadata }));
    const bad = (await submit(['12345'])).json() as { errors: Record<string, string> };
    expect(bad.errors['evidence']).toContain('#12345');
    expect(count('opportunity_evidence')).toBe(0);
    expect((await submit([String(a)])).text).toBe('');
    expect((await submit([String(a)])).text).toBe('');
    expect(t.db.prepare('SELECT linked_by FROM opportunity_evidence').pluck().all()).toEqual([LEAD]);
    expect(opp(id)?.['evidence_count']).toBe(1);
    const notes = await t.slack.waitForCalls('chat.postEphemeral', 3);
    expect(notes.map((n) => n.args['text']).slice(-2)).toEqual([`Linked 1 insight to #${id}.`, `These insights were already evidence for #${id}: nothing changed.`]);
    const updates = await t.slack.waitForCalls('chat.update', 1);
    expect(JSON.stringify(updates.find((u) => u.args['ts'] === card.ts)?.args['blocks'])).toContain('1 piece of evidence');
  });

  it('a forged evidence form for someone else’s draft: does not exist for a tribe member, nothing linked', async () => {
    expect(await submitPitch(PM, {}, { draft: true })).toBeUndefined();
    const id = t.db.prepare('SELECT MAX(id) FROM opportunities').pluck().get() as number;
    const a = await logInsight('Wallet payments are expected tribe:payments');
    const submit = (user: string) =>
      t.interact(viewSubmissionPayload({ user, callbackId: 'opp_evidence_modal', values: { evidence: { opp_evidence_search: multiExternal([String(a)]) } }, privateMetadata: JSON.stringify({ id }) }));
    // LEAD is in the draft's tribe: on a pitched opportunity they could add evidence, but the draft is private.
    expect(((await submit(LEAD)).json() as { errors: Record<string, string> }).errors).toEqual({ evidence: `Opportunity #${id} does not exist.` });
    expect(count('opportunity_evidence')).toBe(0);
    expect((await submit(PM)).text).toBe('');
    expect(count('opportunity_evidence')).toBe(1);
  });

  it('links an insight from its triage card: picker options by title, permission, idempotent, triage card refreshed', async () => {
    const id = await pitch(PM);
    await pitch(PM_DIS, { title: stateValue.plainText('Search relevance'), tribe: stateValue.staticSelect('discovery') });
    const insightId = await logInsight('Apple Pay is missing tribe:payments', SALES);
    const triage = await (async () => {
      for (let i = 0; i < 100; i++) {
        const r = t.db.prepare('SELECT triage_channel, triage_ts FROM insights WHERE id = ?').get(insightId) as { triage_channel: string | null; triage_ts: string | null };
        if (r.triage_ts) return { channel: r.triage_channel ?? '', ts: r.triage_ts };
        await new Promise((res) => setTimeout(res, 20));
      }
      throw new Error('no triage card');
    })();
    await click(LEAD, 'insight_link_opportunity', String(insightId), triage);
    const [open] = await t.slack.waitForCalls('views.open', 1);
    const view = open?.args['view'] as { callback_id: string; private_metadata: string };
    expect(view.callback_id).toBe('opp_link_modal');

    const options = (await t.interact(blockSuggestionPayload({ user: LEAD, actionId: 'opp_search', blockId: 'opportunity', value: 'checkout', viewCallbackId: 'opp_link_modal' }))).json() as {
      options: { text: { text: string }; value: string }[];
    };
    expect(options.options.map((o) => o.value)).toEqual([String(id)]);
    expect(options.options[0]?.text.text).toBe(`#${id} Checkout abandonment on mobile (1,280)`);
    const byNumber = (await t.interact(blockSuggestionPayload({ user: LEAD, actionId: 'opp_search', blockId: 'opportunity', value: '#2', viewCallbackId: 'opp_link_modal' }))).json() as { options: { value: string }[] };
    expect(byNumber.options.map((o) => o.value)).toEqual(['2']);

    const submit = (user: string, pick: string) =>
      t.interact(
        viewSubmissionPayload({ user, callbackId: 'opp_link_modal', values: { opportunity: { opp_search: stateValue.externalSelect(pick) } }, privateMetadata: view.private_metadata }),
      );
    // A discovery PM neither triages payments insights nor owns #1.
    const refused = (await submit(PM_DIS, String(id))).json() as { errors: Record<string, string> };
    expect(refused.errors['opportunity']).toContain(`Only the people who triage insight #${insightId}`);
    const missing = (await submit(LEAD, '77')).json() as { errors: Record<string, string> };
    expect(missing.errors['opportunity']).toBe('Opportunity #77 does not exist.');
    expect(count('opportunity_evidence')).toBe(0);
    // The discovery PM owns #2: they may link any insight to it.
    expect((await submit(PM_DIS, '2')).text).toBe('');
    expect((await submit(LEAD, String(id))).text).toBe('');
    expect((await submit(LEAD, String(id))).text).toBe('');
    expect(t.db.prepare('SELECT opportunity_id, linked_by FROM opportunity_evidence ORDER BY opportunity_id').all()).toEqual([
      { opportunity_id: id, linked_by: LEAD },
      { opportunity_id: 2, linked_by: PM_DIS },
    ]);
    // Two new links: two triage card refreshes and two opportunity card redraws, after the acks.
    const updates = await t.slack.waitForCalls('chat.update', 4);
    const triageUpdates = updates.filter((u) => u.args['ts'] === triage.ts);
    expect(triageUpdates).toHaveLength(2);
    expect(JSON.stringify(triageUpdates.at(-1)?.args['blocks'])).toContain(`Evidence for opportunity #${id}, #2`);
    const notes = await t.slack.waitForCalls('chat.postEphemeral', 5);
    expect(notes.map((n) => n.args['text'])).toContain(`Insight #${insightId} was already evidence for opportunity #${id}: nothing changed.`);
  });
});

describe('Request an agenda slot', () => {
  it('before sign-ups open, says when they open; refuses others; once open, opens the sign-up form with this opportunity chosen', async () => {
    const id = await pitch(PM);
    const card = await cardOf(id);
    await click(SALES, 'opp_request_slot', String(id), card);
    await click(PM, 'opp_request_slot', String(id), card);
    const answers = await responses(2);
    expect(answers[0]?.['text']).toBe(`Only the owner of #${id} can sign it up for the agenda.`);
    // Monday 23 November 2026 09:00 Paris; the meeting is Thursday 26 at 14:00 Paris.
    expect(answers[1]?.['text']).toBe('Sign-ups for Product Alignment Meeting on Thu 26 Nov, 14:00 open on Mon 23 Nov, 09:00 (Paris time).');
    expect(t.slack.callsTo('views.open')).toEqual([]);

    now = new Date('2026-11-23T09:30:00.000Z');
    await click(PM, 'opp_request_slot', String(id), card);
    const [opened] = await t.slack.waitForCalls('views.open', 1);
    const view = opened?.args['view'] as { callback_id: string; private_metadata: string; blocks: { block_id?: string; element?: { initial_option?: { value: string } } }[] };
    expect(view.callback_id).toBe('agenda_signup_modal');
    expect(view.blocks.find((b) => b.block_id === 'opportunity')?.element?.initial_option?.value).toBe(String(id));
    expect(JSON.parse(view.private_metadata)).toEqual({ ref: 'pam|2026-11-26T14:00', channel: 'C0000OPPORT' });
  });
});

describe('export', () => {
  it('`cadence export opportunities` writes initiatives, evidence ids, score and status history (csv and json)', async () => {
    const a = await logInsight('Checkout fails on mobile');
    const id = await pitch(PM, { evidence: multiExternal([String(a)]) });
    transition(t.cadence.ctx, id, 'on_agenda', VP, null);
    transition(t.cadence.ctx, id, 'rework', VP, 'Needs numbers, "really"');
    const dir = tempDir();
    try {
      const config = join(dir.dir, 'cadence.yml');
      writeFileSync(config, orgConfigText());
      const run = async (format: string) => {
        let out = '';
        const code = await runCli(['export', 'opportunities', '--format', format], {
          stdout: (s: string) => (out += s),
          stderr: () => undefined,
          env: { CADENCE_DB: t.dbPath, CADENCE_CONFIG: config },
          cwd: dir.dir,
          now: () => now,
        });
        expect(code).toBe(0);
        return out;
      };
      const json = JSON.parse(await run('json')) as Record<string, unknown>[];
      expect(json).toHaveLength(1);
      expect(json[0]).toMatchObject({
        id,
        score: 1280,
        status: 'rework',
        origin: 'bottom_up',
        initiatives: ['One-page checkout', 'Apple Pay and Google Pay'],
        evidence_ids: [a],
        history: [
          { by: PM, from: null, to: 'pitched', note: null },
          { by: VP, from: 'pitched', to: 'on_agenda', note: null },
          { by: VP, from: 'on_agenda', to: 'rework', note: 'Needs numbers, "really"' },
        ],
      });
      const rows = parseCsv(await run('csv'));
      const header = rows[0] ?? [];
      const row = rows[1] ?? [];
      const col = (name: string) => row[header.indexOf(name)];
      expect(col('score')).toBe('1280');
      expect(JSON.parse(col('evidence_ids') ?? '')).toEqual([a]);
      expect(JSON.parse(col('history') ?? '')).toHaveLength(3);
    } finally {
      dir.cleanup();
    }
  });
});
