import type { BlockButtonAction } from '@slack/bolt';
import type { FeatureModule } from '../context.js';
import { ACTION_ADD_TO_CALENDAR, ACTION_JOIN } from '../rituals/index.js';
import { calendarCli } from './cli.js';
import { linkButton } from './listeners/actions.js';
import { calendarSubcommand } from './listeners/commands.js';
import { feedRoute } from './route.js';

/**
 * Rituals in people's calendars (issue 16): iCalendar feeds at
 * GET /calendar/<token>.ics (organisation, ritual, tribe, person), their
 * tokens (`cadence calendar tokens …`, and `/cadence calendar` for
 * one's own links), and the reminder link buttons (listeners/). The links
 * themselves (links.ts) are given to the ritual engine in src/features.ts.
 */
export const calendarFeedsFeature: FeatureModule = {
  name: 'calendar-feeds',
  register(app, ctx) {
    app.action<BlockButtonAction>(ACTION_ADD_TO_CALENDAR, (args) => linkButton(ctx, args));
    app.action<BlockButtonAction>(ACTION_JOIN, (args) => linkButton(ctx, args));
  },
  routes: (ctx) => [feedRoute(ctx)],
  cliCommands: { calendar: calendarCli },
  cadenceSubcommands: { calendar: calendarSubcommand },
};
