import { performance } from 'node:perf_hooks';
import type { Rng } from '../data/prng.js';
import { Http1Connection, serializeRequest } from './http1.js';
import type { PreparedRequest } from './load.js';

/**
 * An open-loop load generator: requests arrive at a fixed mean rate with
 * exponentially distributed gaps (a Poisson process, how independent people's
 * clicks add up), whatever the answers do, as Slack sends them. A request
 * never waits for an earlier answer: it takes an idle keep-alive connection,
 * or opens one more. Latency runs from the first byte written to the last
 * byte of the answer read, as in the closed loop (bench/lib/load.ts).
 *
 * The generator itself may be late on a busy machine (timers fire late): how
 * late is reported (`lagMs`), so that a slow answer is not blamed on the
 * server when the generator was the one behind.
 */
export interface OpenLoopOptions {
  /** Mean arrivals per second. */
  rate: number;
  /** How long arrivals go on; requests = round(rate × duration). */
  durationMs: number;
  /** Draws the gaps: the same seed gives the same arrival times on every run. */
  rng: Rng;
  /** A request without an answer by then counts as failed (and its connection is dropped). */
  timeoutMs?: number;
}

export interface OpenLoopResult {
  /** Requests sent. */
  sent: number;
  /** One latency per answered request, in ms. */
  latenciesMs: number[];
  /** Answers that were not 200 or failed `check`, plus requests that got no answer. */
  errors: number;
  firstError?: string;
  /** How late the generator wrote requests compared with their arrival times: p99 and max, in ms. */
  lagMs: { p99: number; max: number };
  /** Most connections open at once (= most requests in flight at once). */
  connections: number;
  /** From the first arrival to the last answer. */
  wallMs: number;
}

/** Arrival offsets in ms from the start: cumulative exponential gaps with mean 1000 / rate. */
export function poissonArrivals(rate: number, durationMs: number, rng: Rng): number[] {
  if (!(rate > 0) || !(durationMs > 0)) throw new Error('rate and duration must be positive');
  const count = Math.max(1, Math.round((rate * durationMs) / 1000));
  const out: number[] = [];
  let t = 0;
  for (let i = 0; i < count; i += 1) {
    // 1 - next() is in (0, 1]: log never sees 0.
    t += (-Math.log(1 - rng.next()) * 1000) / rate;
    out.push(t);
  }
  return out;
}

export async function runOpenLoop(
  baseUrl: string,
  build: (i: number) => PreparedRequest,
  opts: OpenLoopOptions,
  check?: (status: number, body: string) => string | undefined,
): Promise<OpenLoopResult> {
  const url = new URL(baseUrl);
  const host = url.hostname;
  const port = Number(url.port);
  const arrivals = poissonArrivals(opts.rate, opts.durationMs, opts.rng);
  const prepared = arrivals.map((_, i) => {
    const r = build(i);
    return serializeRequest(host, port, r.path, r.headers, Buffer.from(r.body));
  });
  const timeoutMs = opts.timeoutMs ?? 10_000;
  const idle: Http1Connection[] = [];
  const all: Http1Connection[] = [];
  const latenciesMs: number[] = [];
  const lags: number[] = [];
  const answers: Promise<void>[] = [];
  let errors = 0;
  let firstError: string | undefined;
  let inFlight = 0;
  let connections = 0;
  const fail = (message: string) => {
    errors += 1;
    firstError ??= message;
  };

  const fire = (i: number, lag: number) => {
    const request = prepared[i];
    if (!request) return;
    let conn = idle.pop();
    if (!conn) {
      conn = new Http1Connection(host, port, timeoutMs);
      all.push(conn);
    }
    inFlight += 1;
    connections = Math.max(connections, inFlight);
    lags.push(lag);
    const c = conn;
    const start = performance.now();
    answers.push(
      c.send(request).then(
        (answer) => {
          latenciesMs.push(performance.now() - start);
          inFlight -= 1;
          idle.push(c);
          if (answer.status !== 200) fail(`HTTP ${answer.status}: ${answer.body.slice(0, 200)}`);
          else {
            const problem = check?.(answer.status, answer.body);
            if (problem !== undefined) fail(problem);
          }
        },
        (err: unknown) => {
          inFlight -= 1;
          c.close();
          fail(err instanceof Error ? err.message : String(err));
        },
      ),
    );
  };

  const t0 = performance.now();
  try {
    await new Promise<void>((resolve) => {
      let next = 0;
      const tick = () => {
        const now = performance.now() - t0;
        while (next < arrivals.length && (arrivals[next] as number) <= now) {
          fire(next, now - (arrivals[next] as number));
          next += 1;
        }
        if (next >= arrivals.length) {
          resolve();
          return;
        }
        setTimeout(tick, Math.max(0, (arrivals[next] as number) - (performance.now() - t0)));
      };
      tick();
    });
    await Promise.all(answers);
    const wallMs = performance.now() - t0;
    lags.sort((a, b) => a - b);
    return {
      sent: arrivals.length,
      latenciesMs,
      errors,
      ...(firstError !== undefined ? { firstError } : {}),
      lagMs: { p99: lags[Math.max(0, Math.ceil(lags.length * 0.99) - 1)] ?? 0, max: lags[lags.length - 1] ?? 0 },
      connections,
      wallMs,
    };
  } finally {
    for (const c of all) c.close();
  }
}
