import { createServer, type Server } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { createRng } from '../../bench/data/prng.js';
import { poissonArrivals, runOpenLoop } from '../../bench/lib/open-loop.js';
import { figure, renderMarkdown, type Report } from '../../bench/lib/report.js';

describe('Poisson arrivals', () => {
  it('gives rate × duration arrivals, increasing, with a mean gap of 1000 / rate ms, the same for the same seed', () => {
    const a = poissonArrivals(200, 50_000, createRng('t'));
    expect(a).toHaveLength(10_000);
    for (let i = 1; i < a.length; i++) expect(a[i] as number).toBeGreaterThan(a[i - 1] as number);
    const meanGap = (a[a.length - 1] as number) / a.length;
    expect(meanGap).toBeGreaterThan(4.8);
    expect(meanGap).toBeLessThan(5.2);
    // Exponential gaps: about 1 - 1/e of them are shorter than the mean.
    const gaps = a.map((t, i) => t - (i === 0 ? 0 : (a[i - 1] as number)));
    const short = gaps.filter((g) => g < 5).length / gaps.length;
    expect(short).toBeGreaterThan(0.6);
    expect(short).toBeLessThan(0.66);
    expect(poissonArrivals(200, 1_000, createRng('t'))).toEqual(a.slice(0, 200));
  });

  it('refuses a rate or duration that is not positive', () => {
    expect(() => poissonArrivals(0, 1_000, createRng('t'))).toThrow('positive');
    expect(() => poissonArrivals(10, -1, createRng('t'))).toThrow('positive');
  });
});

describe('runOpenLoop against a local server', () => {
  let server: Server | undefined;
  afterEach(async () => {
    if (server) {
      server.closeAllConnections();
      await new Promise((r) => server?.close(r));
    }
    server = undefined;
  });

  /** Answers at once, except the first request: held until `release(seen)` says so. */
  async function serve(release: (seen: string[]) => boolean = () => true): Promise<{ url: string; seen: string[] }> {
    const seen: string[] = [];
    let held: (() => void) | undefined;
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        seen.push(body);
        const answer = () => {
          res.writeHead(body.includes('bad') ? 500 : 200, { 'content-type': 'text/plain' });
          res.end(`ok ${body}`);
        };
        if (seen.length === 1 && !release(seen)) held = answer;
        else answer();
        if (held && release(seen)) {
          held();
          held = undefined;
        }
      });
    });
    await new Promise<void>((r) => server?.listen(0, '127.0.0.1', r));
    const address = server.address();
    if (!address || typeof address !== 'object') throw new Error('no port');
    return { url: `http://127.0.0.1:${address.port}`, seen };
  }

  it('sends every request without waiting for earlier answers: the first answer is held until all 20 arrived', async () => {
    // A closed loop with one connection would wait for the first answer forever (until its timeout).
    const { url, seen } = await serve((s) => s.length >= 20);
    const result = await runOpenLoop(
      url,
      (i) => ({ path: '/slack/events', headers: { 'content-type': 'text/plain' }, body: `r${i}` }),
      { rate: 100, durationMs: 200, rng: createRng('x'), timeoutMs: 20_000 },
      (_s, body) => (body.startsWith('ok r') ? undefined : 'wrong body'),
    );
    expect(result.sent).toBe(20);
    expect(result.errors).toBe(0);
    expect(new Set(seen).size).toBe(20);
    expect(seen[0]).toBe('r0');
    expect(result.latenciesMs).toHaveLength(20);
    expect(result.connections).toBeGreaterThan(1);
  });

  it('counts wrong answers as errors and keeps the first', async () => {
    const { url } = await serve();
    const result = await runOpenLoop(url, (i) => ({ path: '/', headers: {}, body: i === 3 ? 'bad' : `r${i}` }), { rate: 200, durationMs: 50, rng: createRng('y') });
    expect(result.sent).toBe(10);
    expect(result.errors).toBe(1);
    expect(result.firstError).toBe('HTTP 500: ok bad');
  });
});

describe('report: throughput targets and prose sections', () => {
  it('a minRatio target is met at or above the ratio, missed below', () => {
    const at = (value: number) => figure({ name: 'sustained', unit: 'req/s', value, baseline: { label: 'bare', value: 1000 }, minRatio: 0.5 });
    expect(at(500).target).toEqual({ text: '≥ 0.5× baseline', met: true });
    expect(at(499).target?.met).toBe(false);
    expect(figure({ name: 'x', unit: 'req/s', value: 5, baseline: { label: 'bare', value: 0 }, minRatio: 0.5 }).target?.met).toBe(false);
  });

  it('renders a suite’s sections after its figures', () => {
    const report: Report = {
      title: 'T',
      date: '2026-11-30T00:00:00.000Z',
      machine: { cpuModel: 'cpu', cores: 2, memoryGiB: 4, platform: 'linux', release: '6', arch: 'x64' },
      node: 'v20',
      git: { commit: 'abc', dirty: false },
      options: { quick: false, only: [] },
      loadAverage: { start: [0, 0, 0], end: [0, 0, 0] },
      durationMs: 1,
      suites: [{ name: 's', title: 'S', notes: [], figures: [], durationMs: 1, sections: [{ title: 'Scale on paper', paragraphs: ['One.', 'Two.'] }] }],
    };
    expect(renderMarkdown(report)).toContain('### Scale on paper\n\nOne.\n\nTwo.\n');
  });
});
