import type { FeatureModule } from '../context.js';
import { digestSubcommand, digestsJob } from './service.js';
import { registerDigestListeners } from './listeners/full-digest.js';

/** Channel digests: the weekly job, and `/cadence digest [tribe]` on demand. */
export const digestsFeature: FeatureModule = {
  name: 'digests',
  register: registerDigestListeners,
  jobs: [digestsJob],
  cadenceSubcommands: { digest: digestSubcommand },
};
