import { agendaFeature } from './agenda/feature.js';
import { agendaStepHandler, releaseSkippedOccurrence } from './agenda/index.js';
import { bugsFeature } from './bugs/feature.js';
import { calendarFeedsFeature } from './calendar-feeds/feature.js';
import { reminderLinks } from './calendar-feeds/index.js';
import type { AppContext, FeatureModule } from './context.js';
import { digestsFeature } from './digests/feature.js';
import { homeFeature } from './home/feature.js';
import { healthFeature } from './health/feature.js';
import { healthStepEffects } from './health/index.js';
import { pairingFeature } from './pairing/feature.js';
import { pairingStepEffects } from './pairing/index.js';
import { createRitualsFeature } from './rituals/feature.js';
import { settleRitualSteps as settle, type RitualRunReport, type StepEffects } from './rituals/index.js';
import { insightsFeature } from './insights/feature.js';
import { opportunitiesFeature } from './opportunities/feature.js';
import { slackPlatformFeature } from './slack/platform.js';
import { notificationsFeature } from './notifications/feature.js';
import { roadmapFeature } from './roadmap/feature.js';

/**
 * The ritual engine with what the meeting features add to it (they register
 * here; the engine imports none of them). Step handlers in order of
 * precedence: an agenda ritual's steps first, then health checks, then
 * pairing; the engine's own reminder and calls last.
 */
export const ritualsFeature = createRitualsFeature({
  steps: [agendaStepHandler, healthStepEffects, pairingStepEffects],
  onSkip: [releaseSkippedOccurrence],
  reminderLinks: [reminderLinks],
});

/** The `rituals` job of this build (tests and the CLI run it). */
export const ritualsJob = ritualsFeature.job;

/** Settles the due ritual steps with this build's handlers (or `effects`, in tests). */
export function settleRitualSteps(ctx: AppContext, now: Date, effects: StepEffects = ritualsFeature.effects): RitualRunReport {
  return settle(ctx, now, effects);
}
export type { StepEffects };

/**
 * The features this build of Cadence ships, in registration order. Adding a
 * capability means adding its module here (and its catalogue in src/i18n).
 * The core `/cadence` command is always registered first by buildApp.
 */
export const features: readonly FeatureModule[] = [
  insightsFeature,
  opportunitiesFeature,
  bugsFeature,
  ritualsFeature,
  agendaFeature,
  digestsFeature,
  homeFeature,
  notificationsFeature,
  roadmapFeature,
  calendarFeedsFeature,
  healthFeature,
  pairingFeature,
  slackPlatformFeature,
];

export function allJobs(list: readonly FeatureModule[] = features) {
  return list.flatMap((f) => f.jobs ?? []);
}

export function allExports(list: readonly FeatureModule[] = features) {
  return list.flatMap((f) => f.exports ?? []);
}
