import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { JobDefinition } from '../../src/context.js';
import { migrate } from '../../src/db/migrate.js';
import { BOT_BUSY_TIMEOUT_MS, openDb } from '../../src/db/open.js';
import { migrationsDir } from '../../src/paths.js';
import { startFakeSlack } from '../../src/sandbox/slack/web-api.js';
import { runJob } from '../../src/scheduler/runner.js';
import { startScheduler } from '../../src/scheduler/ticker.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { tempDir } from '../helpers/tmp.js';
import { freePort, killHard, sleep, spawnBot, waitForHealthy } from './support.js';

/*
 * Hostile disk (issue 19, items 1 and 11; decision 0024): the store is locked
 * by another connection for longer than the busy timeout, full, or read-only.
 * Nothing may crash: jobs record the failure and retry on the next tick, a
 * request gets a clear answer ("busy, try again" or "cannot write") and
 * changes nothing, and /healthz tells a locked store (200, busy) from one
 * that cannot write (503).
 */

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function app(): Promise<TestApp> {
  const t = await startTestApp();
  cleanups.push(() => t.stop());
  return t;
}

/** A second connection holding the write lock, as the CLI or a long script would. */
function holdWriteLock(dbPath: string): () => void {
  const other = new Database(dbPath);
  other.exec('BEGIN IMMEDIATE');
  other.prepare(`INSERT INTO job_runs (job, slot, trigger, started_at) VALUES ('lock-holder', 'x', 'manual', 'now')`).run();
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    other.exec('ROLLBACK');
    other.close();
  };
  cleanups.push(release);
  return release;
}

/** Fills the file up to PRAGMA max_page_count: every write that needs a new page fails with SQLITE_FULL. */
function fillUp(t: TestApp): void {
  const pages = Number(t.db.pragma('page_count', { simple: true }));
  t.db.pragma(`max_page_count = ${pages + 2}`);
  const jobRun = t.db.prepare(`INSERT INTO job_runs (job, slot, trigger, started_at, detail) VALUES ('filler', ?, 'manual', 'now', ?)`);
  const insight = t.db.prepare(
    `INSERT INTO insights (text, source, tags, reporter_id, created_at, updated_at) VALUES (?, 'other', '', 'U0FILLER', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')`,
  );
  let i = 0;
  // Big rows first, then ever smaller ones, until not even a tiny row fits (the pages left half empty included).
  for (const [insert, size] of [[insight, 2000], [jobRun, 2000], [insight, 200], [jobRun, 200], [insight, 10], [jobRun, 0]] as const) {
    for (;;) {
      try {
        insert.run(...(insert === jobRun ? [`f${i++}`, 'x'.repeat(size)] : [`filler ${i++} ${'y'.repeat(size)}`]));
      } catch (err) {
        expect((err as { code?: string }).code).toBe('SQLITE_FULL');
        break;
      }
    }
  }
}

const insightCount = (t: TestApp) => (t.db.prepare(`SELECT COUNT(*) AS n FROM insights WHERE reporter_id <> 'U0FILLER'`).get() as { n: number }).n;
const noop: JobDefinition = { name: 'hostile-noop', description: '', schedule: '* * * * *', runAtStartup: true, run: async () => ({ summary: 'ran' }) };

async function logInsight(t: TestApp, text: string) {
  return t.command({ command: '/insight', text, user_id: 'U0000PMPAY1', channel_id: 'C0000PAYMNT' });
}

async function health(t: TestApp) {
  const res = await fetch(`${t.baseUrl}/healthz`);
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe('hostile disk: locked by another connection', () => {
  it('the bot waits for the lock only briefly (the CLI longer): the event loop never freezes for seconds', async () => {
    const t = await app();
    expect(Number(t.db.pragma('busy_timeout', { simple: true }))).toBe(BOT_BUSY_TIMEOUT_MS);
    expect(BOT_BUSY_TIMEOUT_MS).toBeLessThanOrEqual(1000);
  });

  it('a job whose claim meets the lock fails cleanly and runs on the next try', async () => {
    const t = await app();
    const release = holdWriteLock(t.dbPath);
    const at = new Date('2026-11-23T08:00:00Z');
    const failed = await runJob(t.cadence.ctx, noop, at, 'schedule');
    expect(failed.status).toBe('failed');
    release();
    expect((await runJob(t.cadence.ctx, noop, at, 'schedule')).status).toBe('ran');
  });

  it('the scheduler survives a start-up run that meets the lock (no unhandled rejection)', async () => {
    const t = await app();
    const release = holdWriteLock(t.dbPath);
    const scheduler = startScheduler(t.cadence.ctx, [noop]);
    await scheduler.stop();
    release();
    expect(t.db.prepare(`SELECT COUNT(*) AS n FROM job_runs WHERE job = 'hostile-noop'`).get()).toEqual({ n: 0 });
  });

  it('a command meeting the lock answers "busy, try again", stores nothing; /healthz stays 200 (busy)', async () => {
    const t = await app();
    const release = holdWriteLock(t.dbPath);
    expect(await health(t)).toMatchObject({ status: 200, body: { status: 'ok', database: 'busy' } });
    await logInsight(t, 'Export times out while locked #export');
    const [note] = await t.slack.waitForCalls('chat.postEphemeral', 1);
    expect(note?.args.text).toMatch(/database is busy right now .* try again in a moment/);
    release();
    expect(insightCount(t)).toBe(0);
    const ok = await logInsight(t, 'Export times out after the lock #export');
    expect(ok.text).toContain('Logged insight');
    expect(insightCount(t)).toBe(1);
    expect(await health(t)).toMatchObject({ status: 200, body: { database: 'ok' } });
  });

  it('the real bot process keeps running when its start-up jobs meet a lock held by another process', async () => {
    const tmp = tempDir();
    cleanups.push(tmp.cleanup);
    const slack = await startFakeSlack();
    cleanups.push(() => slack.close());
    const dbPath = join(tmp.dir, 'cadence.db');
    const pre = openDb(dbPath);
    migrate(pre, migrationsDir());
    pre.close();
    const release = holdWriteLock(dbPath);
    const env = { SLACK_BOT_TOKEN: 'xoxb-hostile', SLACK_SIGNING_SECRET: 'hostile-signing-secret-0123', SLACK_API_URL: slack.apiUrl, CADENCE_DB: dbPath, LOG_LEVEL: 'error' };
    const bot = spawnBot(env, tmp.dir, await freePort());
    cleanups.push(() => killHard(bot));
    await waitForHealthy(bot);
    // The start-up jobs run right after the listener is up, each failing its claim on the lock.
    for (let i = 0; i < 40 && !/could not be claimed/.test(bot.output()); i++) await sleep(100);
    expect(bot.output()).toMatch(/could not be claimed/);
    await sleep(300);
    expect(bot.child.exitCode).toBeNull();
    release();
    const res = await fetch(`http://127.0.0.1:${bot.port}/healthz`);
    expect(res.status).toBe(200);
    bot.child.kill('SIGTERM');
    expect(await bot.exited).toBe(0);
  }, 30_000);
});

describe('hostile disk: full', () => {
  it('a job fails cleanly, a command says it cannot write and stores nothing, /healthz answers 503', async () => {
    const t = await app();
    expect(await health(t)).toMatchObject({ status: 200 });
    fillUp(t);
    const failed = await runJob(t.cadence.ctx, noop, new Date('2026-11-23T08:00:00Z'), 'schedule');
    expect(failed.status).toBe('failed');
    expect(await health(t)).toMatchObject({ status: 503, body: { status: 'unavailable', database: 'write-failing' } });
    await logInsight(t, `A long insight that needs a new page ${'word '.repeat(400)}`);
    const [note] = await t.slack.waitForCalls('chat.postEphemeral', 1);
    expect(note?.args.text).toMatch(/cannot write to my database/);
    expect(insightCount(t)).toBe(0);
    // Space again: the next job run succeeds and health recovers.
    t.db.pragma('max_page_count = 1073741823');
    expect((await runJob(t.cadence.ctx, noop, new Date('2026-11-23T08:01:00Z'), 'schedule')).status).toBe('ran');
    expect(await health(t)).toMatchObject({ status: 200, body: { database: 'ok' } });
  });
});

describe('hostile disk: read-only', () => {
  it('query_only: jobs fail cleanly, commands say so, /healthz answers 503', async () => {
    const t = await app();
    t.db.pragma('query_only = ON');
    expect((await runJob(t.cadence.ctx, noop, new Date('2026-11-23T08:00:00Z'), 'startup')).status).toBe('failed');
    expect(await health(t)).toMatchObject({ status: 503, body: { database: 'write-failing' } });
    await logInsight(t, 'Read-only disk insight #ro');
    const [note] = await t.slack.waitForCalls('chat.postEphemeral', 1);
    expect(note?.args.text).toMatch(/cannot write to my database/);
    t.db.pragma('query_only = OFF');
    expect(insightCount(t)).toBe(0);
  });

  it('a deleted -wal file makes /healthz answer 503', async () => {
    const t = await app();
    expect((await health(t)).status).toBe(200);
    const { rmSync } = await import('node:fs');
    rmSync(`${t.dbPath}-wal`);
    expect(await health(t)).toMatchObject({ status: 503, body: { database: 'write-failing', detail: 'wal file missing' } });
  });
});
