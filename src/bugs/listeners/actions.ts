import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs, UsersSelectAction } from '@slack/bolt';
import type { AppContext } from '../../context.js';
import type { KnownBlock } from '@slack/types';
import { translator } from '../../i18n/index.js';
import { acknowledgeBug, acknowledgedBlocks, parseAcknowledgeValue } from '../acknowledge.js';
import { ACTIONS_BLOCK_PREFIX, acknowledgedLine, bugRef, formatLateness, resolvedNotice, slackDate } from '../blocks.js';
import { normaliseKey } from '../parse.js';
import { assignBug, canManage, resolveBug } from '../service.js';
import { bugStore } from '../store.js';
import { deliverSoon } from './shared.js';

/*
 * The buttons on bug notices: Resolve, Reassign (a user select), Open (a link).
 */

export type ButtonArgs = SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs;
export type UserSelectArgs = SlackActionMiddlewareArgs<BlockAction<UsersSelectAction>> & AllMiddlewareArgs;

export async function onResolve(ctx: AppContext, { ack, action, body, respond }: ButtonArgs): Promise<void> {
  await ack();
  const userId = body.user.id;
  const tr = ctx.tr(userId);
  const key = normaliseKey(action.value ?? '');
  const bug = key ? bugStore(ctx.db).get(key) : undefined;
  if (!key || !bug) {
    await respond({ response_type: 'ephemeral', replace_original: false, text: tr('bug.error.unknownKey', { key: action.value ?? '' }) });
    return;
  }
  if (!canManage(ctx, bug, userId)) {
    await respond({ response_type: 'ephemeral', replace_original: false, text: tr('bug.error.notAllowedResolve', { key }) });
    return;
  }
  const now = ctx.clock.now();
  const r = resolveBug(ctx, key, now, userId, now);
  if (r.kind === 'resolved' || r.kind === 'already') {
    // The clicked message loses its buttons at once; other notices are updated through the outbox.
    const msg = resolvedNotice(tr, r.bug, ctx.org);
    await respond({ replace_original: true, text: msg.text, blocks: msg.blocks });
  }
  await deliverSoon(ctx);
}

export async function onReassign(ctx: AppContext, { ack, action, body, respond }: UserSelectArgs): Promise<void> {
  await ack();
  const userId = body.user.id;
  const tr = ctx.tr(userId);
  const key = action.block_id.startsWith(ACTIONS_BLOCK_PREFIX) ? normaliseKey(action.block_id.slice(ACTIONS_BLOCK_PREFIX.length)) : null;
  const bug = key ? bugStore(ctx.db).get(key) : undefined;
  const owner = action.selected_user;
  if (!key || !bug) {
    await respond({ response_type: 'ephemeral', replace_original: false, text: tr('bug.error.unknownKey', { key: key ?? '' }) });
    return;
  }
  if (!owner) return;
  if (!canManage(ctx, bug, userId)) {
    await respond({ response_type: 'ephemeral', replace_original: false, text: tr('bug.error.notAllowedAssign', { key }) });
    return;
  }
  const now = ctx.clock.now();
  const r = assignBug(ctx, key, owner, userId, now);
  if (r.kind === 'assigned') await respond({ response_type: 'ephemeral', replace_original: false, text: tr('bug.assign.done', { owner, bug: bugRef(r.bug) }) });
  else if (r.kind === 'same') await respond({ response_type: 'ephemeral', replace_original: false, text: tr('bug.assign.same', { owner, bug: bugRef(r.bug) }) });
  await deliverSoon(ctx);
}

/** A URL button still sends an action; Slack wants it acknowledged. */
export async function onOpenLink(_ctx: AppContext, { ack }: ButtonArgs): Promise<void> {
  await ack();
}

/** "I'm on it" on a breach notice: recorded once (who, when); the notice says so in place. */
export async function onAcknowledge(ctx: AppContext, { ack, action, body, respond }: ButtonArgs): Promise<void> {
  await ack();
  const userId = body.user.id;
  const tr = ctx.tr(userId);
  const target = parseAcknowledgeValue(action.value ?? '');
  const now = ctx.clock.now();
  const r = target ? acknowledgeBug(ctx, target.key, target.clockId, userId, now) : ({ kind: 'unknown' } as const);
  if (r.kind === 'unknown') {
    await respond({ response_type: 'ephemeral', replace_original: false, text: tr('bug.error.unknownKey', { key: target?.key ?? action.value ?? '' }) });
    return;
  }
  if (r.kind === 'closed') {
    await respond({ response_type: 'ephemeral', replace_original: false, text: tr('bug.ack.resolved', { bug: bugRef(r.bug) }) });
    return;
  }
  if (r.kind === 'already') {
    await respond({ response_type: 'ephemeral', replace_original: false, text: tr('bug.ack.already', { who: r.ack.user, bug: bugRef(r.bug), when: slackDate(r.ack.at, ctx.org.organisation.timezone, tr) }) });
    return;
  }
  const original = (body.message?.['blocks'] ?? []) as KnownBlock[];
  if (original.length > 0) {
    // The channel notice is in the organisation's language: so is the line added to it.
    const line = acknowledgedLine(translator(ctx.org.organisation.language), userId, now, ctx.org);
    const text = typeof body.message?.['text'] === 'string' ? body.message['text'] : '';
    await respond({ replace_original: true, text, blocks: acknowledgedBlocks(original, line) });
  }
  const grace = formatLateness(tr, ctx.org.bugs.acknowledgedGraceHours * 3_600_000);
  await respond({ response_type: 'ephemeral', replace_original: false, text: tr('bug.ack.done', { bug: bugRef(r.bug), grace }) });
}
