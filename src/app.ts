import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { App, HTTPReceiver, LogLevel, SocketModeReceiver } from '@slack/bolt';
import type { CustomRoute, Logger } from '@slack/bolt';
import { WebClient, type WebClientOptions } from '@slack/web-api';
import { systemClock, type Clock } from './clock.js';
import type { SlackMode } from './config/env.js';
import type { OrgConfig } from './config/org.js';
import { createContext, type AppContext, type FeatureModule } from './context.js';
import { createCoreFeature } from './core/feature.js';
import { createDispatcher, type RegisteredRoute } from './core/dispatch.js';
import { slackLocaleLearner } from './core/locale.js';
import type { Db } from './db/open.js';
import { features as defaultFeatures } from './features.js';
import { storeHealth } from './db/health.js';
import { healthRoute } from './http/health.js';
import { SERVER_OPTIONS, SLACK_BODY_LIMIT, guardSlackEndpoint } from './http/limits.js';
import { dedupeEvents } from './slack/dedupe-events.js';
import { sanitizeInput } from './slack/sanitize.js';
import { packageVersion } from './paths.js';
import { CadenceLogger } from './logger.js';
import { STOP_GRACE_MS, settle } from './lifecycle.js';

export interface BuildAppDeps {
  org: OrgConfig;
  db: Db;
  slack: SlackMode;
  clock?: Clock;
  logger?: Logger;
  /** Web API client options: `slackApiUrl` points the app at a proxy or the test stand-in. */
  clientOptions?: WebClientOptions;
  features?: readonly FeatureModule[];
  secrets?: AppContext['secrets'];
  /** Socket Mode only: the port of the small HTTP server for /healthz and webhooks. */
  httpPort?: number;
  /** Look up each person's Slack locale after their first request of the day (default true; decision 0030). */
  learnSlackLocales?: boolean;
}

/** What Bolt's extended error handler receives (its type is not exported by @slack/bolt). */
interface ListenerFailure {
  error: Error;
  body: unknown;
  context: Record<string, unknown>;
}

export interface CadenceApp {
  app: InstanceType<typeof App>;
  ctx: AppContext;
  /** Starts receiving. In HTTP mode `port` 0 picks a free port; the bound port is returned. */
  start(port: number): Promise<{ port: number | undefined }>;
  stop(): Promise<void>;
  /** The commands, shortcuts, actions, views and options the features registered (the manifest test reads it). */
  routes(): readonly RegisteredRoute[];
}

/**
 * Retry policy for calls made while handling a request or a job. The library
 * default retries for about 30 minutes and pauses the whole queue on a 429;
 * Cadence prefers to fail fast here and let the delivery outbox retry later
 * (docs/decisions/0005-slack-client-retries.md).
 */
export const DEFAULT_CLIENT_OPTIONS: WebClientOptions = {
  retryConfig: { retries: 2, factor: 2, minTimeout: 250, maxTimeout: 2_000, randomize: true },
  timeout: 10_000,
};

export function buildApp(deps: BuildAppDeps): CadenceApp {
  const clock = deps.clock ?? systemClock;
  const logger = deps.logger ?? new CadenceLogger(LogLevel.INFO);
  const version = packageVersion();
  const clientOptions: WebClientOptions = { ...DEFAULT_CLIENT_OPTIONS, ...deps.clientOptions, logger };
  const client = new WebClient(deps.slack.botToken, clientOptions);
  const ctx = createContext({ org: deps.org, db: deps.db, clock, logger, client, secrets: deps.secrets });

  const featureList = deps.features ?? defaultFeatures;
  const subcommands = Object.assign({}, ...featureList.map((f) => f.cadenceSubcommands ?? {}));
  const all = [createCoreFeature(subcommands), ...featureList];
  for (const f of all) f.subscribe?.(ctx);
  const customRoutes: CustomRoute[] = [healthRoute(deps.db, version), ...all.flatMap((f) => f.routes?.(ctx) ?? [])];

  let receiver: InstanceType<typeof HTTPReceiver> | InstanceType<typeof SocketModeReceiver>;
  if (deps.slack.kind === 'socket') {
    receiver = new SocketModeReceiver({
      appToken: deps.slack.appToken,
      logger,
      customRoutes,
      installerOptions: { port: deps.httpPort ?? 3000 },
    });
  } else {
    receiver = new HTTPReceiver({
      signingSecret: deps.slack.signingSecret,
      endpoints: '/slack/events',
      logger,
      customRoutes,
      // Slack waits 3 s for an answer; listeners ack first and work afterwards.
      processBeforeResponse: false,
      bodyLimit: SLACK_BODY_LIMIT,
    });
    // Unsigned or oversized requests are refused before their body is read (decision 0024).
    receiver.requestListener = guardSlackEndpoint(receiver.requestListener, '/slack/events');
  }

  const app = new App({
    token: deps.slack.botToken,
    receiver,
    logger,
    clientOptions,
    extendedErrorHandler: true,
    // auth.test runs in start(), where a bad token or an unreachable Slack becomes a clear message.
    deferInitialization: true,
    // No listener reads context.conversation: skip Bolt's per-request conversation-store lookup (decision 0022).
    convoStore: false,
  });

  app.error(async ({ error, body, context }: ListenerFailure) => {
    // A short reference ties what the user sees to the log line, without exposing internals.
    const ref = randomBytes(3).toString('hex');
    logger.error(`[ref ${ref}] listener failed:`, error);
    // A locked or failing store gets its own answer: "try again" is honest for a lock, not for a full disk.
    const store = storeHealth(deps.db).note(error);
    const who = userAndChannel(body);
    if (!who) return;
    try {
      await client.chat.postEphemeral({
        token: typeof context.botToken === 'string' ? context.botToken : undefined,
        channel: who.channel,
        user: who.user,
        text: ctx.tr(who.user)(store === 'busy' ? 'error.busy' : store === 'failing' ? 'error.store' : 'error.generic', { ref }),
      });
    } catch (notifyError) {
      logger.warn(`[ref ${ref}] could not tell the user about the failure:`, notifyError);
    }
  });

  // Listeners go on working after their ack (Slack already has its answer): stop() waits
  // for that work, so a restart never closes the database under a half-done delivery.
  const inFlight = new Set<Promise<void>>();
  app.use(async ({ next }) => {
    const work = next();
    inFlight.add(work);
    try {
      await work;
    } finally {
      inFlight.delete(work);
    }
  });

  // User text loses control characters and lone surrogates before any listener sees it (decision 0024).
  app.use(sanitizeInput);
  // A retried Events API delivery (same event_id) is acknowledged and not handled again.
  app.use(dedupeEvents());
  // Features register through the dispatcher: a request runs the middleware of the listeners
  // that can match it, not of all of them (docs/decisions/0022).
  // Each person's Slack locale is learnt after their request was answered (decision 0030).
  if (deps.learnSlackLocales ?? true) app.use(slackLocaleLearner({ db: deps.db, client, clock, logger }));
  const dispatcher = createDispatcher(app, logger);
  for (const feature of all) feature.register(dispatcher.app, ctx);
  app.use(dispatcher.middleware);

  return {
    app,
    ctx,
    routes: () => dispatcher.routes(),
    async start(port) {
      try {
        await app.init();
      } catch (err) {
        throw new SlackStartError(explainStartFailure(err, clientOptions.slackApiUrl));
      }
      if (receiver instanceof HTTPReceiver) {
        const server = await receiver.start(port, SERVER_OPTIONS);
        return { port: portOf(server) };
      }
      await app.start();
      return { port: undefined };
    },
    async stop() {
      await app.stop();
      // Nothing new arrives once the receiver is stopped; what is running gets a bounded grace.
      await settle([...inFlight], STOP_GRACE_MS);
    },
  };
}

export class SlackStartError extends Error {
  override name = 'SlackStartError';
}

function explainStartFailure(err: unknown, apiUrl: string | undefined): string {
  const where = apiUrl ?? 'https://slack.com/api/';
  const code = err && typeof err === 'object' && 'data' in err ? (err.data as { error?: unknown }).error : undefined;
  if (code === 'invalid_auth' || code === 'not_authed' || code === 'account_inactive' || code === 'token_revoked') {
    return `Slack rejected SLACK_BOT_TOKEN (${String(code)}): copy the Bot User OAuth Token again from the app's "OAuth & Permissions" page.`;
  }
  const reason = err instanceof Error ? err.message : String(err);
  return `could not check the bot token with Slack (auth.test at ${where}): ${reason}. Check network access to Slack, or SLACK_API_URL.`;
}

function portOf(server: Server | unknown): number | undefined {
  if (server && typeof server === 'object' && 'address' in server && typeof server.address === 'function') {
    const address: unknown = server.address();
    if (address && typeof address === 'object' && 'port' in address) return (address as AddressInfo).port;
  }
  return undefined;
}

/** Where to tell a person that their request failed, when the payload says. */
function userAndChannel(body: unknown): { user: string; channel: string } | undefined {
  if (!body || typeof body !== 'object') return undefined;
  const b = body as Record<string, unknown>;
  if (typeof b.user_id === 'string' && typeof b.channel_id === 'string') return { user: b.user_id, channel: b.channel_id };
  const user = b.user && typeof b.user === 'object' ? (b.user as Record<string, unknown>).id : undefined;
  const channel = b.channel && typeof b.channel === 'object' ? (b.channel as Record<string, unknown>).id : undefined;
  if (typeof user === 'string' && typeof channel === 'string') return { user, channel };
  return undefined;
}
