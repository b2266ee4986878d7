import type { App, BlockButtonAction, BlockStaticSelectAction } from '@slack/bolt';
import { registerModal } from '../bugs/index.js';
import type { AppContext, FeatureModule } from '../context.js';
import { insightModal } from '../insights/index.js';
import { upcoming } from '../rituals/index.js';
import { skipLookup } from '../rituals/index.js';
import { pitchModal } from '../opportunities/index.js';
import { ACTION_HOME_LOG_INSIGHT, ACTION_HOME_PITCH, ACTION_HOME_REGISTER_BUG, HOME_LIST_LIMIT, homeView } from './blocks.js';
import { DateTime } from 'luxon';
import { truncate } from '../slack/text.js';
import { bugsOwnedBy, opportunitiesOwnedBy, slotsOf, triageFor } from './queries.js';
import { ACTION_NOTIFY_LEVEL, myInsightsBlocks } from '../notifications/index.js';
import { isLevel, levelOf, myInsights, setLevel } from '../notifications/index.js';
import { roadmapHomeBlocks } from '../roadmap/index.js';
import { roadmapBalance } from '../roadmap/index.js';
import { languageSelectFor, registerLanguageSelect } from '../core/language-select.js';

/** Builds one person's Home tab from the store (exported for tests and the benchmark). */
export function buildHome(ctx: Pick<AppContext, 'db' | 'org' | 'tr' | 'languageOf'>, userId: string, now: Date) {
  const zone = ctx.org.organisation.timezone;
  const skips = skipLookup(ctx.db, ctx.org.organisation.holidays);
  const alignment = ctx.org.rituals.filter((r) => r.kind === 'alignment');
  const view = homeView(ctx.tr(userId), ctx.org, {
    userId,
    now,
    zone,
    lang: ctx.languageOf(userId),
    dueSoonHours: ctx.org.bugs.dueSoonHours,
    triage: triageFor(ctx.db, ctx.org, userId, HOME_LIST_LIMIT),
    bugs: bugsOwnedBy(ctx.db, userId, HOME_LIST_LIMIT),
    opportunities: opportunitiesOwnedBy(ctx.db, userId, HOME_LIST_LIMIT),
    // Meetings are keyed by their local start ('2026-11-26T14:00'): today's date keeps today's meeting listed until midnight.
    slots: slotsOf(ctx.db, userId, DateTime.fromJSDate(now, { zone }).toISODate() ?? '', HOME_LIST_LIMIT),
    nextMeeting: upcoming(alignment, zone, now, 1, skips)[0]?.occurrence.start,
    rituals: upcoming(ctx.org.rituals, zone, now, 5, skips),
  });
  // Closing the loop (src/notifications): what became of this person's insights, and how much they want to hear of it.
  const tr = ctx.tr(userId);
  const loop = myInsightsBlocks(tr, myInsights(ctx.db, userId, HOME_LIST_LIMIT), levelOf(ctx.db, userId), (count) => tr('home.more', { count }));
  // The roadmap's balance (src/roadmap), for tribe leads (their tribes) and approvers and admins (every tribe).
  const wide = ctx.org.approvers.includes(userId) || ctx.org.admins.includes(userId);
  const led = ctx.org.tribes.filter((t) => wide || t.lead === userId).map((t) => t.key);
  const balance = led.length ? [{ type: 'divider' as const }, ...roadmapHomeBlocks(tr, ctx.languageOf(userId), ctx.org, roadmapBalance(ctx, led))] : [];
  return { ...view, blocks: [...languageSelectFor(ctx, userId), ...view.blocks, { type: 'divider' }, ...loop, ...balance] };
}

function register(app: App, ctx: AppContext): void {
  registerLanguageSelect(app, ctx, (user) => ctx.client.views.publish({ user_id: user, view: buildHome(ctx, user, ctx.clock.now()) }));
  // Rebuilt each time the tab is opened, never on a timer. A retried event
  // publishes the same view again, which is harmless.
  app.event('app_home_opened', async ({ event, client, context }) => {
    // Slack's documented payload may omit `tab` (older clients): that is the Home tab.
    if (event.tab !== undefined && event.tab !== 'home') return;
    // A redelivery (x-slack-retry-num) of an event the first delivery is already
    // publishing: publishing twice would only race the first (issue 11).
    if (typeof context.retryNum === 'number' && context.retryNum > 0) return;
    await client.views.publish({ user_id: event.user, view: buildHome(ctx, event.user, ctx.clock.now()) });
  });

  // The "News of my insights" setting (src/notifications): saved, then the tab is redrawn with it.
  app.action<BlockStaticSelectAction>(ACTION_NOTIFY_LEVEL, async ({ ack, body, action, client }) => {
    await ack();
    const level = action.selected_option.value;
    if (!isLevel(level)) return;
    setLevel(ctx.db, body.user.id, level, ctx.clock.now());
    await client.views.publish({ user_id: body.user.id, view: buildHome(ctx, body.user.id, ctx.clock.now()) });
  });

  app.action<BlockButtonAction>(ACTION_HOME_LOG_INSIGHT, async ({ ack, body, client }) => {
    await ack();
    await client.views.open({ trigger_id: body.trigger_id, view: insightModal(ctx.tr(body.user.id), ctx.org, { metadata: {} }) });
  });

  app.action<BlockButtonAction>(ACTION_HOME_PITCH, async ({ ack, body, client }) => {
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
  });

  app.action<BlockButtonAction>(ACTION_HOME_REGISTER_BUG, async ({ ack, body, client }) => {
    await ack();
    // No channel to confirm in: the confirmation comes as a direct message.
    await client.views.open({ trigger_id: body.trigger_id, view: registerModal(ctx.tr(body.user.id), ctx.org, { channel: body.user.id }) });
  });
}

/** The personal App Home tab. */
export const homeFeature: FeatureModule = { name: 'home', register };
