import type { BlockButtonAction, BlockStaticSelectAction } from '@slack/bolt';
import type { FeatureModule } from '../context.js';
import { GLOBAL_SHORTCUTS } from '../core/blocks.js';
import { registerLanguageSelect } from '../core/language-select.js';
import { publishHome } from './build.js';
import { ACTION_NOTIFY_LEVEL } from '../notifications/index.js';
import { ACTION_HOME_LOG_INSIGHT, ACTION_HOME_PITCH, ACTION_HOME_REGISTER_BUG, ACTION_HOME_RESOLVE_BUG } from './blocks.js';
import { onLogInsight, onNotifyLevel, onPitch, onRegisterBug, onResolveBug } from './listeners/actions.js';
import { checkSubcommand } from './listeners/commands.js';
import { onHomeOpened } from './listeners/events.js';
import { onLogInsightShortcut, onPitchShortcut, onRegisterBugShortcut } from './listeners/shortcuts.js';

/** The personal App Home tab: wiring only (listeners/ holds the handlers, build.ts the view). */
export const homeFeature: FeatureModule = {
  name: 'home',
  register(app, ctx) {
    // The language select (src/core/language-select.ts) redraws the tab through this function, so core never imports the Home.
    registerLanguageSelect(app, ctx, (user) => publishHome(ctx, ctx.client, user));
    app.event('app_home_opened', (args) => onHomeOpened(ctx, args));
    app.action<BlockStaticSelectAction>(ACTION_NOTIFY_LEVEL, (args) => onNotifyLevel(ctx, args));
    // The quick actions: the Home's, the help's and the welcome DM's buttons, and the global ⚡ shortcuts.
    app.action<BlockButtonAction>(ACTION_HOME_LOG_INSIGHT, (args) => onLogInsight(ctx, args));
    app.action<BlockButtonAction>(ACTION_HOME_PITCH, (args) => onPitch(ctx, args));
    app.action<BlockButtonAction>(ACTION_HOME_REGISTER_BUG, (args) => onRegisterBug(ctx, args));
    app.action<BlockButtonAction>(ACTION_HOME_RESOLVE_BUG, (args) => onResolveBug(ctx, args));
    app.shortcut(GLOBAL_SHORTCUTS.logInsight, (args) => onLogInsightShortcut(ctx, args));
    app.shortcut(GLOBAL_SHORTCUTS.pitch, (args) => onPitchShortcut(ctx, args));
    app.shortcut(GLOBAL_SHORTCUTS.registerBug, (args) => onRegisterBugShortcut(ctx, args));
  },
  cadenceSubcommands: { check: checkSubcommand },
};
