import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import type { AppContext } from '../../context.js';
import { contributionsTo } from '../../core/contributions.js';
import { tribeOfChannel } from '../../insights/index.js';
import { healthMessage, pitchModal, statusLabel, usageMessage } from '../blocks.js';
import { parsePitchCommand } from '../parse.js';
import { announceTransition, backlogHealth, canEdit, canView, transition } from '../service.js';
import { getOpportunity } from '../store.js';
import { detailFor, editModal, listFor, refusalText } from './shared.js';

export type CommandArgs = SlackCommandMiddlewareArgs & AllMiddlewareArgs;

function defaultTribe(ctx: AppContext, userId: string, channel: string | undefined): string | undefined {
  const member = ctx.org.tribes.find((t) => t.members.includes(userId) || t.lead === userId || t.impactTeams.some((x) => x.lead === userId || x.members.includes(userId)));
  return member?.key ?? tribeOfChannel(ctx.org, channel)?.key;
}

/** `/pitch`: the form, help, list, health, show, edit, move. */
export async function onPitchCommand(ctx: AppContext, { command, ack, client }: CommandArgs): Promise<void> {
  const user = command.user_id;
  const tr = ctx.tr(user);
  const parsed = parsePitchCommand(ctx.org, command.text ?? '');
  switch (parsed.kind) {
    case 'modal': {
      if (ctx.org.commitments.length === 0) {
        await ack({ response_type: 'ephemeral', text: tr('opp.noCommitments') });
        return;
      }
      await ack();
      const tribe = defaultTribe(ctx, user, command.channel_id);
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
      await ack({ response_type: 'ephemeral', ...listFor(ctx, user, parsed.filters, 0, command.team_domain) });
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
      const detail = detailFor(ctx, user, parsed.id, command.team_domain);
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
      await client.views.open({ trigger_id: command.trigger_id, view: editModal(ctx, user, opp, command.channel_id) });
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
}
