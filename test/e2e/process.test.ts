import { spawn, type ChildProcess } from 'node:child_process';
import Database from 'better-sqlite3';
import { createServer } from 'node:net';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { packageRoot } from '../../src/paths.js';
import { startFakeSlack, type FakeSlack } from '../../src/sandbox/slack/web-api.js';
import { sendCommand } from '../helpers/signer.js';
import { tempDir } from '../helpers/tmp.js';

const main = join(packageRoot(), 'dist', 'src', 'main.js');
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (addr && typeof addr === 'object' ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}

interface Run {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

function run(env: Record<string, string>, cwd: string): Run {
  // A clean environment: nothing from the developer's shell (tokens, .env) leaks in.
  const child = spawn(process.execPath, [main], { cwd, env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  cleanups.push(async () => {
    if (child.exitCode === null) {
      child.kill('SIGTERM');
      await exited;
    }
  });
  return { child, output: () => out, exited };
}

async function waitForHealth(url: string, r: Run): Promise<Response> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    if (r.child.exitCode !== null) throw new Error(`the bot exited early:\n${r.output()}`);
    try {
      return await fetch(url);
    } catch {
      if (Date.now() > deadline) throw new Error(`the bot never answered ${url}:\n${r.output()}`);
      await new Promise((res) => setTimeout(res, 100));
    }
  }
}

describe('the bot process (what npm start runs)', () => {
  it('without Slack variables starts the sandbox: says where to open it and how to connect Slack, own database, banner, stops on SIGTERM', async () => {
    const tmp = tempDir();
    cleanups.push(tmp.cleanup);
    const port = await freePort();
    const r = run({ PORT: String(port) }, tmp.dir);
    const page = await waitForHealth(`http://127.0.0.1:${port}/`, r);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Sandbox — not connected to Slack');
    const deadline = Date.now() + 10_000;
    while (!r.output().includes('Sandbox: open') && Date.now() < deadline) await new Promise((res) => setTimeout(res, 50));
    expect(r.output()).toContain(`Sandbox: open http://localhost:${port}`);
    expect(r.output()).toContain('To connect a real Slack workspace instead, set SLACK_BOT_TOKEN');
    expect(existsSync(join(tmp.dir, 'data', 'sandbox.db'))).toBe(true);
    expect(existsSync(join(tmp.dir, 'data', 'cadence.db'))).toBe(false);
    r.child.kill('SIGTERM');
    expect(await r.exited).toBe(0);
  });

  it('with a bot token but no signing secret (nor app token) says what is missing and exits non-zero', async () => {
    const tmp = tempDir();
    cleanups.push(tmp.cleanup);
    const r = run({ SLACK_BOT_TOKEN: 'xoxb-only' }, tmp.dir);
    expect(await r.exited).toBe(1);
    expect(r.output()).toContain('SLACK_SIGNING_SECRET is not set');
    expect(r.output()).toContain('manifest.yml');
    expect(r.output()).not.toContain('xoxb-only');
  });

  it('refuses a sandbox database that is the production one', async () => {
    const tmp = tempDir();
    cleanups.push(tmp.cleanup);
    const r = run({ CADENCE_DB: 'same.db', CADENCE_SANDBOX_DB: 'same.db', PORT: String(await freePort()) }, tmp.dir);
    expect(await r.exited).toBe(1);
    expect(r.output()).toContain('CADENCE_SANDBOX_DB is the production database');
  });

  it('with variables set and SLACK_API_URL at a stand-in: starts, /healthz 200, answers a signed /cadence help, stops on SIGTERM', async () => {
    const tmp = tempDir();
    cleanups.push(tmp.cleanup);
    const slack: FakeSlack = await startFakeSlack();
    cleanups.push(() => slack.close());
    const port = await freePort();
    const secret = 'process-test-signing-secret';
    const r = run(
      { SLACK_BOT_TOKEN: 'xoxb-process-test', SLACK_SIGNING_SECRET: secret, SLACK_API_URL: slack.apiUrl, PORT: String(port), CADENCE_DB: 'db/cadence.db' },
      tmp.dir,
    );
    const health = await waitForHealth(`http://127.0.0.1:${port}/healthz`, r);
    expect(health.status).toBe(200);
    expect(slack.callsTo('auth.test')).toHaveLength(1);

    const res = await sendCommand(`http://127.0.0.1:${port}/slack/events`, { command: '/cadence', text: 'help', user_id: 'U0000PMPAY1' }, { signingSecret: secret });
    expect(res.status).toBe(200);
    expect((res.json() as { text: string }).text).toContain('Cadence runs your product rituals');
    expect(r.output()).not.toContain('xoxb-process-test');

    r.child.kill('SIGTERM');
    expect(await r.exited).toBe(0);
  });

  it('refuses to start when a landed migration was edited, naming the file', async () => {
    const tmp = tempDir();
    cleanups.push(tmp.cleanup);
    const slack = await startFakeSlack();
    cleanups.push(() => slack.close());
    const env = { SLACK_BOT_TOKEN: 'xoxb-x', SLACK_SIGNING_SECRET: 's', SLACK_API_URL: slack.apiUrl, CADENCE_DB: 'cadence.db' };
    const port = await freePort();
    const first = run({ ...env, PORT: String(port) }, tmp.dir);
    expect((await waitForHealth(`http://127.0.0.1:${port}/healthz`, first)).status).toBe(200);
    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);
    // The runner's own tests edit a migration file; here the repository's files must stay
    // untouched, so the database records a checksum the file no longer has: the same state.
    const db = new Database(join(tmp.dir, 'cadence.db'));
    db.prepare(`UPDATE schema_migrations SET checksum = 'edited' WHERE version = 1`).run();
    db.close();
    const second = run({ ...env, PORT: String(await freePort()) }, tmp.dir);
    expect(await second.exited).toBe(1);
    expect(second.output()).toContain('migrations/0001_core.sql was changed after it was applied');
  });
});

