import type { HomeContext } from '../build.js';
import { onLogInsight, onPitch, onRegisterBug, type QuickArgs } from './actions.js';

/*
 * The global (⚡) shortcuts (issue 14 item 16): the same three forms as the
 * Home's buttons, from anywhere in Slack (manifest.yml declares them).
 */

export const onLogInsightShortcut = (ctx: HomeContext, args: QuickArgs) => onLogInsight(ctx, args);
export const onPitchShortcut = (ctx: HomeContext, args: QuickArgs) => onPitch(ctx, args);
export const onRegisterBugShortcut = (ctx: HomeContext, args: QuickArgs) => onRegisterBug(ctx, args);
