import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import type { AppContext } from '../../context.js';
import { deferredTurn } from '../../core/after-acks.js';
import { decodeEntities, inertText, plainOf, truncate } from '../../slack/text.js';
import { confirmationMessage, duplicateHintMessage, insightModal, resultsMessage, usageMessage } from '../blocks.js';
import { parseInsightCommand } from '../parse.js';
import { deliverOrHold, storeInsight } from '../service.js';
import { listPage, searchPage } from './actions/pages.js';
import { problemText, tell } from './shared.js';

export type CommandArgs = SlackCommandMiddlewareArgs & AllMiddlewareArgs;

/** `/insight`: the form, help, search, list, or logging one in a line. */
export async function onInsightCommand(ctx: AppContext, { command, ack, client, respond }: CommandArgs): Promise<void> {
  const user = command.user_id;
  const tr = ctx.tr(user);
  const parsed = parseInsightCommand(ctx.org, command.text ?? '', command.channel_id);
  switch (parsed.kind) {
    case 'modal': {
      await ack();
      const tribe = ctx.org.tribes.find((t) => t.channel === command.channel_id || t.impactTeams.some((x) => x.channel === command.channel_id));
      await client.views.open({
        trigger_id: command.trigger_id,
        view: insightModal(tr, ctx.org, { metadata: { channel: command.channel_id }, prefill: tribe ? { tribe: tribe.key } : {} }),
      });
      return;
    }
    case 'help':
      await ack({ response_type: 'ephemeral', ...usageMessage(tr) });
      return;
    case 'error': {
      const lead = problemText(ctx, user, parsed.problem);
      const withUsage = parsed.problem.key === 'insight.error.empty';
      await ack({ response_type: 'ephemeral', ...(withUsage ? usageMessage(tr, lead) : { text: lead }) });
      return;
    }
    case 'search':
      // Paged like /pitch list (issue 14 item 17): Previous / Next in src/insights/listeners/actions/pages.ts.
      await ack({ response_type: 'ephemeral', ...searchPage(ctx, user, parsed.words, 0, command.team_domain) });
      return;
    case 'list':
      await ack({ response_type: 'ephemeral', ...listPage(ctx, user, parsed.filters, 0, command.team_domain) });
      return;
    case 'log': {
      // The ack path: one write transaction, then the confirmation in the ack body. No read
      // over the full-text index, no Slack call: the duplicate hint and the card come after.
      const insight = storeInsight(ctx, parsed.draft, { reporterId: user, channelId: command.channel_id });
      await ack({
        response_type: 'ephemeral',
        ...confirmationMessage(tr, ctx.org, insight, { duplicates: [], undoMinutes: ctx.org.insights.undoMinutes, teamDomain: command.team_domain, searchInstead: parsed.searchInstead }),
      });
      // The hint's full-text search and the card wait their turn behind newer acks (decision 0022).
      await deferredTurn();
      // Look-alikes are found before the card is posted (issue 14 item 12): with any, the card
      // waits for the reporter's answer (Same as #n, or No, it is new); without, it goes now.
      const duplicates = await deliverOrHold(ctx, insight);
      const hint = duplicateHintMessage(tr, ctx.org, insight, duplicates, command.team_domain, true);
      if (hint) {
        // A second ephemeral message: a slash command's response_url cannot replace the ack's (decision 0015).
        let answer: Awaited<ReturnType<typeof respond>> | undefined;
        try {
          answer = await respond({ response_type: 'ephemeral', replace_original: false, ...hint });
        } catch (err) {
          ctx.logger.debug('insights: the duplicate hint could not go through the response_url; sending it as a note instead:', err);
          await tell(ctx, user, command.channel_id, hint);
        }
        // Bolt leaves the answer unread, and undici keeps the connection busy until it is read:
        // unread, every hint opened a new connection and acks stalled for up to a second under load.
        await answer?.arrayBuffer().catch(() => undefined);
      }
      return;
    }
  }
}
