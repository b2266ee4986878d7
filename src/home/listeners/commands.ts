import type { CadenceSubcommand } from '../../context.js';
import { isAdmin } from '../../core/roles.js';
import { checklistFor } from '../build.js';

/** `/cadence check`: the admin checklist, as on the admin's Home; others are told it is for admins. */
export const checkSubcommand: CadenceSubcommand = async ({ ack, command, client, respond }, _rest, ctx) => {
  const user = command.user_id;
  const tr = ctx.tr(user);
  if (!isAdmin(ctx.org, user)) {
    await ack({ response_type: 'ephemeral', text: tr('home.check.adminsOnly') });
    return;
  }
  // conversations.info for each configured channel may take longer than an ack may wait: ack first, answer after.
  await ack();
  const lines = (await checklistFor(ctx, client, user)) ?? [];
  const text = `${tr('home.check.heading')}\n${lines.length ? lines.join('\n') : tr('home.check.ok')}`;
  await respond({ response_type: 'ephemeral', text, blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }] });
};
