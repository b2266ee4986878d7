import type { App } from '@slack/bolt';
import { languages, type Language } from '../config/org.js';
import type { AppContext, CadenceSubcommand, FeatureModule } from '../context.js';
import { packageVersion } from '../paths.js';
import { helpMessage } from './blocks.js';
import { setUserLanguage } from './settings.js';

/**
 * Slash commands and shortcuts that manifest.yml declares but whose feature has
 * not shipped in this build yet. They answer honestly instead of timing out;
 * each entry goes away when its feature registers the real listener.
 */
export const PENDING_COMMANDS: readonly string[] = [];
export const PENDING_SHORTCUTS: readonly string[] = [];

export function splitSubcommand(text: string): { sub: string; rest: string } {
  const trimmed = text.trim();
  const space = trimmed.search(/\s/);
  if (space === -1) return { sub: trimmed.toLowerCase(), rest: '' };
  return { sub: trimmed.slice(0, space).toLowerCase(), rest: trimmed.slice(space + 1).trim() };
}

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

      for (const command of PENDING_COMMANDS) {
        app.command(command, async ({ ack, command: cmd }) => {
          await ack({ response_type: 'ephemeral', text: ctx.tr(cmd.user_id)('command.notYet', { command }) });
        });
      }
      for (const callbackId of PENDING_SHORTCUTS) {
        app.shortcut(callbackId, async ({ ack, shortcut, client }) => {
          await ack();
          if (shortcut.type === 'message_action') {
            await client.chat.postEphemeral({
              channel: shortcut.channel.id,
              user: shortcut.user.id,
              text: ctx.tr(shortcut.user.id)('command.notYet', { command: callbackId }),
            });
          }
        });
      }
    },
  };
}

function isLanguage(value: string): value is Language {
  return (languages as readonly string[]).includes(value);
}
