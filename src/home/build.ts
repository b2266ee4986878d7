import type { KnownBlock } from '@slack/types';
import type { ViewsPublishArguments } from '@slack/web-api';
import { DateTime } from 'luxon';
import type { AppContext } from '../context.js';
import { agendaHomeBlocks } from '../agenda/index.js';
import { languageSelectFor } from '../core/language-select.js';
import { isAdmin, isProductPerson } from '../core/roles.js';
import { myInsightsBlocks, levelOf, myInsights } from '../notifications/index.js';
import { roadmapBalance, roadmapHomeBlocks } from '../roadmap/index.js';
import { skipLookup, upcoming } from '../rituals/index.js';
import { HOME_LIST_LIMIT, homeView } from './blocks.js';
import { channelStates, setupProblems, type ConversationsInfoClient } from './checklist.js';
import { bugsOwnedBy, myInsightCounts, opportunitiesOwnedBy, reportedBy, slotsOf, triageFor } from './queries.js';

/** What a Home listener needs from the app context. */
export type HomeContext = Pick<AppContext, 'db' | 'org' | 'tr' | 'languageOf' | 'clock'>;

/** What buildHome may be given beyond the store: the admin checklist's lines (computed with Web API calls). */
export interface HomeExtras {
  checklist?: readonly string[] | undefined;
}

/** Builds one person's Home tab from the store (exported for tests and the benchmark). */
export function buildHome(ctx: Pick<AppContext, 'db' | 'org' | 'tr' | 'languageOf'>, userId: string, now: Date, extras: HomeExtras = {}) {
  const zone = ctx.org.organisation.timezone;
  const skips = skipLookup(ctx.db, ctx.org.organisation.holidays);
  const alignment = ctx.org.rituals.filter((r) => r.kind === 'alignment');
  const next = upcoming(alignment, zone, now, 1, skips)[0];
  const tr = ctx.tr(userId);
  const mine = myInsights(ctx.db, userId, HOME_LIST_LIMIT);
  const view = homeView(tr, ctx.org, {
    userId,
    now,
    zone,
    lang: ctx.languageOf(userId),
    dueSoonHours: ctx.org.bugs.dueSoonHours,
    roles: { product: isProductPerson(ctx.org, userId), admin: isAdmin(ctx.org, userId) },
    triage: triageFor(ctx.db, ctx.org, userId, HOME_LIST_LIMIT),
    bugs: bugsOwnedBy(ctx.db, userId, HOME_LIST_LIMIT),
    opportunities: opportunitiesOwnedBy(ctx.db, userId, HOME_LIST_LIMIT),
    mine: { ...myInsightCounts(ctx.db, userId), items: mine.items, reported: reportedBy(ctx.db, userId, mine.items.map((i) => i.id)) },
    // Meetings are keyed by their local start ('2026-11-26T14:00'): today's date keeps today's meeting listed until midnight.
    slots: slotsOf(ctx.db, userId, DateTime.fromJSDate(now, { zone }).toISODate() ?? '', HOME_LIST_LIMIT),
    nextMeeting: next ? { at: next.occurrence.start, name: next.ritual.name } : undefined,
    rituals: upcoming(ctx.org.rituals, zone, now, 5, skips),
    checklist: extras.checklist,
  });
  // The roadmap's balance (src/roadmap), for tribe leads (their tribes) and approvers and admins (every tribe).
  const wide = ctx.org.approvers.includes(userId) || ctx.org.admins.includes(userId);
  const led = ctx.org.tribes.filter((t) => wide || t.lead === userId).map((t) => t.key);
  const balance: KnownBlock[] = led.length ? [{ type: 'divider' }, ...roadmapHomeBlocks(tr, ctx.languageOf(userId), ctx.org, roadmapBalance(ctx, led))] : [];
  // Settings at the bottom: how much I hear of my insights (src/notifications), and my language.
  const level = myInsightsBlocks(tr, { total: 0, items: [] }, levelOf(ctx.db, userId), () => '').filter((b) => b.block_id === 'loop_settings');
  const settings: KnownBlock[] = [{ type: 'divider' }, { type: 'section', text: { type: 'mrkdwn', text: tr('home.settings.heading') } }, ...level, ...languageSelectFor(ctx, userId)];
  // Sections other features add go between the balance and the settings: settings stay last.
  const approver = agendaHomeBlocks(ctx, userId, now); // the approvers' To validate / Outcomes to record (src/agenda/home.ts)
  return { ...view, blocks: [...view.blocks, ...balance, ...approver, ...settings] };
}

/** What publishing needs: the store, and Slack (views.publish; conversations.info for an admin's checklist). */
export type PublishContext = Pick<AppContext, 'db' | 'org' | 'tr' | 'languageOf' | 'clock'>;
export interface PublishClient extends ConversationsInfoClient {
  views: { publish(args: ViewsPublishArguments): Promise<unknown> };
}

/** The admin checklist's lines for this person (admins only: they ask Slack about each configured channel). */
export async function checklistFor(ctx: Pick<AppContext, 'org' | 'tr'>, client: ConversationsInfoClient, userId: string): Promise<string[] | undefined> {
  if (!isAdmin(ctx.org, userId)) return undefined;
  return setupProblems(ctx.tr(userId), ctx.org, await channelStates(client, ctx.org));
}

/** Builds and publishes one person's Home tab. */
export async function publishHome(ctx: PublishContext, client: PublishClient, userId: string): Promise<void> {
  const checklist = await checklistFor(ctx, client, userId);
  await client.views.publish({ user_id: userId, view: buildHome(ctx, userId, ctx.clock.now(), { checklist }) });
}
