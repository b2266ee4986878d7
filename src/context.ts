import type { AllMiddlewareArgs, App, CustomRoute, Logger, SlackCommandMiddlewareArgs } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { Clock } from './clock.js';
import type { Language, OrgConfig } from './config/org.js';
import type { Db } from './db/open.js';
import { translator, type Translate } from './i18n/index.js';

/**
 * Everything a feature may use, passed in explicitly (no module singletons):
 * the organisation config, the store, the clock, a logger and a Web API client
 * for work done outside a Slack request (jobs, deliveries).
 */
export interface AppContext {
  org: OrgConfig;
  db: Db;
  clock: Clock;
  logger: Logger;
  client: WebClient;
  /** Secrets and switches from the environment that features need (never logged). */
  secrets: {
    webhookSecret?: string | undefined;
    /** Bearer token accepted on /webhooks/bugs besides the HMAC (tools that cannot sign, e.g. Jira Automation). */
    webhookToken?: string | undefined;
    jiraWebhookSecret?: string | undefined;
    linearWebhookSecret?: string | undefined;
    githubWebhookSecret?: string | undefined;
    gitlabWebhookToken?: string | undefined;
    /** CADENCE_PUBLIC_URL without a trailing slash (calendar feed links). */
    publicUrl?: string | undefined;
  };
  /** The language to answer this person in: their choice, else their Slack locale (once learnt), else the organisation default. */
  languageOf(userId: string | undefined): Language;
  /** A translator for this person. */
  tr(userId: string | undefined): Translate;
}

export interface ContextDeps {
  org: OrgConfig;
  db: Db;
  clock: Clock;
  logger: Logger;
  client: WebClient;
  secrets?: AppContext['secrets'];
}

/** The one place an AppContext is assembled, for the app and the CLI alike. */
export function createContext(deps: ContextDeps): AppContext {
  const languageOf = createLanguageResolver(deps.db, deps.org.organisation.language);
  return { ...deps, secrets: deps.secrets ?? {}, languageOf, tr: trFor(languageOf) };
}

export function createLanguageResolver(db: Db, fallback: Language): (userId: string | undefined) => Language {
  // An explicit choice wins, then the Slack locale learnt after an earlier request (src/core/locale.ts).
  const stmt = db.prepare<{ user: string }, { chosen: Language | null; slack: Language | null }>(
    `SELECT (SELECT language FROM user_settings WHERE user_id = @user) AS chosen,
            (SELECT language FROM slack_locales WHERE user_id = @user) AS slack`,
  );
  return (userId) => {
    if (!userId) return fallback;
    const row = stmt.get({ user: userId });
    return row?.chosen ?? row?.slack ?? fallback;
  };
}

export function trFor(languageOf: (userId: string | undefined) => Language): (userId: string | undefined) => Translate {
  return (userId) => translator(languageOf(userId));
}

/** A job is a plain function run once per call; cron wiring lives in src/scheduler. */
export interface JobDefinition {
  name: string;
  description: string;
  /**
   * node-cron expression, ticked in UTC (src/scheduler/ticker.ts): minutes only
   * (`*\/5 * * * *`); the job computes what is due in the organisation's zone.
   */
  schedule: string;
  /** Also run once when the process starts (to catch up after downtime). */
  runAtStartup: boolean;
  run(ctx: AppContext, now: Date): Promise<JobOutcome>;
}

export interface JobOutcome {
  /** One line for logs and the CLI, e.g. "3 notices sent, 1 pending". */
  summary: string;
}

/** One kind for `cadence export <kind>`: rows are plain records with a fixed column order. */
export interface ExportDefinition {
  kind: string;
  columns: readonly string[];
  rows(ctx: Pick<AppContext, 'db' | 'org'>): Iterable<Record<string, unknown>>;
}

/**
 * A capability (insights, opportunities, bugs, rituals, digests, home) plugs
 * into the app through this one shape. `register` adds its Bolt listeners.
 */
export interface FeatureModule {
  name: string;
  register(app: App, ctx: AppContext): void;
  jobs?: readonly JobDefinition[];
  exports?: readonly ExportDefinition[];
  routes?(ctx: AppContext): CustomRoute[];
  /** Commands this feature adds to the `cadence` CLI (e.g. `rituals`). */
  cliCommands?: Readonly<Record<string, CliCommand>>;
  /** Subcommands of `/cadence` this feature answers (e.g. `digest`, `skip`). */
  cadenceSubcommands?: Readonly<Record<string, CadenceSubcommand>>;
  /**
   * Subscribes this feature to the domain events (src/core/events.ts) of one
   * database. Called by the app (buildApp) and by the CLI before a job runs,
   * so both react alike; must be idempotent per database.
   */
  subscribe?(ctx: Pick<AppContext, 'db' | 'org'>): void;
}

/** What a feature's CLI command gets: the parsed config, the store (opened and migrated on first use), "now" and output. */
export interface CliEnv {
  org: OrgConfig;
  db(): Db;
  now: Date;
  stdout(chunk: string): void;
  /** CADENCE_PUBLIC_URL, when set (to print full links). */
  publicUrl?: string | undefined;
}

export interface CliCommand {
  /** The usage line, e.g. 'rituals next [--count N]', and what it does. */
  usage: string;
  summary: string;
  /** Returns the exit code; throw UsageError (src/cli/args.ts) for bad arguments. */
  run(argv: readonly string[], env: CliEnv): Promise<number> | number;
}

export type CommandArgs = SlackCommandMiddlewareArgs & AllMiddlewareArgs;

/** A `/cadence <name> …` subcommand: it must ack, like any command listener. */
export type CadenceSubcommand = (args: CommandArgs, rest: string, ctx: AppContext) => Promise<void>;
