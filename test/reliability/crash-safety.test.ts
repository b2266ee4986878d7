import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startFakeSlack } from '../../src/sandbox/slack/web-api.js';
import { sendCommand } from '../helpers/signer.js';
import { tempDir } from '../helpers/tmp.js';
import { freePort, killHard, seeded, sleep, spawnBot, waitForHealthy, type BotProcess } from './support.js';

/*
 * Crash safety (issue 8, item 4; decision 0002): insights are logged through
 * the real HTTP receiver of the real bot process while it is killed with
 * SIGKILL at random (seeded) moments. After each restart:
 *  - every insight whose request was answered 200 is in the database;
 *  - nothing is duplicated (each request carries a unique mark);
 *  - PRAGMA integrity_check and the FTS5 index's own integrity check are ok,
 *    and every insight's tags are in insight_tags (one transaction, all or nothing).
 * The database runs with the default synchronous=NORMAL: this test is what
 * shows that a process kill loses nothing that was acknowledged.
 */

const SECRET = 'crash-test-signing-secret-0123';
const WORKERS = 6;
const ROUNDS = 5;

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

interface Outcome {
  mark: string;
  acked: boolean;
}

/** Sends /insight commands from `WORKERS` loops until the process stops answering. */
async function load(bot: BotProcess, round: number, outcomes: Outcome[]): Promise<void> {
  const url = `http://127.0.0.1:${bot.port}/slack/events`;
  let next = 0;
  const worker = async (w: number) => {
    for (;;) {
      const mark = `m${round}x${w}x${next++}`;
      let res;
      try {
        res = await sendCommand(
          url,
          { command: '/insight', text: `Crash test ${mark}: the export times out for big accounts #crash #export source:call`, user_id: `U0CRASH${String(w).padStart(4, '0')}` },
          { signingSecret: SECRET },
        );
      } catch {
        // The process died with this request in flight: it may or may not have been stored.
        outcomes.push({ mark, acked: false });
        return;
      }
      // Anything but the real confirmation would make "acknowledged" meaningless.
      expect(res.status).toBe(200);
      expect(res.text).toContain('Logged insight *#');
      outcomes.push({ mark, acked: true });
    }
  };
  await Promise.all(Array.from({ length: WORKERS }, (_, w) => worker(w)));
}

function inspect(dbPath: string) {
  const db = new Database(dbPath);
  try {
    const integrity = db.pragma('integrity_check', { simple: true });
    // FTS5's own check: the index matches the insights table row for row.
    db.prepare(`INSERT INTO insights_fts (insights_fts, rank) VALUES ('integrity-check', 1)`).run();
    const rows = db.prepare<[], { text: string; tags: string; nTags: number }>(
      `SELECT text, tags, (SELECT COUNT(*) FROM insight_tags t WHERE t.insight_id = i.id) AS nTags FROM insights i`,
    ).all();
    return { integrity, rows };
  } finally {
    db.close();
  }
}

describe('crash safety: SIGKILL while insights are being logged', () => {
  it(
    'every acknowledged insight survives each kill, none is duplicated, the file stays intact',
    async () => {
      const { seed, rng } = seeded('crash-safety');
      const tmp = tempDir();
      cleanups.push(tmp.cleanup);
      const slack = await startFakeSlack();
      cleanups.push(() => slack.close());
      const dbPath = join(tmp.dir, 'cadence.db');
      const env = { SLACK_BOT_TOKEN: 'xoxb-crash-test', SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: slack.apiUrl, CADENCE_DB: dbPath, LOG_LEVEL: 'error' };
      const outcomes: Outcome[] = [];
      const kills: string[] = [];

      for (let round = 0; round <= ROUNDS; round++) {
        const bot = spawnBot(env, tmp.dir, await freePort());
        cleanups.push(() => killHard(bot));
        if (round === 0) {
          // The first kill lands during start-up (migrations, auth.test): the next start must cope.
          const delay = rng.int(0, 250);
          await sleep(delay);
          await killHard(bot);
          kills.push(`start-up+${delay}ms`);
          continue;
        }
        await waitForHealthy(bot);

        // After each restart: everything acknowledged so far is there, once.
        const { integrity, rows } = inspect(dbPath);
        expect(integrity, `seed ${seed}, after kills ${kills.join(', ')}`).toBe('ok');
        const marks = rows.map((r) => /Crash test (m\d+x\d+x\d+):/.exec(r.text)?.[1] ?? '?');
        const seen = new Map<string, number>();
        for (const m of marks) seen.set(m, (seen.get(m) ?? 0) + 1);
        const duplicated = [...seen].filter(([, n]) => n > 1);
        expect(duplicated, `duplicated (seed ${seed})`).toEqual([]);
        const lost = outcomes.filter((o) => o.acked && !seen.has(o.mark)).map((o) => o.mark);
        expect(lost, `acknowledged but lost (seed ${seed}, kills ${kills.join(', ')})`).toEqual([]);
        expect(rows.filter((r) => r.tags !== 'crash export' || r.nTags !== 2), 'an insight without its tags').toEqual([]);
        // Nothing appears that was never sent.
        expect(marks.filter((m) => !outcomes.some((o) => o.mark === m))).toEqual([]);
        if (round === ROUNDS) {
          bot.child.kill('SIGTERM');
          expect(await bot.exited).toBe(0);
          break;
        }

        const delay = rng.int(150, 1500);
        const loading = load(bot, round, outcomes);
        await sleep(delay);
        await killHard(bot);
        await loading;
        kills.push(`${delay}ms`);
      }

      const acked = outcomes.filter((o) => o.acked).length;
      console.log(`crash safety (seed ${seed}): ${acked} acknowledged, ${outcomes.length - acked} cut off, kills at ${kills.join(", ")}`);
      // The scenario must have exercised something: requests answered, and requests cut off by the kills.
      expect(acked).toBeGreaterThan(ROUNDS * 10);
      expect(outcomes.length - acked).toBeGreaterThanOrEqual(ROUNDS);
    },
    120_000,
  );
});
