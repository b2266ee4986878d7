// Which conversations the stand-in's workspace has, and whether the bot may post
// in them — Slack's membership rules, which a lenient stand-in forgets:
//  Rule 1. chat.postEphemeral in a DM between two people, or in a private channel
//          the bot is not in → channel_not_found (the bot cannot see it).
//  Rule 2. chat.postMessage in a private channel (or a DM) the bot is not in →
//          channel_not_found.
//  Rule 3. chat.postMessage in a public channel the bot is not in → not_in_channel,
//          unless the app has the chat:write.public scope.
//
// Defaults keep ordinary tests simple: an id nobody declared is a public channel
// (`C…`) or a private one (`G…`) the bot is a member of, or the bot's own DM with
// someone (`D…`). Tests declare the rest: `fake.conversations.add({ id, kind })`.

import { BOT_USER_ID } from './ids.js';

export type ConversationKind = 'public' | 'private' | 'im' | 'mpim';

export interface Conversation {
  id: string;
  kind: ConversationKind;
  /** Whether the bot user is in it. For an `im`, whether it is the bot's DM with someone. */
  botMember: boolean;
  /** For an `im`: the two people in it (one is the bot when `botMember`). */
  members?: readonly string[];
}

export interface ConversationDeclaration {
  id: string;
  kind: ConversationKind;
  /** Default: true for channels, false for an `im` or `mpim` (a DM between people). */
  botMember?: boolean;
  members?: readonly string[];
}

/** The bot scopes manifest.yml asks for; tests may take one away (`fake.scopes.delete(...)`). */
export const DEFAULT_SCOPES: readonly string[] = [
  'commands',
  'chat:write',
  'chat:write.public',
  'im:write',
  'users:read',
  'users:read.email',
  'channels:read',
  'groups:read',
];

export class ConversationRegistry {
  private readonly declared = new Map<string, Conversation>();

  add(declaration: ConversationDeclaration): Conversation {
    const channelKind = declaration.kind === 'public' || declaration.kind === 'private';
    const conversation: Conversation = {
      id: declaration.id,
      kind: declaration.kind,
      botMember: declaration.botMember ?? channelKind,
      ...(declaration.members ? { members: declaration.members } : {}),
    };
    this.declared.set(declaration.id, conversation);
    return conversation;
  }

  /** The bot's DM with `userId`, as conversations.open answers it. */
  openDm(userId: string): Conversation {
    const id = `D${userId}`;
    const existing = this.declared.get(id);
    if (existing) return existing;
    return this.add({ id, kind: 'im', botMember: true, members: [BOT_USER_ID, userId] });
  }

  get(id: string): Conversation {
    const declared = this.declared.get(id);
    if (declared) return declared;
    if (id.startsWith('G')) return { id, kind: 'private', botMember: true };
    if (id.startsWith('D')) return { id, kind: 'im', botMember: true };
    return { id, kind: 'public', botMember: true };
  }
}

/** A user id used as a channel: Slack posts to the app's DM with that person. */
export function isUserId(channel: string): boolean {
  return /^[UW][A-Z0-9]+$/.test(channel);
}

/** The error Slack answers for posting `method` in `channel`, or undefined when allowed. */
export function membershipError(
  registry: ConversationRegistry,
  scopes: ReadonlySet<string>,
  method: string,
  channel: string,
): string | undefined {
  if (isUserId(channel)) return undefined;
  const conversation = registry.get(channel);
  if (conversation.botMember) return undefined;
  if (method === 'chat.postEphemeral') return 'channel_not_found';
  if (conversation.kind === 'public') return scopes.has('chat:write.public') ? undefined : 'not_in_channel';
  return 'channel_not_found';
}
