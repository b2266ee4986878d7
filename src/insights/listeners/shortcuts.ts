import type { AllMiddlewareArgs, SlackShortcutMiddlewareArgs } from '@slack/bolt';
import type { AppContext } from '../../context.js';
import { readShortcutMessage } from '../../slack/shortcut-message.js';
import { insightModal, type ModalMetadata } from '../blocks.js';
import type { InsightDraft } from '../parse.js';
import { afterPendingAcks } from '../service.js';

export type ShortcutArgs = SlackShortcutMiddlewareArgs & AllMiddlewareArgs;

/** "Log as insight" on any message: the form, prefilled with the message and its author as the customer's voice. */
export async function onLogInsightShortcut(ctx: AppContext, { shortcut, ack, client }: ShortcutArgs): Promise<void> {
  await ack();
  await afterPendingAcks();
  if (shortcut.type !== 'message_action') return;
  const user = shortcut.user.id;
  const channel = shortcut.channel.id;
  // Slack's documented payload may carry only `message.ts`; a bot's message has no
  // customer voice; attachments and files hold the content when `text` is empty;
  // markup becomes readable text in the form (issue 11 items 6 and 8).
  const read = readShortcutMessage(shortcut);
  const ts = read.ts ?? '';
  const voice = read.voice;
  const text = read.text;
  const tribe = ctx.org.tribes.find((t) => t.channel === channel || t.impactTeams.some((x) => x.channel === channel));
  const metadata: ModalMetadata = {
    channel,
    messageChannel: channel,
    messageTs: ts,
    ...(read.threadTs && read.threadTs !== ts ? { threadTs: read.threadTs } : {}),
    ...(voice ? { voice } : {}),
  };
  const prefill: Partial<InsightDraft> = { text, ...(tribe ? { tribe: tribe.key } : {}) };
  // trigger_id expires in 3 s: open first, then ask Slack for the permalink and update the modal.
  const opened = await client.views.open({ trigger_id: shortcut.trigger_id, view: insightModal(ctx.tr(user), ctx.org, { metadata, prefill }) });
  let permalink: string | undefined;
  try {
    if (read.ts) permalink = (await client.chat.getPermalink({ channel, message_ts: read.ts })).permalink;
  } catch (err) {
    ctx.logger.warn('insights: no permalink for the shortcut message; the link is built from the workspace domain instead:', err);
  }
  if (!permalink || !opened.view?.id) return;
  // Inputs keep what the person already typed: same block_id and action_id (Slack's views.update rule).
  await client.views.update({
    view_id: opened.view.id,
    ...(opened.view.hash ? { hash: opened.view.hash } : {}),
    view: insightModal(ctx.tr(user), ctx.org, { metadata: { ...metadata, permalink }, prefill }),
  });
}
