import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { createRng, type Rng } from '../../bench/data/prng.js';
import type { Clock } from '../../src/clock.js';
import { packageRoot } from '../../src/paths.js';

/*
 * Shared by the reliability suite: seeded randomness (a failing run names its
 * seed and replays exactly), a clock the tests move, and the real bot process.
 */

/** The seed of a scenario: RELIABILITY_SEED overrides it to replay or explore. */
export function seeded(label: string): { seed: string; rng: Rng } {
  const seed = `${process.env.RELIABILITY_SEED || 'cadence-reliability'}:${label}`;
  return { seed, rng: createRng(seed) };
}

export interface MovableClock extends Clock {
  set(at: Date): void;
}

export function movableClock(start: Date): MovableClock {
  let now = start.getTime();
  return { now: () => new Date(now), set: (at) => void (now = at.getTime()) };
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (addr && typeof addr === 'object' ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}

export interface BotProcess {
  child: ChildProcess;
  port: number;
  output(): string;
  exited: Promise<number | null>;
}

/** `node dist/src/main.js` (what `npm start` runs; vitest's global setup builds dist/) with a clean environment. */
export function spawnBot(env: Record<string, string>, cwd: string, port: number): BotProcess {
  const main = join(packageRoot(), 'dist', 'src', 'main.js');
  const child = spawn(process.execPath, [main], { cwd, env: { PATH: process.env.PATH ?? '', PORT: String(port), ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, port, output: () => out, exited };
}

/** Resolves when /healthz answers 200; rejects when the process exits first or after 15 s. */
export async function waitForHealthy(bot: BotProcess): Promise<void> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    if (bot.child.exitCode !== null || bot.child.signalCode !== null) throw new Error(`the bot exited early:\n${bot.output()}`);
    try {
      const res = await fetch(`http://127.0.0.1:${bot.port}/healthz`);
      if (res.status === 200) return;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) throw new Error(`the bot never became healthy:\n${bot.output()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export async function killHard(bot: BotProcess): Promise<void> {
  if (bot.child.exitCode === null && bot.child.signalCode === null) bot.child.kill('SIGKILL');
  await bot.exited;
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
