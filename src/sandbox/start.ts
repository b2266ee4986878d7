import { resolve } from 'node:path';
import type { LoadedConfig } from '../config/index.js';
import type { Env } from '../config/env.js';
import { CadenceLogger, logLevelOf } from '../logger.js';
import { startSandbox } from './server.js';

/** `--sandbox` (npm run sandbox) always; otherwise when no Slack bot token is configured. */
export function wantsSandbox(env: Pick<Env, 'SLACK_BOT_TOKEN'>, argv: readonly string[]): boolean {
  return argv.includes('--sandbox') || !env.SLACK_BOT_TOKEN;
}

export const CONNECT_HINT =
  'To connect a real Slack workspace instead, set SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET (or SLACK_APP_TOKEN for Socket Mode) ' +
  'and run `npm start` again: README.md, "Connect a real Slack workspace".';

/** Starts the sandbox for `npm start` without credentials and `npm run sandbox`; 0 when it runs. */
export async function runSandbox(cfg: LoadedConfig, out: (line: string) => void = (l) => process.stdout.write(`${l}\n`)): Promise<number> {
  const dbPath = resolve(cfg.env.CADENCE_SANDBOX_DB);
  if (dbPath === cfg.dbPath) {
    process.stderr.write(`Cadence cannot start the sandbox: CADENCE_SANDBOX_DB is the production database (${cfg.dbPath}); point it at another file.\n`);
    return 1;
  }
  const logger = new CadenceLogger(logLevelOf(cfg.env.LOG_LEVEL === 'info' ? 'warn' : cfg.env.LOG_LEVEL));
  const sandbox = await startSandbox({ org: cfg.org, dbPath, port: cfg.env.PORT, logger });
  const ignored = ['SLACK_BOT_TOKEN', 'SLACK_SIGNING_SECRET', 'SLACK_APP_TOKEN', 'SLACK_API_URL'].filter((k) => cfg.env[k as keyof Env] !== undefined);
  out('Cadence sandbox — not connected to Slack.');
  out(`Sandbox: open http://localhost:${sandbox.port}`);
  out(`  A local workspace in your browser runs the real Cadence app; its database is ${dbPath} (never ${cfg.dbPath}), its Slack tokens are made up.`);
  if (ignored.length > 0) out(`  Ignoring ${ignored.join(', ')} here: the sandbox never uses Slack credentials.`);
  if (cfg.usingExampleConfig) out(`  Organisation: the example config (${cfg.configPath}); set CADENCE_CONFIG to try your own.`);
  out(CONNECT_HINT);

  let stopping = false;
  const shutdown = async () => {
    if (stopping) return;
    stopping = true;
    await sandbox.stop().catch((err: unknown) => logger.warn('while stopping the sandbox:', err));
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown());
  process.on('SIGINT', () => void shutdown());
  return 0;
}
