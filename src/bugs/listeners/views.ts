import type { AllMiddlewareArgs, SlackViewMiddlewareArgs } from '@slack/bolt';
import type { AppContext } from '../../context.js';
import { tellPrivately } from '../../slack/dm.js';
import { MODAL_ACTION, MODAL_BLOCKS, bugCard, bugRef, deadlineDate } from '../blocks.js';
import { validateDraft, type DraftField, type RawDraft } from '../parse.js';
import { registerBug } from '../service.js';
import { deliverSoon, ephemeral } from './shared.js';

export type ViewArgs = SlackViewMiddlewareArgs & AllMiddlewareArgs;

/** The `/bug` form: registers the bug, or points at the field to fix. */
export async function onRegisterModal(ctx: AppContext, { ack, view, body, client }: ViewArgs): Promise<void> {
  const userId = body.user.id;
  const tr = ctx.tr(userId);
  const values = view.state.values ?? {};
  const value = (block: string) => values[block]?.[MODAL_ACTION];
  const raw: RawDraft = {
    key: value(MODAL_BLOCKS.key)?.value ?? '',
    title: value(MODAL_BLOCKS.title)?.value ?? '',
    severity: value(MODAL_BLOCKS.severity)?.selected_option?.value ?? undefined,
    team: value(MODAL_BLOCKS.team)?.selected_option?.value ?? undefined,
    owners: value(MODAL_BLOCKS.owner)?.selected_user ? [value(MODAL_BLOCKS.owner)?.selected_user ?? ''] : [],
    qualified: value(MODAL_BLOCKS.qualified)?.selected_date ?? undefined,
    url: value(MODAL_BLOCKS.url)?.value ?? undefined,
  };
  const now = ctx.clock.now();
  const checked = validateDraft(raw, ctx.org, now);
  if ('problems' in checked) {
    const errors: Record<string, string> = {};
    for (const p of checked.problems) {
      const block = MODAL_BLOCKS[p.field satisfies DraftField];
      errors[block] = errors[block] ? `${errors[block]} ${tr(p.key, p.params)}` : tr(p.key, p.params);
    }
    await ack({ response_action: 'errors', errors });
    return;
  }
  const result = registerBug(ctx, checked.draft, 'modal', userId, now);
  if (result.kind === 'exists') {
    await ack({ response_action: 'errors', errors: { [MODAL_BLOCKS.key]: tr('bug.existsField', { key: result.bug.key }) } });
    return;
  }
  await ack();
  let channel = userId;
  try {
    const meta: unknown = JSON.parse(view.private_metadata || '{}');
    if (meta && typeof meta === 'object' && 'channel' in meta && typeof meta.channel === 'string') channel = meta.channel;
  } catch {
    // An unreadable private_metadata only costs where the confirmation goes.
  }
  const bug = result.bug;
  const confirmation = ephemeral(tr('bug.registered', { bug: bugRef(bug), deadline: deadlineDate(bug.deadline, ctx.org.organisation.timezone, tr) }), bugCard(tr, bug, ctx.org, now));
  const content = { text: confirmation.text, ...(confirmation.blocks ? { blocks: confirmation.blocks } : {}) };
  // Opened from a channel: an ephemeral note there. Opened from the App Home, or a
  // channel where the bot cannot answer (a DM between two people, a private
  // channel it is not in): a DM (the app's Messages tab).
  try {
    await tellPrivately({ db: ctx.db, client, logger: ctx.logger }, userId, channel, content);
  } finally {
    // The owner's "assigned to you" DM never waits for the next escalation run.
    await deliverSoon(ctx);
  }
}
