import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs, UsersSelectAction } from '@slack/bolt';
import type { AppContext } from '../../context.js';
import { ACTIONS_BLOCK_PREFIX, bugRef, resolvedNotice } from '../blocks.js';
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
