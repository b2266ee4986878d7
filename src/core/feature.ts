import type { App } from '@slack/bolt';
import { languages, type Language } from '../config/org.js';
import type { AppContext, CadenceSubcommand, FeatureModule } from '../context.js';
import { packageVersion } from '../paths.js';
import { helpMessage } from './blocks.js';
import { setUserLanguage } from './settings.js';
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
          const msg = helpMessage(ctx.tr(command.user_id), { version, org: ctx.org.organisation.name });
          await ack({ response_type: 'ephemeral', ...msg });
        },
        language: async ({ ack, command }, rest) => {
          const wanted = rest.toLowerCase();
          if (!isLanguage(wanted)) {
            await ack({ response_type: 'ephemeral', text: ctx.tr(command.user_id)('language.usage', { given: rest || ' ' }) });
            return;
          }
          setUserLanguage(ctx.db, command.user_id, wanted, ctx.clock.now());
          await ack({ response_type: 'ephemeral', text: ctx.tr(command.user_id)('language.set') });
        },
      };
      const all = { ...builtin, ...subcommands };

      app.command('/cadence', async (args) => {
        const { sub, rest } = splitSubcommand(args.command.text ?? '');
        const handler = all[sub || 'help'];
        if (!handler) {
          await args.ack({ response_type: 'ephemeral', text: ctx.tr(args.command.user_id)('cadence.unknown', { sub }) });
          return;
        }
        await handler(args, rest, ctx);
      });
    },
  };
}

function isLanguage(value: string): value is Language {
  return (languages as readonly string[]).includes(value);
}
