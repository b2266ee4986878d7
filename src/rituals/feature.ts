import type { App, BlockButtonAction } from '@slack/bolt';
import type { AppContext, FeatureModule, JobDefinition } from '../context.js';
import { ACTION_BREAKFAST_INSIGHT, ACTION_PROPOSE_TOPIC, ACTION_VOLUNTEER, VIEW_PROPOSE_TOPIC } from './blocks.js';
import { ritualsCli } from './cli.js';
import type { RitualExtensions } from './extensions.js';
import { composeEffects, createRitualsJob, type StepEffects } from './jobs.js';
import { breakfastInsightButton, proposeTopicButton, volunteerButton } from './listeners/actions.js';
import { createSkipSubcommand } from './listeners/commands.js';
import { topicSubmitted } from './listeners/views.js';

export interface RitualsFeature extends FeatureModule {
  /** The `rituals` job of this build (also in `jobs`). */
  job: JobDefinition;
  /** What a step does in this build: the registered handlers, then the engine's own. */
  effects: StepEffects;
}

/** The buttons ritual messages carry and the topic form (src/rituals/listeners/). */
function register(app: App, ctx: AppContext): void {
  app.action<BlockButtonAction>(ACTION_VOLUNTEER, (args) => volunteerButton(ctx, args));
  app.action<BlockButtonAction>(ACTION_BREAKFAST_INSIGHT, (args) => breakfastInsightButton(ctx, args));
  app.action<BlockButtonAction>(ACTION_PROPOSE_TOPIC, (args) => proposeTopicButton(ctx, args));
  app.view(VIEW_PROPOSE_TOPIC, (args) => topicSubmitted(ctx, args));
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
    register,
    job,
    effects,
    jobs: [job],
    cliCommands: { rituals: ritualsCli },
    cadenceSubcommands: { skip: createSkipSubcommand(ext.onSkip) },
  };
}
