import { agendaFeature } from './agenda/feature.js';
import { bugsFeature } from './bugs/feature.js';
import { calendarFeedsFeature } from './calendar-feeds/feature.js';
import type { FeatureModule } from './context.js';
import { digestsFeature } from './digests/feature.js';
import { homeFeature } from './home/feature.js';
import { healthFeature } from './health/feature.js';
import { pairingFeature } from './pairing/feature.js';
import { ritualsFeature } from './rituals/feature.js';
import { insightsFeature } from './insights/feature.js';
import { opportunitiesFeature } from './opportunities/feature.js';
import { slackPlatformFeature } from './slack/platform.js';
import { notificationsFeature } from './notifications/feature.js';
import { roadmapFeature } from './roadmap/feature.js';

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
