import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs, ViewStateValue } from '@slack/bolt';
import type { KnownBlock, View } from '@slack/types';
import type { z } from 'zod';
import type { AppContext } from '../../context.js';
import type { MessageKey, Translate } from '../../i18n/index.js';
import { tellPrivately } from '../../slack/dm.js';
import { VALUE, detailMessage, listMessage, pitchModal, statusLabel, type Message, type PitchModalMetadata } from '../blocks.js';
import type { Role } from '../lifecycle.js';
import type { ListFilters } from '../parse.js';
import { canAddEvidence, canEdit, canView, type TransitionResult } from '../service.js';
import { evidenceOf, getOpportunity, historyOf, listRanked } from '../store.js';

/*
 * Helpers the opportunity listeners share (commands, actions, views).
 */

export type ButtonArgs = SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs;
export type Respond = ButtonArgs['respond'];
export type StateValues = Record<string, Record<string, ViewStateValue>>;

export const PAGE_SIZE = 10;

export function readJson<T>(schema: z.ZodType<T>, text: string | undefined): T | undefined {
  try {
    const parsed = schema.safeParse(JSON.parse(text || '{}'));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

export function stateOf(values: StateValues, block: string, action: string = VALUE): ViewStateValue | undefined {
  return values[block]?.[action];
}

export function stateText(values: StateValues, block: string): string | undefined {
  const v = stateOf(values, block);
  return v?.value ?? v?.selected_option?.value ?? undefined;
}

export function selectedValues(v: ViewStateValue | undefined): string[] {
  return (v?.selected_options ?? []).map((o) => o.value);
}

/** An ephemeral note where the person is; a DM when there is no channel or it refuses. */
export async function tell(ctx: AppContext, userId: string, channel: string | undefined, message: { text: string; blocks?: KnownBlock[] }): Promise<void> {
  await tellPrivately(ctx, userId, channel, message);
}

/** An ephemeral answer through the response_url, leaving the clicked message as it is. */
export function ephemeral(respond: Respond, message: { text: string; blocks?: KnownBlock[] }) {
  return respond({ response_type: 'ephemeral', replace_original: false, ...message });
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

/** The detail view of one opportunity for this person, or why they cannot see it. */
export function detailFor(ctx: AppContext, userId: string, id: number, teamDomain: string | undefined): Message | string {
  const tr = ctx.tr(userId);
  const opp = getOpportunity(ctx.db, id);
  if (!opp) return tr('opp.gone', { id });
  if (!canView(ctx.org, userId, opp)) return tr('opp.private', { id });
  // Only the buttons this person may use (issue 14 item 17): the same rules the handlers apply.
  const can = { edit: canEdit(ctx.org, userId, opp), addEvidence: canAddEvidence(ctx.org, userId, opp) };
  return detailMessage(tr, ctx.org, ctx.languageOf(userId), opp, { evidence: evidenceOf(ctx.db, id, 10), history: historyOf(ctx.db, id), teamDomain, can });
}

/** The detail view as a read-only modal (opened from the App Home, where there is no message to answer under). */
export function detailModal(tr: Translate, id: number, detail: Message | string): View {
  const blocks: KnownBlock[] =
    typeof detail === 'string' ? [{ type: 'section', text: { type: 'mrkdwn', text: detail } }] : detail.blocks.filter((b) => b.type !== 'actions');
  return {
    type: 'modal',
    title: { type: 'plain_text', text: tr('opp.detail.modalTitle', { id }).slice(0, 24) },
    close: { type: 'plain_text', text: tr('home.close') },
    blocks,
  };
}

/** The pitch modal in edit mode, remembering the evidence it showed. */
export function editModal(ctx: AppContext, userId: string, opp: NonNullable<ReturnType<typeof getOpportunity>>, channel: string | undefined) {
  const evidence = evidenceOf(ctx.db, opp.id, 100);
  const metadata: PitchModalMetadata = { id: opp.id, before: evidence.map((e) => e.id), ...(channel ? { channel } : {}) };
  return pitchModal(ctx.tr(userId), ctx.org, { metadata, prefill: { ...opp, evidence } });
}

/** One page of `/pitch list`. */
export function listFor(ctx: AppContext, userId: string, filters: ListFilters, page: number, teamDomain: string | undefined): Message {
  const result = listRanked(ctx.db, { ...filters, viewer: userId, page, pageSize: PAGE_SIZE });
  return listMessage(ctx.tr(userId), ctx.org, ctx.languageOf(userId), result, filters, teamDomain);
}
