import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { slashCommandBody } from '../../test/helpers/signer.js';
import { startFakeSlack, type FakeSlack } from '../../src/sandbox/slack/web-api.js';
import { benchUser } from '../ack/scenarios.js';
import { formatInt, formatMs } from '../lib/format.js';
import { runLoad } from '../lib/load.js';
import { freePort, rssMiB, spawnNode, waitFor200, type Spawned } from '../lib/proc.js';
import { figure } from '../lib/report.js';
import { signedRequest } from '../lib/slack-requests.js';
import { median } from '../lib/stats.js';
import type { BenchSuite, SuiteContext } from '../lib/suite.js';

const SECRET = 'bench-footprint-signing-secret';
const TOKEN = 'xoxb-bench-footprint';

type Kind = 'cadence' | 'bare';
/** What a person types: `npm start` (the prestart staleness check, then `node dist/src/main.js`), on a built checkout. */
type StartKind = Kind | 'npm-start';

interface Started {
  proc: Spawned;
  port: number;
  startMs: number;
}

/**
 * Starts the real bot process (`node dist/src/main.js`, what `npm start` runs)
 * or the bare Bolt process, with a fresh database directory, and times it from
 * spawn to the first 200 on /healthz.
 */
async function start(kind: Kind, ctx: SuiteContext, slack: FakeSlack): Promise<Started> {
  const script =
    kind === 'cadence' ? join(ctx.root, 'dist', 'src', 'main.js') : join(dirname(fileURLToPath(import.meta.url)), '..', 'servers', 'bare-main.js');
  const dir = ctx.tempDir(`footprint-${kind}`);
  const port = await freePort();
  const env = { SLACK_BOT_TOKEN: TOKEN, SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: slack.apiUrl, PORT: String(port), CADENCE_DB: join(dir, 'cadence.db') };
  const t0 = performance.now();
  const proc = spawnNode(script, env, dir);
  const startMs = await waitFor200(`http://127.0.0.1:${port}/healthz`, proc, t0);
  return { proc, port, startMs };
}

/**
 * `npm start` in the package root, as a person runs it, on the checkout the
 * bench just built: npm itself, the prestart check (scripts/build-if-stale.mjs,
 * which must find nothing to build), then the bot. Timed from spawn to the
 * first 200 on /healthz; npm and its children get their own process group so
 * that stopping reaches the bot.
 */
async function startNpm(ctx: SuiteContext, slack: FakeSlack): Promise<{ startMs: number; rebuilt: boolean }> {
  const dir = ctx.tempDir('footprint-npm-start');
  const port = await freePort();
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? dir,
    SLACK_BOT_TOKEN: TOKEN,
    SLACK_SIGNING_SECRET: SECRET,
    SLACK_API_URL: slack.apiUrl,
    PORT: String(port),
    CADENCE_DB: join(dir, 'cadence.db'),
  };
  const t0 = performance.now();
  const child = spawn('npm', ['start', '--silent'], { cwd: ctx.root, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const proc: Spawned = {
    child,
    output: () => out,
    exited,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
      process.kill(-child.pid, 'SIGTERM');
      const timer = setTimeout(() => child.pid !== undefined && process.kill(-child.pid, 'SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    },
  };
  try {
    const startMs = await waitFor200(`http://127.0.0.1:${port}/healthz`, proc, t0, 60_000);
    return { startMs, rebuilt: out.includes('Building Cadence') };
  } finally {
    await proc.stop();
  }
}

export const suite: BenchSuite = {
  name: 'footprint',
  title: 'Footprint: cold start and resident memory of the real bot process',
  // First: nothing else has warmed the OS page cache for these modules more than for the other.
  order: 10,
  async run(ctx) {
    const runs = ctx.quick ? 3 : 7;
    const requests = ctx.quick ? 300 : 2_000;
    const slack = await startFakeSlack();
    const running: Started[] = [];
    try {
      const starts: Record<StartKind, number[]> = { cadence: [], bare: [], 'npm-start': [] };
      let rebuilds = 0;
      // Rotate the order so that none always runs on a cooler (or warmer) machine.
      const kinds: StartKind[] = ['cadence', 'npm-start', 'bare'];
      for (let i = 0; i < runs; i += 1) {
        for (const kind of [...kinds.slice(i % 3), ...kinds.slice(0, i % 3)]) {
          if (kind === 'npm-start') {
            const n = await startNpm(ctx, slack);
            starts[kind].push(n.startMs);
            if (n.rebuilt) rebuilds += 1;
            continue;
          }
          const s = await start(kind, ctx, slack);
          starts[kind].push(s.startMs);
          await s.proc.stop();
        }
      }
      ctx.log(
        `cold starts: Cadence ${starts.cadence.map((m) => formatMs(m)).join(', ')}; npm start ${starts['npm-start'].map((m) => formatMs(m)).join(', ')}; bare ${starts.bare.map((m) => formatMs(m)).join(', ')}`,
      );

      const cadence = await start('cadence', ctx, slack);
      running.push(cadence);
      const bare = await start('bare', ctx, slack);
      running.push(bare);
      // Let start-up garbage settle (timers, the first GC) before reading "idle".
      await sleep(2_000);
      const idle = { cadence: rssMiB(cadence.proc.child.pid ?? -1), bare: rssMiB(bare.proc.child.pid ?? -1) };

      for (const s of [cadence, bare]) {
        const result = await runLoad(
          `http://127.0.0.1:${s.port}`,
          (i) => signedRequest(SECRET, 'application/x-www-form-urlencoded', slashCommandBody({ command: '/cadence', text: 'help', user_id: benchUser(i) })),
          { concurrency: 16, count: requests, warmup: 0 },
        );
        if (result.errors > 0) throw new Error(`load on the ${s === cadence ? 'Cadence' : 'bare'} process: ${result.errors} errors; first: ${result.firstError ?? '?'}`);
      }
      await sleep(500);
      const after = { cadence: rssMiB(cadence.proc.child.pid ?? -1), bare: rssMiB(bare.proc.child.pid ?? -1) };
      for (const s of running.splice(0)) await s.proc.stop();

      const figures = [
        figure({ name: 'cold start to /healthz 200 (median)', unit: 'ms', value: median(starts.cadence), baseline: { label: 'bare Bolt process', value: median(starts.bare) } }),
        figure({
          name: '`npm start` on a built checkout to /healthz 200 (median)',
          unit: 'ms',
          value: median(starts['npm-start']),
          baseline: { label: '`node dist/src/main.js`', value: median(starts.cadence) },
          maxRatio: 2,
          targetText: '≤ 2× `node dist/src/main.js`',
        }),
        figure({ name: 'RSS idle after start', unit: 'MB', value: idle.cadence, baseline: { label: 'bare Bolt process', value: idle.bare }, maxRatio: 1.3, targetText: '≤ 1.3× bare' }),
        figure({ name: `RSS after ${formatInt(requests)} /cadence help requests`, unit: 'MB', value: after.cadence, baseline: { label: 'bare Bolt process', value: after.bare } }),
      ];
      const notes = [
        `Cold start: \`node dist/src/main.js\` (what \`npm start\` runs after building) with the environment set, a fresh database directory (so migrations run) and \`SLACK_API_URL\` at the Slack stand-in, timed from spawn to the first 200 on \`/healthz\` (polled every 5 ms); median of ${runs} runs, alternated with a bare Bolt process started the same way (\`dist/bench/servers/bare-main.js\`: same receiver, auth.test before listening, no database). Both include Node's own start-up.`,
        `\`npm start\` (issue 18): \`npm start --silent\` in the package root with the same environment, on the checkout the bench just compiled: npm, the prestart check (\`scripts/build-if-stale.mjs\`: compiles only when a source is newer than its output; ${rebuilds === 0 ? 'it found nothing to build in any run' : `it REBUILT in ${rebuilds} of ${runs} runs, which the figure includes`}), then the bot; median of ${runs} runs, in rotation with the other two. Before issue 18, \`prestart\` ran the whole TypeScript build on every start (13.8 s on this machine).`,
        'RSS is VmRSS from /proc: idle 2 s after start, then after the load run (16 in flight, `/cadence help`), 0.5 s after the last answer. MB is mebibytes. RSS after the data-scale runs (the bot on a million insights) is in the insights-scale suite.',
      ];
      return { figures, notes, details: { starts, rebuilds, idle, after, requests } };
    } finally {
      for (const s of running) await s.proc.stop();
      await slack.close();
    }
  },
};
