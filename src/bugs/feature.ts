/**
 * The zero-bug rule as a Cadence feature: `/bug`, its form, the buttons on
 * notices, the tracker webhook, the escalation job and the export.
 * Listeners (./listeners/, by kind) stay thin: parse, call service.ts, answer.
 */
import type { App, BlockAction, ButtonAction, UsersSelectAction } from '@slack/bolt';
import type { AppContext, FeatureModule } from '../context.js';
import { ACTION_ACKNOWLEDGE, ACTION_OPEN, ACTION_REASSIGN, ACTION_RESOLVE, REGISTER_CALLBACK } from './blocks.js';
import { runBugEscalation } from './escalation.js';
import { bugsExport } from './export.js';
import { onAcknowledge, onOpenLink, onReassign, onResolve } from './listeners/actions.js';
import { onBugCommand } from './listeners/commands.js';
import { onRegisterModal } from './listeners/views.js';
import { webhookRoute } from './webhook.js';
import { trackerRoutes } from './trackers/route.js';
import { bugsCli } from './trackers/cli.js';

/** Wiring only. */
function register(app: App, ctx: AppContext): void {
  app.command('/bug', (args) => onBugCommand(ctx, args));
  app.view(REGISTER_CALLBACK, (args) => onRegisterModal(ctx, args));
  app.action<BlockAction<ButtonAction>>(ACTION_RESOLVE, (args) => onResolve(ctx, args));
  app.action<BlockAction<UsersSelectAction>>(ACTION_REASSIGN, (args) => onReassign(ctx, args));
  app.action<BlockAction<ButtonAction>>(ACTION_OPEN, (args) => onOpenLink(ctx, args));
  app.action<BlockAction<ButtonAction>>(ACTION_ACKNOWLEDGE, (args) => onAcknowledge(ctx, args));
}

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
