import { createServer, type Server } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { parseResponse, serializeRequest } from '../../bench/lib/http1.js';
import { runLoad } from '../../bench/lib/load.js';

describe('HTTP/1.1 response parsing', () => {
  const bytes = (s: string) => Buffer.from(s, 'latin1');

  it('reads a Content-Length body and says how many bytes it used', () => {
    const raw = bytes('HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 7\r\n\r\n{"a":1}HTTP/1.1 2');
    expect(parseResponse(raw)).toEqual({ answer: { status: 200, body: '{"a":1}' }, used: raw.length - 'HTTP/1.1 2'.length, close: false });
  });

  it('waits for more bytes when the head or the body is incomplete', () => {
    expect(parseResponse(bytes('HTTP/1.1 200 OK\r\nContent-Len'))).toBeUndefined();
    expect(parseResponse(bytes('HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n12345'))).toBeUndefined();
  });

  it('decodes a chunked body, and an empty body without Content-Length', () => {
    const chunked = bytes('HTTP/1.1 401 Unauthorized\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n');
    expect(parseResponse(chunked)).toEqual({ answer: { status: 401, body: 'abcde' }, used: chunked.length, close: true });
    expect(parseResponse(bytes('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nab'))).toBeUndefined();
    expect(parseResponse(bytes('HTTP/1.1 204 No Content\r\n\r\n'))?.answer).toEqual({ status: 204, body: '' });
  });

  it('refuses what is not HTTP', () => {
    expect(() => parseResponse(bytes('SSH-2.0-OpenSSH\r\n\r\n'))).toThrow('not an HTTP response');
  });

  it('serializes a request with the real body length and the caller’s headers', () => {
    const body = Buffer.from('héllo');
    const text = serializeRequest('127.0.0.1', 8080, '/slack/events', { 'content-type': 'text/plain', 'Content-Length': '1' }, body).toString('utf8');
    expect(text).toBe('POST /slack/events HTTP/1.1\r\nHost: 127.0.0.1:8080\r\nConnection: keep-alive\r\nContent-Length: 6\r\ncontent-type: text/plain\r\n\r\nhéllo');
  });
});

describe('runLoad against a local server', () => {
  let server: Server | undefined;
  afterEach(async () => {
    if (server) {
      server.closeAllConnections();
      await new Promise((r) => server?.close(r));
    }
    server = undefined;
  });

  async function serve(handler: (body: string) => { status: number; body: string }) {
    const seen: string[] = [];
    let inFlight = 0;
    let maxInFlight = 0;
    const sockets = new Set<unknown>();
    server = createServer((req, res) => {
      sockets.add(req.socket);
      inFlight += 1;
      maxInFlight = Math.max(maxInFlight, inFlight);
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        seen.push(body);
        const answer = handler(body);
        // Answer a little later so that requests overlap.
        setTimeout(() => {
          inFlight -= 1;
          res.writeHead(answer.status, { 'content-type': 'text/plain' });
          res.end(answer.body);
        }, 2);
      });
    });
    await new Promise<void>((r) => server?.listen(0, '127.0.0.1', r));
    const address = server.address();
    if (!address || typeof address !== 'object') throw new Error('no port');
    return { url: `http://127.0.0.1:${address.port}`, seen, maxInFlight: () => maxInFlight, sockets };
  }

  const build = (i: number) => ({ path: '/x', headers: { 'content-type': 'text/plain' }, body: `request ${i}` });

  it('sends warm-up + count requests, each once, times only the counted ones, never more than `concurrency` at once, over kept-alive connections', async () => {
    const s = await serve(() => ({ status: 200, body: 'ok' }));
    const result = await runLoad(s.url, build, { concurrency: 4, count: 40, warmup: 10 });
    expect([...s.seen].sort()).toEqual(Array.from({ length: 50 }, (_, i) => `request ${i}`).sort());
    expect(result.latenciesMs).toHaveLength(40);
    expect(result.errors).toBe(0);
    expect(result.maxInFlight).toBe(4);
    expect(s.maxInFlight()).toBeLessThanOrEqual(4);
    expect(s.sockets.size).toBe(4);
    expect(result.throughput).toBeGreaterThan(0);
  });

  it('counts non-200 answers and failed checks as errors, keeping the first message', async () => {
    const s = await serve((body) => (body === 'request 3' ? { status: 500, body: 'boom' } : { status: 200, body: body === 'request 5' ? 'wrong' : 'fine' }));
    const result = await runLoad(s.url, build, { concurrency: 2, count: 10, warmup: 0 }, (_status, body) => (body === 'fine' ? undefined : `unexpected ${body}`));
    expect(result.errors).toBe(2);
    expect(result.firstError).toMatch(/HTTP 500: boom|unexpected wrong/);
    expect(result.latenciesMs).toHaveLength(10);
  });

  it('reports a server that is not there as errors, not as latencies', async () => {
    const s = await serve(() => ({ status: 200, body: '' }));
    const url = s.url;
    server?.closeAllConnections();
    await new Promise((r) => server?.close(r));
    server = undefined;
    const result = await runLoad(url, build, { concurrency: 2, count: 4, warmup: 0 });
    expect(result.errors).toBe(4);
    expect(result.latenciesMs).toEqual([]);
    expect(result.firstError).toMatch(/ECONNREFUSED|closed/);
  });
});
