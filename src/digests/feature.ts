import type { FeatureModule } from '../context.js';
import { digestSubcommand, digestsJob } from './service.js';

/** Channel digests: the weekly job, and `/cadence digest [tribe]` on demand. */
export const digestsFeature: FeatureModule = {
  name: 'digests',
  register: () => undefined,
  jobs: [digestsJob],
  cadenceSubcommands: { digest: digestSubcommand },
};
