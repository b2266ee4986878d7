import { WebClient } from '@slack/web-api';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { systemClock } from '../../src/clock.js';
import { createContext, type JobDefinition } from '../../src/context.js';
import { migrate } from '../../src/db/migrate.js';
import { openDb } from '../../src/db/open.js';
import { silentLogger } from '../../src/logger.js';
import { migrationsDir } from '../../src/paths.js';
import { startScheduler } from '../../src/scheduler/ticker.js';
import { buildOrgConfig } from '../helpers/org.js';

// Issue 11 item 10: the real node-cron ticker, driven by a fake clock (vitest's
// fake timers move Date and setTimeout together) across both DST nights, in a
// zone east of UTC (Paris) and one west of it (New York). Given the local
// timezone, node-cron stopped for an hour on the autumn night; ticking in UTC
// fires every minute, every night.

afterEach(() => {
  vi.useRealTimers();
});

async function minutesTicked(timezone: string, fromIso: string, hours: number): Promise<string[]> {
  vi.useFakeTimers({ now: new Date(fromIso), toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
  const db = openDb(':memory:');
  migrate(db, migrationsDir());
  const org = buildOrgConfig({ organisation: { name: 'Acme', timezone, language: 'en' } });
  const ctx = createContext({ org, db, clock: systemClock, logger: silentLogger(), client: new WebClient('xoxb-unused') });
  const ticks: string[] = [];
  const job: JobDefinition = {
    name: 'every-minute',
    description: '',
    schedule: '* * * * *',
    runAtStartup: false,
    run: async (_ctx, at) => {
      ticks.push(new Date(Math.floor(at.getTime() / 60_000) * 60_000).toISOString());
      return { summary: 'ok' };
    },
  };
  const scheduler = startScheduler(ctx, [job]);
  // One minute at a time, so each tick's async run settles before the next.
  for (let minute = 0; minute < hours * 60; minute++) await vi.advanceTimersByTimeAsync(60_000);
  await scheduler.stop();
  db.close();
  return [...new Set(ticks)];
}

function everyMinute(fromIso: string, hours: number): string[] {
  const start = Date.parse(fromIso);
  return Array.from({ length: hours * 60 }, (_, i) => new Date(start + (i + 1) * 60_000).toISOString());
}

describe('the ticker fires every minute across DST changes', () => {
  const nights: [string, string, string][] = [
    // zone, an instant before the change, what changes
    ['Europe/Paris', '2026-10-25T00:00:00Z', 'autumn: 03:00 CEST → 02:00 CET at 01:00 UTC'],
    ['Europe/Paris', '2026-03-29T00:00:00Z', 'spring: 02:00 CET → 03:00 CEST at 01:00 UTC'],
    ['America/New_York', '2026-11-01T05:00:00Z', 'autumn: 02:00 EDT → 01:00 EST at 06:00 UTC'],
    ['America/New_York', '2026-03-08T06:00:00Z', 'spring: 02:00 EST → 03:00 EDT at 07:00 UTC'],
  ];
  for (const [zone, from, what] of nights) {
    it(`${zone}, ${what}`, async () => {
      const ticked = await minutesTicked(zone, from, 3);
      expect(ticked).toEqual(everyMinute(from, 3));
    }, 60_000);
  }

  it('refuses a job schedule that names hours or days (they would be read in UTC)', async () => {
    const db = openDb(':memory:');
    migrate(db, migrationsDir());
    const ctx = createContext({ org: buildOrgConfig(), db, clock: systemClock, logger: silentLogger(), client: new WebClient('xoxb-unused') });
    const job: JobDefinition = { name: 'daily', description: '', schedule: '0 9 * * *', runAtStartup: false, run: async () => ({ summary: '' }) };
    expect(() => startScheduler(ctx, [job])).toThrow(/UTC/);
    db.close();
  });
});
