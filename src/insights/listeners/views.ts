import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewStateValue } from '@slack/bolt';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { oncePerView } from '../../slack/once-per-view.js';
import { threadAwareLink } from '../../slack/shortcut-message.js';
import { FIELDS, VALUE, confirmationMessage, fingerprint, type FormSnapshot } from '../blocks.js';
import { checkDraftFields, checkTags, formProblem, splitTagInput, type DraftProblems, type InsightDraft } from '../parse.js';
import { afterPendingAcks, canTriage, deliverOrHold, deliverTriageCard, refreshTriageCard, retireTriageCard, storeInsight } from '../service.js';
import { getInsight, resetDelivery, setTags, updateInsightDetails, type Insight } from '../store.js';
import { problemText, tell } from './shared.js';

export type ViewArgs = SlackViewMiddlewareArgs & AllMiddlewareArgs;

const modalMetadata = z.object({
  id: z.number().int().positive().optional(),
  channel: z.string().max(40).optional(),
  voice: z.string().max(40).optional(),
  messageChannel: z.string().max(40).optional(),
  messageTs: z.string().max(40).optional(),
  threadTs: z.string().max(40).optional(),
  permalink: z.string().max(1000).optional(),
  before: z
    .object({
      tags: z.array(z.string().max(60)).max(20),
      h: z.object({ text: z.string(), source: z.string(), customer: z.string(), arr: z.string(), segment: z.string(), tribe: z.string() }),
    })
    .optional(),
});
const tagsMetadata = z.object({ id: z.number().int().positive() });

function readMetadata<T>(schema: z.ZodType<T>, text: string): T | undefined {
  try {
    const parsed = schema.safeParse(JSON.parse(text || '{}'));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

function stateText(values: Record<string, Record<string, ViewStateValue>>, block: string): string | undefined {
  const v = values[block]?.[VALUE];
  return v?.value ?? v?.selected_option?.value ?? undefined;
}

/** The insight modal: create, or edit with "Add details". */
export async function onInsightModal(ctx: AppContext, { ack, view, body }: ViewArgs): Promise<void> {
  const user = body.user.id;
  const tr = ctx.tr(user);
  const meta = readMetadata(modalMetadata, view.private_metadata);
  const values = view.state.values ?? {};
  if (!meta) {
    await ack({ response_action: 'errors', errors: { [FIELDS.text]: tr('error.generic', { ref: 'metadata' }) } });
    return;
  }
  const checked = checkDraftFields(ctx.org, {
    text: stateText(values, FIELDS.text) ?? '',
    source: stateText(values, FIELDS.source),
    customer: stateText(values, FIELDS.customer),
    arr: stateText(values, FIELDS.arr),
    segment: stateText(values, FIELDS.segment),
    tribe: stateText(values, FIELDS.tribe),
    tags: splitTagInput(stateText(values, FIELDS.tags) ?? ''),
  });
  if ('problems' in checked) {
    // Every field at once, in words for the form (issue 14 item 11); nothing is written.
    await ack({ response_action: 'errors', errors: formErrors(ctx, user, checked.problems, values) });
    return;
  }
  const draft = checked.draft;

  if (meta.id !== undefined) {
    const before = getInsight(ctx.db, meta.id);
    if (!before) {
      await ack({ response_action: 'errors', errors: { [FIELDS.text]: tr('insight.form.gone', { id: meta.id }) } });
      return;
    }
    if (before.reporterId !== user && !canTriage(ctx.org, user, before.tribe)) {
      await ack({ response_action: 'errors', errors: { [FIELDS.text]: tr('insight.form.notAllowed', { id: meta.id }) } });
      return;
    }
    // Only what this form changed is written: a tag a triager added while it was open stays (issue 19, item 4).
    const after = updateInsightDetails(ctx.db, meta.id, meta.before ? mergeEdit(before, draft, meta.before) : draft, ctx.clock.now());
    await ack();
    if (!after) return;
    await moveOrRefresh(ctx, before, after, user);
    await tell(ctx, user, meta.channel, { text: tr('insight.modal.saved', { id: after.id }) });
    return;
  }

  const permalink = meta.permalink ?? undefined;
  // The same view submitted twice (Submit clicked again after a slow ack) logs one insight.
  const once = oncePerView(ctx.db, { viewId: view.id, userId: user, kind: 'insight' }, ctx.clock.now(), () => {
    const stored = storeInsight(ctx, draft, {
      reporterId: user,
      voiceId: meta.voice ?? null,
      channelId: meta.messageChannel ?? meta.channel ?? null,
      messageTs: meta.messageTs ?? null,
      permalink:
        permalink ??
        (meta.messageChannel && meta.messageTs ? threadAwareLink(body.team?.domain, meta.messageChannel, meta.messageTs, meta.threadTs) ?? null : null),
    });
    return { value: stored, record: String(stored.id) };
  });
  await ack();
  if (once.repeated) return;
  const insight = once.value;
  await afterPendingAcks();
  // The modal has no ack body to carry the confirmation: one note, duplicate hint included.
  // Look-alikes before the card (issue 14 item 12): with any, the card waits for the answer.
  const duplicates = await deliverOrHold(ctx, insight);
  const message = confirmationMessage(tr, ctx.org, insight, {
    duplicates,
    undoMinutes: ctx.org.insights.undoMinutes,
    teamDomain: body.team?.domain,
    held: duplicates.length > 0,
  });
  await tell(ctx, user, meta.channel, message);
}

/**
 * The form's errors by input block: each problem in words for a form field
 * (no command syntax), and not cut: Slack documents no length for these
 * messages, and ours are one or two short sentences. A field missing from the
 * view (a forged or stale one) reports on the text box.
 */
function formErrors(ctx: AppContext, user: string, problems: DraftProblems, values: Record<string, Record<string, ViewStateValue>>): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const [field, problem] of Object.entries(problems)) {
    if (!problem) continue;
    const block = field in FIELDS && values[field] ? field : FIELDS.text;
    const text = problemText(ctx, user, formProblem(problem));
    errors[block] = errors[block] ? `${errors[block]} ${text}` : text;
  }
  return errors;
}

/** After an edit: a new tribe means a new card in the new channel; otherwise the card is redrawn. */
async function moveOrRefresh(ctx: AppContext, before: Insight, after: Insight, by: string): Promise<void> {
  if (before.tribe !== after.tribe) {
    if (before.triageChannel && before.triageTs) {
      await retireTriageCard(ctx, after, before.triageChannel, before.triageTs, by).catch((err: unknown) =>
        ctx.logger.warn(`insights: could not retire the old card of #${after.id}:`, err),
      );
    }
    resetDelivery(ctx.db, after.id);
    await deliverTriageCard(ctx, after.id);
    return;
  }
  await refreshTriageCard(ctx, after);
}

/** The "Add tags" modal of the triage card. */
export async function onTagsModal(ctx: AppContext, { ack, view, body }: ViewArgs): Promise<void> {
  const user = body.user.id;
  const tr = ctx.tr(user);
  const meta = readMetadata(tagsMetadata, view.private_metadata);
  const insight = meta ? getInsight(ctx.db, meta.id) : undefined;
  if (!meta || !insight) {
    await ack({ response_action: 'errors', errors: { [FIELDS.tags]: tr('insight.gone', { id: meta?.id ?? '?' }) } });
    return;
  }
  if (!canTriage(ctx.org, user, insight.tribe)) {
    await ack({ response_action: 'errors', errors: { [FIELDS.tags]: tr(insight.tribe ? 'insight.triage.notAllowed' : 'insight.triage.notAllowedInbox', { tribe: insight.tribe ?? '' }) } });
    return;
  }
  const tags = checkTags(splitTagInput(stateText((view.state.values ?? {}), FIELDS.tags) ?? ''));
  if (!Array.isArray(tags)) {
    await ack({ response_action: 'errors', errors: { [FIELDS.tags]: problemText(ctx, user, formProblem(tags)) } });
    return;
  }
  const updated = setTags(ctx.db, insight.id, tags, user, ctx.clock.now());
  await ack();
  if (updated) await refreshTriageCard(ctx, updated);
}

/**
 * "Add details" applies what the person changed in the form, over the insight as it is now.
 * Rule 1: a field whose value is still the one the form showed keeps the stored value
 *         (someone may have changed it meanwhile).
 * Rule 2: tags are a difference: the tags added in the form are added, the ones
 *         removed in the form are removed, the others stay as they are now.
 */
export function mergeEdit(current: Insight, form: InsightDraft, shown: FormSnapshot): InsightDraft {
  const pick = <K extends keyof FormSnapshot['h']>(key: K): InsightDraft[K] => (fingerprint(form[key]) === shown.h[key] ? current[key] : form[key]);
  const added = form.tags.filter((t) => !shown.tags.includes(t));
  const removed = new Set(shown.tags.filter((t) => !form.tags.includes(t)));
  const tags = [...current.tags.filter((t) => !removed.has(t)), ...added.filter((t) => !current.tags.includes(t))];
  return { text: pick('text'), source: pick('source'), customer: pick('customer'), arr: pick('arr'), segment: pick('segment'), tribe: pick('tribe'), tags };
}
