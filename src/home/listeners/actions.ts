import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { ViewsOpenArguments } from '@slack/web-api';
import { bugStore, canManage, registerModal, resolveBug } from '../../bugs/index.js';
import type { AppContext } from '../../context.js';
import { deliverPending } from '../../delivery/outbox.js';
import { insightModal } from '../../insights/index.js';
import { isLevel, setLevel } from '../../notifications/index.js';
import { pitchModal } from '../../opportunities/index.js';
import { truncate } from '../../slack/text.js';
import { publishHome, type HomeContext, type PublishClient } from '../build.js';

export type HomeButtonArgs = SlackActionMiddlewareArgs<BlockButtonAction> & Pick<AllMiddlewareArgs, 'client'>;

/**
 * What the quick actions read, whether from a button (Home, help, welcome DM)
 * or a global ⚡ shortcut: both carry a trigger_id and the user.
 */
export interface QuickArgs {
  ack(): Promise<void>;
  body: { trigger_id: string; user: { id: string } };
  client: { views: { open(args: ViewsOpenArguments): Promise<unknown> } };
}

/** What the level handler reads of Bolt's arguments (Bolt passes more). */
export interface NotifyLevelArgs {
  ack(): Promise<void>;
  body: { user: { id: string } };
  action: { selected_option: { value: string } };
  client: PublishClient;
}

/** The "News of my insights" setting (src/notifications): saved, then the tab is redrawn with it. */
export async function onNotifyLevel(ctx: HomeContext, { ack, body, action, client }: NotifyLevelArgs): Promise<void> {
  await ack();
  const level = action.selected_option.value;
  if (!isLevel(level)) return;
  setLevel(ctx.db, body.user.id, level, ctx.clock.now());
  await publishHome(ctx, client, body.user.id);
}

export async function onLogInsight(ctx: HomeContext, { ack, body, client }: QuickArgs): Promise<void> {
  await ack();
  await client.views.open({ trigger_id: body.trigger_id, view: insightModal(ctx.tr(body.user.id), ctx.org, { metadata: {} }) });
}

export async function onPitch(ctx: HomeContext, { ack, body, client }: QuickArgs): Promise<void> {
  await ack();
  const tr = ctx.tr(body.user.id);
  if (ctx.org.commitments.length === 0) {
    // The pitch form's commitment select would have no option, which Slack refuses:
    // say why instead, as /pitch does (issue 11 item 3).
    await client.views.open({
      trigger_id: body.trigger_id,
      view: {
        type: 'modal',
        title: { type: 'plain_text', text: truncate(tr('opp.modal.title'), 24) },
        close: { type: 'plain_text', text: truncate(tr('home.close'), 24) },
        blocks: [{ type: 'section', text: { type: 'mrkdwn', text: tr('opp.noCommitments') } }],
      },
    });
    return;
  }
  await client.views.open({ trigger_id: body.trigger_id, view: pitchModal(tr, ctx.org, { metadata: {} }) });
}

export async function onRegisterBug(ctx: HomeContext, { ack, body, client }: QuickArgs): Promise<void> {
  await ack();
  // No channel to confirm in: the confirmation comes as a direct message.
  await client.views.open({ trigger_id: body.trigger_id, view: registerModal(ctx.tr(body.user.id), ctx.org, { channel: body.user.id }) });
}

/** What "Mark PAY-1 resolved" reads: the bug key in the button's value. */
export interface ResolveArgs {
  ack(): Promise<void>;
  body: { user: { id: string } };
  action: { value?: string | undefined };
  client: PublishClient;
}

/**
 * "Mark PAY-1 resolved" on the Home: the bugs feature's own rule (canManage)
 * and use case (resolveBug, which queues the notices' update), then the tab is
 * redrawn without the bug. A refused or unknown key changes nothing.
 */
export async function onResolveBug(ctx: Pick<AppContext, 'db' | 'org' | 'tr' | 'languageOf' | 'clock' | 'client' | 'logger'>, { ack, body, action, client }: ResolveArgs): Promise<void> {
  await ack();
  const user = body.user.id;
  const bug = bugStore(ctx.db).get(action.value ?? '');
  if (bug && canManage(ctx, bug, user)) {
    const now = ctx.clock.now();
    resolveBug(ctx, bug.key, now, user, now);
    try {
      await deliverPending(ctx, now, { maxWaitMs: 0 });
    } catch (err) {
      ctx.logger.warn('home: delivery after resolving a bug failed (the job will retry):', err);
    }
  }
  await publishHome(ctx, client, user);
}
