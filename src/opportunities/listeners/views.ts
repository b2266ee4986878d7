import type { AllMiddlewareArgs, SlackViewMiddlewareArgs } from '@slack/bolt';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import type { MessageKey, Translate } from '../../i18n/index.js';
import { getInsight, refreshTriageCard } from '../../insights/index.js';
import { truncate } from '../../slack/text.js';
import { ACTIONS, DRAFT_BLOCK, NOTE_BLOCK, PICK_BLOCK, STEP1_FIELDS, STEP2_FIELDS, createdMessage, pitchStep2Modal, statusLabel, type PitchPrefill } from '../blocks.js';
import { forgetStep1, keepStep1, step1Of } from '../form-steps.js';
import { isStatus } from '../lifecycle.js';
import { PITCH_FIELDS, checkPitch, parseId, type PitchField, type PitchInput, type Problem } from '../parse.js';
import { announceTransition, canAddEvidence, canEdit, canLinkFromInsight, canView, syncCard, transition } from '../service.js';
import { evidenceIdsOf, getOpportunity, getOpportunityRow, insertOpportunity, linkEvidence, missingInsightIds, updateOpportunity } from '../store.js';
import { readJson, refusalText, selectedValues, stateOf, stateText, tell, type StateValues } from './shared.js';

export type ViewArgs = SlackViewMiddlewareArgs & AllMiddlewareArgs;

const pitchMetadata = z.object({
  id: z.number().int().positive().optional(),
  channel: z.string().max(40).optional(),
  before: z.array(z.number().int().positive()).max(200).optional(),
  step: z.union([z.literal(1), z.literal(2)]).optional(),
  step1: z.string().max(40).optional(),
  noDraft: z.boolean().optional(),
  tribe: z.string().max(60).optional(),
});
const evidenceMetadata = z.object({ id: z.number().int().positive(), channel: z.string().max(40).optional() });
const linkMetadata = z.object({ insight: z.number().int().positive(), channel: z.string().max(40).optional() });
const transitionMetadata = z.object({ id: z.number().int().positive(), from: z.string(), to: z.string(), channel: z.string().max(40).optional() });

/** The pitch modal's values as strings, for checkPitch. */
export function pitchInputOf(values: StateValues): PitchInput {
  const input: PitchInput = { evidence: selectedValues(stateOf(values, 'evidence', ACTIONS.evidenceSearch)) };
  for (const field of PITCH_FIELDS) if (field !== 'evidence') input[field] = stateText(values, field);
  return input;
}

/**
 * Problems by input block, not cut (Slack documents no length for these messages;
 * ours are a sentence or two). A field missing from the view (the other step, a
 * forged or stale view) is reported on `fallback`, saying which step it is in.
 */
function problemsToErrors(
  tr: Translate,
  problems: Partial<Record<PitchField, Problem>>,
  present: (block: string) => boolean,
  fallback = 'title',
  otherStep = false,
): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const [field, p] of Object.entries(problems)) {
    if (!p) continue;
    const here = present(field);
    const block = here ? field : fallback;
    const text = here || !otherStep ? tr(p.key, p.params) : tr('opp.form.fromStep1', { message: `${tr(fieldLabelKey(field))} – ${tr(p.key, p.params)}` });
    errors[block] = errors[block] ? `${errors[block]} ${text}` : text;
  }
  return errors;
}

function fieldLabelKey(field: string): MessageKey {
  return `opp.field.${field === 'value' ? 'value' : field}` as MessageKey;
}

/** Step 1 submitted: checked alone, kept, answered with step 2 pushed on top (issue 14 item 13). */
async function onPitchStep1(ctx: AppContext, args: ViewArgs, meta: z.infer<typeof pitchMetadata>): Promise<void> {
  const { ack, view, body } = args;
  const user = body.user.id;
  const tr = ctx.tr(user);
  const values = view.state.values ?? {};
  const input = pitchInputOf(values);
  const step1: PitchInput = { evidence: input.evidence };
  for (const field of STEP1_FIELDS) if (field !== 'evidence') step1[field] = input[field];
  const checked = checkPitch(ctx.org, step1, (ids) => missingInsightIds(ctx.db, ids));
  const problems = checked.ok ? {} : Object.fromEntries(Object.entries(checked.problems).filter(([f]) => (STEP1_FIELDS as readonly string[]).includes(f)));
  if (Object.keys(problems).length > 0) {
    await ack({ response_action: 'errors', errors: problemsToErrors(tr, problems, (b) => values[b] !== undefined) });
    return;
  }
  let prefill: PitchPrefill = { title: (step1.title ?? '').trim() };
  if (meta.id !== undefined) {
    const opp = getOpportunity(ctx.db, meta.id);
    if (!opp) {
      await ack({ response_action: 'errors', errors: { title: tr('opp.gone', { id: meta.id }) } });
      return;
    }
    if (!canEdit(ctx.org, user, opp)) {
      await ack({ response_action: 'errors', errors: { title: tr('opp.edit.notAllowed', { id: meta.id }) } });
      return;
    }
    prefill = { ...opp, title: prefill.title };
  } else if (meta.tribe) {
    prefill.tribe = meta.tribe;
  }
  keepStep1(ctx.db, view.id, user, step1, ctx.clock.now());
  const { step: _step, ...rest } = meta;
  await ack({ response_action: 'push', view: pitchStep2Modal(tr, ctx.org, { prefill, metadata: { ...rest, step1: view.id } }) });
}

/** The pitch modal: create, or edit. */
export async function onPitchModal(ctx: AppContext, args: ViewArgs): Promise<void> {
  const { ack, view, body } = args;
  const user = body.user.id;
  const tr = ctx.tr(user);
  const values = view.state.values ?? {};
  const meta = readJson(pitchMetadata, view.private_metadata);
  if (!meta) {
    await ack({ response_action: 'errors', errors: { title: tr('opp.metadata') } });
    return;
  }
  if (meta.step === 1) {
    await onPitchStep1(ctx, args, meta);
    return;
  }
  let input = pitchInputOf(values);
  // Step 2: step 1's values, kept when it was submitted, with this step's (issue 14 item 13).
  const twoSteps = meta.step === 2;
  if (twoSteps) {
    const kept = meta.step1 === undefined ? undefined : step1Of(ctx.db, meta.step1, user);
    if (!kept) {
      await ack({ response_action: 'errors', errors: { [firstBlockOf(values)]: tr('opp.form.expired') } });
      return;
    }
    const merged: PitchInput = { evidence: kept.evidence };
    for (const field of STEP1_FIELDS) if (field !== 'evidence') merged[field] = kept[field];
    for (const field of STEP2_FIELDS) merged[field] = input[field];
    input = merged;
  }
  const checked = checkPitch(ctx.org, input, (ids) => missingInsightIds(ctx.db, ids));
  if (!checked.ok) {
    await ack({ response_action: 'errors', errors: problemsToErrors(tr, checked.problems, (b) => values[b] !== undefined, twoSteps ? firstBlockOf(values) : 'title', twoSteps) });
    return;
  }
  // Both views close together once the pitch is saved.
  const done = twoSteps ? { response_action: 'clear' as const } : undefined;
  const forget = () => {
    if (twoSteps && meta.step1 !== undefined) forgetStep1(ctx.db, meta.step1, user);
  };

  if (meta.id !== undefined) {
    const before = getOpportunityRow(ctx.db, meta.id);
    if (!before) {
      await ack({ response_action: 'errors', errors: { [twoSteps ? firstBlockOf(values) : 'title']: tr('opp.gone', { id: meta.id }) } });
      return;
    }
    if (!canEdit(ctx.org, user, before)) {
      await ack({ response_action: 'errors', errors: { [twoSteps ? firstBlockOf(values) : 'title']: tr('opp.edit.notAllowed', { id: meta.id }) } });
      return;
    }
    const updated = updateOpportunity(ctx.db, meta.id, { draft: checked.draft, score: checked.score, by: user, evidenceBefore: meta.before ?? evidenceIdsOf(ctx.db, meta.id) }, ctx.clock.now());
    forget();
    await ack(done);
    if (!updated) return;
    await syncCard(ctx, updated.id);
    await tell(ctx, user, meta.channel, { text: tr('opp.saved', { id: updated.id }) });
    return;
  }

  const asDraft = [...selectedValues(stateOf(values, DRAFT_BLOCK)), ...selectedValues(stateOf(values, DRAFT_BLOCK, ACTIONS.draftToggle))].includes('draft');
  const { opportunity } = insertOpportunity(
    ctx.db,
    { draft: checked.draft, score: checked.score, ownerId: user, status: asDraft ? 'draft' : 'pitched', sourceViewId: view.id },
    ctx.clock.now(),
  );
  forget();
  await ack(done);
  await syncCard(ctx, opportunity.id);
  const stored = getOpportunityRow(ctx.db, opportunity.id) ?? opportunity;
  await tell(ctx, user, meta.channel, createdMessage(tr, ctx.languageOf(user), stored, { channel: stored.cardChannel ?? undefined }));
}

/** The first input block of a view's state (where a problem of the other step is reported). */
function firstBlockOf(values: StateValues): string {
  return (STEP2_FIELDS as readonly string[]).find((f) => values[f] !== undefined) ?? Object.keys(values)[0] ?? 'commitment';
}

/** The "Add evidence" modal: links the picked insights and redraws their cards. */
export async function onEvidenceModal(ctx: AppContext, { ack, view, body }: ViewArgs): Promise<void> {
  const user = body.user.id;
  const tr = ctx.tr(user);
  const meta = readJson(evidenceMetadata, view.private_metadata);
  const opp = meta ? getOpportunityRow(ctx.db, meta.id) : undefined;
  // Someone else's draft does not exist for this person, as on the button: a tribe member may not add evidence to it.
  if (!meta || !opp || !canView(ctx.org, user, opp)) {
    await ack({ response_action: 'errors', errors: { evidence: meta ? tr('opp.gone', { id: meta.id }) : tr('opp.metadata') } });
    return;
  }
  if (!canAddEvidence(ctx.org, user, opp)) {
    await ack({ response_action: 'errors', errors: { evidence: truncate(tr('opp.evidence.notAllowed', { id: opp.id }), 150) } });
    return;
  }
  const checked = checkPitch(ctx.org, { evidence: selectedValues(stateOf((view.state.values ?? {}), 'evidence', ACTIONS.evidenceSearch)) }, (ids) => missingInsightIds(ctx.db, ids));
  const problem = checked.ok ? undefined : checked.problems.evidence;
  if (problem) {
    await ack({ response_action: 'errors', errors: { evidence: truncate(tr(problem.key, problem.params), 150) } });
    return;
  }
  const ids = [...new Set(selectedValues(stateOf((view.state.values ?? {}), 'evidence', ACTIONS.evidenceSearch)).map(Number))];
  if (opp.evidenceCount + ids.length > 100 && ids.length > 0) {
    await ack({ response_action: 'errors', errors: { evidence: tr('opp.error.tooMuchEvidence', { max: 100 }) } });
    return;
  }
  const added = linkEvidence(ctx.db, opp.id, ids, user, ctx.clock.now());
  await ack();
  await tell(ctx, user, meta.channel, { text: added > 0 ? tr('opp.evidence.added', { count: added, id: opp.id }) : tr('opp.evidence.already', { id: opp.id }) });
  if (added > 0) {
    await syncCard(ctx, opp.id);
    for (const insightId of ids) {
      const insight = getInsight(ctx.db, insightId);
      if (insight) await refreshTriageCard(ctx, insight);
    }
  }
}

/** The link modal opened from an insight's triage card: who may link is checked against the pick. */
export async function onLinkModal(ctx: AppContext, { ack, view, body }: ViewArgs): Promise<void> {
  const user = body.user.id;
  const tr = ctx.tr(user);
  const meta = readJson(linkMetadata, view.private_metadata);
  const insight = meta ? getInsight(ctx.db, meta.insight) : undefined;
  if (!meta || !insight) {
    await ack({ response_action: 'errors', errors: { [PICK_BLOCK]: meta ? tr('insight.gone', { id: meta.insight }) : tr('opp.metadata') } });
    return;
  }
  const picked = parseId(stateOf((view.state.values ?? {}), PICK_BLOCK, ACTIONS.opportunitySearch)?.selected_option?.value ?? undefined);
  const opp = picked === undefined ? undefined : getOpportunityRow(ctx.db, picked);
  if (picked === undefined || !opp || !canView(ctx.org, user, opp)) {
    await ack({ response_action: 'errors', errors: { [PICK_BLOCK]: picked === undefined ? tr('opp.error.required') : tr('opp.gone', { id: picked }) } });
    return;
  }
  if (!canLinkFromInsight(ctx.org, user, opp, insight.tribe)) {
    await ack({ response_action: 'errors', errors: { [PICK_BLOCK]: truncate(tr('opp.link.notAllowed', { insight: insight.id, id: opp.id }), 150) } });
    return;
  }
  const added = linkEvidence(ctx.db, opp.id, [insight.id], user, ctx.clock.now());
  await ack();
  await tell(ctx, user, meta.channel, { text: tr(added > 0 ? 'opp.link.done' : 'opp.link.already', { insight: insight.id, id: opp.id }) });
  if (added > 0) {
    const after = getInsight(ctx.db, insight.id);
    if (after) await refreshTriageCard(ctx, after);
    await syncCard(ctx, opp.id);
  }
}

/** The move form (from the card's menu): the note, then the transition. */
export async function onTransitionModal(ctx: AppContext, { ack, view, body }: ViewArgs): Promise<void> {
  const user = body.user.id;
  const tr = ctx.tr(user);
  const meta = readJson(transitionMetadata, view.private_metadata);
  if (!meta || !isStatus(meta.to) || !isStatus(meta.from)) {
    await ack({ response_action: 'errors', errors: { [NOTE_BLOCK]: tr('opp.metadata') } });
    return;
  }
  const current = getOpportunityRow(ctx.db, meta.id);
  // The form was for a move from `from`: if the status changed meanwhile, say so rather than move from elsewhere.
  if (current && current.status !== meta.from) {
    await ack({ response_action: 'errors', errors: { [NOTE_BLOCK]: truncate(tr('opp.move.conflict', { id: meta.id, status: statusLabel(tr, current.status) }), 150) } });
    return;
  }
  const result = transition(ctx, meta.id, meta.to, user, stateText((view.state.values ?? {}), NOTE_BLOCK) ?? null);
  if (!result.ok) {
    await ack({ response_action: 'errors', errors: { [NOTE_BLOCK]: truncate(refusalText(tr, result), 150) } });
    return;
  }
  await ack();
  await announceTransition(ctx, result);
  await tell(ctx, user, meta.channel, { text: tr('opp.move.done', { id: result.opportunity.id, from: statusLabel(tr, result.from), to: statusLabel(tr, result.to) }) });
}
