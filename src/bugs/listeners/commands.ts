import { splitBugSubcommand } from '../words.js';
import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import type { AppContext } from '../../context.js';
import type { Translate } from '../../i18n/index.js';
import { LIST_LIMIT, bugCard, bugRef, deadlineDate, formatDuration, listMessage, registerModal, slackDate, statsMessage } from '../blocks.js';
import { DEFAULT_FIGURES_WINDOW_DAYS } from '../figures.js';
import { openBugKeys } from '../list-query.js';
import { normaliseKey, parseListArgs, parseRegisterText, validateDraft, type RawDraft } from '../parse.js';
import { assignBug, bugFiguresAt, canManage, registerBug, reopenBug, resolveBug } from '../service.js';
import { resolvedWithinSla } from '../sla.js';
import { bugStore, type Bug } from '../store.js';
import { deliverSoon, ephemeral, problemText, type Answer } from './shared.js';

export type CommandArgs = SlackCommandMiddlewareArgs & AllMiddlewareArgs;

function keyArg(rest: string): string | null {
  const [first] = rest.trim().split(/\s+/);
  return first ? normaliseKey(first) : null;
}

function registerAnswer(ctx: AppContext, tr: Translate, raw: RawDraft, userId: string): { answer: Answer; queued: boolean } {
  const now = ctx.clock.now();
  const checked = validateDraft(raw, ctx.org, now);
  if ('problems' in checked) return { answer: ephemeral(problemText(tr, checked.problems)), queued: false };
  const result = registerBug(ctx, checked.draft, 'command', userId, now);
  const store = bugStore(ctx.db);
  const zone = ctx.org.organisation.timezone;
  if (result.kind === 'exists') {
    const bug = result.bug;
    if (bug.resolvedAt) return { answer: ephemeral(tr('bug.existsResolved', { bug: bugRef(bug), key: bug.key, when: slackDate(bug.resolvedAt, zone, tr) })), queued: false };
    const card = bugCard(tr, bug, ctx.org, now, { notices: store.notices(bug.key) });
    return { answer: ephemeral(tr('bug.exists', { bug: bugRef(bug), when: slackDate(bug.createdAt, zone, tr) }), card), queued: false };
  }
  const bug = result.bug;
  const card = bugCard(tr, bug, ctx.org, now);
  return { answer: ephemeral(tr('bug.registered', { bug: bugRef(bug), deadline: deadlineDate(bug.deadline, zone, tr) }), card), queued: bug.owner !== null && bug.owner !== userId };
}

function resolvedText(tr: Translate, bug: Bug): string {
  const resolvedAt = bug.resolvedAt ?? bug.updatedAt;
  const duration = formatDuration(tr, resolvedAt.getTime() - bug.clockStartedAt.getTime());
  return resolvedWithinSla(bug.deadline, resolvedAt)
    ? tr('bug.resolved.within', { bug: bugRef(bug), duration })
    : tr('bug.resolved.late', { bug: bugRef(bug), duration, late: formatDuration(tr, resolvedAt.getTime() - bug.deadline.getTime()) });
}

function listAnswer(ctx: AppContext, tr: Translate, rest: string): Answer {
  const args = parseListArgs(rest, ctx.org);
  if ('key' in args) return ephemeral(tr(args.key, args.params));
  const now = ctx.clock.now();
  // The page and the count in SQL, on the open-bugs indexes (issue 19, item 10).
  const { keys, total } = openBugKeys(ctx.db, args, now, ctx.org.bugs.dueSoonHours, LIST_LIMIT);
  const store = bugStore(ctx.db);
  const shown = keys.map((key) => store.get(key)).filter((b): b is Bug => b !== undefined);
  const msg = listMessage(tr, shown, { filter: args.filter, team: args.team, total, org: ctx.org, now });
  return { response_type: 'ephemeral', ...msg };
}

function statsAnswer(ctx: AppContext, tr: Translate): Answer {
  const now = ctx.clock.now();
  const figures = bugFiguresAt(ctx, now);
  return { response_type: 'ephemeral', ...statsMessage(tr, figures, ctx.org, DEFAULT_FIGURES_WINDOW_DAYS) };
}

/** `/bug`: the form, help, list, stats, show, resolve, reopen, assign, or registering one in a line. */
export async function onBugCommand(ctx: AppContext, { ack, command, client }: CommandArgs): Promise<void> {
  const userId = command.user_id;
  const tr = ctx.tr(userId);
  const { sub, rest } = splitBugSubcommand(command.text ?? '');
  const now = ctx.clock.now();
  const store = bugStore(ctx.db);
  const zone = ctx.org.organisation.timezone;

  switch (sub) {
    case '': {
      await ack();
      await client.views.open({ trigger_id: command.trigger_id, view: registerModal(tr, ctx.org, { channel: command.channel_id }) });
      return;
    }
    case 'help':
      await ack(ephemeral(tr('bug.help')));
      return;
    case 'list':
      await ack(listAnswer(ctx, tr, rest));
      return;
    case 'stats':
      await ack(statsAnswer(ctx, tr));
      return;
    case 'show':
    case 'resolve':
    case 'reopen':
    case 'assign': {
      const key = keyArg(rest);
      if (!key) {
        await ack(ephemeral(sub === 'assign' ? tr('bug.assign.usage') : tr('bug.error.keyUsage', { sub })));
        return;
      }
      const bug = store.get(key);
      if (!bug) {
        await ack(ephemeral(tr('bug.error.unknownKey', { key })));
        return;
      }
      if (sub === 'show') {
        await ack({ response_type: 'ephemeral', ...bugCard(tr, bug, ctx.org, now, { notices: store.notices(key) }) });
        return;
      }
      if (sub === 'reopen') {
        const r = reopenBug(ctx, key, now, userId, now);
        if (r.kind === 'notResolved') await ack(ephemeral(tr('bug.reopen.notResolved', { bug: bugRef(r.bug), deadline: deadlineDate(r.bug.deadline, zone, tr) })));
        else if (r.kind === 'reopened') await ack(ephemeral(tr('bug.reopened', { bug: bugRef(r.bug), deadline: deadlineDate(r.bug.deadline, zone, tr) })));
        else await ack(ephemeral(tr('bug.error.unknownKey', { key })));
        return;
      }
      if (!canManage(ctx, bug, userId)) {
        await ack(ephemeral(tr(sub === 'resolve' ? 'bug.error.notAllowedResolve' : 'bug.error.notAllowedAssign', { key })));
        return;
      }
      if (sub === 'resolve') {
        const r = resolveBug(ctx, key, now, userId, now);
        if (r.kind === 'already') await ack(ephemeral(tr('bug.resolved.already', { bug: bugRef(r.bug), when: slackDate(r.bug.resolvedAt ?? now, zone, tr) })));
        else if (r.kind === 'resolved') await ack(ephemeral(resolvedText(tr, r.bug)));
        else await ack(ephemeral(tr('bug.error.unknownKey', { key })));
        await deliverSoon(ctx);
        return;
      }
      // assign
      const mentions = [...rest.matchAll(/<@([UW][A-Z0-9]+)(?:\|[^>]*)?>/g)].map((m) => m[1] ?? '');
      if (mentions.length !== 1 || !mentions[0]) {
        await ack(ephemeral(tr('bug.assign.usage')));
        return;
      }
      const r = assignBug(ctx, key, mentions[0], userId, now);
      if (r.kind === 'same') await ack(ephemeral(tr('bug.assign.same', { owner: mentions[0], bug: bugRef(r.bug) })));
      else if (r.kind === 'assigned') await ack(ephemeral(tr('bug.assign.done', { owner: mentions[0], bug: bugRef(r.bug) })));
      else await ack(ephemeral(tr('bug.error.unknownKey', { key })));
      await deliverSoon(ctx);
      return;
    }
    default: {
      const { answer, queued } = registerAnswer(ctx, tr, parseRegisterText(command.text ?? ''), userId);
      await ack(answer);
      if (queued) await deliverSoon(ctx);
    }
  }
}
