// Builds the requests Slack sends to an app (slash commands, interactivity, events),
// signs them the way Slack does, and posts them to the app's `/slack/events`.
//
// Signing (https://docs.slack.dev/authentication/verifying-requests-from-slack):
//   x-slack-request-timestamp: <unix seconds>
//   x-slack-signature: 'v0=' + hex(HMAC-SHA256(signing secret, `v0:${timestamp}:${raw body}`))
// The signature covers the raw body bytes, so the body is built here as a string
// once and sent exactly as signed.

import { createHmac, randomBytes } from 'node:crypto';
import { API_APP_ID, BOT_ID, BOT_USER_ID, TEAM_DOMAIN, TEAM_ID, VERIFICATION_TOKEN } from '../../src/sandbox/slack/ids.js';

export function slackSignature(signingSecret: string, timestampSeconds: number, rawBody: string): string {
  const hmac = createHmac('sha256', signingSecret).update(`v0:${timestampSeconds}:${rawBody}`);
  return `v0=${hmac.digest('hex')}`;
}

// ---------------------------------------------------------------------------
// Ids Slack makes up for each request
// ---------------------------------------------------------------------------

let sequence = 0;
function next(): number {
  sequence += 1;
  return sequence;
}

/** Shaped like Slack's '1388105719492.1379717998065.9bc163894734c1f415a2c504e81dec91'; unique, since trigger_ids work once. */
export function newTriggerId(): string {
  return `${Date.now()}.${String(next()).padStart(13, '0')}.${randomBytes(16).toString('hex')}`;
}

/** Slack's action_ts / event ts: seconds with six decimals. */
function slackTs(ms: number = Date.now()): string {
  return `${Math.floor(ms / 1000)}.${String((ms % 1000) * 1000 + (next() % 1000)).padStart(6, '0')}`;
}

/** Shaped like Slack's; nothing listens there, so pass `fake.responseUrl()` when the app will respond(). */
function defaultResponseUrl(kind: 'actions' | 'commands' = 'actions'): string {
  return `https://hooks.slack.com/${kind}/${TEAM_ID}/${Date.now()}/${randomBytes(12).toString('hex')}`;
}

// ---------------------------------------------------------------------------
// Slash commands, events
// ---------------------------------------------------------------------------

export interface SlashCommandFields {
  command: string;
  text?: string;
  user_id?: string;
  user_name?: string;
  channel_id?: string;
  channel_name?: string;
  team_id?: string;
  trigger_id?: string;
  response_url?: string;
}

/** The `application/x-www-form-urlencoded` body of a slash command, fields in the order Slack sends them. */
export function slashCommandBody(fields: SlashCommandFields): string {
  const userId = fields.user_id ?? 'U0ALICE';
  const channelId = fields.channel_id ?? 'C0GENERAL';
  return new URLSearchParams([
    ['token', VERIFICATION_TOKEN],
    ['team_id', fields.team_id ?? TEAM_ID],
    ['team_domain', TEAM_DOMAIN],
    ['channel_id', channelId],
    ['channel_name', fields.channel_name ?? (channelId.startsWith('D') ? 'directmessage' : 'general')],
    ['user_id', userId],
    ['user_name', fields.user_name ?? `user-${userId.toLowerCase()}`],
    ['command', fields.command],
    ['text', fields.text ?? ''],
    ['api_app_id', API_APP_ID],
    ['is_enterprise_install', 'false'],
    ['response_url', fields.response_url ?? defaultResponseUrl('commands')],
    ['trigger_id', fields.trigger_id ?? newTriggerId()],
  ]).toString();
}

/** The body of an interactivity request: a form with one field, `payload`, holding JSON. */
export function interactionBody(payload: Record<string, unknown>): string {
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

/** The JSON body of an Events API delivery (`event_callback` envelope). */
export function eventBody(event: Record<string, unknown>, opts: { eventId?: string; teamId?: string } = {}): string {
  const teamId = opts.teamId ?? TEAM_ID;
  return JSON.stringify({
    token: VERIFICATION_TOKEN,
    team_id: teamId,
    context_team_id: teamId,
    context_enterprise_id: null,
    api_app_id: API_APP_ID,
    event,
    type: 'event_callback',
    event_id: opts.eventId ?? `Ev${String(next()).padStart(4, '0')}${randomBytes(4).toString('hex').toUpperCase()}`,
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [
      { enterprise_id: null, team_id: teamId, user_id: BOT_USER_ID, is_bot: true, is_enterprise_install: false },
    ],
    is_ext_shared_channel: false,
  });
}

// ---------------------------------------------------------------------------
// Sending
// ---------------------------------------------------------------------------

export interface SlackRequestOptions {
  signingSecret: string;
  /** Defaults to now. Set it in the past to test stale-request rejection. */
  timestampSeconds?: number;
  /** Sent instead of the computed signature, for bad-signature tests. */
  signature?: string;
  headers?: Record<string, string>;
}

export interface SlackEndpointResponse {
  status: number;
  headers: Headers;
  text: string;
  json(): unknown;
}

export async function sendToSlackEndpoint(
  url: string,
  body: string,
  contentType: 'application/x-www-form-urlencoded' | 'application/json',
  opts: SlackRequestOptions,
): Promise<SlackEndpointResponse> {
  const timestamp = opts.timestampSeconds ?? Math.floor(Date.now() / 1000);
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': contentType,
      'user-agent': 'Slackbot 1.0 (+https://api.slack.com/robots)',
      'x-slack-request-timestamp': String(timestamp),
      'x-slack-signature': opts.signature ?? slackSignature(opts.signingSecret, timestamp, body),
      ...opts.headers,
    },
    body,
  });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    text,
    json(): unknown {
      try {
        return JSON.parse(text);
      } catch {
        throw new Error(`expected a JSON answer from ${url}, got ${response.status}: ${JSON.stringify(text)}`);
      }
    },
  };
}

export async function sendCommand(
  url: string,
  fields: SlashCommandFields,
  opts: SlackRequestOptions,
): Promise<SlackEndpointResponse> {
  return sendToSlackEndpoint(url, slashCommandBody(fields), 'application/x-www-form-urlencoded', opts);
}

export async function sendInteraction(
  url: string,
  payload: Record<string, unknown>,
  opts: SlackRequestOptions,
): Promise<SlackEndpointResponse> {
  return sendToSlackEndpoint(url, interactionBody(payload), 'application/x-www-form-urlencoded', opts);
}

/**
 * Sends an event. `retryNum` makes it look like Slack's redelivery of an event the
 * app did not acknowledge in time (x-slack-retry-num / x-slack-retry-reason).
 */
export async function sendEvent(
  url: string,
  event: Record<string, unknown>,
  opts: SlackRequestOptions & { eventId?: string; retryNum?: number; retryReason?: string },
): Promise<SlackEndpointResponse> {
  const eventOpts = opts.eventId === undefined ? {} : { eventId: opts.eventId };
  const retryHeaders: Record<string, string> =
    opts.retryNum === undefined
      ? {}
      : { 'x-slack-retry-num': String(opts.retryNum), 'x-slack-retry-reason': opts.retryReason ?? 'http_timeout' };
  return sendToSlackEndpoint(url, eventBody(event, eventOpts), 'application/json', {
    ...opts,
    headers: { ...retryHeaders, ...opts.headers },
  });
}

// ---------------------------------------------------------------------------
// Interactivity payloads
// ---------------------------------------------------------------------------

/** A user id, or a user with a chosen name. */
export type UserRef = string | { id: string; name?: string };
/** A channel id, or a channel with a chosen name. */
export type ChannelRef = string | { id: string; name?: string };

function userOf(ref: UserRef): { id: string; username: string; name: string; team_id: string } {
  const id = typeof ref === 'string' ? ref : ref.id;
  const name = (typeof ref === 'string' ? undefined : ref.name) ?? `user-${id.toLowerCase()}`;
  return { id, username: name, name, team_id: TEAM_ID };
}

function channelOf(ref: ChannelRef): { id: string; name: string } {
  const id = typeof ref === 'string' ? ref : ref.id;
  const given = typeof ref === 'string' ? undefined : ref.name;
  return { id, name: given ?? (id.startsWith('D') ? 'directmessage' : `channel-${id.toLowerCase()}`) };
}

/** Fields every interactivity payload carries. */
function envelope(): Record<string, unknown> {
  return {
    team: { id: TEAM_ID, domain: TEAM_DOMAIN },
    api_app_id: API_APP_ID,
    token: VERIFICATION_TOKEN,
    is_enterprise_install: false,
    enterprise: null,
  };
}

export interface SelectedOption {
  text: { type: 'plain_text'; text: string; emoji?: boolean };
  value: string;
}

/** One entry of `view.state.values[block_id][action_id]`. */
export interface StateValue {
  type: string;
  value?: string | null;
  selected_option?: SelectedOption | null;
  selected_options?: SelectedOption[];
  selected_date?: string | null;
  selected_time?: string | null;
  selected_date_time?: number | null;
  selected_user?: string | null;
  selected_users?: string[];
  selected_conversation?: string | null;
  selected_conversations?: string[];
  selected_channel?: string | null;
  selected_channels?: string[];
}

/** `view.state.values`: { [block_id]: { [action_id]: StateValue } }. */
export type StateValues = Record<string, Record<string, StateValue>>;

function option(value: string, text: string = value): SelectedOption {
  return { text: { type: 'plain_text', text, emoji: true }, value };
}

/** Builders for the entries of `view.state.values`, as Slack reports each element type. */
export const stateValue = {
  plainText: (value: string | null): StateValue => ({ type: 'plain_text_input', value }),
  number: (value: string | null): StateValue => ({ type: 'number_input', value }),
  staticSelect: (value: string | null, text?: string): StateValue => ({
    type: 'static_select',
    selected_option: value === null ? null : option(value, text),
  }),
  externalSelect: (value: string | null, text?: string): StateValue => ({
    type: 'external_select',
    selected_option: value === null ? null : option(value, text),
  }),
  multiStaticSelect: (values: string[]): StateValue => ({
    type: 'multi_static_select',
    selected_options: values.map((v) => option(v)),
  }),
  checkboxes: (values: string[]): StateValue => ({ type: 'checkboxes', selected_options: values.map((v) => option(v)) }),
  radio: (value: string | null, text?: string): StateValue => ({
    type: 'radio_buttons',
    selected_option: value === null ? null : option(value, text),
  }),
  datepicker: (date: string | null): StateValue => ({ type: 'datepicker', selected_date: date }),
  timepicker: (time: string | null): StateValue => ({ type: 'timepicker', selected_time: time }),
  usersSelect: (user: string | null): StateValue => ({ type: 'users_select', selected_user: user }),
  multiUsersSelect: (users: string[]): StateValue => ({ type: 'multi_users_select', selected_users: users }),
  conversationsSelect: (conversation: string | null): StateValue => ({
    type: 'conversations_select',
    selected_conversation: conversation,
  }),
  channelsSelect: (channel: string | null): StateValue => ({ type: 'channels_select', selected_channel: channel }),
};

export interface ViewInput {
  id?: string;
  type?: 'modal' | 'home';
  callbackId?: string;
  privateMetadata?: string;
  externalId?: string;
  values?: StateValues;
  blocks?: unknown[];
  title?: string;
  submit?: string;
  hash?: string;
  rootViewId?: string;
  previousViewId?: string;
}

/** A view as Slack puts it in payloads (block_actions from a modal, view_submission, block_suggestion). */
export function viewPayload(input: ViewInput = {}): Record<string, unknown> {
  const id = input.id ?? `V${String(next()).padStart(6, '0')}`;
  const type = input.type ?? 'modal';
  const plain = (text: string) => ({ type: 'plain_text', text, emoji: true });
  return {
    id,
    team_id: TEAM_ID,
    type,
    blocks: input.blocks ?? [],
    private_metadata: input.privateMetadata ?? '',
    callback_id: input.callbackId ?? '',
    state: { values: input.values ?? {} },
    hash: input.hash ?? `${Math.floor(Date.now() / 1000)}.${randomBytes(4).toString('hex')}`,
    title: type === 'modal' ? plain(input.title ?? 'Cadence') : null,
    clear_on_close: false,
    notify_on_close: false,
    close: type === 'modal' ? plain('Cancel') : null,
    submit: type === 'modal' ? plain(input.submit ?? 'Submit') : null,
    previous_view_id: input.previousViewId ?? null,
    root_view_id: input.rootViewId ?? id,
    app_id: API_APP_ID,
    external_id: input.externalId ?? '',
    app_installed_team_id: TEAM_ID,
    bot_id: BOT_ID,
  };
}

export interface BlockActionInput {
  user: UserRef;
  actionId: string;
  blockId?: string;
  /** For buttons (and inputs with dispatch_action). */
  value?: string;
  /** For selects: makes the action a static_select unless `actionType` says otherwise. */
  selectedOption?: { value: string; text?: string };
  /** Element type reported in the action; defaults to 'button', or 'static_select' with selectedOption. */
  actionType?: string;
  /** Button label, reported back in the action as Slack does. */
  text?: string;
  /** Where the message with the button lives; ignored when `view` is given. */
  channel?: ChannelRef;
  messageTs?: string;
  /** The message the button is in (defaults to a bot message with no blocks). */
  message?: Record<string, unknown>;
  /** Set when the action comes from a modal or the Home tab. */
  view?: ViewInput;
  triggerId?: string;
  responseUrl?: string;
  /** `state.values` of a message (inputs in the message). */
  state?: StateValues;
}

/** A `block_actions` payload: a button click or select change, in a message or in a view. */
export function blockActionPayload(input: BlockActionInput): Record<string, unknown> {
  const actionTs = slackTs();
  const actionType = input.actionType ?? (input.selectedOption ? 'static_select' : 'button');
  const action: Record<string, unknown> = {
    type: actionType,
    action_id: input.actionId,
    block_id: input.blockId ?? 'actions',
    action_ts: actionTs,
  };
  if (actionType === 'button') action['text'] = { type: 'plain_text', text: input.text ?? input.actionId, emoji: true };
  if (input.value !== undefined) action['value'] = input.value;
  if (input.selectedOption) action['selected_option'] = option(input.selectedOption.value, input.selectedOption.text);

  const base = {
    type: 'block_actions',
    user: userOf(input.user),
    ...envelope(),
    trigger_id: input.triggerId ?? newTriggerId(),
  };

  if (input.view) {
    const view = viewPayload(input.view);
    // Actions in views carry no channel, message or response_url.
    return {
      ...base,
      container: { type: 'view', view_id: view['id'] },
      view,
      actions: [action],
    };
  }

  const channel = channelOf(input.channel ?? 'C0GENERAL');
  const messageTs = input.messageTs ?? slackTs();
  return {
    ...base,
    container: { type: 'message', message_ts: messageTs, channel_id: channel.id, is_ephemeral: false },
    channel,
    message: input.message ?? {
      type: 'message',
      subtype: 'bot_message',
      text: 'Cadence message',
      user: BOT_USER_ID,
      bot_id: BOT_ID,
      ts: messageTs,
      blocks: [],
    },
    state: { values: input.state ?? {} },
    response_url: input.responseUrl ?? defaultResponseUrl(),
    actions: [action],
  };
}

export interface ViewSubmissionInput {
  user: UserRef;
  callbackId: string;
  values: StateValues;
  privateMetadata?: string;
  viewId?: string;
  triggerId?: string;
  blocks?: unknown[];
  externalId?: string;
  /** Present only when the modal has a conversation select with response_url_enabled. */
  responseUrls?: { block_id: string; action_id: string; channel_id: string; response_url: string }[];
}

/** A `view_submission` payload: the user pressed Submit in a modal. */
export function viewSubmissionPayload(input: ViewSubmissionInput): Record<string, unknown> {
  const viewInput: ViewInput = { callbackId: input.callbackId, values: input.values };
  if (input.privateMetadata !== undefined) viewInput.privateMetadata = input.privateMetadata;
  if (input.viewId !== undefined) viewInput.id = input.viewId;
  if (input.blocks !== undefined) viewInput.blocks = input.blocks;
  if (input.externalId !== undefined) viewInput.externalId = input.externalId;
  return {
    type: 'view_submission',
    ...envelope(),
    user: userOf(input.user),
    trigger_id: input.triggerId ?? newTriggerId(),
    view: viewPayload(viewInput),
    response_urls: input.responseUrls ?? [],
  };
}

export interface MessageShortcutInput {
  user: UserRef;
  callbackId: string;
  message: { text: string; user: string; ts: string };
  channel: ChannelRef;
  triggerId?: string;
  responseUrl?: string;
}

/** A `message_action` payload: a shortcut chosen from a message's "More actions" menu. */
export function messageShortcutPayload(input: MessageShortcutInput): Record<string, unknown> {
  return {
    type: 'message_action',
    ...envelope(),
    action_ts: slackTs(),
    user: userOf(input.user),
    channel: channelOf(input.channel),
    callback_id: input.callbackId,
    trigger_id: input.triggerId ?? newTriggerId(),
    message_ts: input.message.ts,
    message: { type: 'message', ...input.message },
    response_url: input.responseUrl ?? defaultResponseUrl(),
  };
}

export interface GlobalShortcutInput {
  user: UserRef;
  callbackId: string;
  triggerId?: string;
}

/** A `shortcut` payload: a global shortcut from the shortcuts menu or search. */
export function globalShortcutPayload(input: GlobalShortcutInput): Record<string, unknown> {
  const user = userOf(input.user);
  return {
    type: 'shortcut',
    ...envelope(),
    action_ts: slackTs(),
    // Global shortcuts report the user without `name`.
    user: { id: user.id, username: user.username, team_id: user.team_id },
    callback_id: input.callbackId,
    trigger_id: input.triggerId ?? newTriggerId(),
  };
}

export interface BlockSuggestionInput {
  user: UserRef;
  actionId: string;
  blockId: string;
  /** What the user typed so far. */
  value: string;
  /** When the external select is in a modal: that modal's callback_id. */
  viewCallbackId?: string;
  viewId?: string;
  /** When the external select is in a message. */
  channel?: ChannelRef;
  messageTs?: string;
}

/** A `block_suggestion` payload: Slack asking for the options of an external_select. */
export function blockSuggestionPayload(input: BlockSuggestionInput): Record<string, unknown> {
  const base = {
    type: 'block_suggestion',
    user: userOf(input.user),
    ...envelope(),
    action_id: input.actionId,
    block_id: input.blockId,
    value: input.value,
  };
  if (input.viewCallbackId !== undefined || input.viewId !== undefined) {
    const viewInput: ViewInput = {};
    if (input.viewCallbackId !== undefined) viewInput.callbackId = input.viewCallbackId;
    if (input.viewId !== undefined) viewInput.id = input.viewId;
    const view = viewPayload(viewInput);
    return { ...base, container: { type: 'view', view_id: view['id'] }, view };
  }
  const channel = channelOf(input.channel ?? 'C0GENERAL');
  return {
    ...base,
    container: {
      type: 'message',
      message_ts: input.messageTs ?? slackTs(),
      channel_id: channel.id,
      is_ephemeral: false,
    },
    channel,
  };
}
