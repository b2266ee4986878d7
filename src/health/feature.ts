import type { App, BlockButtonAction } from '@slack/bolt';
import type { AppContext, FeatureModule } from '../context.js';
import { ACTION_HEALTH_ANSWER, VIEW_HEALTH_SURVEY } from './blocks.js';
import { healthExport } from './export.js';
import { answerButton } from './listeners/actions.js';
import { surveySubmitted } from './listeners/views.js';

/**
 * Team health checks (issue 16): the survey DM's button and the anonymous
 * form (listeners/), `cadence export health` (export.ts) and the digest's
 * "Team health" lines (digest.ts, through the door). The steps (open,
 * remind, close) are in steps.ts, run by the ritual job.
 */
function register(app: App, ctx: AppContext): void {
  app.action<BlockButtonAction>(ACTION_HEALTH_ANSWER, (args) => answerButton(ctx, args));
  app.view(VIEW_HEALTH_SURVEY, (args) => surveySubmitted(ctx, args));
}

export const healthFeature: FeatureModule = {
  name: 'health',
  register,
  exports: [healthExport],
};
