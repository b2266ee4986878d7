import type { App } from '@slack/bolt';
import type { AppContext, CadenceSubcommand, FeatureModule } from '../context.js';
import { packageVersion } from '../paths.js';
import { helpMessage } from './blocks.js';
import { alignmentMeetingName, isAdmin, isProductPerson } from './roles.js';
import { cadenceFormsLine, cadenceSubcommandOf, languageSubcommand, unknownCadenceAnswer } from './cadence-words.js';
import { splitSubcommand } from './subcommand.js';

export { splitSubcommand };

/** The `/cadence` command itself; other features contribute subcommands through `cadenceSubcommands`. */
export function createCoreFeature(subcommands: Readonly<Record<string, CadenceSubcommand>> = {}): FeatureModule {
  return {
    name: 'core',
    register(app: App, ctx: AppContext) {
      const version = packageVersion();
      const builtin: Record<string, CadenceSubcommand> = {
        help: async ({ ack, command }) => {
          const tr = ctx.tr(command.user_id);
          const french = ctx.languageOf(command.user_id) === 'fr' ? { frenchForms: cadenceFormsLine(tr) } : {};
          const user = command.user_id;
          const msg = helpMessage(tr, {
            version,
            org: ctx.org.organisation.name,
            meeting: alignmentMeetingName(ctx.org),
            product: isProductPerson(ctx.org, user),
            admin: isAdmin(ctx.org, user),
            ...french,
          });
          await ack({ response_type: 'ephemeral', ...msg });
        },
        language: languageSubcommand,
      };
      const all = { ...builtin, ...subcommands };

      app.command('/cadence', async (args) => {
        const { sub, rest } = splitSubcommand(args.command.text ?? '');
        const handler = all[cadenceSubcommandOf(sub) || 'help'];
        if (!handler) {
          await args.ack({ response_type: 'ephemeral', text: unknownCadenceAnswer(ctx.tr(args.command.user_id), sub, Object.keys(all)) });
          return;
        }
        await handler(args, rest, ctx);
      });
    },
  };
}
