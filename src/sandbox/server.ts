// The sandbox: the real Cadence app, driven through its real HTTP receiver by a
// local Slack-like workspace that a person uses in the browser.
//
//   page (browser) --JSON--> sandbox routes (on Cadence's own HTTP server)
//        --signed Slack requests--> POST /slack/events (Bolt's HTTPReceiver)
//   the app's WebClient --Web API--> the strict stand-in (127.0.0.1, random port)
//        --hooks--> Workspace (conversations, messages, views) --SSE--> page
//
// Nothing here reads SLACK_* credentials or the production database: the tokens
// and secrets are made up for this process, the database is the sandbox's own.

import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CustomRoute, Logger } from '@slack/bolt';
import { DateTime } from 'luxon';
import { buildApp, type CadenceApp } from '../app.js';
import type { OrgConfig } from '../config/org.js';
import type { AppContext, FeatureModule, JobDefinition } from '../context.js';
import { migrate } from '../db/migrate.js';
import { openDb, type Db } from '../db/open.js';
import { allJobs, features as defaultFeatures } from '../features.js';
import { migrationsDir } from '../paths.js';
import { stepsBetween } from '../rituals/index.js';
import { skipLookup } from '../rituals/index.js';
import { runJob } from '../scheduler/runner.js';
import { signWebhook, WEBHOOK_PATH } from '../bugs/index.js';
import { CLOCK_MOVES, firesBetween, minuteOf, nextMondayNine, parseCron, sampleInstants, SandboxClock, type ClockMove } from './clock.js';
import { readManifest, type ManifestCommands } from './manifest.js';
import { pageAsset, pageHtml } from './page-html.js';
import { envelope, newTriggerId, slackTs, SlackRequester, type AppAnswer, type PersonRef } from './requests.js';
import { validateView } from './slack/block-kit.js';
import { BOT_ID, BOT_USER_ID } from './slack/ids.js';
import { startFakeSlack, type FakeSlack } from './slack/web-api.js';
import { Workspace, type Message } from './workspace.js';

export const SANDBOX_BANNER = 'Sandbox — not connected to Slack';

export interface SandboxOptions {
  org: OrgConfig;
  dbPath: string;
  /** 0 picks a free port. */
  port: number;
  logger: Logger;
  /** Real-time ticking of the clock (jobs as minutes pass); tests turn it off. Default true. */
  tick?: boolean;
}

export interface Sandbox {
  url: string;
  port: number;
  workspace: Workspace;
  clock: SandboxClock;
  ctx: AppContext;
  slack: FakeSlack;
  actions: SandboxActions;
  stop(): Promise<void>;
}

type Json = Record<string, unknown>;

function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** Slack escapes these three in command and message text. */
function slackEscape(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * What Slack makes of typed text: & < > escaped, and the mentions a person picks
 * (here `@Persona name`, or Slack's own `<@U…>` / `<#C…>` markup typed as is) as markup.
 */
export function typedText(text: string, personas: readonly { id: string; name: string }[]): string {
  let out = slackEscape(text).replace(/&lt;([@#][A-Z0-9]{2,}(?:\|[^&<>]*)?)&gt;/g, '<$1>');
  for (const p of [...personas].sort((a, b) => b.name.length - a.name.length)) {
    const name = p.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    out = out.replace(new RegExp(`(^|\\s)@${name}(?=$|[\\s.,;:!?])`, 'gi'), (_m, before: string) => `${before}<@${p.id}>`);
  }
  return out;
}

export class SandboxError extends Error {
  override name = 'SandboxError';
}

/** What a person can do in the page; each is one request Slack would send. */
export class SandboxActions {
  private queue: Promise<unknown> = Promise.resolve();
  private cursor: Date;
  private readonly crons: Map<string, ReturnType<typeof parseCron>>;

  constructor(
    private readonly ws: Workspace,
    private readonly requester: SlackRequester,
    private readonly slack: FakeSlack,
    private readonly ctx: AppContext,
    private readonly clock: SandboxClock,
    private readonly manifest: ManifestCommands,
    private readonly jobs: readonly JobDefinition[],
    private readonly baseUrl: string,
    private readonly webhookSecret: string,
  ) {
    this.cursor = clock.now();
    this.crons = new Map(jobs.map((j) => [j.name, parseCron(j.schedule)]));
  }

  private person(id: string): PersonRef {
    const persona = this.ws.persona(id);
    if (!persona) throw new SandboxError(`unknown person ${id}: pick someone in "Who am I"`);
    return { id, name: persona.name };
  }

  private conversation(id: string) {
    const channel = this.ws.channel(id);
    if (!channel) throw new SandboxError(`unknown conversation ${id}`);
    return channel;
  }

  private trigger(user: string): string {
    const trigger = newTriggerId();
    this.ws.registerTrigger(trigger, user);
    return trigger;
  }

  private responseUrl(target: { channel: string; user: string; messageTs?: string }): string {
    const id = randomBytes(8).toString('hex');
    this.ws.registerResponseUrl(id, target);
    return this.slack.responseUrl(id);
  }

  /** A non-2xx answer, or no answer in 3 s, is what Slack shows as "failed with the error …". */
  private checkAnswer(what: string, answer: AppAnswer): void {
    if (answer.status >= 200 && answer.status < 300) return;
    this.ws.note('app-error', `${what}: the app answered HTTP ${answer.status}`, answer.text ? [answer.text.slice(0, 500)] : []);
  }

  /** A plain message, or a slash command when it starts with "/". */
  async send(userId: string, channelId: string, input: string, threadTs?: string): Promise<void> {
    const user = this.person(userId);
    const channel = this.conversation(channelId);
    const trimmed = input.trim();
    if (trimmed === '') throw new SandboxError('type a message or a command');
    const m = /^(\/\S+)\s*([\s\S]*)$/.exec(trimmed);
    if (!m || !m[1]) {
      this.ws.postAsPerson(user.id, channel.id, typedText(trimmed, this.ws.personas), threadTs);
      return;
    }
    const command = m[1];
    if (!this.manifest.commands.some((c) => c.command === command)) {
      throw new SandboxError(`${command} is not a valid command. Cadence's commands are ${this.manifest.commands.map((c) => c.command).join(', ')}.`);
    }
    const answer = await this.requester.command({
      command,
      text: typedText(m[2] ?? '', this.ws.personas),
      user,
      channel: { id: channel.id, name: channel.name },
      triggerId: this.trigger(user.id),
      responseUrl: this.responseUrl({ channel: channel.id, user: user.id }),
    });
    this.checkAnswer(command, answer);
    const body = answer.json;
    if (body && (body['text'] !== undefined || body['blocks'] !== undefined)) {
      if (body['response_type'] === 'in_channel') {
        this.ws.postAsPerson(user.id, channel.id, typedText(trimmed, this.ws.personas));
        this.ws.postBotMessage(channel.id, body);
      } else this.ws.postEphemeral(channel.id, user.id, body);
    }
  }

  private messagePayload(message: Message): Json {
    const out: Json = { type: 'message', user: message.user, text: message.text, ts: message.ts };
    if (message.user === BOT_USER_ID) Object.assign(out, { subtype: 'bot_message', bot_id: BOT_ID });
    if (message.blocks) out['blocks'] = message.blocks;
    if (message.attachments) out['attachments'] = message.attachments;
    if (message.thread_ts) out['thread_ts'] = message.thread_ts;
    return out;
  }

  /** A button, select, overflow, date… in a message or a view: a `block_actions` payload. */
  async action(userId: string, input: Json): Promise<void> {
    const user = this.person(userId);
    const action = isRecord(input['action']) ? input['action'] : undefined;
    if (!action || !text(action['action_id'])) throw new SandboxError('an action needs action_id');
    const values = isRecord(input['values']) ? input['values'] : {};
    const base: Json = {
      type: 'block_actions',
      ...envelope(user),
      trigger_id: this.trigger(user.id),
      actions: [{ ...action, action_ts: slackTs() }],
    };
    let payload: Json;
    const viewId = text(input['viewId']);
    if (viewId) {
      const entry = this.ws.findView(viewId);
      if (!entry) throw new SandboxError('this view is closed');
      payload = { ...base, container: { type: 'view', view_id: viewId }, view: { ...entry.view, state: { values } } };
    } else {
      const channel = this.conversation(text(input['channel']) ?? '');
      const message = this.ws.message(channel.id, text(input['ts']) ?? '');
      if (!message) throw new SandboxError('this message is gone');
      const ephemeral = message.ephemeralFor !== undefined;
      payload = {
        ...base,
        container: { type: 'message', message_ts: message.ts, channel_id: channel.id, is_ephemeral: ephemeral },
        channel: { id: channel.id, name: channel.kind === 'dm' ? 'directmessage' : channel.name },
        // Slack leaves the message out of actions on ephemeral messages.
        ...(ephemeral ? {} : { message: this.messagePayload(message) }),
        state: { values },
        response_url: this.responseUrl({ channel: channel.id, user: user.id, messageTs: message.ts }),
      };
    }
    this.checkAnswer(`action ${String(action['action_id'])}`, await this.requester.interaction(payload));
  }

  /** Submit in a modal: a `view_submission`, and what its `response_action` says. */
  async submit(userId: string, viewId: string, values: Json): Promise<void> {
    const user = this.person(userId);
    const entry = this.ws.topModal(user.id);
    if (!entry || entry.id !== viewId) throw new SandboxError('this modal is no longer open');
    const answer = await this.requester.interaction({
      type: 'view_submission',
      ...envelope(user),
      trigger_id: this.trigger(user.id),
      view: { ...entry.view, state: { values } },
      response_urls: [],
    });
    this.checkAnswer('submit', answer);
    if (answer.status !== 200) return;
    const body = answer.json ?? {};
    const responseAction = body['response_action'];
    if (responseAction === 'errors' && isRecord(body['errors'])) {
      const errors: Record<string, string> = {};
      for (const [k, v] of Object.entries(body['errors'])) errors[k] = String(v);
      this.ws.setViewErrors(viewId, errors);
      return;
    }
    if ((responseAction === 'update' || responseAction === 'push') && isRecord(body['view'])) {
      const problems = validateView(body['view']);
      if (problems.length > 0) {
        this.ws.note('slack-error', `Slack refused the response_action ${responseAction} view: invalid_arguments`, problems);
        return;
      }
      const view = { ...body['view'], id: responseAction === 'update' ? viewId : `V${randomBytes(5).toString('hex').toUpperCase()}`, hash: `${Math.floor(Date.now() / 1000)}.${randomBytes(4).toString('hex')}` };
      if (responseAction === 'update') this.ws.replaceView(user.id, viewId, view);
      else this.ws.pushView(user.id, view);
      return;
    }
    this.ws.closeView(user.id, responseAction === 'clear');
  }

  /** Cancel / ×: `view_closed` when the view asked for it, then the modal closes. */
  async close(userId: string, viewId: string): Promise<void> {
    const user = this.person(userId);
    const entry = this.ws.topModal(user.id);
    if (!entry || entry.id !== viewId) return;
    this.ws.closeView(user.id);
    if (entry.view['notify_on_close'] === true) {
      this.checkAnswer(
        'close',
        await this.requester.interaction({ type: 'view_closed', ...envelope(user), view: entry.view, is_cleared: false }),
      );
    }
  }

  /** An external select asks the app for options as the person types: `block_suggestion`. */
  async options(userId: string, input: Json): Promise<unknown> {
    const user = this.person(userId);
    const payload: Json = {
      type: 'block_suggestion',
      ...envelope(user),
      action_id: text(input['action_id']) ?? '',
      block_id: text(input['block_id']) ?? '',
      value: typeof input['value'] === 'string' ? input['value'] : '',
    };
    const viewId = text(input['viewId']);
    if (viewId) {
      const entry = this.ws.findView(viewId);
      if (!entry) throw new SandboxError('this view is closed');
      Object.assign(payload, { container: { type: 'view', view_id: viewId }, view: entry.view });
    } else {
      const channel = this.conversation(text(input['channel']) ?? '');
      Object.assign(payload, {
        container: { type: 'message', message_ts: text(input['ts']) ?? '', channel_id: channel.id, is_ephemeral: false },
        channel: { id: channel.id, name: channel.name },
      });
    }
    const answer = await this.requester.interaction(payload);
    this.checkAnswer('options', answer);
    return answer.json ?? { options: [] };
  }

  /** "Log as insight" in a message's menu: a `message_action`. */
  async shortcut(userId: string, channelId: string, ts: string, callbackId: string): Promise<void> {
    const user = this.person(userId);
    const channel = this.conversation(channelId);
    const message = this.ws.message(channel.id, ts);
    if (!message) throw new SandboxError('this message is gone');
    if (!this.manifest.shortcuts.some((s) => s.callback_id === callbackId)) throw new SandboxError(`no shortcut ${callbackId}`);
    const answer = await this.requester.interaction({
      type: 'message_action',
      ...envelope(user),
      action_ts: slackTs(),
      channel: { id: channel.id, name: channel.kind === 'dm' ? 'directmessage' : channel.name },
      callback_id: callbackId,
      trigger_id: this.trigger(user.id),
      message_ts: message.ts,
      message: this.messagePayload(message),
      response_url: this.responseUrl({ channel: channel.id, user: user.id }),
    });
    this.checkAnswer(`shortcut ${callbackId}`, answer);
  }

  /** A global (⚡) shortcut from the shortcuts menu: a `shortcut` payload, with no channel nor message. */
  async globalShortcut(userId: string, callbackId: string): Promise<void> {
    const user = this.person(userId);
    if (!this.manifest.shortcuts.some((s) => s.callback_id === callbackId && s.type === 'global')) throw new SandboxError(`no global shortcut ${callbackId}`);
    const answer = await this.requester.interaction({
      type: 'shortcut',
      ...envelope(user),
      action_ts: slackTs(),
      callback_id: callbackId,
      trigger_id: this.trigger(user.id),
    });
    this.checkAnswer(`shortcut ${callbackId}`, answer);
  }

  /** Opening the App Home tab: the `app_home_opened` event. */
  async openHome(userId: string): Promise<void> {
    const user = this.person(userId);
    const home = this.ws.snapshot(user.id).home;
    const answer = await this.requester.event({
      type: 'app_home_opened',
      user: user.id,
      channel: this.ws.dmOf(user.id).id,
      tab: 'home',
      event_ts: slackTs(),
      ...(home ? { view: home.view } : {}),
    });
    this.checkAnswer('app_home_opened', answer);
  }

  /** A signed test delivery to the bug webhook, as a tracker sends it. */
  async tracker(input: Json): Promise<{ status: number; body: string }> {
    const now = this.clock.now();
    const body: Json = {
      key: text(input['key']) ?? '',
      title: text(input['title']) ?? '',
      qualified_at: now.toISOString(),
    };
    for (const field of ['severity', 'team', 'owner', 'url'] as const) {
      const value = text(input[field]);
      if (value) body[field] = value;
    }
    if (input['resolved'] === true) body['resolved_at'] = now.toISOString();
    const raw = JSON.stringify(body);
    // The webhook checks its timestamp against the app's clock: the sandbox's.
    const timestamp = Math.floor(now.getTime() / 1000);
    const response = await fetch(`${this.baseUrl}${WEBHOOK_PATH}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-cadence-timestamp': String(timestamp), 'x-cadence-signature': signWebhook(this.webhookSecret, timestamp, raw) },
      body: raw,
    });
    const answer = await response.text();
    this.ws.note(response.ok ? 'info' : 'app-error', `Tracker → POST ${WEBHOOK_PATH} ${String(body['key'])}: HTTP ${response.status}`, [answer.slice(0, 800)]);
    return { status: response.status, body: answer };
  }

  // ---------------------------------------------------------------------------
  // Time
  // ---------------------------------------------------------------------------

  /** One at a time: a clock move and a tick never run jobs side by side. */
  private serial<T>(work: () => Promise<T>): Promise<T> {
    const next = this.queue.then(work, work);
    this.queue = next.catch(() => undefined);
    return next;
  }

  targetOf(move: ClockMove): Date {
    const now = this.clock.now();
    const zone = this.ctx.org.organisation.timezone;
    switch (move) {
      case 'plus-hour':
        return new Date(now.getTime() + 3_600_000);
      case 'plus-day':
        return new Date(now.getTime() + 86_400_000);
      case 'next-monday':
        return nextMondayNine(now, zone);
      case 'next-step': {
        const steps = stepsBetween(this.ctx.org.rituals, zone, new Date(minuteOf(now) + 60_000), new Date(now.getTime() + 60 * 86_400_000), skipLookup(this.ctx.db, this.ctx.org.organisation.holidays));
        const first = steps[0];
        if (!first) throw new SandboxError('no ritual step in the next 60 days: the config has no active rituals');
        return first.at;
      }
    }
  }

  /** Moves the clock and runs the jobs whose times it passes, in order; says what ran. */
  moveClock(move: ClockMove): Promise<{ now: string; ran: number }> {
    if (!CLOCK_MOVES.includes(move)) return Promise.reject(new SandboxError(`unknown clock move ${String(move)}`));
    return this.serial(async () => {
      const target = this.targetOf(move);
      let label = '';
      if (move === 'next-step') {
        const zone = this.ctx.org.organisation.timezone;
        const steps = stepsBetween(this.ctx.org.rituals, zone, target, new Date(target.getTime() + 60_000));
        if (steps.length > 0) label = ` (${steps.map((s) => `${s.ritual.name}: ${s.step.key}`).join(', ')})`;
      }
      const local = DateTime.fromJSDate(target, { zone: this.ctx.org.organisation.timezone }).setLocale('en-GB').toFormat('ccc d LLL yyyy, HH:mm');
      this.ws.note('clock', `Clock moved to ${local}${label}`);
      const ran = await this.runUntil(target);
      return { now: this.clock.now().toISOString(), ran };
    });
  }

  /** Real time passing: jobs due since the last run. */
  tick(): Promise<number> {
    return this.serial(() => this.runUntil(this.clock.now()));
  }

  private async runUntil(target: Date): Promise<number> {
    const zone = this.ctx.org.organisation.timezone;
    const stepTimes = stepsBetween(this.ctx.org.rituals, zone, this.cursor, new Date(target.getTime() + 1)).map((s) => s.at);
    const samples = sampleInstants(this.cursor, target, stepTimes);
    const last = samples[samples.length - 1];
    let previous = this.cursor;
    let ran = 0;
    for (const at of samples) {
      this.clock.moveTo(at);
      for (const job of this.jobs) {
        const cron = this.crons.get(job.name);
        if (!cron || !firesBetween(cron, previous, at, zone)) continue;
        // The rituals job (the costly one: it expands every recurrence) only settles steps
        // that are due; between step times it would find nothing, so it runs at step times
        // and at the end of the move. Outbox retries are made by every job's delivery pass.
        const from = previous;
        if (job.name === 'rituals' && at !== last && !stepTimes.some((t) => t > from && t <= at)) continue;
        const before = this.slack.calls.length;
        const result = await runJob(this.ctx, job, at, 'schedule');
        const calls = this.slack.calls.slice(before).filter((c) => c.method !== 'auth.test');
        if (result.status === 'failed') this.ws.note('app-error', `${job.name} failed: ${result.error.message}`);
        else if (result.status === 'ran' && calls.length > 0) {
          ran += 1;
          this.ws.note('job', `${job.name}: ${result.outcome.summary}`, calls.map((c) => `${c.method}${c.ok ? '' : ` refused: ${c.error ?? ''}`}`));
        }
      }
      previous = at;
    }
    this.clock.moveTo(target);
    if (target > this.cursor) this.cursor = target;
    return ran;
  }

  /** Startup runs (catch-up jobs), as the real scheduler does when the process starts. */
  async startup(): Promise<void> {
    await this.serial(async () => {
      for (const job of this.jobs.filter((j) => j.runAtStartup)) {
        const result = await runJob(this.ctx, job, this.clock.now(), 'startup');
        if (result.status === 'failed') this.ws.note('app-error', `${job.name} failed: ${result.error.message}`);
      }
    });
  }

  /** Starts over: every row of the sandbox database, the conversations, the clock. */
  reset(db: Db): Promise<void> {
    return this.serial(async () => {
      resetDatabase(db);
      this.slack.reset();
      this.clock.reset();
      this.cursor = this.clock.now();
      this.ws.reset();
      this.ws.note('info', 'Sandbox reset: empty database, clock back to the real time');
    });
  }
}

/** Deletes every row (not the schema) of the sandbox database; the FTS index follows through its triggers. */
export function resetDatabase(db: Db): void {
  const tables = db.prepare<[], { name: string; type: string }>(`SELECT name, type FROM pragma_table_list WHERE schema = 'main'`).all();
  db.pragma('foreign_keys = OFF');
  try {
    db.transaction(() => {
      for (const t of tables) {
        if (t.type !== 'table' || t.name.startsWith('sqlite_') || t.name === 'schema_migrations') continue;
        db.prepare(`DELETE FROM "${t.name.replace(/"/g, '""')}"`).run();
      }
      for (const t of tables) {
        if (t.type !== 'virtual') continue;
        db.prepare(`INSERT INTO "${t.name.replace(/"/g, '""')}"("${t.name.replace(/"/g, '""')}") VALUES ('rebuild')`).run();
      }
    })();
  } finally {
    db.pragma('foreign_keys = ON');
  }
}

// ---------------------------------------------------------------------------
// HTTP: the page and its JSON interface, as routes of Cadence's own server
// ---------------------------------------------------------------------------

async function readJson(req: IncomingMessage): Promise<Json> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buf.length;
    if (size > 512 * 1024) throw new SandboxError('request too large');
    chunks.push(buf);
  }
  if (size === 0) return {};
  const parsed: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8'));
  if (!isRecord(parsed)) throw new SandboxError('expected a JSON object');
  return parsed;
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  if (res.headersSent) return;
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

interface RouteDeps {
  ws: Workspace;
  actions: () => SandboxActions;
  db: Db;
  clock: SandboxClock;
  org: OrgConfig;
  manifest: ManifestCommands;
  logger: Logger;
  /** Open event streams, ended on stop so the server can close. */
  streams: Set<ServerResponse>;
}

function sandboxRoutes(deps: RouteDeps): CustomRoute[] {
  const { ws } = deps;
  const handle =
    (work: (body: Json, req: IncomingMessage) => Promise<unknown>) =>
    (req: IncomingMessage, res: ServerResponse): void => {
      readJson(req)
        .then((body) => work(body, req))
        .then((result) => sendJson(res, 200, { ok: true, ...(isRecord(result) ? result : {}) }))
        .catch((err: unknown) => {
          if (err instanceof SandboxError || err instanceof SyntaxError) {
            sendJson(res, 400, { ok: false, error: err.message });
            return;
          }
          deps.logger.error('sandbox request failed:', err);
          sendJson(res, 500, { ok: false, error: err instanceof Error ? err.message : String(err) });
        });
    };
  const as = (body: Json): string => {
    const user = text(body['as']);
    if (!user) throw new SandboxError('say who you are ("as")');
    return user;
  };
  const str = (body: Json, key: string): string => {
    const value = text(body[key]);
    if (value === undefined) throw new SandboxError(`missing ${key}`);
    return value;
  };

  return [
    {
      path: '/',
      method: 'GET',
      handler: (_req, res) => {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
        res.end(pageHtml('app'));
      },
    },
    {
      path: '/sandbox/gallery',
      method: 'GET',
      handler: (_req, res) => {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
        res.end(pageHtml('gallery'));
      },
    },
    {
      path: '/sandbox/page/:file',
      method: 'GET',
      handler: (req, res) => {
        const file = (req as IncomingMessage & { params?: Record<string, string> }).params?.['file'] ?? '';
        const asset = pageAsset(file);
        if (!asset) {
          res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
          res.end(`no page asset ${file}: run \`npm run build\` (the page is compiled with the rest of Cadence into dist/)`);
          return;
        }
        res.writeHead(200, { 'content-type': asset.type, 'cache-control': 'no-store' });
        res.end(asset.body);
      },
    },
    {
      path: '/sandbox/api/state',
      method: 'GET',
      handler: (req, res) => {
        const url = new URL(req.url ?? '/', 'http://localhost');
        const viewer = url.searchParams.get('as') || (ws.personas[0]?.id ?? '');
        sendJson(res, 200, {
          banner: SANDBOX_BANNER,
          now: deps.clock.now().toISOString(),
          zone: deps.org.organisation.timezone,
          language: deps.org.organisation.language,
          organisation: deps.org.organisation.name,
          personas: ws.personas,
          commands: deps.manifest.commands,
          shortcuts: deps.manifest.shortcuts,
          teams: deps.org.tribes.flatMap((t) => t.impactTeams.map((team) => team.key)),
          ...ws.snapshot(viewer),
        });
      },
    },
    {
      path: '/sandbox/api/stream',
      method: 'GET',
      handler: (req, res) => {
        res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
        res.write(`retry: 1000\n\n`);
        let pending = false;
        const off = ws.onChange(() => {
          // Coalesce bursts (a clock move posts many messages) into one refresh per tick.
          if (pending) return;
          pending = true;
          setTimeout(() => {
            pending = false;
            res.write(`data: ${ws.version}\n\n`);
          }, 30);
        });
        const keepAlive = setInterval(() => res.write(`: keep-alive\n\n`), 15_000);
        deps.streams.add(res);
        req.on('close', () => {
          deps.streams.delete(res);
          off();
          clearInterval(keepAlive);
        });
      },
    },
    {
      path: '/sandbox/api/gallery',
      method: 'GET',
      handler: (_req, res) => {
        sendJson(res, 200, {
          zone: deps.org.organisation.timezone,
          language: deps.org.organisation.language,
          personas: ws.personas,
          channels: ws.allChannels(),
          items: ws.history(),
        });
      },
    },
    { path: '/sandbox/api/send', method: 'POST', handler: handle((b) => deps.actions().send(as(b), str(b, 'channel'), str(b, 'text'), text(b['thread_ts']))) },
    { path: '/sandbox/api/action', method: 'POST', handler: handle((b) => deps.actions().action(as(b), b)) },
    {
      path: '/sandbox/api/submit',
      method: 'POST',
      handler: handle((b) => deps.actions().submit(as(b), str(b, 'viewId'), isRecord(b['values']) ? b['values'] : {})),
    },
    { path: '/sandbox/api/close', method: 'POST', handler: handle((b) => deps.actions().close(as(b), str(b, 'viewId'))) },
    { path: '/sandbox/api/options', method: 'POST', handler: handle(async (b) => ({ answer: await deps.actions().options(as(b), b) })) },
    {
      path: '/sandbox/api/shortcut',
      method: 'POST',
      handler: handle((b) => deps.actions().shortcut(as(b), str(b, 'channel'), str(b, 'ts'), str(b, 'callback_id'))),
    },
    {
      path: '/sandbox/api/dismiss',
      method: 'POST',
      handler: handle(async (b) => ws.removeEphemeral(str(b, 'channel'), str(b, 'ts'), as(b))),
    },
    {
      path: '/sandbox/api/global-shortcut',
      method: 'POST',
      handler: handle((b) => deps.actions().globalShortcut(as(b), str(b, 'callback_id'))),
    },
    { path: '/sandbox/api/home', method: 'POST', handler: handle((b) => deps.actions().openHome(as(b))) },
    { path: '/sandbox/api/clock', method: 'POST', handler: handle((b) => deps.actions().moveClock(str(b, 'move') as ClockMove)) },
    { path: '/sandbox/api/tracker', method: 'POST', handler: handle((b) => deps.actions().tracker(b)) },
    { path: '/sandbox/api/reset', method: 'POST', handler: handle(() => deps.actions().reset(deps.db)) },
  ];
}

/** Starts the sandbox: its database, the workspace, the app on `port`, the clock. */
export async function startSandbox(options: SandboxOptions): Promise<Sandbox> {
  const db = openDb(options.dbPath);
  migrate(db, migrationsDir());
  const manifest = readManifest();
  const clock = new SandboxClock();
  const ws = new Workspace(options.org, () => clock.now());
  // The conversations and the clock are kept next to the database, so a restart finds the
  // messages that go with its rows; Reset deletes both.
  const statePath = `${options.dbPath}.workspace.json`;
  if (options.dbPath !== ':memory:' && existsSync(statePath)) {
    try {
      const saved: unknown = JSON.parse(readFileSync(statePath, 'utf8'));
      ws.restore(isRecord(saved) ? saved['workspace'] : undefined);
      if (isRecord(saved) && typeof saved['clockAheadMs'] === 'number') clock.restoreAhead(saved['clockAheadMs']);
    } catch (err) {
      options.logger.warn(`sandbox: could not read ${statePath}, starting with empty conversations:`, err);
    }
  }
  let saveTimer: NodeJS.Timeout | undefined;
  const save = () => {
    saveTimer = undefined;
    if (options.dbPath === ':memory:') return;
    writeFileSync(statePath, JSON.stringify({ workspace: ws.saved(), clockAheadMs: clock.aheadMs() }));
  };
  ws.onChange(() => {
    saveTimer ??= setTimeout(save, 500);
  });
  const slack = await startFakeSlack({ hooks: ws });
  // Made up for this process: the sandbox never sees real Slack credentials.
  const signingSecret = randomBytes(16).toString('hex');
  const botToken = `xoxb-sandbox-${randomBytes(8).toString('hex')}`;
  const webhookSecret = randomBytes(16).toString('hex');

  let actions: SandboxActions | undefined;
  const streams = new Set<ServerResponse>();
  const sandboxFeature: FeatureModule = {
    name: 'sandbox',
    register: () => undefined,
    routes: () =>
      sandboxRoutes({
        ws,
        db,
        clock,
        org: options.org,
        manifest,
        logger: options.logger,
        streams,
        actions: () => {
          if (!actions) throw new SandboxError('the sandbox is still starting');
          return actions;
        },
      }),
  };

  let cadence: CadenceApp;
  let port: number | undefined;
  try {
    cadence = buildApp({
      org: options.org,
      db,
      slack: { kind: 'http', botToken, signingSecret },
      clock,
      logger: options.logger,
      // No retries: a refusal shows in the page at once, as the error Slack gave.
      clientOptions: { slackApiUrl: slack.apiUrl, retryConfig: { retries: 0 } },
      secrets: { webhookSecret },
      features: [...defaultFeatures, sandboxFeature],
    });
    ({ port } = await cadence.start(options.port));
  } catch (err) {
    await slack.close();
    db.close();
    throw err;
  }
  if (port === undefined) throw new Error('the sandbox did not report its port');
  const baseUrl = `http://127.0.0.1:${port}`;
  actions = new SandboxActions(ws, new SlackRequester(`${baseUrl}/slack/events`, signingSecret), slack, cadence.ctx, clock, manifest, allJobs(), baseUrl, webhookSecret);

  // Catch-up runs, as the real scheduler does at start-up: in the background, before any clock move.
  void actions.startup().catch((err: unknown) => options.logger.error('sandbox start-up jobs failed:', err));

  const ticker = options.tick === false ? undefined : setInterval(() => void actions?.tick().catch((err: unknown) => options.logger.error('sandbox tick failed:', err)), 20_000);
  ticker?.unref();

  return {
    url: `http://localhost:${port}`,
    port,
    workspace: ws,
    clock,
    ctx: cadence.ctx,
    slack,
    actions,
    async stop() {
      if (ticker) clearInterval(ticker);
      for (const stream of streams) stream.end();
      await cadence.stop();
      if (saveTimer) clearTimeout(saveTimer);
      save();
      await slack.close();
      db.close();
    },
  };
}
