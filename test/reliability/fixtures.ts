import { insertItem, lock } from '../../src/agenda/store.js';
import type { Db } from '../../src/db/open.js';
import type { Status } from '../../src/opportunities/lifecycle.js';
import { insertOpportunity } from '../../src/opportunities/store.js';
import { stateValue, type StateValue, type StateValues } from '../helpers/signer.js';

/*
 * Targets for the reliability scenarios that act on opportunities and agendas:
 * stored directly (these scenarios are about who may act on them and what
 * survives faults, not about pitching), and the pitch form's values as Slack
 * sends them.
 */

let titles = 0;

/** An opportunity of `owner` in the payments tribe, in `status`, with its creation row in the history. */
export function seedOpportunity(db: Db, owner: string, status: Status, now: Date, opts: { title?: string; score?: number } = {}): number {
  const title = opts.title ?? `Reliability opportunity ${++titles}`;
  const draft = {
    title,
    problem: `${title}: customers struggle at checkout.`,
    segment: 'Mid-market accounts',
    evidenceIds: [],
    metric: 'Checkout conversion',
    today: '2 %',
    target: '3 %',
    valuePerYear: 120_000,
    kind: 'painkiller' as const,
    commitment: 'conversion',
    tribe: 'payments',
    initiatives: ['One-page checkout'],
    reach: 1000,
    impact: 2 as const,
    confidence: 80 as const,
    effort: 2,
    topDown: false,
  };
  const { opportunity } = insertOpportunity(db, { draft, score: opts.score ?? 800, ownerId: owner, status: status === 'draft' ? 'draft' : 'pitched' }, now);
  if (status !== 'draft' && status !== 'pitched') db.prepare('UPDATE opportunities SET status = ? WHERE id = ?').run(status, opportunity.id);
  return opportunity.id;
}

/** A slotted item of `presenter` presenting `opportunityId` on one PAM's agenda, optionally locked (the lock step ran). */
export function seedAgendaItem(db: Db, presenter: string, opportunityId: number, occurrenceKey: string, now: Date, opts: { locked?: boolean } = {}): number {
  const id = insertItem(db, { ritualKey: 'pam', occurrenceKey, presenterId: presenter, opportunityId, topic: null, ask: 'decision', duration: 20, status: 'slotted' }, now);
  if (opts.locked) lock(db, 'pam', occurrenceKey, now);
  return id;
}

/** The pitch form's state as Slack reports it: a valid pitch unless `over` replaces fields. */
export function pitchValues(over: Record<string, StateValue> = {}): StateValues {
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
    initiatives: stateValue.plainText('- One-page checkout\n- Apple Pay and Google Pay'),
    reach: stateValue.number('1200'),
    impact: stateValue.staticSelect('2'),
    confidence: stateValue.staticSelect('80'),
    effort: stateValue.number('1.5'),
    origin: stateValue.radio('bottom_up'),
    evidence: multiExternal([]),
  };
  const values: StateValues = {};
  for (const [block, value] of Object.entries({ ...base, ...over })) values[block] = block === 'evidence' ? { opp_evidence_search: value } : { value };
  return values;
}

export function multiExternal(values: readonly string[]): StateValue {
  return { type: 'multi_external_select', selected_options: values.map((v) => ({ text: { type: 'plain_text', text: v }, value: v })) };
}
