import { performance } from 'node:perf_hooks';
import { Http1Connection, serializeRequest, type RawAnswer } from './http1.js';

/** A request ready to go on the wire: built and signed before the clock starts. */
export interface PreparedRequest {
  path: string;
  headers: Record<string, string>;
  body: string;
}

export interface LoadOptions {
  /** Requests in flight at once (each worker sends the next as soon as its previous answer arrived). */
  concurrency: number;
  /** Timed requests. */
  count: number;
  /** Requests sent first, not timed: JIT, connection set-up, SQLite caches. */
  warmup: number;
  /** Per-request timeout; Slack gives up after 3 s, so anything near that is already a failure. */
  timeoutMs?: number;
}

export interface LoadResult {
  /** One latency per timed request, in ms, from the first byte written to the last byte of the answer read. */
  latenciesMs: number[];
  /** Wall time of the timed phase. */
  wallMs: number;
  /** Timed requests per second of wall time. */
  throughput: number;
  /** Answers that were not 200, or failed `check`, or errored (timed phase and warm-up). */
  errors: number;
  firstError?: string;
  /** Most sockets ever used at once: shows the concurrency really was what was asked. */
  maxInFlight: number;
}

type Answer = RawAnswer;

/**
 * A closed-loop load generator: `concurrency` keep-alive connections, each
 * sending its next request as soon as the previous one is answered.
 * Requests are built and signed beforehand so that the generator does as little
 * as possible while the clock runs (it shares the CPU with the server).
 */
export async function runLoad(
  baseUrl: string,
  build: (i: number) => PreparedRequest,
  opts: LoadOptions,
  check?: (status: number, body: string) => string | undefined,
): Promise<LoadResult> {
  const url = new URL(baseUrl);
  const host = url.hostname;
  const port = Number(url.port);
  const total = opts.warmup + opts.count;
  const prepared = Array.from({ length: total }, (_, i) => {
    const r = build(i);
    return serializeRequest(host, port, r.path, r.headers, Buffer.from(r.body));
  });
  const timeoutMs = opts.timeoutMs ?? 10_000;
  const connections = Array.from({ length: opts.concurrency }, () => new Http1Connection(host, port, timeoutMs));
  let errors = 0;
  let firstError: string | undefined;
  let inFlight = 0;
  let maxInFlight = 0;

  const fail = (message: string) => {
    errors += 1;
    firstError ??= message;
  };

  const send = (i: number, conn: Http1Connection): Promise<Answer> => {
    const r = prepared[i];
    if (!r) return Promise.reject(new Error(`no request ${i}`));
    return conn.send(r);
  };

  const one = async (i: number, conn: Http1Connection): Promise<number | undefined> => {
    inFlight += 1;
    maxInFlight = Math.max(maxInFlight, inFlight);
    const start = performance.now();
    try {
      const answer = await send(i, conn);
      const elapsed = performance.now() - start;
      if (answer.status !== 200) fail(`HTTP ${answer.status}: ${answer.body.slice(0, 200)}`);
      else {
        const problem = check?.(answer.status, answer.body);
        if (problem !== undefined) fail(problem);
      }
      return elapsed;
    } catch (err) {
      fail(err instanceof Error ? err.message : String(err));
      return undefined;
    } finally {
      inFlight -= 1;
    }
  };

  const phase = async (from: number, to: number, out: number[] | undefined) => {
    let next = from;
    const worker = async (conn: Http1Connection) => {
      for (;;) {
        const i = next;
        if (i >= to) return;
        next += 1;
        const ms = await one(i, conn);
        if (out && ms !== undefined) out.push(ms);
      }
    };
    await Promise.all(connections.slice(0, Math.min(opts.concurrency, Math.max(1, to - from))).map((c) => worker(c)));
  };

  try {
    await phase(0, opts.warmup, undefined);
    const latenciesMs: number[] = [];
    maxInFlight = 0;
    const start = performance.now();
    await phase(opts.warmup, total, latenciesMs);
    const wallMs = performance.now() - start;
    return {
      latenciesMs,
      wallMs,
      throughput: (latenciesMs.length / wallMs) * 1000,
      errors,
      ...(firstError !== undefined ? { firstError } : {}),
      maxInFlight,
    };
  } finally {
    for (const c of connections) c.close();
  }
}
