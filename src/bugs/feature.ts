/**
 * The zero-bug rule as a Cadence feature: `/bug`, its form, the buttons on
 * notices, the tracker webhook, the escalation job and the export.
 * Listeners stay thin: parse, call service.ts, answer.
 */
import { tellPrivately } from '../slack/dm.js';
import type { App, BlockAction, ButtonAction, UsersSelectAction } from '@slack/bolt';
import type { SectionBlock } from '@slack/types';
import type { AppContext, ExportDefinition, FeatureModule } from '../context.js';
import { splitBugSubcommand } from './words.js';
import { deliverPending } from '../delivery/outbox.js';
import type { Translate } from '../i18n/index.js';
import {
  ACTIONS_BLOCK_PREFIX,
  ACTION_OPEN,
  ACTION_REASSIGN,
  ACTION_RESOLVE,
  LIST_LIMIT,
  MODAL_ACTION,
  MODAL_BLOCKS,
  REGISTER_CALLBACK,
  bugCard,
  bugRef,
  formatDuration,
  listMessage,
  registerModal,
  resolvedNotice,
  slackDate,
  statsMessage,
  type Message,
} from './blocks.js';
import { runBugEscalation } from './escalation.js';
import { DEFAULT_FIGURES_WINDOW_DAYS } from './figures.js';
import { normaliseKey, parseListArgs, parseRegisterText, validateDraft, type DraftField, type Problem, type RawDraft } from './parse.js';
import { assignBug, bugFiguresAt, canManage, registerBug, reopenBug, resolveBug } from './service.js';
import { bugRisk, resolvedWithinSla } from './sla.js';
import { openBugKeys } from './list-query.js';
import { bugStore, type Bug } from './store.js';
import { webhookRoute } from './webhook.js';
import { trackerRoutes } from './trackers/route.js';
import { bugsCli } from './trackers/cli.js';

type Answer = { response_type: 'ephemeral'; text: string; blocks?: Message['blocks'] };

function ephemeral(text: string, msg?: Message): Answer {
  if (!msg) return { response_type: 'ephemeral', text };
  const intro: SectionBlock = { type: 'section', text: { type: 'mrkdwn', text } };
  return { response_type: 'ephemeral', text: `${text}\n${msg.text}`.slice(0, 3000), blocks: [intro, ...msg.blocks].slice(0, 50) };
}

function problemText(tr: Translate, problems: readonly Problem[]): string {
  return problems.map((p) => tr(p.key, p.params)).join('\n');
}

/** Sends what an action queued (DMs, notice updates) after Slack has its answer. */
async function deliverSoon(ctx: AppContext): Promise<void> {
  try {
    await deliverPending(ctx, ctx.clock.now(), { maxWaitMs: 0 });
  } catch (err) {
    ctx.logger.warn('bugs: delivery after an action failed (the job will retry):', err);
  }
}

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
    if (bug.resolvedAt) return { answer: ephemeral(tr('bug.existsResolved', { bug: bugRef(bug), key: bug.key, when: slackDate(bug.resolvedAt, zone) })), queued: false };
    const card = bugCard(tr, bug, ctx.org, now, { notices: store.notices(bug.key) });
    return { answer: ephemeral(tr('bug.exists', { bug: bugRef(bug), when: slackDate(bug.createdAt, zone) }), card), queued: false };
  }
  const bug = result.bug;
  const card = bugCard(tr, bug, ctx.org, now);
  return { answer: ephemeral(tr('bug.registered', { bug: bugRef(bug), deadline: slackDate(bug.deadline, zone) }), card), queued: bug.owner !== null && bug.owner !== userId };
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

function register(app: App, ctx: AppContext): void {
  app.command('/bug', async ({ ack, command, client }) => {
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
          if (r.kind === 'notResolved') await ack(ephemeral(tr('bug.reopen.notResolved', { bug: bugRef(r.bug), deadline: slackDate(r.bug.deadline, zone) })));
          else if (r.kind === 'reopened') await ack(ephemeral(tr('bug.reopened', { bug: bugRef(r.bug), deadline: slackDate(r.bug.deadline, zone) })));
          else await ack(ephemeral(tr('bug.error.unknownKey', { key })));
          return;
        }
        if (!canManage(ctx, bug, userId)) {
          await ack(ephemeral(tr(sub === 'resolve' ? 'bug.error.notAllowedResolve' : 'bug.error.notAllowedAssign', { key })));
          return;
        }
        if (sub === 'resolve') {
          const r = resolveBug(ctx, key, now, userId, now);
          if (r.kind === 'already') await ack(ephemeral(tr('bug.resolved.already', { bug: bugRef(r.bug), when: slackDate(r.bug.resolvedAt ?? now, zone) })));
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
  });

  app.view(REGISTER_CALLBACK, async ({ ack, view, body, client }) => {
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
    const confirmation = ephemeral(tr('bug.registered', { bug: bugRef(bug), deadline: slackDate(bug.deadline, ctx.org.organisation.timezone) }), bugCard(tr, bug, ctx.org, now));
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
  });

  app.action<BlockAction<ButtonAction>>(ACTION_RESOLVE, async ({ ack, action, body, respond }) => {
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
  });

  app.action<BlockAction<UsersSelectAction>>(ACTION_REASSIGN, async ({ ack, action, body, respond }) => {
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
  });

  // A URL button still sends an action; Slack wants it acknowledged.
  app.action(ACTION_OPEN, async ({ ack }) => {
    await ack();
  });
}

const EXPORT_COLUMNS = [
  'key',
  'title',
  'severity',
  'team',
  'owner',
  'owner_email',
  'url',
  'source',
  'reported_by',
  'qualified_at',
  'clock',
  'clock_started_at',
  'deadline',
  'status',
  'resolved_at',
  'resolved_by',
  'within_sla',
  'created_at',
  'updated_at',
] as const;

export const bugsExport: ExportDefinition = {
  kind: 'bugs',
  columns: EXPORT_COLUMNS,
  *rows(ctx) {
    for (const b of bugStore(ctx.db).all()) {
      yield {
        key: b.key,
        title: b.title,
        severity: b.severity,
        team: b.team,
        owner: b.owner,
        owner_email: b.ownerEmail,
        url: b.url,
        source: b.source,
        reported_by: b.reportedBy,
        qualified_at: b.qualifiedAt,
        clock: b.clockId,
        clock_started_at: b.clockStartedAt,
        deadline: b.deadline,
        status: b.droppedAt ? 'dropped' : b.resolvedAt ? 'resolved' : 'open',
        resolved_at: b.resolvedAt,
        resolved_by: b.resolvedBy,
        within_sla: b.resolvedAt ? resolvedWithinSla(b.deadline, b.resolvedAt) : null,
        created_at: b.createdAt,
        updated_at: b.updatedAt,
      };
    }
  },
};

export const bugsFeature: FeatureModule = {
  name: 'bugs',
  register,
  jobs: [
    {
      name: 'bug-escalation',
      description: 'warns before bug SLA deadlines, flags breaches and escalates them, exactly once per level',
      schedule: '*/15 * * * *',
      runAtStartup: true,
      run: (ctx, now) => runBugEscalation(ctx, now),
    },
  ],
  exports: [bugsExport],
  cliCommands: { bugs: bugsCli },
  // Cadence's own JSON, then each tracker's native webhook (issue 13).
  routes: (ctx) => [webhookRoute(ctx), ...trackerRoutes(ctx)],
};
