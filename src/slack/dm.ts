/*
 * Direct messages and private answers.
 *
 * Slack's chat.postMessage reference: to DM someone, open the conversation with
 * `conversations.open` (scope im:write) and post to the `D…` id it returns; a
 * user id as `channel` is a legacy shortcut. The id never changes for a person,
 * so it is kept in `dm_channels` and opened once.
 *
 * `chat.postEphemeral` fails with `channel_not_found` in a DM between two people
 * and in a private channel the bot is not in: `tellPrivately` then falls back to
 * the DM, so a confirmation is never lost.
 */
import type { Logger } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { Db } from '../db/open.js';

/** A user id (`U…`, or `W…` on Enterprise Grid) used where a channel id belongs. */
export function isUserId(channel: string): boolean {
  return /^[UW][A-Z0-9]+$/.test(channel);
}

/** The DM channel id with `userId`: from the cache, else conversations.open (remembered). */
export async function dmChannel(db: Db, client: WebClient, userId: string): Promise<string> {
  const known = db.prepare<[string], string>('SELECT channel_id FROM dm_channels WHERE user_id = ?').pluck().get(userId);
  if (known) return known;
  const opened = await client.conversations.open({ users: userId });
  const id = opened.channel?.id;
  if (!id) throw new Error(`conversations.open answered no channel for ${userId}`);
  db.prepare('INSERT OR REPLACE INTO dm_channels (user_id, channel_id, opened_at) VALUES (?, ?, ?)').run(
    userId,
    id,
    new Date().toISOString(),
  );
  return id;
}

/** `args` with a user id in `channel` replaced by the DM channel id (for any chat.* call). */
export async function withDmChannel(
  db: Db,
  client: WebClient,
  args: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  const channel = args['channel'];
  if (typeof channel !== 'string' || !isUserId(channel)) return args;
  return { ...args, channel: await dmChannel(db, client, channel) };
}

export interface PrivateMessage {
  text: string;
  blocks?: unknown[];
}

/** A DM to `userId`, posted to the DM channel. */
export async function postDm(db: Db, client: WebClient, userId: string, message: PrivateMessage): Promise<void> {
  const channel = await dmChannel(db, client, userId);
  await client.apiCall('chat.postMessage', { channel, ...message });
}

/**
 * An answer only `userId` sees: ephemeral in `channel` when there is one the bot
 * can answer in, else (or when Slack refuses it) a DM.
 */
export async function tellPrivately(
  deps: { db: Db; client: WebClient; logger: Logger },
  userId: string,
  channel: string | undefined,
  message: PrivateMessage,
): Promise<void> {
  if (channel && !isUserId(channel)) {
    try {
      await deps.client.apiCall('chat.postEphemeral', { channel, user: userId, ...message });
      return;
    } catch (err) {
      deps.logger.warn(`could not answer ${userId} privately in ${channel}, sending a DM instead:`, err);
    }
  }
  await postDm(deps.db, deps.client, userId, message);
}
