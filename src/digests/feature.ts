import type { FeatureModule } from '../context.js';
import { digestsJob } from './service.js';
import { digestSubcommand } from './listeners/commands.js';
import { registerDigestListeners } from './listeners/actions.js';

/** Channel digests: the weekly job, and `/cadence digest [tribe]` on demand. */
export const digestsFeature: FeatureModule = {
  name: 'digests',
  register: registerDigestListeners,
  jobs: [digestsJob],
  cadenceSubcommands: { digest: digestSubcommand },
};
