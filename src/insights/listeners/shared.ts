import type { KnownBlock } from '@slack/types';
import type { AppContext } from '../../context.js';
import { tellPrivately } from '../../slack/dm.js';
import type { Problem } from '../parse.js';

/*
 * Small helpers the insight listeners share (commands, shortcuts, views, actions).
 */

/** A problem in the person's language. */
export function problemText(ctx: AppContext, userId: string, p: Problem): string {
  return ctx.tr(userId)(p.key, p.params);
}

/** An ephemeral note to one person where they are; a DM when the channel refuses (e.g. a DM the bot is not in). */
export async function tell(ctx: AppContext, userId: string, channel: string | undefined, message: { text: string; blocks?: KnownBlock[] }): Promise<void> {
  await tellPrivately(ctx, userId, channel, message);
}

/** "12" → 12; anything else (a forged or stale value) → undefined. */
export function idOf(value: string | undefined): number | undefined {
  return value !== undefined && /^\d{1,15}$/.test(value) ? Number(value) : undefined;
}

/** "12:checkout" → [12, "checkout"]. */
export function pairOf(value: string | undefined): [number, string] | undefined {
  const m = value === undefined ? null : /^(\d{1,15}):(.+)$/.exec(value);
  return m?.[1] && m[2] ? [Number(m[1]), m[2]] : undefined;
}
