// A local stand-in for Slack's Web API, for end-to-end tests: point the app's
// WebClient at it with `clientOptions: { slackApiUrl: fake.apiUrl }`.
//
// It records every call, answers the methods Cadence uses the way Slack does,
// refuses what Slack would refuse (strict mode), and can fail on purpose
// (429 with Retry-After, 500, slow answers, any error code).
//
// How @slack/web-api 8 talks to it (read from dist/WebClient.js):
//  - always `POST <slackApiUrl><method>`;
//  - the token goes in `Authorization: Bearer`, never in the body, unless a
//    per-call `token` option is given: then it is in both;
//  - the body is `application/x-www-form-urlencoded`; every argument that is not a
//    string, number or boolean (blocks, view, attachments...) is JSON.stringify'd
//    into one field; numbers and booleans arrive as strings ('true', '10');
//    undefined and null arguments are dropped;
//  - only when an argument is a Buffer does it switch to multipart/form-data.
// JSON bodies are accepted too: Slack takes them, and Bolt's `respond()` posts JSON
// to response URLs, which this server also serves (see `responseUrl()`).

import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { validateBlocks, validateView } from './block-kit.js';
import { ConversationRegistry, DEFAULT_SCOPES, membershipError } from './channel-rules.js';
import { checkArguments } from './openapi-rules.js';
import { checkAckBody, checkResponseUrlBody } from './response-rules.js';
import { API_APP_ID, BOT_ID, BOT_USER_ID, TEAM_DOMAIN, TEAM_ID, TEAM_NAME } from './ids.js';

export interface RecordedCall {
  /** Web API method ('chat.postMessage'), or 'response_url' for posts to `responseUrl()`. */
  method: string;
  /**
   * Arguments as Slack received them, without `token`. JSON-in-a-form-field values
   * (blocks, view, attachments, metadata, options...) are decoded; other form values
   * stay strings, exactly as sent: `unfurl_links: 'false'`, not `false`.
   */
  args: Record<string, unknown>;
  token: string | undefined;
  /** Date.now() when the request arrived. */
  at: number;
  ok: boolean;
  error?: string;
  /** Set when an injected slow-answer fault held this call back. */
  delayedMs?: number;
  /** 'missing_text_fallback' when a message had blocks or attachments but no top-level `text`. */
  warning?: string;
  /** The JSON body answered; undefined when the answer was not JSON (injected 500). */
  response?: Record<string, unknown>;
  /** Request path, e.g. '/api/chat.postMessage' or '/response/abc'. */
  path: string;
  contentType: string | undefined;
}

export type Fault =
  | { status: 429; retryAfterSeconds?: number }
  | { status: 500 }
  | { delayMs: number }
  /** Answer HTTP 200 `{ ok: false, error }`. */
  | { error: string };

export interface FakeSlack {
  /** e.g. 'http://127.0.0.1:PORT/api/' — the trailing slash matters: WebClient appends the method name. */
  readonly apiUrl: string;
  /** Every call, successful and failed, in the order they were answered. */
  readonly calls: RecordedCall[];
  /** Only the calls to `method` that were answered ok:true. */
  callsTo(method: string): RecordedCall[];
  /**
   * The next `times` (default 1) calls to `method` ('*' for any method) fail with `fault`.
   * When several injected faults match a call, the one injected first is used.
   */
  inject(method: string | '*', fault: Fault, times?: number): void;
  /**
   * From now on, each call to `method` ('*' for any) fails with probability `share`,
   * with a fault drawn from `faults`, both decided by `random` (pass a seeded one so a
   * run replays). Faults queued with `inject` come first. `auth.test` is spared (a
   * start-up that cannot check its token is another test's subject). `chaos(null)` stops it.
   */
  chaos(options: ChaosOptions | null): void;
  /**
   * Resolves with `callsTo(method)` once it has at least `count` entries; rejects after
   * `timeoutMs` (default 5000) with a message listing what was recorded.
   */
  waitForCalls(method: string, count: number, timeoutMs?: number): Promise<RecordedCall[]>;
  /** A URL on this server to use as a payload's `response_url`; posts to it are recorded as 'response_url'. */
  responseUrl(id?: string): string;
  /**
   * The workspace's conversations (channel-rules.ts): declare private channels, DMs
   * between people, channels the bot is not in. Forgotten on reset().
   */
  readonly conversations: ConversationRegistry;
  /** The app's bot scopes (default: manifest.yml's). Restored on reset(). */
  readonly scopes: Set<string>;
  /**
   * People's Slack locales, e.g. `locales.set('U1', 'fr-FR')` (default 'en-US').
   * As on Slack, users.info returns `locale` only when asked with `include_locale: true`.
   * Forgotten on reset().
   */
  readonly locales: Map<string, string>;
  /**
   * Puts an app's HTTP answer to Slack (the ack body of a command, action or view
   * submission) through the same Block Kit checks as a Web API call, recorded as
   * method 'ack' (ok:false when Slack would refuse it). `kind` says what was acked.
   */
  checkAck(kind: 'command' | 'interaction', body: unknown): RecordedCall;
  /** Forget calls, pending faults and state (views, used trigger_ids, reactions, conversations). */
  reset(): void;
  close(): Promise<void>;
}

export interface ChaosOptions {
  method: string | '*';
  share: number;
  faults: readonly Fault[];
  /** A float in [0, 1). */
  random: () => number;
}

export interface FakeSlackOptions {
  /**
   * Default true: missing token, missing arguments and Block Kit limits make the call
   * fail as Slack would. false answers ok to anything a known method receives.
   */
  strict?: boolean;
  /** The sandbox workspace (src/sandbox/workspace.ts) keeps its state through these; tests leave them unset. */
  hooks?: FakeSlackHooks;
}

export interface FakeSlackHooks {
  /**
   * Asked before a known method's own handler, after the token check: an answer here
   * (e.g. `message_not_found` for a message the workspace does not have) is final.
   */
  answer?(method: string, args: Record<string, unknown>): (Record<string, unknown> & { ok: boolean }) | undefined;
  /** Told of every recorded call, ok or not, once answered. */
  recorded?(call: RecordedCall): void;
}

type Args = Record<string, unknown>;
type Answer = Record<string, unknown> & { ok: boolean };

/** Form fields that @slack/web-api JSON-encodes and that we decode for the recording. */
const JSON_FIELDS = new Set([
  'blocks',
  'attachments',
  'view',
  'metadata',
  'options',
  'option_groups',
  'unfurls',
  'user_auth_blocks',
  'profile',
]);

const MESSAGE_TEXT_MAX = 40_000;

function isRecord(value: unknown): value is Args {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A string argument; numbers count too since JSON bodies may carry `ts` as a number. */
function str(args: Args, key: string): string | undefined {
  const value = args[key];
  if (typeof value === 'string' && value !== '') return value;
  if (typeof value === 'number') return String(value);
  return undefined;
}

function fail(error: string, extra: Args = {}): Answer {
  return { ok: false, error, ...extra };
}

/** Slack answers argument problems with `response_metadata.messages` lines like these. */
function failWithProblems(error: string, problems: string[]): Answer {
  return fail(error, { errors: problems, response_metadata: { messages: problems.map((m) => `[ERROR] ${m}`) } });
}

function randomHex(bytes: number): string {
  return randomBytes(bytes).toString('hex');
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
  return Buffer.concat(chunks);
}

function decodeFormValue(key: string, value: string): unknown {
  if (!JSON_FIELDS.has(key)) return value;
  const trimmed = value.trimStart();
  if (!trimmed.startsWith('[') && !trimmed.startsWith('{')) return value;
  try {
    const parsed: unknown = JSON.parse(value);
    return typeof parsed === 'object' && parsed !== null ? parsed : value;
  } catch {
    // Left as a string: the method handler then reports invalid_blocks_format / invalid_arguments.
    return value;
  }
}

type Parsed = { ok: true; args: Args } | { ok: false; error: string };

async function parseArgs(req: IncomingMessage, body: Buffer, url: URL): Promise<Parsed> {
  const args: Args = {};
  for (const [key, value] of url.searchParams) args[key] = decodeFormValue(key, value);
  if (body.length === 0) return { ok: true, args };

  const contentType = (req.headers['content-type'] ?? '').toLowerCase();
  if (contentType.startsWith('application/json')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(body.toString('utf8'));
    } catch {
      return { ok: false, error: 'invalid_json' };
    }
    if (!isRecord(parsed)) return { ok: false, error: 'invalid_json' };
    return { ok: true, args: { ...args, ...parsed } };
  }
  if (contentType.startsWith('multipart/form-data')) {
    // Only sent by WebClient when an argument is a Buffer (file uploads). Let undici parse it.
    const form = await new Response(body, { headers: { 'content-type': contentType } }).formData();
    for (const [key, value] of form) {
      args[key] =
        typeof value === 'string' ? decodeFormValue(key, value) : { filename: value.name, size: value.size };
    }
    return { ok: true, args };
  }
  // x-www-form-urlencoded, and Slack's default when the content type is missing.
  for (const [key, value] of new URLSearchParams(body.toString('utf8'))) args[key] = decodeFormValue(key, value);
  return { ok: true, args };
}

function bearerToken(req: IncomingMessage): string | undefined {
  const header = req.headers.authorization;
  const match = header === undefined ? null : /^Bearer\s+(\S+)$/i.exec(header);
  return match?.[1];
}

interface StoredView {
  id: string;
  hash: string;
  view: Args;
  rootViewId: string;
}

interface Waiter {
  method: string;
  count: number;
  resolve: (calls: RecordedCall[]) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

/** Everything a test may want to forget between cases. */
class FakeState {
  private lastTsMicros = 0;
  private counter = 0;
  readonly views = new Map<string, StoredView>();
  readonly externalIds = new Map<string, string>();
  readonly homeViews = new Map<string, StoredView>();
  readonly usedTriggers = new Set<string>();
  readonly reactions = new Set<string>();
  readonly conversations = new ConversationRegistry();
  readonly scopes = new Set<string>(DEFAULT_SCOPES);
  /** Each person's Slack locale (users.info with include_locale); 'en-US' when not set. */
  readonly locales = new Map<string, string>();

  /** A unique, increasing message ts: 'SSSSSSSSSS.UUUUUU' (seconds.microseconds), like Slack's. */
  nextTs(): string {
    const micros = Math.max(Date.now() * 1000, this.lastTsMicros + 1);
    this.lastTsMicros = micros;
    const seconds = Math.floor(micros / 1_000_000);
    return `${seconds}.${String(micros % 1_000_000).padStart(6, '0')}`;
  }

  nextId(prefix: string): string {
    this.counter += 1;
    return `${prefix}${String(this.counter).padStart(6, '0')}${randomHex(2).toUpperCase()}`;
  }

  /** View hashes look like '1569362015.55b5e41b'. */
  nextHash(): string {
    return `${Math.floor(Date.now() / 1000)}.${randomHex(4)}`;
  }
}

export async function startFakeSlack(options: FakeSlackOptions = {}): Promise<FakeSlack> {
  const strict = options.strict ?? true;
  const calls: RecordedCall[] = [];
  let faults: { method: string; fault: Fault; remaining: number }[] = [];
  let state = new FakeState();
  const waiters = new Set<Waiter>();
  // Bumped by reset(): a slow request that arrived before a reset is still answered,
  // but not recorded into the next test's calls.
  let generation = 0;
  const delays = new Set<NodeJS.Timeout>();
  let origin = '';

  const callsTo = (method: string): RecordedCall[] => calls.filter((c) => c.method === method && c.ok);

  function record(call: RecordedCall, callGeneration: number): void {
    if (callGeneration !== generation) return;
    calls.push(call);
    options.hooks?.recorded?.(call);
    for (const waiter of waiters) {
      const matching = callsTo(waiter.method);
      if (matching.length >= waiter.count) {
        waiters.delete(waiter);
        clearTimeout(waiter.timer);
        waiter.resolve(matching);
      }
    }
  }

  let chaos: ChaosOptions | null = null;

  function takeFault(method: string): Fault | undefined {
    const entry = faults.find((f) => f.method === method || f.method === '*');
    if (entry === undefined) {
      if (chaos === null || (chaos.method !== '*' && chaos.method !== method) || method === 'auth.test') return undefined;
      if (chaos.random() >= chaos.share || chaos.faults.length === 0) return undefined;
      return chaos.faults[Math.floor(chaos.random() * chaos.faults.length)];
    }
    entry.remaining -= 1;
    if (entry.remaining <= 0) faults = faults.filter((f) => f !== entry);
    return entry.fault;
  }

  function sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        delays.delete(timer);
        resolve();
      }, ms);
      delays.add(timer);
    });
  }

  // -------------------------------------------------------------------------
  // Methods
  // -------------------------------------------------------------------------

  function botMessage(args: Args, ts: string): Args {
    const message: Args = {
      type: 'message',
      text: str(args, 'text') ?? '',
      user: BOT_USER_ID,
      bot_id: BOT_ID,
      app_id: API_APP_ID,
      team: TEAM_ID,
      ts,
    };
    for (const key of ['blocks', 'attachments', 'thread_ts', 'metadata']) {
      if (args[key] !== undefined) message[key] = args[key];
    }
    return message;
  }

  /** Posting to a user id opens (or reuses) the DM with them, as Slack does. */
  function channelId(channel: string): string {
    return /^[UW][A-Z0-9]+$/.test(channel) ? `D${channel}` : channel;
  }

  /** Checks shared by chat.postMessage / postEphemeral / update / scheduleMessage. */
  function checkMessage(args: Args): Answer | undefined {
    if (!strict) return undefined;
    if (str(args, 'channel') === undefined) return fail('channel_not_found');
    const text = str(args, 'text');
    const blocks = args['blocks'];
    const attachments = args['attachments'];
    if (blocks !== undefined && !Array.isArray(blocks)) return fail('invalid_blocks_format');
    if (attachments !== undefined && !Array.isArray(attachments)) return fail('invalid_attachments');
    const hasBlocks = Array.isArray(blocks) && blocks.length > 0;
    const hasAttachments = Array.isArray(attachments) && attachments.length > 0;
    if (text === undefined && !hasBlocks && !hasAttachments) return fail('no_text');
    if (text !== undefined && text.length > MESSAGE_TEXT_MAX) return fail('msg_too_long');

    const problems = hasBlocks ? validateBlocks(blocks, 'message') : [];
    if (Array.isArray(attachments)) {
      attachments.forEach((attachment, i) => {
        if (isRecord(attachment) && attachment['blocks'] !== undefined) {
          for (const problem of validateBlocks(attachment['blocks'], 'message')) {
            problems.push(problem.replace('[json-pointer:/blocks', `[json-pointer:/attachments/${i}/blocks`));
          }
        }
      });
    }
    return problems.length > 0 ? failWithProblems('invalid_blocks', problems) : undefined;
  }

  /** Channel membership rules (channel-rules.ts): Slack's answer when the bot may not post there. */
  function checkMembership(method: string, args: Args): Answer | undefined {
    if (!strict) return undefined;
    const error = membershipError(state.conversations, state.scopes, method, str(args, 'channel') ?? '');
    return error === undefined ? undefined : fail(error);
  }

  /** Slack (and WebClient) warn when a message has no top-level text for notifications and screen readers. */
  function missingTextFallback(args: Args): boolean {
    if (str(args, 'text') !== undefined) return false;
    const attachments = Array.isArray(args['attachments']) ? args['attachments'] : [];
    const blocks = Array.isArray(args['blocks']) ? args['blocks'] : [];
    const attachmentsAllHaveFallback =
      attachments.length > 0 && attachments.every((a) => isRecord(a) && typeof a['fallback'] === 'string');
    return blocks.length > 0 || (attachments.length > 0 && !attachmentsAllHaveFallback);
  }

  /** The view object Slack answers with: what was sent, plus the fields Slack fills in. */
  function viewAnswer(stored: StoredView): Args {
    const view = stored.view;
    return {
      ...view,
      id: stored.id,
      team_id: TEAM_ID,
      app_id: API_APP_ID,
      app_installed_team_id: TEAM_ID,
      bot_id: BOT_ID,
      blocks: view['blocks'] ?? [],
      private_metadata: view['private_metadata'] ?? '',
      callback_id: view['callback_id'] ?? '',
      external_id: view['external_id'] ?? '',
      title: view['title'] ?? null,
      close: view['close'] ?? null,
      submit: view['submit'] ?? null,
      clear_on_close: view['clear_on_close'] ?? false,
      notify_on_close: view['notify_on_close'] ?? false,
      state: { values: {} },
      hash: stored.hash,
      root_view_id: stored.rootViewId,
      previous_view_id: null,
    };
  }

  /** Common checks on the `view` argument; `type` is the view type the method accepts. */
  function checkView(args: Args, types: readonly string[]): Answer | Args {
    const view = args['view'];
    if (view === undefined) return failWithProblems('invalid_arguments', ['missing required field: view']);
    if (!isRecord(view)) return failWithProblems('invalid_arguments', ['view must be a JSON object [json-pointer:/view]']);
    if (!strict) return view;
    const problems = validateView(view);
    if (problems.length === 0 && !types.includes(String(view['type']))) {
      problems.push(`view type must be ${types.join(' or ')} here [json-pointer:/view/type]`);
    }
    // Slack answers view problems with invalid_arguments (not invalid_blocks, which is for messages).
    return problems.length > 0 ? failWithProblems('invalid_arguments', problems) : view;
  }

  function isAnswer(value: Answer | Args): value is Answer {
    return typeof value['ok'] === 'boolean' && value['ok'] === false;
  }

  /** trigger_ids work once; Slack says `exchanged_trigger_id` on reuse. */
  function useTrigger(args: Args): Answer | undefined {
    const trigger = str(args, 'trigger_id');
    if (trigger === undefined) return failWithProblems('invalid_arguments', ['missing required field: trigger_id']);
    if (strict && state.usedTriggers.has(trigger)) return fail('exchanged_trigger_id');
    state.usedTriggers.add(trigger);
    return undefined;
  }

  function openView(args: Args, rootViewId?: string): Answer {
    const view = checkView(args, ['modal']);
    if (isAnswer(view)) return view;
    const triggerProblem = useTrigger(args);
    if (triggerProblem) return triggerProblem;
    const id = state.nextId('V');
    const stored: StoredView = { id, hash: state.nextHash(), view, rootViewId: rootViewId ?? id };
    state.views.set(id, stored);
    const externalId = str(view, 'external_id');
    if (externalId !== undefined) state.externalIds.set(externalId, id);
    return { ok: true, view: viewAnswer(stored) };
  }

  function userName(userId: string): string {
    return `user-${userId.toLowerCase()}`;
  }

  function userObject(userId: string, email?: string, withLocale = false): Args {
    const name = userName(userId);
    return {
      id: userId,
      team_id: TEAM_ID,
      name,
      real_name: `User ${userId}`,
      deleted: false,
      is_bot: userId === BOT_USER_ID,
      tz: 'Europe/Paris',
      tz_label: 'Central European Time',
      tz_offset: 3600,
      // Slack sends the locale only to a caller that asked for it (include_locale).
      ...(withLocale ? { locale: state.locales.get(userId) ?? 'en-US' } : {}),
      profile: {
        real_name: `User ${userId}`,
        display_name: name,
        email: email ?? `${name}@example.com`,
        team: TEAM_ID,
      },
    };
  }

  const methods: Record<string, (args: Args) => Answer> = {
    'api.test': (args) => ({ ok: true, args }),

    'auth.test': () => ({
      ok: true,
      url: `https://${TEAM_DOMAIN}.slack.com/`,
      team: TEAM_NAME,
      user: 'cadence',
      team_id: TEAM_ID,
      user_id: BOT_USER_ID,
      bot_id: BOT_ID,
      is_enterprise_install: false,
    }),

    'chat.postMessage': (args) => {
      const problem = checkMessage(args) ?? checkMembership('chat.postMessage', args);
      if (problem) return problem;
      const ts = state.nextTs();
      return { ok: true, channel: channelId(str(args, 'channel') ?? ''), ts, message: botMessage(args, ts) };
    },

    'chat.postEphemeral': (args) => {
      const problem = checkMessage(args) ?? checkMembership('chat.postEphemeral', args);
      if (problem) return problem;
      if (strict && str(args, 'user') === undefined) return fail('user_not_found');
      return { ok: true, message_ts: state.nextTs() };
    },

    'chat.scheduleMessage': (args) => {
      const problem = checkMessage(args) ?? checkMembership('chat.postMessage', args);
      if (problem) return problem;
      const postAt = str(args, 'post_at');
      if (strict && (postAt === undefined || !/^\d+$/.test(postAt))) return fail('invalid_time');
      return {
        ok: true,
        channel: channelId(str(args, 'channel') ?? ''),
        scheduled_message_id: state.nextId('Q'),
        post_at: Number(postAt),
        message: botMessage(args, state.nextTs()),
      };
    },

    'chat.update': (args) => {
      if (strict && str(args, 'ts') === undefined) return fail('message_not_found');
      const problem = checkMessage(args);
      if (problem) return problem;
      const ts = str(args, 'ts') ?? '';
      return { ok: true, channel: str(args, 'channel') ?? '', ts, text: str(args, 'text') ?? '', message: botMessage(args, ts) };
    },

    'chat.delete': (args) => {
      if (strict && str(args, 'channel') === undefined) return fail('channel_not_found');
      if (strict && str(args, 'ts') === undefined) return fail('message_not_found');
      return { ok: true, channel: str(args, 'channel') ?? '', ts: str(args, 'ts') ?? '' };
    },

    'chat.getPermalink': (args) => {
      const channel = str(args, 'channel');
      const messageTs = str(args, 'message_ts');
      if (strict && channel === undefined) return fail('channel_not_found');
      if (strict && messageTs === undefined) return fail('message_not_found');
      return {
        ok: true,
        channel: channel ?? '',
        permalink: `https://${TEAM_DOMAIN}.slack.com/archives/${channel ?? ''}/p${(messageTs ?? '').replace('.', '')}`,
      };
    },

    'views.open': (args) => openView(args),

    'views.push': (args) => {
      // A pushed view belongs to the stack of the modal it was pushed from; we cannot know
      // which one, so it is its own root.
      return openView(args);
    },

    'views.update': (args) => {
      const viewId = str(args, 'view_id');
      const externalId = str(args, 'external_id');
      if (viewId === undefined && externalId === undefined) {
        return failWithProblems('invalid_arguments', ['one of view_id or external_id is required']);
      }
      const view = checkView(args, ['modal', 'home']);
      if (isAnswer(view)) return view;
      // Views opened elsewhere (ids taken from a payload built by signer.ts) are accepted.
      const id = viewId ?? state.externalIds.get(externalId ?? '') ?? state.nextId('V');
      const previous = state.views.get(id);
      const hash = str(args, 'hash');
      if (strict && hash !== undefined && previous !== undefined && previous.hash !== hash) {
        return fail('hash_conflict');
      }
      const stored: StoredView = { id, hash: state.nextHash(), view, rootViewId: previous?.rootViewId ?? id };
      state.views.set(id, stored);
      if (externalId !== undefined) state.externalIds.set(externalId, id);
      return { ok: true, view: viewAnswer(stored) };
    },

    'views.publish': (args) => {
      const userId = str(args, 'user_id');
      if (userId === undefined) return failWithProblems('invalid_arguments', ['missing required field: user_id']);
      const view = checkView(args, ['home']);
      if (isAnswer(view)) return view;
      const previous = state.homeViews.get(userId);
      const hash = str(args, 'hash');
      if (strict && hash !== undefined && previous !== undefined && previous.hash !== hash) {
        return fail('hash_conflict');
      }
      const id = previous?.id ?? state.nextId('V');
      const stored: StoredView = { id, hash: state.nextHash(), view, rootViewId: id };
      state.homeViews.set(userId, stored);
      state.views.set(id, stored);
      return { ok: true, view: viewAnswer(stored) };
    },

    'conversations.info': (args) => {
      const channel = str(args, 'channel');
      if (channel === undefined) return fail('channel_not_found');
      // The membership the stand-in models (channel-rules.ts): Slack hides a private
      // channel or a DM the bot is not in (channel_not_found) and tells is_member of a public one.
      const conversation = state.conversations.get(channel);
      const isIm = conversation.kind === 'im' || conversation.kind === 'mpim';
      if (!conversation.botMember && conversation.kind !== 'public') return fail('channel_not_found');
      return {
        ok: true,
        channel: {
          id: channel,
          name: isIm ? undefined : `channel-${channel.toLowerCase()}`,
          is_channel: !isIm,
          is_im: conversation.kind === 'im',
          is_private: conversation.kind === 'private',
          is_archived: false,
          is_member: conversation.botMember,
        },
      };
    },

    'conversations.open': (args) => {
      const users = str(args, 'users');
      const channel = str(args, 'channel');
      if (users === undefined && channel === undefined) return fail('users_list_not_supplied');
      const ids = (users ?? '').split(',').map((u) => u.trim()).filter((u) => u !== '');
      const first = ids[0];
      const id =
        channel ?? (ids.length === 1 && first !== undefined ? state.conversations.openDm(first).id : `G${ids.join('')}`);
      return { ok: true, no_op: false, already_open: false, channel: { id } };
    },

    'users.info': (args) => {
      const user = str(args, 'user');
      if (user === undefined) return fail('user_not_found');
      const include = args['include_locale'];
      return { ok: true, user: userObject(user, undefined, include === true || include === 'true' || include === '1') };
    },

    'users.lookupByEmail': (args) => {
      const email = str(args, 'email');
      if (email === undefined) return failWithProblems('invalid_arguments', ['missing required field: email']);
      if (email.includes('unknown')) return fail('users_not_found');
      // A stable id per email, so two lookups of the same person agree.
      const id = `U${createHash('sha1').update(email.toLowerCase()).digest('hex').slice(0, 8).toUpperCase()}`;
      return { ok: true, user: userObject(id, email) };
    },

    'reactions.add': (args) => {
      const channel = str(args, 'channel');
      const timestamp = str(args, 'timestamp');
      const name = str(args, 'name');
      if (strict && channel === undefined) return fail('channel_not_found');
      if (strict && timestamp === undefined) return fail('message_not_found');
      if (strict && name === undefined) return fail('invalid_name');
      const key = `${channel ?? ''}|${timestamp ?? ''}|${name ?? ''}`;
      if (strict && state.reactions.has(key)) return fail('already_reacted');
      state.reactions.add(key);
      return { ok: true };
    },

    'reactions.remove': (args) => {
      const key = `${str(args, 'channel') ?? ''}|${str(args, 'timestamp') ?? ''}|${str(args, 'name') ?? ''}`;
      if (strict && !state.reactions.has(key)) return fail('no_reaction');
      state.reactions.delete(key);
      return { ok: true };
    },
  };

  /** Methods that answer without a token, as on Slack. */
  const NO_AUTH = new Set(['api.test']);

  function answerMethod(method: string, args: Args, token: string | undefined): Answer {
    const handler = methods[method];
    if (handler === undefined) return fail('unknown_method', { req_method: method });
    if (strict && !NO_AUTH.has(method)) {
      if (token === undefined) return fail('not_authed');
      // Catches a signing secret or an app-level token passed where a bot token belongs.
      if (!/^xox[a-z]-/.test(token)) return fail('invalid_auth');
      // Every call against the published method list (openapi-rules.ts).
      const verdict = checkArguments(method, args);
      if (!verdict.ok) {
        return 'problems' in verdict ? failWithProblems(verdict.error, verdict.problems) : fail(verdict.error);
      }
    }
    return options.hooks?.answer?.(method, args) ?? handler(args);
  }

  // -------------------------------------------------------------------------
  // HTTP
  // -------------------------------------------------------------------------

  function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
    res.end(JSON.stringify(body));
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const at = Date.now();
    const callGeneration = generation;
    const url = new URL(req.url ?? '/', origin);
    const path = url.pathname;
    let method: string;
    if (path.startsWith('/api/')) method = decodeURIComponent(path.slice('/api/'.length));
    else if (path.startsWith('/response/')) method = 'response_url';
    else {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end(`fake Slack: no route for ${path}`);
      return;
    }

    const body = await readBody(req);
    const parsed = await parseArgs(req, body, url);
    const args: Args = parsed.ok ? parsed.args : {};
    const token = bearerToken(req) ?? str(args, 'token');
    delete args['token'];
    const base = { method, args, token, at, path, contentType: req.headers['content-type'] };

    const fault = takeFault(method);
    let delayedMs: number | undefined;
    if (fault !== undefined) {
      if ('status' in fault && fault.status === 429) {
        const retryAfter = fault.retryAfterSeconds ?? 1;
        const answer = { ok: false, error: 'ratelimited' };
        record({ ...base, ok: false, error: 'ratelimited', response: answer }, callGeneration);
        sendJson(res, 429, answer, { 'retry-after': String(retryAfter) });
        return;
      }
      if ('status' in fault) {
        record({ ...base, ok: false, error: 'http_500' }, callGeneration);
        res.writeHead(500, { 'content-type': 'text/html; charset=utf-8' });
        res.end('<html><body><h1>500 Internal Server Error</h1></body></html>');
        return;
      }
      if ('error' in fault) {
        const answer = { ok: false, error: fault.error };
        record({ ...base, ok: false, error: fault.error, response: answer }, callGeneration);
        sendJson(res, 200, answer);
        return;
      }
      await sleep(fault.delayMs);
      delayedMs = fault.delayMs;
    }

    let answer: Answer;
    if (!parsed.ok) answer = fail(parsed.error);
    else if (method === 'response_url') answer = strict ? checkResponseUrlBody(args) : { ok: true };
    else answer = answerMethod(method, args, token);

    const warning =
      answer.ok && /^chat\.(postMessage|postEphemeral|update|scheduleMessage)$/.test(method) && missingTextFallback(args)
        ? 'missing_text_fallback'
        : undefined;
    if (warning !== undefined) answer = { ...answer, response_metadata: { warnings: [warning] } };

    const call: RecordedCall = { ...base, ok: answer.ok, response: answer };
    const error = answer['error'];
    if (typeof error === 'string') call.error = error;
    if (warning !== undefined) call.warning = warning;
    if (delayedMs !== undefined) call.delayedMs = delayedMs;
    // Record before answering, so a test that awaited the WebClient call sees it.
    record(call, callGeneration);
    sendJson(res, 200, answer);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      // A bug in the fake: make it loud in the recording and in the answer.
      const message = error instanceof Error ? error.stack ?? error.message : String(error);
      calls.push({
        method: req.url ?? '?',
        args: {},
        token: undefined,
        at: Date.now(),
        ok: false,
        error: `fake_slack_crashed: ${message}`,
        path: req.url ?? '?',
        contentType: req.headers['content-type'],
      });
      if (!res.headersSent) sendJson(res, 500, { ok: false, error: 'fake_slack_crashed', detail: message });
      else res.end();
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('fake Slack: expected a TCP address');
  origin = `http://127.0.0.1:${address.port}`;

  function describeCalls(): string {
    if (calls.length === 0) return '(none)';
    return calls
      .map((c) => {
        if (c.ok) return `  ${c.method} ok`;
        const problems = Array.isArray(c.response?.['errors']) ? ` ${JSON.stringify(c.response['errors'])}` : '';
        return `  ${c.method} FAILED ${c.error ?? '?'}${problems}`;
      })
      .join('\n');
  }

  return {
    apiUrl: `${origin}/api/`,
    calls,
    callsTo,

    inject(method, fault, times = 1) {
      faults.push({ method, fault, remaining: times });
    },

    chaos(options) {
      chaos = options;
    },

    waitForCalls(method, count, timeoutMs = 5000) {
      const already = callsTo(method);
      if (already.length >= count) return Promise.resolve(already);
      return new Promise<RecordedCall[]>((resolve, reject) => {
        const waiter: Waiter = {
          method,
          count,
          resolve,
          reject,
          timer: setTimeout(() => {
            waiters.delete(waiter);
            reject(
              new Error(
                `fake Slack: waited ${timeoutMs} ms for ${count} successful ${method} call(s), ` +
                  `got ${callsTo(method).length}. Recorded calls:\n${describeCalls()}`,
              ),
            );
          }, timeoutMs),
        };
        waiters.add(waiter);
      });
    },

    responseUrl(id = randomHex(8)) {
      return `${origin}/response/${encodeURIComponent(id)}`;
    },

    get conversations() {
      return state.conversations;
    },

    get scopes() {
      return state.scopes;
    },

    get locales() {
      return state.locales;
    },

    checkAck(kind, body) {
      const answer = strict ? checkAckBody(kind, body) : { ok: true };
      const call: RecordedCall = {
        method: 'ack',
        args: isRecord(body) ? body : { body },
        token: undefined,
        at: Date.now(),
        ok: answer.ok,
        response: answer,
        path: '(ack)',
        contentType: 'application/json',
      };
      const error = answer['error'];
      if (typeof error === 'string') call.error = error;
      record(call, generation);
      return call;
    },

    reset() {
      // Keep the same array: tests may hold a reference to `fake.calls`.
      calls.length = 0;
      generation += 1;
      faults = [];
      chaos = null;
      state = new FakeState();
    },

    async close() {
      for (const timer of delays) clearTimeout(timer);
      delays.clear();
      for (const waiter of waiters) {
        clearTimeout(waiter.timer);
        waiter.reject(new Error(`fake Slack closed while waiting for ${waiter.method}`));
      }
      waiters.clear();
      // fetch keeps connections alive; drop them so close() does not wait for their idle timeout.
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve())));
    },
  };
}
