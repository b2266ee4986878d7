import { fork, spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (addr && typeof addr === 'object' ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}

/** Resident set size of a process, from /proc (Linux): what the OS really holds for it. */
export function rssMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
  if (!match?.[1]) throw new Error(`no VmRSS for process ${pid}`);
  return Number(match[1]) / 1024;
}

export interface Spawned {
  child: ChildProcess;
  output(): string;
  exited: Promise<number | null>;
  /** SIGTERM, then SIGKILL if it has not exited after 5 s. */
  stop(): Promise<void>;
}

/** Spawns `node <script>` with exactly `env` (plus PATH), collecting its output for error messages. */
export function spawnNode(script: string, env: Record<string, string>, cwd: string, ipc = false): Spawned {
  const options = { cwd, env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] as ('ignore' | 'pipe')[] };
  const child = ipc
    ? fork(script, [], { ...options, stdio: ['ignore', 'pipe', 'pipe', 'ipc'] })
    : spawn(process.execPath, [script], options);
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return {
    child,
    output: () => out,
    exited,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/**
 * Polls `url` until it answers 200; returns ms since `since` (performance.now()).
 * Polling every 5 ms bounds the measurement error at about 5 ms.
 */
export async function waitFor200(url: string, proc: Spawned, since: number, timeoutMs = 20_000): Promise<number> {
  const deadline = since + timeoutMs;
  for (;;) {
    if (proc.child.exitCode !== null) throw new Error(`the process exited early (code ${proc.child.exitCode}):\n${proc.output()}`);
    try {
      const res = await fetch(url);
      await res.arrayBuffer();
      if (res.status === 200) return performance.now() - since;
    } catch {
      // Not listening yet.
    }
    if (performance.now() > deadline) throw new Error(`${url} did not answer 200 within ${timeoutMs} ms:\n${proc.output()}`);
    await sleep(5);
  }
}

/** Sends one IPC message to a forked child and waits for the reply of the given type. */
export function ask<T>(child: ChildProcess, message: { type: string } & Record<string, unknown>, replyType: string, timeoutMs = 30_000): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.off('message', onMessage);
      reject(new Error(`no ${replyType} reply from the child within ${timeoutMs} ms`));
    }, timeoutMs);
    const onMessage = (m: unknown) => {
      if (m && typeof m === 'object' && (m as { type?: unknown }).type === replyType) {
        clearTimeout(timer);
        child.off('message', onMessage);
        resolve(m as T);
      }
    };
    child.on('message', onMessage);
    child.send(message);
  });
}

/** Waits for the first IPC message of a type (e.g. 'ready'), or the child's exit. */
export function waitForMessage<T>(proc: Spawned, type: string, timeoutMs = 30_000): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${type} message within ${timeoutMs} ms:\n${proc.output()}`)), timeoutMs);
    proc.child.on('message', (m: unknown) => {
      if (m && typeof m === 'object' && (m as { type?: unknown }).type === type) {
        clearTimeout(timer);
        resolve(m as T);
      }
    });
    void proc.exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`the child exited (code ${code}) before sending ${type}:\n${proc.output()}`));
    });
  });
}
