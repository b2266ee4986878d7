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
      const starts: Record<Kind, number[]> = { cadence: [], bare: [] };
      // Alternate the two so that neither always runs on a cooler (or warmer) machine.
      for (let i = 0; i < runs; i += 1) {
        for (const kind of (i % 2 === 0 ? ['cadence', 'bare'] : ['bare', 'cadence']) as Kind[]) {
          const s = await start(kind, ctx, slack);
          starts[kind].push(s.startMs);
          await s.proc.stop();
        }
      }
      ctx.log(`cold starts: Cadence ${starts.cadence.map((m) => formatMs(m)).join(', ')}; bare ${starts.bare.map((m) => formatMs(m)).join(', ')}`);

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
        figure({ name: 'RSS idle after start', unit: 'MB', value: idle.cadence, baseline: { label: 'bare Bolt process', value: idle.bare } }),
        figure({ name: `RSS after ${formatInt(requests)} /cadence help requests`, unit: 'MB', value: after.cadence, baseline: { label: 'bare Bolt process', value: after.bare } }),
      ];
      const notes = [
        `Cold start: \`node dist/src/main.js\` (what \`npm start\` runs after building) with the environment set, a fresh database directory (so migrations run) and \`SLACK_API_URL\` at the Slack stand-in, timed from spawn to the first 200 on \`/healthz\` (polled every 5 ms); median of ${runs} runs, alternated with a bare Bolt process started the same way (\`dist/bench/servers/bare-main.js\`: same receiver, auth.test before listening, no database). Both include Node's own start-up.`,
        'RSS is VmRSS from /proc: idle 2 s after start, then after the load run (16 in flight, `/cadence help`), 0.5 s after the last answer. MB is mebibytes. RSS after the data-scale runs (the bot on a million insights) is in the insights-scale suite.',
      ];
      return { figures, notes, details: { starts, idle, after, requests } };
    } finally {
      for (const s of running) await s.proc.stop();
      await slack.close();
    }
  },
};
