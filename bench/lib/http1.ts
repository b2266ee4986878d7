import { connect, type Socket } from 'node:net';

/**
 * A minimal HTTP/1.1 keep-alive client connection for the load generator.
 * node:http's client costs a few hundred µs of CPU per request; on a 2-core
 * machine where the generator shares the CPU with the server, that made the
 * generator the bottleneck (it could not drive a do-nothing server much faster
 * than a bare Bolt app). Here a request is one pre-serialized buffer written to
 * the socket, and the answer is parsed just enough: status, Content-Length or
 * chunked body. One request at a time per connection (no pipelining).
 */
export interface RawAnswer {
  status: number;
  body: string;
}

export function serializeRequest(host: string, port: number, path: string, headers: Record<string, string>, body: Buffer): Buffer {
  let head = `POST ${path} HTTP/1.1\r\nHost: ${host}:${port}\r\nConnection: keep-alive\r\nContent-Length: ${body.length}\r\n`;
  for (const [k, v] of Object.entries(headers)) {
    if (k.toLowerCase() === 'content-length' || k.toLowerCase() === 'host' || k.toLowerCase() === 'connection') continue;
    head += `${k}: ${v}\r\n`;
  }
  return Buffer.concat([Buffer.from(`${head}\r\n`, 'latin1'), body]);
}

interface Parsed {
  answer: RawAnswer;
  /** Bytes of the buffer this answer used. */
  used: number;
  close: boolean;
}

/** Parses one complete response at the start of `buf`, or returns undefined when more bytes are needed. */
export function parseResponse(buf: Buffer): Parsed | undefined {
  const end = buf.indexOf('\r\n\r\n');
  if (end === -1) return undefined;
  const lines = buf.subarray(0, end).toString('latin1').split('\r\n');
  const statusLine = lines[0] ?? '';
  const match = /^HTTP\/1\.[01] (\d{3})/.exec(statusLine);
  if (!match?.[1]) throw new Error(`not an HTTP response: ${JSON.stringify(statusLine.slice(0, 80))}`);
  const status = Number(match[1]);
  let length: number | undefined;
  let chunked = false;
  let close = false;
  for (const line of lines.slice(1)) {
    const colon = line.indexOf(':');
    if (colon === -1) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim().toLowerCase();
    if (name === 'content-length') length = Number(value);
    else if (name === 'transfer-encoding') chunked = value.includes('chunked');
    else if (name === 'connection') close = value === 'close';
  }
  const start = end + 4;
  if (chunked) {
    const parts: Buffer[] = [];
    let pos = start;
    for (;;) {
      const lineEnd = buf.indexOf('\r\n', pos);
      if (lineEnd === -1) return undefined;
      const size = Number.parseInt(buf.subarray(pos, lineEnd).toString('latin1'), 16);
      if (Number.isNaN(size)) throw new Error('bad chunk size');
      const dataStart = lineEnd + 2;
      if (size === 0) {
        // Last chunk, then (no trailers expected) the final CRLF.
        if (buf.length < dataStart + 2) return undefined;
        return { answer: { status, body: Buffer.concat(parts).toString('utf8') }, used: dataStart + 2, close };
      }
      if (buf.length < dataStart + size + 2) return undefined;
      parts.push(buf.subarray(dataStart, dataStart + size));
      pos = dataStart + size + 2;
    }
  }
  const bodyLength = length ?? 0;
  if (buf.length < start + bodyLength) return undefined;
  return { answer: { status, body: buf.subarray(start, start + bodyLength).toString('utf8') }, used: start + bodyLength, close };
}

export class Http1Connection {
  private socket: Socket | undefined;
  private buf: Buffer = Buffer.alloc(0);
  private pending: { resolve: (a: RawAnswer) => void; reject: (e: Error) => void; timer: NodeJS.Timeout } | undefined;

  constructor(
    private readonly host: string,
    private readonly port: number,
    private readonly timeoutMs: number,
  ) {}

  private open(): Socket {
    const socket = connect({ host: this.host, port: this.port, noDelay: true });
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('error', (err) => this.fail(err));
    socket.on('close', () => {
      if (this.socket === socket) this.socket = undefined;
      this.fail(new Error('the server closed the connection'));
    });
    this.socket = socket;
    this.buf = Buffer.alloc(0);
    return socket;
  }

  send(request: Buffer): Promise<RawAnswer> {
    if (this.pending) return Promise.reject(new Error('one request at a time per connection'));
    const socket = this.socket && !this.socket.destroyed ? this.socket : this.open();
    return new Promise<RawAnswer>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.fail(new Error(`no answer within ${this.timeoutMs} ms`));
        this.socket?.destroy();
      }, this.timeoutMs);
      this.pending = { resolve, reject, timer };
      socket.write(request);
    });
  }

  private onData(chunk: Buffer): void {
    this.buf = this.buf.length === 0 ? chunk : Buffer.concat([this.buf, chunk]);
    let parsed: Parsed | undefined;
    try {
      parsed = parseResponse(this.buf);
    } catch (err) {
      this.fail(err instanceof Error ? err : new Error(String(err)));
      this.socket?.destroy();
      return;
    }
    if (!parsed) return;
    this.buf = this.buf.subarray(parsed.used);
    if (parsed.close) this.socket?.end();
    const p = this.pending;
    this.pending = undefined;
    if (p) {
      clearTimeout(p.timer);
      p.resolve(parsed.answer);
    }
  }

  private fail(err: Error): void {
    const p = this.pending;
    this.pending = undefined;
    if (p) {
      clearTimeout(p.timer);
      p.reject(err);
    }
  }

  close(): void {
    this.socket?.destroy();
    this.socket = undefined;
  }
}
