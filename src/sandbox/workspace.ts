// The sandbox workspace: the conversations, messages, threads and views a person
// sees in the page, kept up to date from the Web API calls the app makes to the
// strict stand-in (src/sandbox/slack/web-api.ts) and from what the person does.
//
// The stand-in decides what Slack accepts (Block Kit, arguments, tokens); this
// module adds the rules that need state: a message must exist to be updated or
// deleted, a channel must exist to be posted to, a view must be open to be updated.

import type { OrgConfig } from '../config/org.js';
import type { FakeSlackHooks, RecordedCall } from './slack/web-api.js';
import { BOT_USER_ID, TEAM_ID } from './slack/ids.js';

type Args = Record<string, unknown>;
type Answer = Args & { ok: boolean };

export interface Persona {
  id: string;
  name: string;
  /** What this person does in the organisation, e.g. "Payments tribe lead". */
  roles: string[];
}

export interface Channel {
  id: string;
  name: string;
  kind: 'channel' | 'dm';
  /** Why this channel exists in the organisation config, shown as its topic. */
  topic: string;
  /** For a DM: the person (other than the bot). */
  user?: string;
}

export interface Message {
  ts: string;
  channel: string;
  user: string;
  text: string;
  blocks?: unknown[];
  attachments?: unknown[];
  thread_ts?: string;
  /** Only this person sees it ("Only visible to you"). */
  ephemeralFor?: string;
  edited?: boolean;
  /** Sandbox time (ISO) when it was posted. */
  at: string;
}

export interface ViewEntry {
  id: string;
  hash: string;
  view: Args;
  user: string;
  /** Errors from `response_action: errors`, by input block_id. */
  errors?: Record<string, string>;
}

export interface LogEntry {
  seq: number;
  /** Sandbox time. */
  at: string;
  kind: 'job' | 'clock' | 'slack-error' | 'app-error' | 'info';
  text: string;
  detail?: string[];
}

/** Where a response_url leads: the conversation, the person, and the message it came from. */
export interface ResponseTarget {
  channel: string;
  user: string;
  messageTs?: string;
}

export interface SavedWorkspace {
  version: 1;
  messages: Message[];
  homes: ViewEntry[];
  log: LogEntry[];
  seq: number;
}

/** One thing the app showed someone, kept for the gallery (`npm run gallery`). */
export interface Shown {
  kind: 'message' | 'ephemeral' | 'modal' | 'home';
  /** Where: a channel name, "DM", "modal", "App Home". */
  where: string;
  content: Args;
}

export const CSM_PERSONA_ID = 'U0SANDBOXCSM';

function str(args: Args, key: string): string | undefined {
  const value = args[key];
  if (typeof value === 'string' && value !== '') return value;
  if (typeof value === 'number') return String(value);
  return undefined;
}

function isRecord(value: unknown): value is Args {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const LOG_KINDS: readonly LogEntry['kind'][] = ['job', 'clock', 'slack-error', 'app-error', 'info'];

/** A saved log entry read back, or undefined when the file holds something else. */
function logEntryOf(e: Args): LogEntry | undefined {
  const { seq, at, text } = e;
  const kind = LOG_KINDS.find((k) => k === e['kind']);
  if (typeof seq !== 'number' || typeof at !== 'string' || typeof text !== 'string' || kind === undefined) return undefined;
  const detail = Array.isArray(e['detail']) ? e['detail'].filter((d): d is string => typeof d === 'string') : undefined;
  return detail ? { seq, at, kind, text, detail } : { seq, at, kind, text };
}

function truthy(value: unknown): boolean {
  return value === true || value === 'true';
}

function slugify(name: string): string {
  return name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

/** The people of the config, named by what they do, plus a sales/CSM persona. */
export function personasOf(org: OrgConfig): Persona[] {
  const roles = new Map<string, string[]>();
  const add = (id: string | undefined, role: string) => {
    if (!id) return;
    const list = roles.get(id) ?? [];
    if (!list.includes(role)) list.push(role);
    roles.set(id, list);
  };
  for (const id of org.admins) add(id, 'Admin');
  for (const id of org.approvers) add(id, 'Approver (VP Product)');
  for (const tribe of org.tribes) {
    add(tribe.lead, `${tribe.name} tribe lead`);
    for (const team of tribe.impactTeams) add(team.lead, `${team.name} PM`);
    for (const id of tribe.members) add(id, `${tribe.name} member`);
    for (const team of tribe.impactTeams) for (const id of team.members) add(id, `${team.name} developer`);
  }
  add(CSM_PERSONA_ID, 'Sales / CSM');
  const used = new Map<string, number>();
  return [...roles].map(([id, list]) => {
    const first = list[0] ?? 'Member';
    const n = (used.get(first) ?? 0) + 1;
    used.set(first, n);
    return { id, name: n > 1 ? `${first} ${n}` : first, roles: list };
  });
}

/** The channels of the config, named after what they are for. */
export function channelsOf(org: OrgConfig): Channel[] {
  const out = new Map<string, Channel>();
  const add = (id: string | undefined, name: string, topic: string) => {
    if (!id || out.has(id)) return;
    out.set(id, { id, name: slugify(name) || id.toLowerCase(), kind: 'channel', topic });
  };
  add(org.channels.companyWide, 'general', 'Company-wide channel');
  for (const tribe of org.tribes) {
    add(tribe.channel, tribe.name, `${tribe.name} tribe: its insights to triage and its digest`);
    for (const team of tribe.impactTeams) add(team.channel, team.name, `${team.name} impact team: its bugs`);
  }
  add(org.channels.opportunities, 'opportunities', 'New opportunity cards');
  add(org.channels.insightsInbox, 'insights-inbox', 'Insights without a tribe, for triage');
  add(org.channels.digest, 'product-digest', 'The weekly organisation digest');
  add(org.channels.bugEscalation, 'bug-escalation', 'Bugs still breached after their deadline');
  for (const ritual of org.rituals) add(ritual.channel, ritual.kind === 'alignment' ? 'product-alignment' : ritual.name, `${ritual.name}`);
  return [...out.values()];
}

export class Workspace implements FakeSlackHooks {
  readonly personas: Persona[];
  private channels = new Map<string, Channel>();
  private messages = new Map<string, Message[]>();
  private modals = new Map<string, ViewEntry[]>();
  private homes = new Map<string, ViewEntry>();
  private triggers = new Map<string, string>();
  private responseTargets = new Map<string, ResponseTarget>();
  private log: LogEntry[] = [];
  private shown: Shown[] = [];
  private shownKeys = new Set<string>();
  private seq = 0;
  private tsMicros = 0;
  version = 0;
  private listeners = new Set<() => void>();

  constructor(
    private readonly org: OrgConfig,
    private readonly now: () => Date,
  ) {
    this.personas = personasOf(org);
    this.reset();
  }

  reset(): void {
    this.channels = new Map(channelsOf(this.org).map((c) => [c.id, c]));
    for (const p of this.personas) this.dmOf(p.id);
    this.messages = new Map();
    this.modals = new Map();
    this.homes = new Map();
    this.triggers = new Map();
    this.responseTargets = new Map();
    this.log = [];
    this.shown = [];
    this.shownKeys = new Set();
    this.changed();
  }

  /** Everything the app showed, each distinct message or view once, in order. */
  history(): readonly Shown[] {
    return this.shown;
  }

  private show(kind: Shown['kind'], where: string, content: Args): void {
    const key = `${kind}|${JSON.stringify(content)}`;
    if (this.shownKeys.has(key) || this.shown.length >= 2000) return;
    this.shownKeys.add(key);
    this.shown.push({ kind, where, content });
  }

  private showMessage(message: Message): void {
    if (message.user !== BOT_USER_ID) return;
    const channel = this.channels.get(message.channel);
    const where = channel?.kind === 'dm' ? 'DM' : `#${channel?.name ?? message.channel}`;
    const content: Args = { text: message.text };
    if (message.blocks) content['blocks'] = message.blocks;
    if (message.attachments) content['attachments'] = message.attachments;
    this.show(message.ephemeralFor ? 'ephemeral' : 'message', where, content);
  }

  private showView(view: Args): void {
    const { id: _id, hash: _hash, state: _state, team_id: _t, app_id: _a, app_installed_team_id: _i, bot_id: _b, root_view_id: _r, previous_view_id: _p, ...content } = view;
    this.show(view['type'] === 'home' ? 'home' : 'modal', view['type'] === 'home' ? 'App Home' : 'modal', content);
  }

  // ---------------------------------------------------------------------------
  // Kept across restarts (the sandbox database keeps its rows; the conversations go with them)
  // ---------------------------------------------------------------------------

  saved(): SavedWorkspace {
    return { version: 1, messages: [...this.messages.values()].flat(), homes: [...this.homes.values()], log: this.log, seq: this.seq };
  }

  /** Restores what `saved()` wrote; open modals are not restored (Slack closes them too). */
  restore(data: unknown): void {
    if (!isRecord(data) || data['version'] !== 1) return;
    const messages = Array.isArray(data['messages']) ? data['messages'].filter(isRecord) : [];
    for (const m of messages) {
      if (typeof m['channel'] !== 'string' || typeof m['ts'] !== 'string') continue;
      const message = m as unknown;
      const list = this.messages.get(m['channel']) ?? [];
      list.push(message as Message);
      this.messages.set(m['channel'], list);
      if (m['channel'].startsWith('D') && !this.channels.has(m['channel'])) this.dmOf(m['channel'].slice(1));
    }
    for (const h of Array.isArray(data['homes']) ? data['homes'].filter(isRecord) : []) {
      if (typeof h['user'] === 'string' && isRecord(h['view'])) this.homes.set(h['user'], entryOf(h['view'], h['user']));
    }
    if (Array.isArray(data['log'])) this.log = data['log'].filter(isRecord).flatMap((e) => logEntryOf(e) ?? []);
    if (typeof data['seq'] === 'number') this.seq = data['seq'];
    this.changed();
  }

  // ---------------------------------------------------------------------------
  // Change notification (the page's event stream)
  // ---------------------------------------------------------------------------

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private changed(): void {
    this.version += 1;
    for (const listener of this.listeners) listener();
  }

  // ---------------------------------------------------------------------------
  // Reading
  // ---------------------------------------------------------------------------

  persona(id: string): Persona | undefined {
    return this.personas.find((p) => p.id === id);
  }

  channel(id: string): Channel | undefined {
    return this.channels.get(id);
  }

  /** The DM between a person and the bot; created on first use, as `conversations.open` does. */
  dmOf(userId: string): Channel {
    const id = `D${userId}`;
    let dm = this.channels.get(id);
    if (!dm) {
      dm = { id, name: this.persona(userId)?.name ?? userId, kind: 'dm', topic: 'Direct messages with Cadence', user: userId };
      this.channels.set(id, dm);
    }
    return dm;
  }

  allChannels(): Channel[] {
    return [...this.channels.values()];
  }

  message(channel: string, ts: string): Message | undefined {
    return this.messages.get(channel)?.find((m) => m.ts === ts);
  }

  /** What `viewer` sees: everyone's messages plus their own ephemeral ones. */
  snapshot(viewer: string) {
    const messages: Record<string, Message[]> = {};
    for (const [channel, list] of this.messages) {
      const visible = list.filter((m) => m.ephemeralFor === undefined || m.ephemeralFor === viewer);
      if (visible.length > 0) messages[channel] = visible;
    }
    return {
      version: this.version,
      viewer,
      channels: this.allChannels().filter((c) => c.kind === 'channel' || c.user === viewer),
      messages,
      modals: this.modals.get(viewer) ?? [],
      home: this.homes.get(viewer) ?? null,
      log: this.log.slice(-200),
    };
  }

  /** Every message and view, for the gallery. */
  everything(): { messages: Message[]; views: ViewEntry[] } {
    const views = [...this.homes.values(), ...[...this.modals.values()].flat()];
    return { messages: [...this.messages.values()].flat(), views };
  }

  topModal(user: string): ViewEntry | undefined {
    const stack = this.modals.get(user);
    return stack?.[stack.length - 1];
  }

  findView(viewId: string): ViewEntry | undefined {
    for (const stack of this.modals.values()) {
      const found = stack.find((v) => v.id === viewId);
      if (found) return found;
    }
    return [...this.homes.values()].find((v) => v.id === viewId);
  }

  // ---------------------------------------------------------------------------
  // What people do
  // ---------------------------------------------------------------------------

  /** A unique, increasing ts for messages people post (the stand-in makes the bot's). */
  private nextTs(channel: string): string {
    let micros = Math.max(Date.now() * 1000 + 500, this.tsMicros + 1);
    const taken = (m: number) => this.message(channel, tsOf(m)) !== undefined;
    while (taken(micros)) micros += 1;
    this.tsMicros = micros;
    return tsOf(micros);
  }

  postAsPerson(user: string, channel: string, text: string, threadTs?: string): Message {
    const message: Message = { ts: this.nextTs(channel), channel, user, text, at: this.now().toISOString() };
    if (threadTs) message.thread_ts = threadTs;
    this.add(message);
    return message;
  }

  /** An answer only `user` sees (a slash command's ephemeral ack, a response_url post). */
  postEphemeral(channel: string, user: string, content: { text?: unknown; blocks?: unknown; attachments?: unknown }): void {
    const message: Message = {
      ts: this.nextTs(channel),
      channel,
      user: BOT_USER_ID,
      text: typeof content.text === 'string' ? content.text : '',
      ephemeralFor: user,
      at: this.now().toISOString(),
    };
    if (Array.isArray(content.blocks)) message.blocks = content.blocks;
    if (Array.isArray(content.attachments)) message.attachments = content.attachments;
    this.add(message);
  }

  postBotMessage(channel: string, content: { text?: unknown; blocks?: unknown; attachments?: unknown }): void {
    const message: Message = {
      ts: this.nextTs(channel),
      channel,
      user: BOT_USER_ID,
      text: typeof content.text === 'string' ? content.text : '',
      at: this.now().toISOString(),
    };
    if (Array.isArray(content.blocks)) message.blocks = content.blocks;
    if (Array.isArray(content.attachments)) message.attachments = content.attachments;
    this.add(message);
  }

  removeEphemeral(channel: string, ts: string, user: string): void {
    const list = this.messages.get(channel);
    if (!list) return;
    const index = list.findIndex((m) => m.ts === ts && m.ephemeralFor === user);
    if (index >= 0) {
      list.splice(index, 1);
      this.changed();
    }
  }

  private add(message: Message): void {
    this.showMessage(message);
    const list = this.messages.get(message.channel) ?? [];
    list.push(message);
    this.messages.set(message.channel, list);
    this.changed();
  }

  /** A trigger_id the page's request carries; the stand-in's views.open names the person through it. */
  registerTrigger(trigger: string, user: string): void {
    this.triggers.set(trigger, user);
    if (this.triggers.size > 500) {
      const first = this.triggers.keys().next().value;
      if (first !== undefined) this.triggers.delete(first);
    }
  }

  registerResponseUrl(id: string, target: ResponseTarget): void {
    this.responseTargets.set(id, target);
  }

  pushView(user: string, view: Args): ViewEntry {
    this.showView(view);
    const entry = entryOf(view, user);
    const stack = this.modals.get(user) ?? [];
    stack.push(entry);
    this.modals.set(user, stack);
    this.changed();
    return entry;
  }

  replaceView(user: string, viewId: string, view: Args): void {
    const stack = this.modals.get(user) ?? [];
    const index = stack.findIndex((v) => v.id === viewId);
    if (index >= 0) stack[index] = entryOf(view, user);
    this.showView(view);
    this.changed();
  }

  setViewErrors(viewId: string, errors: Record<string, string> | undefined): void {
    const entry = this.findView(viewId);
    if (!entry) return;
    if (errors) entry.errors = errors;
    else delete entry.errors;
    this.changed();
  }

  /** Closes the top modal (`all`: the whole stack). */
  closeView(user: string, all = false): void {
    const stack = this.modals.get(user) ?? [];
    if (all) stack.length = 0;
    else stack.pop();
    this.modals.set(user, stack);
    this.changed();
  }

  note(kind: LogEntry['kind'], text: string, detail?: string[]): void {
    this.seq += 1;
    const entry: LogEntry = { seq: this.seq, at: this.now().toISOString(), kind, text };
    if (detail && detail.length > 0) entry.detail = detail;
    this.log.push(entry);
    if (this.log.length > 1000) this.log.splice(0, this.log.length - 1000);
    this.changed();
  }

  // ---------------------------------------------------------------------------
  // FakeSlackHooks: the state rules, and the state kept from each call
  // ---------------------------------------------------------------------------

  /** Posting to a user id goes to the DM with them, as on Slack. */
  private conversationOf(channel: string): string {
    return /^[UW][A-Z0-9]+$/.test(channel) ? this.dmOf(channel).id : channel;
  }

  answer(method: string, args: Args): Answer | undefined {
    const channelArg = str(args, 'channel');
    if (/^chat\.(postMessage|postEphemeral|update|delete|scheduleMessage)$/.test(method) && channelArg !== undefined) {
      if (!this.channels.has(this.conversationOf(channelArg))) return { ok: false, error: 'channel_not_found' };
    }
    if (method === 'chat.update' || method === 'chat.delete') {
      const ts = str(args, 'ts');
      const found = channelArg && ts ? this.message(this.conversationOf(channelArg), ts) : undefined;
      if (ts && (!found || found.ephemeralFor !== undefined)) return { ok: false, error: 'message_not_found' };
      if (found && found.user !== BOT_USER_ID) return { ok: false, error: 'cant_update_message' };
    }
    if (method === 'chat.postMessage' && str(args, 'thread_ts') !== undefined && channelArg !== undefined) {
      const parent = this.message(this.conversationOf(channelArg), str(args, 'thread_ts') ?? '');
      if (!parent) return { ok: false, error: 'thread_not_found' };
    }
    if (method === 'views.update') {
      const viewId = str(args, 'view_id');
      if (viewId !== undefined && !this.findView(viewId)) return { ok: false, error: 'not_found' };
    }
    if (method === 'views.open' || method === 'views.push') {
      const trigger = str(args, 'trigger_id');
      if (trigger !== undefined && !this.triggers.has(trigger)) return { ok: false, error: 'invalid_trigger_id' };
    }
    if (method === 'users.info') {
      const user = str(args, 'user');
      const persona = user ? this.persona(user) : undefined;
      if (!user) return undefined;
      if (!persona && user !== BOT_USER_ID) return { ok: false, error: 'user_not_found' };
      return { ok: true, user: this.userObject(user, persona) };
    }
    if (method === 'conversations.info') {
      const channel = channelArg ? this.channels.get(channelArg) : undefined;
      if (!channelArg) return undefined;
      if (!channel) return { ok: false, error: 'channel_not_found' };
      const isIm = channel.kind === 'dm';
      return {
        ok: true,
        channel: {
          id: channel.id,
          ...(isIm ? { user: channel.user } : { name: channel.name }),
          is_channel: !isIm,
          is_im: isIm,
          is_private: false,
          is_archived: false,
          is_member: true,
          topic: { value: channel.topic },
        },
      };
    }
    return undefined;
  }

  private userObject(id: string, persona: Persona | undefined): Args {
    const name = persona?.name ?? 'Cadence';
    return {
      id,
      team_id: TEAM_ID,
      name: slugify(name),
      real_name: name,
      deleted: false,
      is_bot: id === BOT_USER_ID,
      tz: this.org.organisation.timezone,
      profile: { real_name: name, display_name: name, email: `${slugify(name)}@sandbox.invalid` },
    };
  }

  recorded(call: RecordedCall): void {
    if (!call.ok) {
      const problems = Array.isArray(call.response?.['errors']) ? call.response['errors'].map(String) : [];
      this.note('slack-error', `Slack refused ${call.method}: ${call.error ?? 'error'}`, problems);
      return;
    }
    const args = call.args;
    const response = call.response ?? {};
    switch (call.method) {
      case 'chat.postMessage': {
        const channel = this.conversationOf(str(response, 'channel') ?? str(args, 'channel') ?? '');
        const message: Message = {
          ts: str(response, 'ts') ?? this.nextTs(channel),
          channel,
          user: BOT_USER_ID,
          text: str(args, 'text') ?? '',
          at: this.now().toISOString(),
        };
        if (Array.isArray(args['blocks'])) message.blocks = args['blocks'];
        if (Array.isArray(args['attachments'])) message.attachments = args['attachments'];
        const thread = str(args, 'thread_ts');
        if (thread) message.thread_ts = thread;
        this.add(message);
        return;
      }
      case 'chat.postEphemeral': {
        const channel = this.conversationOf(str(args, 'channel') ?? '');
        const user = str(args, 'user') ?? '';
        const message: Message = {
          ts: str(response, 'message_ts') ?? this.nextTs(channel),
          channel,
          user: BOT_USER_ID,
          text: str(args, 'text') ?? '',
          ephemeralFor: user,
          at: this.now().toISOString(),
        };
        if (Array.isArray(args['blocks'])) message.blocks = args['blocks'];
        if (Array.isArray(args['attachments'])) message.attachments = args['attachments'];
        this.add(message);
        return;
      }
      case 'chat.update': {
        const found = this.message(this.conversationOf(str(args, 'channel') ?? ''), str(args, 'ts') ?? '');
        if (!found) return;
        if (args['text'] !== undefined) found.text = str(args, 'text') ?? '';
        if (args['blocks'] !== undefined) found.blocks = Array.isArray(args['blocks']) ? args['blocks'] : [];
        if (args['attachments'] !== undefined) found.attachments = Array.isArray(args['attachments']) ? args['attachments'] : [];
        found.edited = true;
        this.showMessage(found);
        this.changed();
        return;
      }
      case 'chat.delete': {
        const channel = this.conversationOf(str(args, 'channel') ?? '');
        const list = this.messages.get(channel) ?? [];
        this.messages.set(channel, list.filter((m) => m.ts !== str(args, 'ts')));
        this.changed();
        return;
      }
      case 'views.open':
      case 'views.push': {
        const user = this.triggers.get(str(args, 'trigger_id') ?? '');
        const view = response['view'];
        if (!user || !isRecord(view)) return;
        if (call.method === 'views.open') this.modals.set(user, []);
        this.pushView(user, view);
        return;
      }
      case 'views.update': {
        const view = response['view'];
        if (!isRecord(view)) return;
        const id = str(view, 'id') ?? '';
        const existing = this.findView(id);
        if (!existing) return;
        existing.view = view;
        existing.hash = str(view, 'hash') ?? existing.hash;
        delete existing.errors;
        this.showView(view);
        this.changed();
        return;
      }
      case 'views.publish': {
        const view = response['view'];
        const user = str(args, 'user_id');
        if (!user || !isRecord(view)) return;
        this.homes.set(user, entryOf(view, user));
        this.showView(view);
        this.changed();
        return;
      }
      case 'response_url': {
        const id = decodeURIComponent(call.path.slice('/response/'.length));
        const target = this.responseTargets.get(id);
        if (!target) return;
        this.respond(target, args);
        return;
      }
      default:
        return;
    }
  }

  /** What a post to a response_url does: replace or delete the original, or add a message. */
  private respond(target: ResponseTarget, args: Args): void {
    const original = target.messageTs ? this.message(target.channel, target.messageTs) : undefined;
    if (truthy(args['delete_original'])) {
      if (original) {
        const list = this.messages.get(target.channel) ?? [];
        this.messages.set(target.channel, list.filter((m) => m !== original));
        this.changed();
      }
      return;
    }
    if (truthy(args['replace_original']) && original) {
      original.text = typeof args['text'] === 'string' ? args['text'] : original.text;
      original.blocks = Array.isArray(args['blocks']) ? args['blocks'] : [];
      if (Array.isArray(args['attachments'])) original.attachments = args['attachments'];
      original.edited = true;
      this.showMessage(original);
      this.changed();
      return;
    }
    if (args['response_type'] === 'in_channel') this.postBotMessage(target.channel, args);
    else this.postEphemeral(target.channel, target.user, args);
  }
}

function tsOf(micros: number): string {
  return `${Math.floor(micros / 1_000_000)}.${String(micros % 1_000_000).padStart(6, '0')}`;
}

function entryOf(view: Args, user: string): ViewEntry {
  return { id: str(view, 'id') ?? '', hash: str(view, 'hash') ?? '', view, user };
}
