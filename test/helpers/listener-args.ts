import type {
  AllMiddlewareArgs,
  BlockAction,
  ButtonAction,
  Logger,
  RespondArguments,
  SayArguments,
  SlackActionMiddlewareArgs,
  SlackCommandMiddlewareArgs,
  SlashCommand,
} from '@slack/bolt';
import { LogLevel } from '@slack/bolt';
import { WebClient } from '@slack/web-api';
import { createContext, type AppContext } from '../../src/context.js';
import { fixedClock } from '../../src/clock.js';
import type { OrgConfig } from '../../src/config/org.js';
import { migrate } from '../../src/db/migrate.js';
import { openDb, type Db } from '../../src/db/open.js';
import { silentLogger } from '../../src/logger.js';
import { migrationsDir } from '../../src/paths.js';
import { exampleOrgConfig } from './org.js';

/*
 * Listener handlers are plain `(ctx, args)` functions (src/<feature>/listeners/):
 * these build the args Bolt would pass, without Bolt, and record what the handler
 * answered. The client points at a closed port: a handler that calls Slack fails
 * loudly instead of reaching anything.
 */

export interface Recorded {
  acks: unknown[];
  responses: (string | RespondArguments)[];
  said: (string | SayArguments)[];
}

/** A context over a fresh in-memory, migrated database. */
export function listenerContext(org: OrgConfig = exampleOrgConfig(), now = new Date('2026-11-23T10:00:00Z')): AppContext & { db: Db } {
  const db = openDb(':memory:');
  migrate(db, migrationsDir());
  const client = new WebClient('xoxb-unused', { slackApiUrl: 'http://127.0.0.1:9/api/', retryConfig: { retries: 0 } });
  return createContext({ org, db, clock: fixedClock(now), logger: silentLogger(), client });
}

const quietLogger: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  setLevel: () => undefined,
  getLevel: () => LogLevel.ERROR,
  setName: () => undefined,
};

function middlewareArgs(ctx: AppContext): AllMiddlewareArgs {
  return { context: { isEnterpriseInstall: false }, logger: quietLogger, client: ctx.client, next: async () => undefined };
}

function recorder(): { recorded: Recorded; respond: (m: string | RespondArguments) => Promise<Response>; say: (m: string | SayArguments) => Promise<{ ok: true }> } {
  const recorded: Recorded = { acks: [], responses: [], said: [] };
  return {
    recorded,
    respond: async (m) => {
      recorded.responses.push(m);
      return new Response('ok');
    },
    say: async (m) => {
      recorded.said.push(m);
      return { ok: true };
    },
  };
}

/** What Bolt passes a `app.command(...)` listener, for `/command text` typed by `userId` in `channelId`. */
export function commandArgs(
  ctx: AppContext,
  input: { command: string; text: string; userId: string; channelId?: string },
): { args: SlackCommandMiddlewareArgs & AllMiddlewareArgs; recorded: Recorded } {
  const { recorded, respond, say } = recorder();
  const command: SlashCommand = {
    token: 'unused',
    command: input.command,
    text: input.text,
    response_url: 'http://127.0.0.1:9/commands/1',
    trigger_id: '1.2.unused',
    user_id: input.userId,
    user_name: input.userId.toLowerCase(),
    team_id: 'T0000ACME01',
    team_domain: 'acme',
    channel_id: input.channelId ?? 'C0000GENRL1',
    channel_name: 'general',
    api_app_id: 'A0000CADNC1',
  };
  const args: SlackCommandMiddlewareArgs & AllMiddlewareArgs = {
    ...middlewareArgs(ctx),
    payload: command,
    command,
    body: command,
    say,
    respond,
    ack: async (response) => {
      recorded.acks.push(response);
    },
  };
  return { args, recorded };
}

/** What Bolt passes a `app.action(...)` listener for a button click by `userId`. */
export function buttonArgs(
  ctx: AppContext,
  input: { actionId: string; value?: string; userId: string; channelId?: string },
): { args: SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs; recorded: Recorded } {
  const { recorded, respond, say } = recorder();
  const action: ButtonAction = {
    type: 'button',
    block_id: 'actions',
    action_id: input.actionId,
    action_ts: '1795000000.000100',
    text: { type: 'plain_text', text: 'Button' },
    ...(input.value !== undefined ? { value: input.value } : {}),
  };
  const body: BlockAction<ButtonAction> = {
    type: 'block_actions',
    actions: [action],
    team: { id: 'T0000ACME01', domain: 'acme' },
    user: { id: input.userId, username: input.userId.toLowerCase() },
    channel: { id: input.channelId ?? 'C0000GENRL1', name: 'general' },
    token: 'unused',
    response_url: 'http://127.0.0.1:9/actions/1',
    trigger_id: '1.2.unused',
    api_app_id: 'A0000CADNC1',
    container: { type: 'message' },
  };
  const args: SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs = {
    ...middlewareArgs(ctx),
    payload: action,
    action,
    body,
    say,
    respond,
    ack: async (response?: void) => {
      recorded.acks.push(response);
    },
  };
  return { args, recorded };
}
