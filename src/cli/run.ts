import { resolve } from 'node:path';
import { LogLevel } from '@slack/bolt';
import { WebClient } from '@slack/web-api';
import { DEFAULT_CLIENT_OPTIONS } from '../app.js';
import { fixedClock } from '../clock.js';
import { ConfigError } from '../config/errors.js';
import { loadConfig, type LoadedConfig } from '../config/index.js';
import { webhookSecretsOf } from '../config/env.js';
import { createContext, type CliCommand, type FeatureModule } from '../context.js';
import { MigrationError, migrate } from '../db/migrate.js';
import { CLI_BUSY_TIMEOUT_MS, StoreOpenError, openDb, type Db } from '../db/open.js';
import { writeCsv, writeJson } from '../export/csv.js';
import { allExports, allJobs, features as defaultFeatures } from '../features.js';
import { CadenceLogger, logLevelOf } from '../logger.js';
import { migrationsDir } from '../paths.js';
import { runJob } from '../scheduler/runner.js';
import { UsageError, parseArgs, parseAt } from './args.js';
import { OperationError, backupDatabase, restoreDatabase } from './backup.js';

export { parseAt } from './args.js';

export interface CliIo {
  stdout: (chunk: string) => void;
  stderr: (chunk: string) => void;
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** "Now" when --at is not given (the real clock by default). */
  now?: () => Date;
}

export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

export function usage(features: readonly FeatureModule[] = defaultFeatures): string {
  const jobs = allJobs(features).map((j) => j.name);
  const kinds = allExports(features).map((e) => e.kind);
  return [
    'Usage: cadence <command> [options]',
    '',
    'Commands:',
    '  migrate                              apply pending database migrations (CADENCE_DB)',
    '  jobs list                            list scheduled jobs and their schedules',
    '  jobs run <name> [--at <ISO time>]    run one job once, as if the clock read that time',
    '  export <kind> [--format json|csv]    write every record of a kind to stdout (default json)',
    '  backup <file>                        a consistent copy of the database, safe while the bot runs',
    '  restore <file>                       replace the database with a backup (stop the bot first)',
    ...features.flatMap((f) => Object.values(f.cliCommands ?? {})).map((c) => `  ${c.usage.padEnd(37)}${c.summary}`),
    '  help                                 this text',
    '',
    `Jobs: ${jobs.length ? jobs.join(', ') : '(none in this build)'}`,
    `Export kinds: ${kinds.length ? kinds.join(', ') : '(none in this build)'}`,
    '',
    'Settings come from the environment (.env is read when present): CADENCE_DB, CADENCE_CONFIG,',
    'SLACK_BOT_TOKEN and SLACK_API_URL (for jobs that post to Slack). See README.md.',
  ].join('\n');
}

/**
 * Runs one CLI invocation and returns its exit code. All I/O goes through `io`
 * so tests run it in-process.
 */
export async function runCli(argv: readonly string[], io: CliIo, features: readonly FeatureModule[] = defaultFeatures): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'migrate':
        return migrateCommand(rest, io);
      case 'jobs':
        return await jobsCommand(rest, io, features);
      case 'export':
        return exportCommand(rest, io, features);
      case 'backup':
        return await backupCommand(rest, io);
      case 'restore':
        return restoreCommand(rest, io);
      case 'help':
      case '--help':
      case '-h':
        io.stdout(`${usage(features)}\n`);
        return EXIT_OK;
      default: {
        const featureCommand = command ? features.map((f) => f.cliCommands?.[command]).find((c) => c !== undefined) : undefined;
        if (featureCommand) return await runFeatureCommand(featureCommand, rest, io);
        throw new UsageError(command ? `unknown command "${command}"` : 'no command given');
      }
    }
  } catch (err) {
    if (err instanceof UsageError) {
      io.stderr(`cadence: ${err.message}\n\n${usage(features)}\n`);
      return EXIT_USAGE;
    }
    if (err instanceof ConfigError || err instanceof MigrationError || err instanceof OperationError || err instanceof StoreOpenError) {
      io.stderr(`cadence: ${err.message}\n`);
      return EXIT_FAILURE;
    }
    throw err;
  }
}

async function runFeatureCommand(command: CliCommand, argv: readonly string[], io: CliIo): Promise<number> {
  const cfg = loadConfig(io.env, io.cwd);
  let db: Db | undefined;
  try {
    return await command.run(argv, {
      org: cfg.org,
      db: () => (db ??= openMigrated(cfg)),
      now: (io.now ?? (() => new Date()))(),
      stdout: io.stdout,
      publicUrl: cfg.env.CADENCE_PUBLIC_URL,
    });
  } finally {
    db?.close();
  }
}

function migrateCommand(argv: readonly string[], io: CliIo): number {
  parseArgs(argv, []);
  const cfg = loadConfig(io.env, io.cwd);
  const db = openDb(cfg.dbPath, { synchronous: cfg.env.CADENCE_DB_SYNCHRONOUS, busyTimeoutMs: CLI_BUSY_TIMEOUT_MS });
  try {
    const result = migrate(db, migrationsDir());
    io.stdout(
      result.applied.length
        ? `Applied ${result.applied.length} migration(s) to ${cfg.dbPath}:\n${result.applied.map((f) => `  ${f}`).join('\n')}\n`
        : `Database ${cfg.dbPath} is up to date (${result.alreadyApplied} migration(s) applied earlier).\n`,
    );
    return EXIT_OK;
  } finally {
    db.close();
  }
}

/** Opens and migrates the store: the CLI works on a fresh path as well as on the bot's. */
function openMigrated(cfg: LoadedConfig): Db {
  const db = openDb(cfg.dbPath, { synchronous: cfg.env.CADENCE_DB_SYNCHRONOUS, busyTimeoutMs: CLI_BUSY_TIMEOUT_MS });
  try {
    migrate(db, migrationsDir());
  } catch (err) {
    db.close();
    throw err;
  }
  return db;
}

async function jobsCommand(argv: readonly string[], io: CliIo, features: readonly FeatureModule[]): Promise<number> {
  const [sub, ...rest] = argv;
  const jobs = allJobs(features);
  if (sub === 'list') {
    parseArgs(rest, []);
    if (jobs.length === 0) io.stdout('No scheduled jobs in this build.\n');
    for (const job of jobs) {
      io.stdout(`${job.name.padEnd(22)} ${job.schedule.padEnd(14)} ${job.runAtStartup ? '(+ at start-up) ' : ''}${job.description}\n`);
    }
    return EXIT_OK;
  }
  if (sub !== 'run') throw new UsageError(sub ? `unknown jobs subcommand "${sub}"` : 'jobs needs "list" or "run <name>"');
  const parsed = parseArgs(rest, ['at']);
  const [name, extra] = parsed.positional;
  if (!name) throw new UsageError('jobs run needs a job name');
  if (extra) throw new UsageError(`unexpected argument "${extra}"`);
  const job = jobs.find((j) => j.name === name);
  if (!job) throw new UsageError(`unknown job "${name}" (known: ${jobs.map((j) => j.name).join(', ') || 'none'})`);
  const atText = parsed.options.get('at');
  const at = atText ? parseAt(atText) : (io.now ?? (() => new Date()))();

  const cfg = loadConfig(io.env, io.cwd);
  if (!cfg.env.SLACK_BOT_TOKEN) {
    throw new ConfigError(['environment SLACK_BOT_TOKEN: is required to run jobs (they post to Slack)']);
  }
  const db = openMigrated(cfg);
  try {
    const logger = new CadenceLogger(logLevelOf(cfg.env.LOG_LEVEL), 'cadence-cli', (line) => io.stderr(`${line}\n`));
    const client = new WebClient(cfg.env.SLACK_BOT_TOKEN, {
      ...DEFAULT_CLIENT_OPTIONS,
      logger,
      ...(cfg.env.SLACK_API_URL ? { slackApiUrl: cfg.env.SLACK_API_URL } : {}),
    });
    const ctx = createContext({
      org: cfg.org,
      db,
      clock: fixedClock(at),
      logger,
      client,
      secrets: webhookSecretsOf(cfg.env),
    });
    for (const f of features) f.subscribe?.(ctx);
    const result = await runJob(ctx, job, at, 'manual');
    if (result.status === 'ran') {
      io.stdout(`${job.name} at ${at.toISOString()}: ${result.outcome.summary}\n`);
      return EXIT_OK;
    }
    if (result.status === 'failed') {
      io.stderr(`cadence: ${job.name} failed: ${result.error.message}\n`);
      return EXIT_FAILURE;
    }
    io.stdout(`${job.name} at ${at.toISOString()}: already run for this slot\n`);
    return EXIT_OK;
  } finally {
    db.close();
  }
}

function exportCommand(argv: readonly string[], io: CliIo, features: readonly FeatureModule[]): number {
  const parsed = parseArgs(argv, ['format']);
  const [kind, extra] = parsed.positional;
  const exporters = allExports(features);
  if (!kind) throw new UsageError('export needs a kind');
  if (extra) throw new UsageError(`unexpected argument "${extra}"`);
  const exporter = exporters.find((e) => e.kind === kind);
  if (!exporter) throw new UsageError(`unknown export kind "${kind}" (known: ${exporters.map((e) => e.kind).join(', ') || 'none in this build'})`);
  const format = parsed.options.get('format') ?? 'json';
  if (format !== 'json' && format !== 'csv') throw new UsageError(`--format must be json or csv (got "${format}")`);
  const cfg = loadConfig(io.env, io.cwd);
  const db = openMigrated(cfg);
  try {
    const rows = exporter.rows({ db, org: cfg.org });
    (format === 'csv' ? writeCsv : writeJson)(exporter.columns, rows, io.stdout);
    return EXIT_OK;
  } finally {
    db.close();
  }
}

async function backupCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const [file, extra] = parseArgs(argv, []).positional;
  if (!file) throw new UsageError('backup needs a file name, e.g. cadence backup /backups/cadence-$(date +%F).db');
  if (extra) throw new UsageError(`unexpected argument "${extra}"`);
  const cfg = loadConfig(io.env, io.cwd);
  const done = await backupDatabase(cfg.dbPath, resolve(io.cwd, file));
  io.stdout(`Backed up ${cfg.dbPath} to ${done.path} (${done.pages} pages, ${done.migrations} migrations, integrity ok).\n`);
  return EXIT_OK;
}

function restoreCommand(argv: readonly string[], io: CliIo): number {
  const [file, extra] = parseArgs(argv, []).positional;
  if (!file) throw new UsageError('restore needs the backup file, e.g. cadence restore /backups/cadence-2026-11-30.db');
  if (extra) throw new UsageError(`unexpected argument "${extra}"`);
  const cfg = loadConfig(io.env, io.cwd);
  const done = restoreDatabase(cfg.dbPath, resolve(io.cwd, file));
  io.stdout(
    `Restored ${cfg.dbPath} from ${resolve(io.cwd, file)}` +
      `${done.asideTo ? `; the previous database was moved to ${done.asideTo}` : ''}. Start the bot again.\n`,
  );
  return EXIT_OK;
}
