import type { FeatureModule, JobDefinition } from '../context.js';
import { ritualsCli } from './cli.js';
import type { RitualExtensions } from './extensions.js';
import { registerRitualInteractions } from './interactions.js';
import { composeEffects, createRitualsJob, type StepEffects } from './jobs.js';
import { createSkipSubcommand } from './skip.js';

export interface RitualsFeature extends FeatureModule {
  /** The `rituals` job of this build (also in `jobs`). */
  job: JobDefinition;
  /** What a step does in this build: the registered handlers, then the engine's own. */
  effects: StepEffects;
}

/**
 * The ritual calendar: a job that runs each due step once (reminders, calls
 * for topics and volunteers) through the delivery outbox, the buttons those
 * messages carry, `/cadence skip` and `cadence rituals next`. Higher features
 * (agenda, health, pairing, calendar feeds) add their steps, skip hooks and
 * reminder links through `ext`, given by the composition root (src/features.ts).
 */
export function createRitualsFeature(ext: RitualExtensions = {}): RitualsFeature {
  const effects = composeEffects(ext);
  const job = createRitualsJob(effects);
  return {
    name: 'rituals',
    register: registerRitualInteractions,
    job,
    effects,
    jobs: [job],
    cliCommands: { rituals: ritualsCli },
    cadenceSubcommands: { skip: createSkipSubcommand(ext.onSkip) },
  };
}
