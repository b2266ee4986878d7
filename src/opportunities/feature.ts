import { tellPrivately } from '../slack/dm.js';
import type { AllMiddlewareArgs, App, BlockAction, ButtonAction, OverflowAction, SlackActionMiddlewareArgs, ViewStateValue } from '@slack/bolt';
import { contributionsTo } from '../core/contributions.js';
import type { KnownBlock } from '@slack/types';
import { z } from 'zod';
import type { AppContext, ExportDefinition, FeatureModule } from '../context.js';
import type { MessageKey, Translate } from '../i18n/index.js';
import { getInsight, listInsights, searchInsights } from '../insights/index.js';
import { refreshTriageCard } from '../insights/index.js';
import { ACTION_LINK_TO_OPPORTUNITY, tribeOfChannel } from '../insights/index.js';
import { truncate } from '../slack/text.js';
import {
  ACTIONS,
  DRAFT_BLOCK,
  NOTE_BLOCK,
  PICK_BLOCK,
  VALUE,
  VIEWS,
  createdMessage,
  detailMessage,
  evidenceModal,
  healthMessage,
  insightOption,
  linkModal,
  listMessage,
  opportunityOption,
  pitchModal,
  statusLabel,
  transitionModal,
  usageMessage,
  type Message,
  type PitchModalMetadata,
} from './blocks.js';
import { checkTransition, isStatus, noteRequired, type Role, type Status } from './lifecycle.js';
import { PITCH_FIELDS, checkPitch, parsePitchCommand, parseId, type ListFilters, type PitchField, type PitchInput, type Problem, type StatusFilter } from './parse.js';
import {
  announceTransition,
  backlogHealth,
  canAddEvidence,
  canEdit,
  canLinkFromInsight,
  canView,
  runCardDelivery,
  syncCard,
  transition,
  type TransitionResult,
} from './service.js';
import {
  EXPORT_COLUMNS,
  evidenceIdsOf,
  evidenceOf,
  exportOpportunities,
  getOpportunity,
  getOpportunityRow,
  historyOf,
  insertOpportunity,
  linkEvidence,
  listRanked,
  missingInsightIds,
  searchByTitle,
  updateOpportunity,
  type OpportunityRow,
} from './store.js';

type ButtonArgs = SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs;
type Respond = ButtonArgs['respond'];

export const PAGE_SIZE = 10;
/** Options Slack shows for an external select: at most 100; fewer keep the menu readable. */
export const OPTIONS_LIMIT = 50;

const pitchMetadata = z.object({
  id: z.number().int().positive().optional(),
  channel: z.string().max(40).optional(),
  before: z.array(z.number().int().positive()).max(200).optional(),
});
const evidenceMetadata = z.object({ id: z.number().int().positive(), channel: z.string().max(40).optional() });
const linkMetadata = z.object({ insight: z.number().int().positive(), channel: z.string().max(40).optional() });
const transitionMetadata = z.object({ id: z.number().int().positive(), from: z.string(), to: z.string(), channel: z.string().max(40).optional() });
const pageValue = z.object({
  p: z.number().int().min(0).max(100_000),
  s: z.string(),
  m: z.union([z.literal(0), z.literal(1)]),
  t: z.string().max(40).optional(),
  c: z.string().max(40).optional(),
});

function readJson<T>(schema: z.ZodType<T>, text: string | undefined): T | undefined {
  try {
    const parsed = schema.safeParse(JSON.parse(text || '{}'));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

function stateOf(values: Record<string, Record<string, ViewStateValue>>, block: string, action: string = VALUE): ViewStateValue | undefined {
  return values[block]?.[action];
}

function stateText(values: Record<string, Record<string, ViewStateValue>>, block: string): string | undefined {
  const v = stateOf(values, block);
  return v?.value ?? v?.selected_option?.value ?? undefined;
}

function selectedValues(v: ViewStateValue | undefined): string[] {
  return (v?.selected_options ?? []).map((o) => o.value);
}

/** The pitch modal's values as strings, for checkPitch. */
export function pitchInputOf(values: Record<string, Record<string, ViewStateValue>>): PitchInput {
  const input: PitchInput = { evidence: selectedValues(stateOf(values, 'evidence', ACTIONS.evidenceSearch)) };
  for (const field of PITCH_FIELDS) if (field !== 'evidence') input[field] = stateText(values, field);
  return input;
}

function problemsToErrors(tr: Translate, problems: Partial<Record<PitchField, Problem>>, present: (block: string) => boolean): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const [field, p] of Object.entries(problems)) {
    if (!p) continue;
    // A field missing from the form (a forged or stale view) is reported on the title.
    const block = present(field) ? field : 'title';
    errors[block] = truncate(tr(p.key, p.params), 150);
  }
  return errors;
}

/** Why a transition was refused, in words the person can act on. */
export function refusalText(tr: Translate, result: Extract<TransitionResult, { ok: false }>): string {
  if (result.reason === 'not_found') return tr('opp.gone', { id: result.id });
  const opp = result.opportunity;
  const to = statusLabel(tr, result.to);
  switch (result.reason) {
    case 'same':
      return tr('opp.move.same', { id: opp.id, status: statusLabel(tr, opp.status) });
    case 'illegal':
      return result.allowed.length === 0
        ? tr('opp.move.final', { id: opp.id, from: statusLabel(tr, opp.status) })
        : tr('opp.move.illegal', { id: opp.id, from: statusLabel(tr, opp.status), to, allowed: result.allowed.map((s) => statusLabel(tr, s)).join(', ') });
    case 'forbidden':
      return tr('opp.move.forbidden', { id: opp.id, to, roles: result.roles.map((r: Role) => tr(`opp.role.${r}` as MessageKey)).join(', ') });
    case 'note_required':
      return tr('opp.move.noteRequired', { id: opp.id, to });
    case 'conflict':
      return tr('opp.move.conflict', { id: opp.id, status: statusLabel(tr, opp.status) });
  }
}

export function createOpportunitiesFeature(): FeatureModule {
  const exportDefinition: ExportDefinition = { kind: 'opportunities', columns: EXPORT_COLUMNS, rows: (ctx) => exportOpportunities(ctx.db) };
  return {
    name: 'opportunities',
    register: (app, ctx) => registerOpportunities(app, ctx),
    jobs: [
      {
        name: 'opportunity-card-delivery',
        description: 'post opportunity cards that could not be posted right after pitching (Slack errors, restarts)',
        schedule: '*/5 * * * *',
        runAtStartup: true,
        run: (ctx, now) => runCardDelivery(ctx, now),
      },
    ],
    exports: [exportDefinition],
  };
}

export const opportunitiesFeature = createOpportunitiesFeature();

function registerOpportunities(app: App, ctx: AppContext): void {
  const say = (userId: string | undefined) => ctx.tr(userId);

  /** An ephemeral note where the person is; a DM when there is no channel or it refuses. */
  async function tell(userId: string, channel: string | undefined, message: { text: string; blocks?: KnownBlock[] }): Promise<void> {
    await tellPrivately(ctx, userId, channel, message);
  }

  const ephemeral = (respond: Respond, message: { text: string; blocks?: KnownBlock[] }) =>
    respond({ response_type: 'ephemeral', replace_original: false, ...message });

  function detailFor(userId: string, id: number, teamDomain: string | undefined): Message | string {
    const tr = say(userId);
    const opp = getOpportunity(ctx.db, id);
    if (!opp) return tr('opp.gone', { id });
    if (!canView(ctx.org, userId, opp)) return tr('opp.private', { id });
    return detailMessage(tr, ctx.org, ctx.languageOf(userId), opp, { evidence: evidenceOf(ctx.db, id, 10), history: historyOf(ctx.db, id), teamDomain });
  }

  function defaultTribe(userId: string, channel: string | undefined): string | undefined {
    const member = ctx.org.tribes.find((t) => t.members.includes(userId) || t.lead === userId || t.impactTeams.some((x) => x.lead === userId || x.members.includes(userId)));
    return member?.key ?? tribeOfChannel(ctx.org, channel)?.key;
  }

  function editModal(userId: string, opp: NonNullable<ReturnType<typeof getOpportunity>>, channel: string | undefined) {
    const evidence = evidenceOf(ctx.db, opp.id, 100);
    const metadata: PitchModalMetadata = { id: opp.id, before: evidence.map((e) => e.id), ...(channel ? { channel } : {}) };
    return pitchModal(say(userId), ctx.org, { metadata, prefill: { ...opp, evidence } });
  }

  function listFor(userId: string, filters: ListFilters, page: number, teamDomain: string | undefined): Message {
    const result = listRanked(ctx.db, { ...filters, viewer: userId, page, pageSize: PAGE_SIZE });
    return listMessage(say(userId), ctx.org, ctx.languageOf(userId), result, filters, teamDomain);
  }

  // -------------------------------------------------------------------------
  // /pitch
  // -------------------------------------------------------------------------
  app.command('/pitch', async ({ command, ack, client }) => {
    const user = command.user_id;
    const tr = say(user);
    const parsed = parsePitchCommand(ctx.org, command.text ?? '');
    switch (parsed.kind) {
      case 'modal': {
        if (ctx.org.commitments.length === 0) {
          await ack({ response_type: 'ephemeral', text: tr('opp.noCommitments') });
          return;
        }
        await ack();
        const tribe = defaultTribe(user, command.channel_id);
        await client.views.open({
          trigger_id: command.trigger_id,
          view: pitchModal(tr, ctx.org, {
            metadata: { channel: command.channel_id },
            prefill: { ...(parsed.title ? { title: parsed.title } : {}), ...(tribe ? { tribe } : {}) },
          }),
        });
        return;
      }
      case 'help':
        await ack({ response_type: 'ephemeral', ...usageMessage(tr) });
        return;
      case 'error':
        await ack({ response_type: 'ephemeral', ...usageMessage(tr, tr(parsed.problem.key, parsed.problem.params)) });
        return;
      case 'list':
        await ack({ response_type: 'ephemeral', ...listFor(user, parsed.filters, 0, command.team_domain) });
        return;
      case 'health': {
        const health = backlogHealth(ctx, parsed.filters);
        const scope = [parsed.filters.tribe, parsed.filters.commitment].filter(Boolean).join(' · ') || tr('opp.health.scopeAll');
        const message = healthMessage(tr, ctx.org, ctx.languageOf(user), health, health.withoutEvidence, scope);
        // Sections other features add (src/core/contributions.ts), e.g. the roadmap's tech share.
        const extra = contributionsTo(ctx.db, 'opportunities.health').flatMap((f) => f({ userId: user, ...parsed.filters }));
        await ack({ response_type: 'ephemeral', text: message.text, blocks: [...message.blocks, ...extra] });
        return;
      }
      case 'show': {
        const detail = detailFor(user, parsed.id, command.team_domain);
        await ack({ response_type: 'ephemeral', ...(typeof detail === 'string' ? { text: detail } : detail) });
        return;
      }
      case 'edit': {
        const opp = getOpportunity(ctx.db, parsed.id);
        if (!opp || !canView(ctx.org, user, opp)) {
          await ack({ response_type: 'ephemeral', text: tr('opp.gone', { id: parsed.id }) });
          return;
        }
        if (!canEdit(ctx.org, user, opp)) {
          await ack({ response_type: 'ephemeral', text: tr('opp.edit.notAllowed', { id: opp.id }) });
          return;
        }
        await ack();
        await client.views.open({ trigger_id: command.trigger_id, view: editModal(user, opp, command.channel_id) });
        return;
      }
      case 'move': {
        const result = transition(ctx, parsed.id, parsed.to, user, parsed.note);
        if (!result.ok) {
          await ack({ response_type: 'ephemeral', text: refusalText(tr, result) });
          return;
        }
        await ack({ response_type: 'ephemeral', text: tr('opp.move.done', { id: result.opportunity.id, from: statusLabel(tr, result.from), to: statusLabel(tr, result.to) }) });
        await announceTransition(ctx, result);
        return;
      }
    }
  });

  // -------------------------------------------------------------------------
  // The pitch modal: create, or edit
  // -------------------------------------------------------------------------
  app.view(VIEWS.pitch, async ({ ack, view, body }) => {
    const user = body.user.id;
    const tr = say(user);
    const values = view.state.values ?? {};
    const meta = readJson(pitchMetadata, view.private_metadata);
    if (!meta) {
      await ack({ response_action: 'errors', errors: { title: tr('opp.metadata') } });
      return;
    }
    const checked = checkPitch(ctx.org, pitchInputOf(values), (ids) => missingInsightIds(ctx.db, ids));
    if (!checked.ok) {
      await ack({ response_action: 'errors', errors: problemsToErrors(tr, checked.problems, (b) => values[b] !== undefined) });
      return;
    }

    if (meta.id !== undefined) {
      const before = getOpportunityRow(ctx.db, meta.id);
      if (!before) {
        await ack({ response_action: 'errors', errors: { title: tr('opp.gone', { id: meta.id }) } });
        return;
      }
      if (!canEdit(ctx.org, user, before)) {
        await ack({ response_action: 'errors', errors: { title: truncate(tr('opp.edit.notAllowed', { id: meta.id }), 150) } });
        return;
      }
      const updated = updateOpportunity(ctx.db, meta.id, { draft: checked.draft, score: checked.score, by: user, evidenceBefore: meta.before ?? evidenceIdsOf(ctx.db, meta.id) }, ctx.clock.now());
      await ack();
      if (!updated) return;
      await syncCard(ctx, updated.id);
      await tell(user, meta.channel, { text: tr('opp.saved', { id: updated.id }) });
      return;
    }

    const asDraft = selectedValues(stateOf(values, DRAFT_BLOCK)).includes('draft');
    const { opportunity } = insertOpportunity(
      ctx.db,
      { draft: checked.draft, score: checked.score, ownerId: user, status: asDraft ? 'draft' : 'pitched', sourceViewId: view.id },
      ctx.clock.now(),
    );
    await ack();
    await syncCard(ctx, opportunity.id);
    const stored = getOpportunityRow(ctx.db, opportunity.id) ?? opportunity;
    await tell(user, meta.channel, createdMessage(tr, ctx.languageOf(user), stored, { channel: stored.cardChannel ?? undefined }));
  });

  // -------------------------------------------------------------------------
  // Evidence: the external select's options, Add evidence
  // -------------------------------------------------------------------------
  app.options(ACTIONS.evidenceSearch, async ({ ack, options }) => {
    const query = (options.value ?? '').trim();
    // An empty query (min_query_length 0) offers the newest insights; words search them by relevance.
    const items = query === '' ? listInsights(ctx.db, { tags: [], untriaged: false, archived: false }, OPTIONS_LIMIT).items : searchInsights(ctx.db, query, OPTIONS_LIMIT).items;
    await ack({ options: items.slice(0, OPTIONS_LIMIT).map(insightOption) });
  });

  app.action<BlockAction<ButtonAction>>(ACTIONS.addEvidence, async ({ ack, body, action, client, respond }) => {
    await ack();
    const user = body.user.id;
    const tr = say(user);
    const id = parseId(action.value);
    const opp = id === undefined ? undefined : getOpportunityRow(ctx.db, id);
    if (id === undefined || !opp || !canView(ctx.org, user, opp)) {
      await ephemeral(respond, { text: tr('opp.gone', { id: id ?? '?' }) });
      return;
    }
    if (!canAddEvidence(ctx.org, user, opp)) {
      await ephemeral(respond, { text: tr('opp.evidence.notAllowed', { id: opp.id }) });
      return;
    }
    await client.views.open({ trigger_id: body.trigger_id, view: evidenceModal(tr, opp, { id: opp.id, ...(body.channel?.id ? { channel: body.channel.id } : {}) }) });
  });

  app.view(VIEWS.evidence, async ({ ack, view, body }) => {
    const user = body.user.id;
    const tr = say(user);
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
    await tell(user, meta.channel, { text: added > 0 ? tr('opp.evidence.added', { count: added, id: opp.id }) : tr('opp.evidence.already', { id: opp.id }) });
    if (added > 0) {
      await syncCard(ctx, opp.id);
      for (const insightId of ids) {
        const insight = getInsight(ctx.db, insightId);
        if (insight) await refreshTriageCard(ctx, insight);
      }
    }
  });

  // -------------------------------------------------------------------------
  // Linking from an insight's triage card
  // -------------------------------------------------------------------------
  app.options(ACTIONS.opportunitySearch, async ({ ack, options, body }) => {
    const lang = ctx.languageOf(body.user.id);
    const rows = searchByTitle(ctx.db, options.value ?? '', body.user.id, OPTIONS_LIMIT);
    await ack({ options: rows.map((o) => opportunityOption(say(body.user.id), lang, o)) });
  });

  // The insight triage card's "Link to opportunity": insights draws the button, this feature answers it.
  app.action<BlockAction<ButtonAction>>(ACTION_LINK_TO_OPPORTUNITY, async (args: ButtonArgs) => {
    await args.ack();
    await openLinkPicker(ctx, args);
  });

  app.view(VIEWS.link, async ({ ack, view, body }) => {
    const user = body.user.id;
    const tr = say(user);
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
    await tell(user, meta.channel, { text: tr(added > 0 ? 'opp.link.done' : 'opp.link.already', { insight: insight.id, id: opp.id }) });
    if (added > 0) {
      const after = getInsight(ctx.db, insight.id);
      if (after) await refreshTriageCard(ctx, after);
      await syncCard(ctx, opp.id);
    }
  });

  // -------------------------------------------------------------------------
  // The card's buttons and menu
  // -------------------------------------------------------------------------
  // ACTIONS.requestSlot ("Request an agenda slot") is answered by src/agenda, which registers it (ACTION_REQUEST_AGENDA_SLOT).

  app.action<BlockAction<ButtonAction>>(ACTIONS.edit, async ({ ack, body, action, client, respond }) => {
    await ack();
    const user = body.user.id;
    const tr = say(user);
    const id = parseId(action.value);
    const opp = id === undefined ? undefined : getOpportunity(ctx.db, id);
    if (id === undefined || !opp || !canView(ctx.org, user, opp)) {
      await ephemeral(respond, { text: tr('opp.gone', { id: id ?? '?' }) });
      return;
    }
    if (!canEdit(ctx.org, user, opp)) {
      await ephemeral(respond, { text: tr('opp.edit.notAllowed', { id: opp.id }) });
      return;
    }
    await client.views.open({ trigger_id: body.trigger_id, view: editModal(user, opp, body.channel?.id) });
  });

  app.action<BlockAction<ButtonAction>>(ACTIONS.details, async ({ ack, body, action, respond }) => {
    await ack();
    const user = body.user.id;
    const id = parseId(action.value);
    const detail = id === undefined ? say(user)('opp.gone', { id: '?' }) : detailFor(user, id, body.team?.domain);
    await ephemeral(respond, typeof detail === 'string' ? { text: detail } : detail);
  });

  app.action<BlockAction<ButtonAction>>(ACTIONS.pitch, async ({ ack, body, action, respond }) => {
    await ack();
    const user = body.user.id;
    const tr = say(user);
    const id = parseId(action.value);
    const result = id === undefined ? undefined : transition(ctx, id, 'pitched', user, null);
    if (!result || !result.ok) {
      await ephemeral(respond, { text: result ? refusalText(tr, result) : tr('opp.gone', { id: '?' }) });
      return;
    }
    await announceTransition(ctx, result);
    const stored = getOpportunityRow(ctx.db, result.opportunity.id) ?? result.opportunity;
    await ephemeral(respond, createdMessage(tr, ctx.languageOf(user), stored, { channel: stored.cardChannel ?? undefined }));
  });

  app.action<BlockAction<OverflowAction>>(ACTIONS.more, async ({ ack, body, action, client, respond }) => {
    await ack();
    const user = body.user.id;
    const tr = say(user);
    const m = /^(\d{1,15}):([a-z_]+)$/.exec(action.selected_option.value);
    const id = m?.[1] ? Number(m[1]) : undefined;
    const what = m?.[2];
    if (id === undefined || what === undefined) {
      await ephemeral(respond, { text: tr('opp.gone', { id: '?' }) });
      return;
    }
    if (what === 'details') {
      const detail = detailFor(user, id, body.team?.domain);
      await ephemeral(respond, typeof detail === 'string' ? { text: detail } : detail);
      return;
    }
    const opp = getOpportunityRow(ctx.db, id);
    if (!opp || !canView(ctx.org, user, opp) || !isStatus(what)) {
      await ephemeral(respond, { text: tr('opp.gone', { id }) });
      return;
    }
    // Refuse before opening the form when the move is illegal or not theirs; the note is asked for in the form.
    const check = checkTransition(ctx.org, { from: opp.status, to: what, userId: user, ownerId: opp.ownerId, note: 'pending' });
    if (!check.ok) {
      const refusal: TransitionResult =
        check.reason === 'forbidden'
          ? { ok: false, reason: 'forbidden', opportunity: opp, to: what, allowed: check.allowed, roles: check.roles ?? [] }
          : { ok: false, reason: check.reason, opportunity: opp, to: what, allowed: check.allowed };
      await ephemeral(respond, { text: refusalText(tr, refusal) });
      return;
    }
    await client.views.open({
      trigger_id: body.trigger_id,
      view: transitionModal(tr, opp, what, { noteRequired: noteRequired(opp.status, what), ...(body.channel?.id ? { channel: body.channel.id } : {}) }),
    });
  });

  app.view(VIEWS.transition, async ({ ack, view, body }) => {
    const user = body.user.id;
    const tr = say(user);
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
    await tell(user, meta.channel, { text: tr('opp.move.done', { id: result.opportunity.id, from: statusLabel(tr, result.from), to: statusLabel(tr, result.to) }) });
  });

  // -------------------------------------------------------------------------
  // /pitch list pages
  // -------------------------------------------------------------------------
  app.action<BlockAction<ButtonAction>>(new RegExp(`^${ACTIONS.page}:`), async ({ ack, body, action, respond }) => {
    await ack();
    const user = body.user.id;
    const state = readJson(pageValue, action.value);
    const status = state?.s;
    const valid = status !== undefined && (status === 'open' || status === 'all' || isStatus(status));
    if (!state || !valid) {
      await ephemeral(respond, usageMessage(say(user)));
      return;
    }
    const filters: ListFilters = {
      status: status as StatusFilter,
      mine: state.m === 1,
      ...(state.t && ctx.org.tribes.some((t) => t.key === state.t) ? { tribe: state.t } : {}),
      ...(state.c && ctx.org.commitments.some((c) => c.key === state.c) ? { commitment: state.c } : {}),
    };
    await respond({ response_type: 'ephemeral', replace_original: true, ...listFor(user, filters, state.p, body.team?.domain) });
  });
}

// ---------------------------------------------------------------------------
// Shared with other features
// ---------------------------------------------------------------------------

/**
 * The insight triage card's "Link to opportunity" (src/insights/feature.ts):
 * a modal to pick the opportunity by title or number; the submission is
 * handled above (VIEWS.link), where who may link is checked against the pick.
 */
export async function openLinkPicker(ctx: AppContext, { body, action, respond, client }: ButtonArgs): Promise<void> {
  const user = body.user.id;
  const id = parseId(action.value);
  const insight = id === undefined ? undefined : getInsight(ctx.db, id);
  if (id === undefined || !insight) {
    await respond({ response_type: 'ephemeral', replace_original: false, text: ctx.tr(user)('insight.gone', { id: id ?? '?' }) });
    return;
  }
  await client.views.open({
    trigger_id: body.trigger_id,
    view: linkModal(ctx.tr(user), insight, { insight: insight.id, ...(body.channel?.id ? { channel: body.channel.id } : {}) }),
  });
}

