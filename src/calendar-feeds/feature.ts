import type { FeatureModule } from '../context.js';
import { ACTION_ADD_TO_CALENDAR, ACTION_JOIN } from '../rituals/index.js';
import { calendarCli } from './cli.js';
import { calendarSubcommand } from './command.js';
import { feedRoute } from './route.js';

/**
 * Rituals in people's calendars (issue 16): iCalendar feeds at
 * GET /calendar/<token>.ics (organisation, ritual, tribe, person), their
 * tokens (`cadence calendar tokens …`, and `/cadence calendar` for
 * one's own links), and the reminder link buttons.
 */
export const calendarFeedsFeature: FeatureModule = {
  name: 'calendar-feeds',
  register(app) {
    // Link buttons open their URL in the browser; Slack still reports the click, which only needs an ack.
    app.action(ACTION_ADD_TO_CALENDAR, async ({ ack }) => ack());
    app.action(ACTION_JOIN, async ({ ack }) => ack());
  },
  routes: (ctx) => [feedRoute(ctx)],
  cliCommands: { calendar: calendarCli },
  cadenceSubcommands: { calendar: calendarSubcommand },
};
