import type { FeatureModule } from '../context.js';
import { ritualsCli } from './cli.js';
import { skipSubcommand } from './skip.js';

/**
 * The ritual calendar. This module grows the scheduler job (claims each step
 * once and delivers it through the outbox), the agenda and the reminders.
 */
export const ritualsFeature: FeatureModule = {
  name: 'rituals',
  register() {
    // Listeners arrive with the agenda and reminder steps.
  },
  cliCommands: { rituals: ritualsCli },
  cadenceSubcommands: { skip: skipSubcommand },
};
