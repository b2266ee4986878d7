import { WebClient, type WebAPICallResult } from '@slack/web-api';
import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs, SlackViewMiddlewareArgs, ViewOutput, ViewStateValue, ViewSubmitAction } from '@slack/bolt';
import type { Clock } from '../../src/clock.js';
import type { OrgConfig } from '../../src/config/org.js';
import { createContext, type AppContext, type CommandArgs } from '../../src/context.js';
import { migrate } from '../../src/db/migrate.js';
import { openDb, type Db } from '../../src/db/open.js';
import { silentLogger } from '../../src/logger.js';
import { migrationsDir } from '../../src/paths.js';
import { exampleOrgConfig } from './org.js';

/*
 * Calling a listener handler `(ctx, args)` without Bolt (issue 17): a context
 * on a fresh in-memory store, and fake middleware args that record what the
 * handler answered (ack, respond, Web API calls). A Web API method the fake
 * client was not given fails the test loudly.
 */

export function handlerContext(now: Date, org: OrgConfig = exampleOrgConfig()): { ctx: AppContext; db: Db } {
  const db = openDb(':memory:');
  migrate(db, migrationsDir());
  const clock: Clock = { now: () => new Date(now.getTime()) };
  return { db, ctx: createContext({ org, db, clock, logger: silentLogger(), client: new WebClient('xoxb-unused') }) };
}

export interface Recorded {
  acks: unknown[];
  responds: unknown[];
  /** Web API calls as 'method', args. */
  calls: { method: string; args: unknown }[];
}

/** A Web API client whose every call is recorded and answered `{ ok: true }` (no network). */
class RecordingClient extends WebClient {
  constructor(private readonly rec: Recorded) {
    super('xoxb-unused');
  }

  override async apiCall(method: string, options?: Record<string, unknown>): Promise<WebAPICallResult> {
    this.rec.calls.push({ method, args: options });
    return { ok: true };
  }
}

function recordingClient(rec: Recorded): WebClient {
  return new RecordingClient(rec);
}

function recorder(): Recorded {
  return { acks: [], responds: [], calls: [] };
}

export function commandArgs(p: { user: string; text: string; channel?: string; command?: string }): { args: CommandArgs; rec: Recorded } {
  const rec = recorder();
  const command = {
    token: 'unused',
    command: p.command ?? '/cadence',
    text: p.text,
    response_url: 'https://hooks.slack.test/commands/1',
    trigger_id: '1.2.trigger',
    user_id: p.user,
    user_name: p.user.toLowerCase(),
    team_id: 'T0000TEAM01',
    team_domain: 'example',
    channel_id: p.channel ?? 'C0000GENERL',
    channel_name: 'general',
    api_app_id: 'A0000CADENC',
  };
  const args: CommandArgs = {
    command,
    body: command,
    payload: command,
    ack: async (response?: unknown) => void rec.acks.push(response),
    respond: async (message: unknown) => {
      rec.responds.push(message);
      return new Response('ok');
    },
    say: async () => ({ ok: true }),
    client: recordingClient(rec),
    context: { isEnterpriseInstall: false },
    logger: silentLogger(),
    next: async () => undefined,
  };
  return { args, rec };
}

export type ButtonArgs = SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs;

/** A click on a button `actionId` with `value`, in `channel` (a message at `messageTs`) when given. */
export function buttonArgs(p: { user: string; actionId: string; value?: string; channel?: string; messageTs?: string }): { args: ButtonArgs; rec: Recorded } {
  const rec = recorder();
  const action: ButtonAction = {
    type: 'button',
    block_id: 'b',
    action_id: p.actionId,
    action_ts: '1700000000.000100',
    text: { type: 'plain_text', text: 'Button' },
    ...(p.value !== undefined ? { value: p.value } : {}),
  };
  const body: BlockAction<ButtonAction> = {
    type: 'block_actions',
    actions: [action],
    team: { id: 'T0000TEAM01', domain: 'example' },
    user: { id: p.user, username: p.user.toLowerCase() },
    ...(p.channel ? { channel: { id: p.channel, name: 'channel' } } : {}),
    ...(p.messageTs ? { message: { type: 'message' as const, ts: p.messageTs } } : {}),
    token: 'unused',
    response_url: 'https://hooks.slack.test/actions/1',
    trigger_id: '1.2.trigger',
    api_app_id: 'A0000CADENC',
    container: p.messageTs ? { type: 'message', message_ts: p.messageTs } : { type: 'view' },
  };
  const args: ButtonArgs = {
    body,
    payload: action,
    action,
    ack: async (response?: unknown) => void rec.acks.push(response),
    respond: async (message: unknown) => {
      rec.responds.push(message);
      return new Response('ok');
    },
    say: async () => ({ ok: true }),
    client: recordingClient(rec),
    context: { isEnterpriseInstall: false },
    logger: silentLogger(),
    next: async () => undefined,
  };
  return { args, rec };
}

export type ViewArgs = SlackViewMiddlewareArgs & AllMiddlewareArgs;

/** A submission of the view `callbackId` with these state values and private_metadata. */
export function viewArgs(p: {
  user: string;
  callbackId: string;
  values?: Record<string, Record<string, ViewStateValue>>;
  privateMetadata?: string;
  viewId?: string;
}): { args: ViewArgs; rec: Recorded } {
  const rec = recorder();
  const view: ViewOutput = {
    id: p.viewId ?? 'V0000VIEW01',
    callback_id: p.callbackId,
    team_id: 'T0000TEAM01',
    app_id: 'A0000CADENC',
    bot_id: 'B0000CADENC',
    title: { type: 'plain_text', text: 'Form' },
    type: 'modal',
    blocks: [],
    close: null,
    submit: null,
    state: { values: p.values ?? {} },
    hash: 'h',
    private_metadata: p.privateMetadata ?? '',
    root_view_id: null,
    previous_view_id: null,
    clear_on_close: false,
    notify_on_close: false,
  };
  const body: ViewSubmitAction = {
    type: 'view_submission',
    team: { id: 'T0000TEAM01', domain: 'example' },
    user: { id: p.user, name: p.user.toLowerCase() },
    view,
    api_app_id: 'A0000CADENC',
    token: 'unused',
    trigger_id: '1.2.trigger',
  };
  const args: ViewArgs = {
    body,
    payload: view,
    view,
    ack: async (response?: unknown) => void rec.acks.push(response),
    respond: async (message: unknown) => {
      rec.responds.push(message);
      return new Response('ok');
    },
    client: recordingClient(rec),
    context: { isEnterpriseInstall: false },
    logger: silentLogger(),
    next: async () => undefined,
  };
  return { args, rec };
}
