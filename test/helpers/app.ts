import { join } from 'node:path';
import { buildApp, type CadenceApp } from '../../src/app.js';
import type { Clock } from '../../src/clock.js';
import type { OrgConfig } from '../../src/config/org.js';
import type { AppContext, FeatureModule } from '../../src/context.js';
import { migrate } from '../../src/db/migrate.js';
import { openDb, type Db } from '../../src/db/open.js';
import { silentLogger } from '../../src/logger.js';
import { migrationsDir } from '../../src/paths.js';
import { startFakeSlack, type FakeSlack } from '../../src/sandbox/slack/web-api.js';
import { exampleOrgConfig } from './org.js';
import {
  sendCommand,
  sendEvent,
  sendInteraction,
  type SlackEndpointResponse,
  type SlashCommandFields,
} from './signer.js';
import { tempDir } from './tmp.js';
import { renderedDateInCodeFaults } from '../i18n/rules.js';

export const SIGNING_SECRET = 'test-signing-secret-0123456789';
export const BOT_TOKEN = 'xoxb-test-token';

export interface TestApp {
  baseUrl: string;
  eventsUrl: string;
  db: Db;
  dbPath: string;
  slack: FakeSlack;
  cadence: CadenceApp;
  /** A signed slash command, exactly as Slack sends it. */
  command(fields: SlashCommandFields): Promise<SlackEndpointResponse>;
  /** A signed interactivity payload (block_actions, view_submission, shortcuts, block_suggestion). */
  interact(payload: Record<string, unknown>): Promise<SlackEndpointResponse>;
  /** A signed Events API delivery. */
  event(event: Record<string, unknown>, opts?: { eventId?: string; retryNum?: number }): Promise<SlackEndpointResponse>;
  stop(): Promise<void>;
}

type FeatureSecrets = AppContext['secrets'];

export interface StartTestAppOptions {
  org?: OrgConfig;
  features?: readonly FeatureModule[];
  clock?: Clock;
  /** Reuse a stand-in (e.g. to keep recording across a restart). */
  slack?: FakeSlack;
  /** Reuse a database file (restart scenarios). */
  dbPath?: string;
  secrets?: FeatureSecrets;
  /**
   * Learn each person's Slack locale with users.info after their request (off by
   * default here, so other tests' exact Web API call counts and injected faults stay
   * theirs; test/core/locale.e2e.test.ts turns it on).
   */
  learnSlackLocales?: boolean;
}

/**
 * Puts the app's ack body through the stand-in's Block Kit checks (recorded as
 * method 'ack'), as Slack does with what an app answers: a refused ack shows
 * up in `slack.calls` like any refused Web API call.
 */
export function checkedAck(
  slack: FakeSlack,
  kind: 'command' | 'interaction',
  response: SlackEndpointResponse,
): SlackEndpointResponse {
  if (response.status === 200 && response.text !== '') {
    const isJson = (response.headers.get('content-type') ?? '').includes('json');
    let body: unknown = response.text;
    if (isJson) {
      try {
        body = JSON.parse(response.text);
      } catch {
        body = response.text;
      }
    }
    slack.checkAck(kind, body);
  }
  return response;
}

/**
 * Starts the real Cadence app (real Bolt HTTP receiver, real SQLite file in a
 * temporary directory) on a random port, talking to a local Slack stand-in.
 */
export async function startTestApp(options: StartTestAppOptions = {}): Promise<TestApp> {
  const slack = options.slack ?? (await startFakeSlack());
  const tmp = options.dbPath ? undefined : tempDir();
  const dbPath = options.dbPath ?? join(tmp?.dir ?? '', 'cadence.db');
  const db = openDb(dbPath);
  migrate(db, migrationsDir());
  const cadence = buildApp({
    org: options.org ?? exampleOrgConfig(),
    db,
    slack: { kind: 'http', botToken: BOT_TOKEN, signingSecret: SIGNING_SECRET },
    logger: silentLogger(),
    clientOptions: { slackApiUrl: slack.apiUrl, retryConfig: { retries: 0 } },
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.features ? { features: options.features } : {}),
    ...(options.secrets ? { secrets: options.secrets } : {}),
    learnSlackLocales: options.learnSlackLocales ?? false,
  });
  const { port } = await cadence.start(0);
  if (port === undefined) throw new Error('the test app did not report its port');
  const baseUrl = `http://127.0.0.1:${port}`;
  const eventsUrl = `${baseUrl}/slack/events`;
  const signed = { signingSecret: SIGNING_SECRET };
  return {
    baseUrl,
    eventsUrl,
    db,
    dbPath,
    slack,
    cadence,
    command: async (fields) =>
      checkedAck(slack, 'command', await sendCommand(eventsUrl, { response_url: slack.responseUrl(), ...fields }, signed)),
    interact: async (payload) => checkedAck(slack, 'interaction', await sendInteraction(eventsUrl, payload, signed)),
    event: (event, opts) => sendEvent(eventsUrl, event, { ...signed, ...opts }),
    async stop() {
      // Guard (issue 14, docs/decisions/0028): no message, ack or view any test made Cadence send holds a
      // <!date> token inside code, where Slack shows it raw.
      const dateInCode = slack.calls.flatMap((c) => renderedDateInCodeFaults(c.args).map((f) => `${c.method} ${f}`));
      await cadence.stop();
      db.close();
      if (!options.slack) await slack.close();
      tmp?.cleanup();
      if (dateInCode.length > 0) throw new Error(`Slack shows these <!date> tokens raw (inside code):\n${dateInCode.join('\n')}`);
    },
  };
}
