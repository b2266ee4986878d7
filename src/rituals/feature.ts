import type { FeatureModule } from '../context.js';
import { ritualsCli } from './cli.js';
import { registerRitualInteractions } from './interactions.js';
import { ritualsJob } from './jobs.js';
import { skipSubcommand } from './skip.js';

/**
 * The ritual calendar: a job that runs each due step once (reminders, calls
 * for topics and volunteers) through the delivery outbox, the buttons those
 * messages carry, `/cadence skip` and `cadence rituals next`.
 */
export const ritualsFeature: FeatureModule = {
  name: 'rituals',
  register: registerRitualInteractions,
  jobs: [ritualsJob],
  cliCommands: { rituals: ritualsCli },
  cadenceSubcommands: { skip: skipSubcommand },
};
