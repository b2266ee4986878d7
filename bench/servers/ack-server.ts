import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { LogLevel } from '@slack/bolt';
import { buildApp } from '../../src/app.js';
import { parseOrgConfig } from '../../src/config/org.js';
import { migrate } from '../../src/db/migrate.js';
import { openDb, type Db } from '../../src/db/open.js';
import { CadenceLogger } from '../../src/logger.js';
import { exampleConfigPath, migrationsDir } from '../../src/paths.js';
import { ackScenarios } from '../ack/scenarios.js';
import { buildBareApp } from './bare-app.js';

export const BENCH_SIGNING_SECRET = 'bench-signing-secret-0123456789';
export const BENCH_BOT_TOKEN = 'xoxb-bench-token';

/** 'null' is a plain node:http server answering 200 at once: the load generator's ceiling. */
export type ServerKind = 'cadence' | 'bare' | 'null';

export interface AckServer {
  port: number;
  /** Runs a scenario's `verify` against this server's database (Cadence only). */
  verify(scenario: string, sent: number): string | undefined;
  stop(): Promise<void>;
}

/**
 * Starts one of the two servers the latency suite compares. Cadence is built
 * exactly as main.ts builds it (buildApp, a real SQLite file, migrations, the
 * example organisation config, production client options, the INFO logger),
 * with the Web API pointed at the stand-in.
 */
export async function startAckServer(kind: ServerKind, opts: { slackApiUrl: string; dbDir: string; logs: boolean }): Promise<AckServer> {
  if (kind === 'null') {
    const server = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        res.writeHead(200, { 'content-length': '0' });
        res.end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    if (!address || typeof address !== 'object') throw new Error('the null server did not report its port');
    return {
      port: address.port,
      verify: () => undefined,
      stop: () => {
        server.closeAllConnections();
        return new Promise<void>((resolve) => server.close(() => resolve()));
      },
    };
  }
  if (kind === 'bare') {
    const bare = buildBareApp({ signingSecret: BENCH_SIGNING_SECRET, botToken: BENCH_BOT_TOKEN, slackApiUrl: opts.slackApiUrl });
    const port = await bare.start(0);
    return { port, verify: () => undefined, stop: () => bare.stop() };
  }
  const db: Db = openDb(join(opts.dbDir, 'cadence.db'));
  migrate(db, migrationsDir());
  for (const s of ackScenarios) s.seed?.(db);
  const org = parseOrgConfig(readFileSync(exampleConfigPath(), 'utf8'), 'cadence.example.yml');
  const logger = opts.logs ? new CadenceLogger(LogLevel.INFO) : new CadenceLogger(LogLevel.INFO, 'cadence', () => undefined);
  const cadence = buildApp({
    org,
    db,
    slack: { kind: 'http', botToken: BENCH_BOT_TOKEN, signingSecret: BENCH_SIGNING_SECRET },
    logger,
    clientOptions: { slackApiUrl: opts.slackApiUrl },
  });
  const { port } = await cadence.start(0);
  if (port === undefined) throw new Error('Cadence did not report its port');
  return {
    port,
    verify(name, sent) {
      const scenario = ackScenarios.find((s) => s.name === name);
      if (!scenario) return `no scenario named ${name}`;
      return scenario.verify?.(db, sent);
    },
    async stop() {
      await cadence.stop();
      db.close();
    },
  };
}
