// A server process for the latency suite: `node ack-child.js` with BENCH_KIND,
// BENCH_SLACK_API_URL and BENCH_DB_DIR set, forked with an IPC channel. It runs
// apart from the load generator so that the two do not share one event loop.
import { startAckServer, type ServerKind } from './ack-server.js';

type Message = { type: 'verify'; scenario: string; sent: number } | { type: 'stop' };

async function main(): Promise<void> {
  const kind = process.env.BENCH_KIND as ServerKind | undefined;
  const slackApiUrl = process.env.BENCH_SLACK_API_URL;
  const dbDir = process.env.BENCH_DB_DIR;
  if ((kind !== 'cadence' && kind !== 'bare' && kind !== 'null') || !slackApiUrl || !dbDir || !process.send) {
    throw new Error('ack-child needs BENCH_KIND (cadence|bare|null), BENCH_SLACK_API_URL, BENCH_DB_DIR and an IPC channel');
  }
  const server = await startAckServer(kind, { slackApiUrl, dbDir, logs: true });
  process.on('message', (m: Message) => {
    if (m.type === 'verify') {
      process.send?.({ type: 'verified', problem: server.verify(m.scenario, m.sent) ?? null });
    } else if (m.type === 'stop') {
      void server.stop().then(() => process.exit(0));
    }
  });
  process.send({ type: 'ready', port: server.port, pid: process.pid });
}

main().catch((err: unknown) => {
  process.stderr.write(`ack-child failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
