import type { App, BlockAction, ButtonAction, CheckboxesAction, OverflowAction } from '@slack/bolt';
import type { AppContext, ExportDefinition, FeatureModule } from '../context.js';
import { ACTION_LINK_TO_OPPORTUNITY } from '../insights/index.js';
import { ACTIONS, VIEWS } from './blocks.js';
import { onAddEvidence, onDetails, onEdit, onMore, onPitchDraft } from './listeners/actions/card.js';
import { onLinkFromInsight } from './listeners/actions/link.js';
import { onListPage } from './listeners/actions/pages.js';
import { onDraftToggle } from './listeners/actions/pitch-form.js';
import { onPitchCommand } from './listeners/commands.js';
import { onEvidenceOptions, onOpportunityOptions } from './listeners/options.js';
import { onEvidenceModal, onLinkModal, onPitchModal, onTransitionModal } from './listeners/views.js';
import { runCardDelivery } from './service.js';
import { EXPORT_COLUMNS, exportOpportunities } from './store.js';

export function createOpportunitiesFeature(): FeatureModule {
  const exportDefinition: ExportDefinition = { kind: 'opportunities', columns: EXPORT_COLUMNS, rows: (ctx) => exportOpportunities(ctx.db) };
  return {
    name: 'opportunities',
    register: (app, ctx) => registerOpportunities(app, ctx),
    jobs: [
      {
        name: 'opportunity-card-delivery',
        description: 'post opportunity cards that could not be posted right after pitching (Slack errors, restarts)',
        schedule: '*/5 * * * *',
        runAtStartup: true,
        run: (ctx, now) => runCardDelivery(ctx, now),
      },
    ],
    exports: [exportDefinition],
  };
}

export const opportunitiesFeature = createOpportunitiesFeature();

/** Wiring only: each listener lives in ./listeners/, by kind. */
function registerOpportunities(app: App, ctx: AppContext): void {
  app.command('/pitch', (args) => onPitchCommand(ctx, args));
  app.view(VIEWS.pitch, (args) => onPitchModal(ctx, args));
  app.action<BlockAction<CheckboxesAction>>(ACTIONS.draftToggle, (args) => onDraftToggle(ctx, args));

  // Evidence: the external selects' options, Add evidence.
  app.options(ACTIONS.evidenceSearch, (args) => onEvidenceOptions(ctx, args));
  app.action<BlockAction<ButtonAction>>(ACTIONS.addEvidence, (args) => onAddEvidence(ctx, args));
  app.view(VIEWS.evidence, (args) => onEvidenceModal(ctx, args));

  // Linking from an insight's triage card: insights draws the button, this feature answers it.
  app.options(ACTIONS.opportunitySearch, (args) => onOpportunityOptions(ctx, args));
  app.action<BlockAction<ButtonAction>>(ACTION_LINK_TO_OPPORTUNITY, (args) => onLinkFromInsight(ctx, args));
  app.view(VIEWS.link, (args) => onLinkModal(ctx, args));

  // The card's buttons and menu. ACTIONS.requestSlot ("Request an agenda slot") is answered by src/agenda (ACTION_REQUEST_AGENDA_SLOT).
  app.action<BlockAction<ButtonAction>>(ACTIONS.edit, (args) => onEdit(ctx, args));
  app.action<BlockAction<ButtonAction>>(ACTIONS.details, (args) => onDetails(ctx, args));
  app.action<BlockAction<ButtonAction>>(ACTIONS.pitch, (args) => onPitchDraft(ctx, args));
  app.action<BlockAction<OverflowAction>>(ACTIONS.more, (args) => onMore(ctx, args));
  app.view(VIEWS.transition, (args) => onTransitionModal(ctx, args));

  // `/pitch list` pages.
  app.action<BlockAction<ButtonAction>>(new RegExp(`^${ACTIONS.page}:`), (args) => onListPage(ctx, args));
}
