import { DateTime } from 'luxon';
import type { AppContext } from '../context.js';
import { agendaHomeBlocks } from '../agenda/index.js';
import { languageSelectFor } from '../core/language-select.js';
import { myInsightsBlocks, levelOf, myInsights } from '../notifications/index.js';
import { roadmapBalance, roadmapHomeBlocks } from '../roadmap/index.js';
import { skipLookup, upcoming } from '../rituals/index.js';
import { HOME_LIST_LIMIT, homeView } from './blocks.js';
import { bugsOwnedBy, opportunitiesOwnedBy, slotsOf, triageFor } from './queries.js';

/** What a Home listener needs from the app context. */
export type HomeContext = Pick<AppContext, 'db' | 'org' | 'tr' | 'languageOf' | 'clock'>;

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
  view.blocks.push(...agendaHomeBlocks(ctx, userId, now)); // the approvers' To validate / Outcomes to record (src/agenda/home.ts)
  // Closing the loop (src/notifications): what became of this person's insights, and how much they want to hear of it.
  const tr = ctx.tr(userId);
  const loop = myInsightsBlocks(tr, myInsights(ctx.db, userId, HOME_LIST_LIMIT), levelOf(ctx.db, userId), (count) => tr('home.more', { count }));
  // The roadmap's balance (src/roadmap), for tribe leads (their tribes) and approvers and admins (every tribe).
  const wide = ctx.org.approvers.includes(userId) || ctx.org.admins.includes(userId);
  const led = ctx.org.tribes.filter((t) => wide || t.lead === userId).map((t) => t.key);
  const balance = led.length ? [{ type: 'divider' as const }, ...roadmapHomeBlocks(tr, ctx.languageOf(userId), ctx.org, roadmapBalance(ctx, led))] : [];
  return { ...view, blocks: [...view.blocks, { type: 'divider' }, ...loop, ...balance, { type: 'divider' }, ...languageSelectFor(ctx, userId)] };
}
