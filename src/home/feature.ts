import type { BlockButtonAction, BlockStaticSelectAction } from '@slack/bolt';
import type { FeatureModule } from '../context.js';
import { registerLanguageSelect } from '../core/language-select.js';
import { buildHome } from './build.js';
import { ACTION_NOTIFY_LEVEL } from '../notifications/index.js';
import { ACTION_HOME_LOG_INSIGHT, ACTION_HOME_PITCH, ACTION_HOME_REGISTER_BUG } from './blocks.js';
import { onLogInsight, onNotifyLevel, onPitch, onRegisterBug } from './listeners/actions.js';
import { onHomeOpened } from './listeners/events.js';

/** The personal App Home tab: wiring only (listeners/ holds the handlers, build.ts the view). */
export const homeFeature: FeatureModule = {
  name: 'home',
  register(app, ctx) {
    // The language select (src/core/language-select.ts) redraws the tab through this function, so core never imports the Home.
    registerLanguageSelect(app, ctx, (user) => ctx.client.views.publish({ user_id: user, view: buildHome(ctx, user, ctx.clock.now()) }));
    app.event('app_home_opened', (args) => onHomeOpened(ctx, args));
    app.action<BlockStaticSelectAction>(ACTION_NOTIFY_LEVEL, (args) => onNotifyLevel(ctx, args));
    app.action<BlockButtonAction>(ACTION_HOME_LOG_INSIGHT, (args) => onLogInsight(ctx, args));
    app.action<BlockButtonAction>(ACTION_HOME_PITCH, (args) => onPitch(ctx, args));
    app.action<BlockButtonAction>(ACTION_HOME_REGISTER_BUG, (args) => onRegisterBug(ctx, args));
  },
};
