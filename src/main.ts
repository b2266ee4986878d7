import { SlackStartError, buildApp } from './app.js';
import { ConfigError } from './config/errors.js';
import { loadConfig, loadDotEnv, slackMode } from './config/index.js';
import { webhookSecretsOf } from './config/env.js';
import { MigrationError, migrate } from './db/migrate.js';
import { StoreOpenError, openDb } from './db/open.js';
import { allJobs } from './features.js';
import { CadenceLogger, logLevelOf } from './logger.js';
import { migrationsDir, packageVersion } from './paths.js';
import { startScheduler } from './scheduler/ticker.js';
import { runSandbox, wantsSandbox } from './sandbox/start.js';

/** Composition root: config -> db -> migrate -> app -> scheduler -> start. */
async function main(): Promise<number> {
  loadDotEnv();
  let cfg;
  let mode;
  try {
    cfg = loadConfig();
    // No bot token (or `npm run sandbox`): the local sandbox workspace instead of Slack.
    if (wantsSandbox(cfg.env, process.argv.slice(2))) return await runSandbox(cfg);
    mode = slackMode(cfg.env);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`Cadence cannot start:\n${err.message}\n`);
      return 1;
    }
    throw err;
  }

  const logger = new CadenceLogger(logLevelOf(cfg.env.LOG_LEVEL));
  if (cfg.usingExampleConfig) {
    logger.warn(`CADENCE_CONFIG is not set: using the example organisation config (${cfg.configPath}). Copy and edit it for real use.`);
  }

  let db;
  try {
    db = openDb(cfg.dbPath, { synchronous: cfg.env.CADENCE_DB_SYNCHRONOUS });
  } catch (err) {
    if (err instanceof StoreOpenError) {
      process.stderr.write(`Cadence cannot start: ${err.message}\n`);
      return 1;
    }
    throw err;
  }
  try {
    const result = migrate(db, migrationsDir());
    if (result.applied.length) logger.info(`applied migrations: ${result.applied.join(', ')}`);
  } catch (err) {
    db.close();
    if (err instanceof MigrationError) {
      process.stderr.write(`Cadence cannot start: ${err.message}\n`);
      return 1;
    }
    throw err;
  }

  const cadence = buildApp({
    org: cfg.org,
    db,
    slack: mode,
    logger,
    clientOptions: cfg.env.SLACK_API_URL ? { slackApiUrl: cfg.env.SLACK_API_URL } : {},
    secrets: webhookSecretsOf(cfg.env),
    httpPort: cfg.env.PORT,
  });
  let port: number | undefined;
  try {
    ({ port } = await cadence.start(cfg.env.PORT));
  } catch (err) {
    db.close();
    if (err instanceof SlackStartError) {
      process.stderr.write(`Cadence cannot start: ${err.message}\n`);
      return 1;
    }
    throw err;
  }
  const scheduler = startScheduler(cadence.ctx, allJobs());
  logger.info(
    `Cadence ${packageVersion()} is running in ${mode.kind === 'socket' ? 'Socket Mode' : 'HTTP mode'}` +
      `${port !== undefined ? ` on port ${port} (POST /slack/events, GET /healthz)` : ''}; database ${cfg.dbPath}`,
  );

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info(`${signal} received: stopping`);
    await scheduler.stop();
    await cadence.stop().catch((err: unknown) => logger.warn('while stopping the app:', err));
    db.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
  return 0;
}

main().then(
  (code) => {
    if (code !== 0) process.exit(code);
  },
  (err: unknown) => {
    process.stderr.write(`Cadence failed to start: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
