import type { App, BlockButtonAction } from '@slack/bolt';
import type { AppContext, FeatureModule } from '../context.js';
import { ACTION_PAIRING_DONE, ACTION_PAIRING_INSIGHT, ACTION_PAIRING_SKIP } from './blocks.js';
import { insightButton, markButton } from './listeners/actions.js';
import { pairingSubcommand } from './listeners/commands.js';
import { pairingJob } from './service.js';

/**
 * Product ↔ customer-success immersion (issue 16): the `pairing` ritual step
 * (service.ts) pairs PMs with CSMs; the job opens each pair's group DM; the
 * introduction's buttons (Done, Skip this time, Log an insight) and
 * `/cadence pairing stats` for admins are in listeners/.
 */
function register(app: App, ctx: AppContext): void {
  const done = markButton('done');
  const skipped = markButton('skipped');
  app.action<BlockButtonAction>(ACTION_PAIRING_DONE, (args) => done(ctx, args));
  app.action<BlockButtonAction>(ACTION_PAIRING_SKIP, (args) => skipped(ctx, args));
  app.action<BlockButtonAction>(ACTION_PAIRING_INSIGHT, (args) => insightButton(ctx, args));
}

export const pairingFeature: FeatureModule = {
  name: 'pairing',
  register,
  jobs: [pairingJob],
  cadenceSubcommands: { pairing: pairingSubcommand },
};
