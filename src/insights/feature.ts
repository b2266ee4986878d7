import type { App, BlockAction, ButtonAction, StaticSelectAction } from '@slack/bolt';
import type { AppContext, ExportDefinition, FeatureModule } from '../context.js';
import { ACTIONS, VIEWS } from './blocks.js';
import { onDetails, onNotSame, onSameAs, onUndo } from './listeners/actions/confirmation.js';
import { onAddTags, onArchive, onAssignTeam, onRestore, onRouteTribe } from './listeners/actions/triage.js';
import { onInsightCommand } from './listeners/commands.js';
import { registerSearchInstead } from './listeners/actions/search-instead.js';
import { registerInsightPages } from './listeners/actions/pages.js';
import { onLogInsightShortcut } from './listeners/shortcuts.js';
import { onInsightModal, onTagsModal } from './listeners/views.js';
import { runTriageDelivery } from './service.js';
import { EXPORT_COLUMNS, exportInsights } from './store.js';

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

/** Wiring only: each listener lives in ./listeners/, by kind. */
function registerInsights(app: App, ctx: AppContext): void {
  registerSearchInstead(app, ctx);
  registerInsightPages(app, ctx);
  app.command('/insight', (args) => onInsightCommand(ctx, args));
  app.shortcut('log_insight', (args) => onLogInsightShortcut(ctx, args));
  app.view(VIEWS.insight, (args) => onInsightModal(ctx, args));
  app.view(VIEWS.tags, (args) => onTagsModal(ctx, args));

  // The confirmation's buttons.
  app.action<BlockAction<ButtonAction>>(ACTIONS.undo, (args) => onUndo(ctx, args));
  app.action<BlockAction<ButtonAction>>(ACTIONS.details, (args) => onDetails(ctx, args));
  app.action<BlockAction<ButtonAction>>(ACTIONS.sameAs, (args) => onSameAs(ctx, args));
  app.action<BlockAction<ButtonAction>>(ACTIONS.notSame, (args) => onNotSame(ctx, args));

  // Triage, on the card. ACTIONS.link ("Link to opportunity") is answered by src/opportunities (ACTION_LINK_TO_OPPORTUNITY).
  app.action<BlockAction<StaticSelectAction>>(ACTIONS.assignTeam, (args) => onAssignTeam(ctx, args));
  app.action<BlockAction<StaticSelectAction>>(ACTIONS.routeTribe, (args) => onRouteTribe(ctx, args));
  app.action<BlockAction<ButtonAction>>(ACTIONS.addTags, (args) => onAddTags(ctx, args));
  app.action<BlockAction<ButtonAction>>(ACTIONS.archive, (args) => onArchive(ctx, args));
  app.action<BlockAction<ButtonAction>>(ACTIONS.restore, (args) => onRestore(ctx, args));
}
