import { WebClient } from '@slack/web-api';
import { describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/clock.js';
import { createContext, type JobDefinition } from '../../src/context.js';
import { migrate } from '../../src/db/migrate.js';
import { openDb } from '../../src/db/open.js';
import { silentLogger } from '../../src/logger.js';
import { migrationsDir } from '../../src/paths.js';
import { runJob, slotFor } from '../../src/scheduler/runner.js';
import { exampleOrgConfig } from '../helpers/org.js';

function setup() {
  const db = openDb(':memory:');
  migrate(db, migrationsDir());
  const ctx = createContext({
    org: exampleOrgConfig(),
    db,
    clock: fixedClock(new Date('2026-11-23T08:00:00Z')),
    logger: silentLogger(),
    client: new WebClient('xoxb-unused'),
  });
  return { db, ctx };
}

describe('job runner', () => {
  it('claims a scheduled minute once: a second tick in the same minute does not run the job', async () => {
    const { db, ctx } = setup();
    let runs = 0;
    const job: JobDefinition = { name: 'count', description: '', schedule: '* * * * *', runAtStartup: false, run: async () => ({ summary: `run ${++runs}` }) };
    const first = await runJob(ctx, job, new Date('2026-11-23T08:00:05Z'), 'schedule');
    const second = await runJob(ctx, job, new Date('2026-11-23T08:00:40Z'), 'schedule');
    const nextMinute = await runJob(ctx, job, new Date('2026-11-23T08:01:00Z'), 'schedule');
    expect([first.status, second.status, nextMinute.status]).toEqual(['ran', 'already-claimed', 'ran']);
    expect(runs).toBe(2);
    expect(db.prepare('SELECT slot, outcome, detail FROM job_runs ORDER BY slot').all()).toEqual([
      { slot: 'schedule@2026-11-23T08:00:00.000Z', outcome: 'ok', detail: 'run 1' },
      { slot: 'schedule@2026-11-23T08:01:00.000Z', outcome: 'ok', detail: 'run 2' },
    ]);
  });

  it('records a failure instead of throwing', async () => {
    const { db, ctx } = setup();
    const job: JobDefinition = { name: 'fail', description: '', schedule: '* * * * *', runAtStartup: false, run: async () => Promise.reject(new Error('slack down')) };
    const result = await runJob(ctx, job, new Date('2026-11-23T08:00:00Z'), 'startup');
    expect(result.status).toBe('failed');
    expect(db.prepare('SELECT trigger, outcome, detail FROM job_runs').get()).toEqual({ trigger: 'startup', outcome: 'error', detail: 'slack down' });
  });

  it('gives manual and startup runs their own slots', () => {
    const at = new Date('2026-11-23T08:00:30Z');
    const real = new Date('2026-11-21T10:00:00Z');
    expect(slotFor('schedule', at, real)).toBe('schedule@2026-11-23T08:00:00.000Z');
    expect(slotFor('manual', at, real)).toBe('manual@2026-11-23T08:00:30.000Z#2026-11-21T10:00:00.000Z');
  });
});
