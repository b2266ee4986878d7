import { tellPrivately } from '../slack/dm.js';
import type { AllMiddlewareArgs, App, BlockAction, ButtonAction, SlackActionMiddlewareArgs, StaticSelectAction, ViewStateValue } from '@slack/bolt';
import type { KnownBlock } from '@slack/types';
import { z } from 'zod';
import { deferredTurn } from '../core/after-acks.js';
import type { AppContext, ExportDefinition, FeatureModule } from '../context.js';
import { openLinkPicker } from '../opportunities/feature.js';
import {
  ACTIONS,
  FIELDS,
  VALUE,
  VIEWS,
  confirmationMessage,
  duplicateHintMessage,
  insightModal,
  resultsMessage,
  tagsModal,
  usageMessage,
  fingerprint,
  snapshotOf,
  type FormSnapshot,
  type ModalMetadata,
} from './blocks.js';
import { checkDraft, checkTags, parseInsightCommand, splitTagInput, type InsightDraft, type Problem } from './parse.js';
import {
  afterPendingAcks,
  canTriage,
  deliverTriageCard,
  duplicatesOf,
  refreshTriageCard,
  retireTriageCard,
  runTriageDelivery,
  storeInsight,
} from './service.js';
import {
  EXPORT_COLUMNS,
  archiveInsight,
  assignTeam,
  deleteInsight,
  exportInsights,
  getInsight,
  listInsights,
  markDuplicate,
  resetDelivery,
  restoreInsight,
  routeToTribe,
  searchInsights,
  setTags,
  updateInsightDetails,
  type Insight,
} from './store.js';
import { oncePerView } from '../slack/once-per-view.js';
import { registerSearchInstead } from './search-instead.js';
import { readShortcutMessage, threadAwareLink } from '../slack/shortcut-message.js';
import { decodeEntities, inertText, messageLink, plainOf, truncate } from '../slack/text.js';

type ButtonArgs = SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs;
type SelectArgs = SlackActionMiddlewareArgs<BlockAction<StaticSelectAction>> & AllMiddlewareArgs;

const modalMetadata = z.object({
  id: z.number().int().positive().optional(),
  channel: z.string().max(40).optional(),
  voice: z.string().max(40).optional(),
  messageChannel: z.string().max(40).optional(),
  messageTs: z.string().max(40).optional(),
  threadTs: z.string().max(40).optional(),
  permalink: z.string().max(1000).optional(),
  before: z
    .object({
      tags: z.array(z.string().max(60)).max(20),
      h: z.object({ text: z.string(), source: z.string(), customer: z.string(), arr: z.string(), segment: z.string(), tribe: z.string() }),
    })
    .optional(),
});
const tagsMetadata = z.object({ id: z.number().int().positive() });

function readMetadata<T>(schema: z.ZodType<T>, text: string): T | undefined {
  try {
    const parsed = schema.safeParse(JSON.parse(text || '{}'));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** "12" → 12; anything else (a forged or stale value) → undefined. */
function idOf(value: string | undefined): number | undefined {
  return value !== undefined && /^\d{1,15}$/.test(value) ? Number(value) : undefined;
}

/** "12:checkout" → [12, "checkout"]. */
function pairOf(value: string | undefined): [number, string] | undefined {
  const m = value === undefined ? null : /^(\d{1,15}):(.+)$/.exec(value);
  return m?.[1] && m[2] ? [Number(m[1]), m[2]] : undefined;
}

function stateText(values: Record<string, Record<string, ViewStateValue>>, block: string): string | undefined {
  const v = values[block]?.[VALUE];
  return v?.value ?? v?.selected_option?.value ?? undefined;
}

export function createInsightsFeature(): FeatureModule {
  const exportDefinition: ExportDefinition = {
    kind: 'insights',
    columns: EXPORT_COLUMNS,
    rows: (ctx) => exportInsights(ctx.db),
  };
  return {
    name: 'insights',
    register: (app, ctx) => registerInsights(app, ctx),
    jobs: [
      {
        name: 'insights-triage-delivery',
        description: 'post triage cards that could not be posted right after logging (Slack errors, restarts)',
        schedule: '*/5 * * * *',
        runAtStartup: true,
        run: (ctx, now) => runTriageDelivery(ctx, now),
      },
    ],
    exports: [exportDefinition],
  };
}

export const insightsFeature = createInsightsFeature();

function registerInsights(app: App, ctx: AppContext): void {
  registerSearchInstead(app, ctx);
  const say = (userId: string) => ctx.tr(userId);
  const problemText = (userId: string, p: Problem) => say(userId)(p.key, p.params);

  /** An ephemeral note to one person where they are; a DM when the channel refuses (e.g. a DM the bot is not in). */
  async function tell(userId: string, channel: string | undefined, message: { text: string; blocks?: KnownBlock[] }): Promise<void> {
    await tellPrivately(ctx, userId, channel, message);
  }

  // -------------------------------------------------------------------------
  // /insight
  // -------------------------------------------------------------------------
  app.command('/insight', async ({ command, ack, client, respond }) => {
    const user = command.user_id;
    const tr = say(user);
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
        const lead = problemText(user, parsed.problem);
        const withUsage = parsed.problem.key === 'insight.error.empty';
        await ack({ response_type: 'ephemeral', ...(withUsage ? usageMessage(tr, lead) : { text: lead }) });
        return;
      }
      case 'search': {
        const page = searchInsights(ctx.db, parsed.words);
        const notes = page.matchedAll ? [] : [tr('insight.search.anyWord')];
        // "Search is slow on tablets" reads like an insight too: always show the way to log it.
        const hint = tr('insight.search.logHint', { text: inertText(truncate(plainOf(parsed.words), 80)) });
        await ack({
          response_type: 'ephemeral',
          ...resultsMessage(tr, ctx.org, {
            title: tr('insight.search.title', { words: truncate(parsed.words, 80) }),
            items: page.items,
            total: page.total,
            totalCapped: page.totalCapped,
            emptyText: tr('insight.search.none', { words: truncate(parsed.words, 80) }),
            notes: page.items.length ? [...notes, hint] : [hint],
            teamDomain: command.team_domain,
          }),
        });
        return;
      }
      case 'list': {
        const f = parsed.filters;
        const page = listInsights(ctx.db, { ...f, reporter: f.reporter === 'me' ? user : undefined });
        await ack({
          response_type: 'ephemeral',
          ...resultsMessage(tr, ctx.org, {
            title: tr('insight.list.title'),
            items: page.items,
            total: page.total,
            totalCapped: page.totalCapped,
            emptyText: tr('insight.list.none'),
            teamDomain: command.team_domain,
          }),
        });
        return;
      }
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
        const hint = duplicateHintMessage(tr, ctx.org, insight, duplicatesOf(ctx, insight), command.team_domain);
        if (hint) {
          // A second ephemeral message: a slash command's response_url cannot replace the ack's (decision 0015).
          let answer: Awaited<ReturnType<typeof respond>> | undefined;
          try {
            answer = await respond({ response_type: 'ephemeral', replace_original: false, ...hint });
          } catch (err) {
            ctx.logger.debug('insights: the duplicate hint could not go through the response_url; sending it as a note instead:', err);
            await tell(user, command.channel_id, hint);
          }
          // Bolt leaves the answer unread, and undici keeps the connection busy until it is read:
          // unread, every hint opened a new connection and acks stalled for up to a second under load.
          await answer?.arrayBuffer().catch(() => undefined);
        }
        // A Slack failure here is retried by the delivery job, never lost.
        // Its own turn: rendering and claiming the card waits for acks that arrived during the hint.
        await deferredTurn();
        await deliverTriageCard(ctx, insight.id);
        return;
      }
    }
  });

  // -------------------------------------------------------------------------
  // "Log as insight" on any message
  // -------------------------------------------------------------------------
  app.shortcut('log_insight', async ({ shortcut, ack, client }) => {
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
    const opened = await client.views.open({ trigger_id: shortcut.trigger_id, view: insightModal(say(user), ctx.org, { metadata, prefill }) });
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
      view: insightModal(say(user), ctx.org, { metadata: { ...metadata, permalink }, prefill }),
    });
  });

  // -------------------------------------------------------------------------
  // The insight modal: create, or edit with "Add details"
  // -------------------------------------------------------------------------
  app.view(VIEWS.insight, async ({ ack, view, body }) => {
    const user = body.user.id;
    const tr = say(user);
    const meta = readMetadata(modalMetadata, view.private_metadata);
    const values = view.state.values ?? {};
    if (!meta) {
      await ack({ response_action: 'errors', errors: { [FIELDS.text]: tr('error.generic', { ref: 'metadata' }) } });
      return;
    }
    const checked = checkDraft(ctx.org, {
      text: stateText(values, FIELDS.text) ?? '',
      source: stateText(values, FIELDS.source),
      customer: stateText(values, FIELDS.customer),
      arr: stateText(values, FIELDS.arr),
      segment: stateText(values, FIELDS.segment),
      tribe: stateText(values, FIELDS.tribe),
      tags: splitTagInput(stateText(values, FIELDS.tags) ?? ''),
    });
    if ('problem' in checked) {
      // Modal fields are named after draft fields; a field missing from the form falls back to the text box.
      const block = checked.field in FIELDS && values[checked.field] ? checked.field : FIELDS.text;
      await ack({ response_action: 'errors', errors: { [block]: truncate(problemText(user, checked.problem), 150) } });
      return;
    }
    const draft = checked.draft;

    if (meta.id !== undefined) {
      const before = getInsight(ctx.db, meta.id);
      if (!before) {
        await ack({ response_action: 'errors', errors: { [FIELDS.text]: tr('insight.gone', { id: meta.id }) } });
        return;
      }
      if (before.reporterId !== user && !canTriage(ctx.org, user, before.tribe)) {
        await ack({ response_action: 'errors', errors: { [FIELDS.text]: truncate(tr('insight.edit.notAllowed', { id: meta.id }), 150) } });
        return;
      }
      // Only what this form changed is written: a tag a triager added while it was open stays (issue 19, item 4).
      const after = updateInsightDetails(ctx.db, meta.id, meta.before ? mergeEdit(before, draft, meta.before) : draft, ctx.clock.now());
      await ack();
      if (!after) return;
      await moveOrRefresh(before, after, user);
      await tell(user, meta.channel, { text: tr('insight.modal.saved', { id: after.id }) });
      return;
    }

    const permalink = meta.permalink ?? undefined;
    // The same view submitted twice (Submit clicked again after a slow ack) logs one insight.
    const once = oncePerView(ctx.db, { viewId: view.id, userId: user, kind: 'insight' }, ctx.clock.now(), () => {
      const stored = storeInsight(ctx, draft, {
        reporterId: user,
        voiceId: meta.voice ?? null,
        channelId: meta.messageChannel ?? meta.channel ?? null,
        messageTs: meta.messageTs ?? null,
        permalink:
          permalink ??
          (meta.messageChannel && meta.messageTs ? threadAwareLink(body.team?.domain, meta.messageChannel, meta.messageTs, meta.threadTs) ?? null : null),
      });
      return { value: stored, record: String(stored.id) };
    });
    await ack();
    if (once.repeated) return;
    const insight = once.value;
    await afterPendingAcks();
    // The modal has no ack body to carry the confirmation: one note, duplicate hint included.
    const message = confirmationMessage(tr, ctx.org, insight, {
      duplicates: duplicatesOf(ctx, insight),
      undoMinutes: ctx.org.insights.undoMinutes,
      teamDomain: body.team?.domain,
    });
    await deliverTriageCard(ctx, insight.id);
    await tell(user, meta.channel, message);
  });

  /** After an edit: a new tribe means a new card in the new channel; otherwise the card is redrawn. */
  async function moveOrRefresh(before: Insight, after: Insight, by: string): Promise<void> {
    if (before.tribe !== after.tribe) {
      if (before.triageChannel && before.triageTs) {
        await retireTriageCard(ctx, after, before.triageChannel, before.triageTs, by).catch((err: unknown) =>
          ctx.logger.warn(`insights: could not retire the old card of #${after.id}:`, err),
        );
      }
      resetDelivery(ctx.db, after.id);
      await deliverTriageCard(ctx, after.id);
      return;
    }
    await refreshTriageCard(ctx, after);
  }

  // -------------------------------------------------------------------------
  // Buttons on the confirmation
  // -------------------------------------------------------------------------
  app.action<BlockAction<ButtonAction>>(ACTIONS.undo, async ({ ack, body, action, respond }) => {
    await ack();
    await afterPendingAcks();
    const user = body.user.id;
    const tr = say(user);
    const id = idOf(action.value);
    const insight = id === undefined ? undefined : getInsight(ctx.db, id);
    if (id === undefined || !insight) {
      await respond({ replace_original: true, text: tr('insight.gone', { id: id ?? '?' }) });
      return;
    }
    // Rule 1: only the reporter; Rule 2: only within the window (from the clock, not the message).
    if (insight.reporterId !== user) {
      await respond({ response_type: 'ephemeral', replace_original: false, text: tr('insight.undo.notYours', { id }) });
      return;
    }
    const minutes = ctx.org.insights.undoMinutes;
    if (ctx.clock.now().getTime() - new Date(insight.createdAt).getTime() > minutes * 60_000) {
      await respond({ response_type: 'ephemeral', replace_original: false, text: tr('insight.undo.tooLate', { id, minutes }) });
      return;
    }
    deleteInsight(ctx.db, id);
    await respond({ replace_original: true, text: tr('insight.undo.done', { id }) });
    if (insight.triageChannel && insight.triageTs) {
      await ctx.client.chat.delete({ channel: insight.triageChannel, ts: insight.triageTs });
    }
  });

  app.action<BlockAction<ButtonAction>>(ACTIONS.details, async ({ ack, body, action, client, respond }) => {
    await ack();
    await afterPendingAcks();
    const user = body.user.id;
    const tr = say(user);
    const id = idOf(action.value);
    const insight = id === undefined ? undefined : getInsight(ctx.db, id);
    if (id === undefined || !insight) {
      await respond({ response_type: 'ephemeral', replace_original: false, text: tr('insight.gone', { id: id ?? '?' }) });
      return;
    }
    if (insight.reporterId !== user && !canTriage(ctx.org, user, insight.tribe)) {
      await respond({ response_type: 'ephemeral', replace_original: false, text: tr('insight.edit.notAllowed', { id }) });
      return;
    }
    const metadata: ModalMetadata = { id, ...(body.channel?.id ? { channel: body.channel.id } : {}) };
    if (insight.voiceId) metadata.voice = insight.voiceId;
    if (insight.permalink) metadata.permalink = insight.permalink;
    metadata.before = snapshotOf(insight);
    await client.views.open({ trigger_id: body.trigger_id, view: insightModal(tr, ctx.org, { metadata, prefill: insight }) });
  });

  app.action<BlockAction<ButtonAction>>(ACTIONS.sameAs, async ({ ack, body, action, respond }) => {
    await ack();
    await afterPendingAcks();
    const user = body.user.id;
    const tr = say(user);
    const pair = pairOf(action.value);
    const of = pair ? idOf(pair[1]) : undefined;
    const insight = pair ? getInsight(ctx.db, pair[0]) : undefined;
    if (!pair || of === undefined || !insight || !getInsight(ctx.db, of)) {
      await respond({ response_type: 'ephemeral', replace_original: false, text: tr('insight.gone', { id: pair?.[0] ?? '?' }) });
      return;
    }
    if (insight.reporterId !== user && !canTriage(ctx.org, user, insight.tribe)) {
      await respond({ response_type: 'ephemeral', replace_original: false, text: tr('insight.edit.notAllowed', { id: insight.id }) });
      return;
    }
    const marked = markDuplicate(ctx.db, insight.id, of, ctx.clock.now());
    if (!marked) return;
    const confirmation = confirmationMessage(tr, ctx.org, marked, { duplicates: [], undoMinutes: ctx.org.insights.undoMinutes, teamDomain: body.team?.domain });
    const note = tr('insight.sameAs.done', { id: insight.id, of });
    await respond({
      replace_original: true,
      text: `${note} ${confirmation.text}`,
      blocks: [{ type: 'section', text: { type: 'mrkdwn', text: note } }, ...confirmation.blocks],
    });
    await refreshTriageCard(ctx, marked);
  });

  // -------------------------------------------------------------------------
  // Triage, on the card in the tribe channel or the inbox
  // -------------------------------------------------------------------------

  /** Loads the insight named by an action and checks the person may triage it; answers them if not. */
  async function triageTarget(user: string, id: number | undefined, respond: ButtonArgs['respond']): Promise<Insight | undefined> {
    const tr = say(user);
    const insight = id === undefined ? undefined : getInsight(ctx.db, id);
    if (id === undefined || !insight) {
      await respond({ response_type: 'ephemeral', replace_original: false, text: tr('insight.gone', { id: id ?? '?' }) });
      return undefined;
    }
    if (!canTriage(ctx.org, user, insight.tribe)) {
      const tribe = ctx.org.tribes.find((t) => t.key === insight.tribe);
      const text = tribe ? tr('insight.triage.notAllowed', { tribe: tribe.name }) : tr('insight.triage.notAllowedInbox');
      await respond({ response_type: 'ephemeral', replace_original: false, text });
      return undefined;
    }
    return insight;
  }

  app.action<BlockAction<StaticSelectAction>>(ACTIONS.assignTeam, async ({ ack, body, action, respond }: SelectArgs) => {
    await ack();
    await afterPendingAcks();
    const user = body.user.id;
    const pair = pairOf(action.selected_option.value);
    const insight = await triageTarget(user, pair?.[0], respond);
    if (!insight || !pair) return;
    const tribe = ctx.org.tribes.find((t) => t.key === insight.tribe);
    if (!tribe?.impactTeams.some((team) => team.key === pair[1])) {
      await respond({ response_type: 'ephemeral', replace_original: false, text: say(user)('insight.triage.badTeam') });
      return;
    }
    const updated = assignTeam(ctx.db, insight.id, pair[1], user, ctx.clock.now());
    if (updated) await refreshTriageCard(ctx, updated);
  });

  app.action<BlockAction<StaticSelectAction>>(ACTIONS.routeTribe, async ({ ack, body, action, respond }: SelectArgs) => {
    await ack();
    await afterPendingAcks();
    const user = body.user.id;
    const pair = pairOf(action.selected_option.value);
    const insight = await triageTarget(user, pair?.[0], respond);
    if (!insight || !pair) return;
    const tribe = ctx.org.tribes.find((t) => t.key === pair[1]);
    if (!tribe) {
      await respond({ response_type: 'ephemeral', replace_original: false, text: say(user)('insight.error.unknownTribe', { given: pair[1], valid: ctx.org.tribes.map((t) => t.key).join(', ') }) });
      return;
    }
    const moved = routeToTribe(ctx.db, insight.id, tribe.key, ctx.clock.now());
    if (!moved) return;
    if (insight.triageChannel && insight.triageTs) await retireTriageCard(ctx, moved, insight.triageChannel, insight.triageTs, user);
    await deliverTriageCard(ctx, moved.id);
  });

  app.action<BlockAction<ButtonAction>>(ACTIONS.addTags, async ({ ack, body, action, respond, client }: ButtonArgs) => {
    await ack();
    await afterPendingAcks();
    const user = body.user.id;
    const insight = await triageTarget(user, idOf(action.value), respond);
    if (!insight) return;
    await client.views.open({ trigger_id: body.trigger_id, view: tagsModal(say(user), insight, { id: insight.id }) });
  });

  app.view(VIEWS.tags, async ({ ack, view, body }) => {
    const user = body.user.id;
    const tr = say(user);
    const meta = readMetadata(tagsMetadata, view.private_metadata);
    const insight = meta ? getInsight(ctx.db, meta.id) : undefined;
    if (!meta || !insight) {
      await ack({ response_action: 'errors', errors: { [FIELDS.tags]: tr('insight.gone', { id: meta?.id ?? '?' }) } });
      return;
    }
    if (!canTriage(ctx.org, user, insight.tribe)) {
      await ack({ response_action: 'errors', errors: { [FIELDS.tags]: tr(insight.tribe ? 'insight.triage.notAllowed' : 'insight.triage.notAllowedInbox', { tribe: insight.tribe ?? '' }) } });
      return;
    }
    const tags = checkTags(splitTagInput(stateText((view.state.values ?? {}), FIELDS.tags) ?? ''));
    if (!Array.isArray(tags)) {
      await ack({ response_action: 'errors', errors: { [FIELDS.tags]: truncate(problemText(user, tags), 150) } });
      return;
    }
    const updated = setTags(ctx.db, insight.id, tags, user, ctx.clock.now());
    await ack();
    if (updated) await refreshTriageCard(ctx, updated);
  });

  app.action<BlockAction<ButtonAction>>(ACTIONS.link, async (args: ButtonArgs) => {
    await args.ack();
    await handleLinkToOpportunity(ctx, args);
  });

  app.action<BlockAction<ButtonAction>>(ACTIONS.archive, async ({ ack, body, action, respond }: ButtonArgs) => {
    await ack();
    await afterPendingAcks();
    const user = body.user.id;
    const insight = await triageTarget(user, idOf(action.value), respond);
    if (!insight) return;
    const updated = archiveInsight(ctx.db, insight.id, user, ctx.clock.now());
    if (updated) await refreshTriageCard(ctx, updated);
  });

  app.action<BlockAction<ButtonAction>>(ACTIONS.restore, async ({ ack, body, action, respond }: ButtonArgs) => {
    await ack();
    await afterPendingAcks();
    const user = body.user.id;
    const insight = await triageTarget(user, idOf(action.value), respond);
    if (!insight) return;
    const updated = restoreInsight(ctx.db, insight.id, ctx.clock.now());
    if (updated) await refreshTriageCard(ctx, updated);
  });
}

/**
 * The triage card's "Link to opportunity" button: opens the opportunity
 * picker (src/opportunities), whose submission links the insight as evidence
 * and redraws this card.
 */
export async function handleLinkToOpportunity(ctx: AppContext, args: ButtonArgs): Promise<void> {
  await openLinkPicker(ctx, args);
}

/**
 * "Add details" applies what the person changed in the form, over the insight as it is now.
 * Rule 1: a field whose value is still the one the form showed keeps the stored value
 *         (someone may have changed it meanwhile).
 * Rule 2: tags are a difference: the tags added in the form are added, the ones
 *         removed in the form are removed, the others stay as they are now.
 */
export function mergeEdit(current: Insight, form: InsightDraft, shown: FormSnapshot): InsightDraft {
  const pick = <K extends keyof FormSnapshot['h']>(key: K): InsightDraft[K] => (fingerprint(form[key]) === shown.h[key] ? current[key] : form[key]);
  const added = form.tags.filter((t) => !shown.tags.includes(t));
  const removed = new Set(shown.tags.filter((t) => !form.tags.includes(t)));
  const tags = [...current.tags.filter((t) => !removed.has(t)), ...added.filter((t) => !current.tags.includes(t))];
  return { text: pick('text'), source: pick('source'), customer: pick('customer'), arr: pick('arr'), segment: pick('segment'), tribe: pick('tribe'), tags };
}
