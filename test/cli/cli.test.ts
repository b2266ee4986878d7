import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE, parseAt, runCli } from '../../src/cli/run.js';
import type { FeatureModule } from '../../src/context.js';
import { openDb } from '../../src/db/open.js';
import { parseCsv } from '../../src/export/csv.js';
import { tempDir } from '../helpers/tmp.js';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

function cli(env: Record<string, string> = {}) {
  const tmp = tempDir();
  cleanups.push(tmp.cleanup);
  let stdout = '';
  let stderr = '';
  const io = {
    stdout: (c: string) => void (stdout += c),
    stderr: (c: string) => void (stderr += c),
    env: { CADENCE_DB: 'data/cadence.db', ...env },
    cwd: tmp.dir,
  };
  return {
    dir: tmp.dir,
    run: async (argv: string[], features?: readonly FeatureModule[]) => {
      stdout = '';
      stderr = '';
      const code = await runCli(argv, io, features);
      return { code, stdout, stderr };
    },
  };
}

describe('cadence CLI', () => {
  it('migrate creates the database on a fresh path, then is a no-op', async () => {
    const c = cli();
    const first = await c.run(['migrate']);
    expect(first.code).toBe(EXIT_OK);
    expect(first.stdout).toContain('0001_core.sql');
    expect(existsSync(join(c.dir, 'data/cadence.db'))).toBe(true);
    const second = await c.run(['migrate']);
    expect(second.code).toBe(EXIT_OK);
    expect(second.stdout).toMatch(/is up to date/);
  });

  it('unknown commands and bad arguments print usage and exit 2', async () => {
    const c = cli();
    for (const argv of [[], ['frobnicate'], ['jobs'], ['jobs', 'run'], ['jobs', 'run', 'nope'], ['export'], ['export', 'widgets'], ['migrate', '--force'], ['jobs', 'list', '--at']]) {
      const r = await c.run(argv);
      expect({ argv, code: r.code }).toEqual({ argv, code: EXIT_USAGE });
      expect(r.stderr).toContain('Usage: cadence <command>');
    }
    expect((await c.run(['help'])).code).toBe(EXIT_OK);
  });

  it('a bad config file fails with the key named and exit 1', async () => {
    const c = cli({ CADENCE_CONFIG: 'bad.yml' });
    writeFileSync(join(c.dir, 'bad.yml'), 'organisation:\n  name: X\n  timezone: Mars/Olympus\n');
    const r = await c.run(['migrate']);
    expect(r.code).toBe(EXIT_FAILURE);
    expect(r.stderr).toContain('organisation.timezone: must be an IANA time zone name');
  });

  it('refuses to work on a database whose landed migration was edited', async () => {
    // Simulates an edited migration by recording a different checksum for 0001.
    const c = cli();
    await c.run(['migrate']);
    const db = openDb(join(c.dir, 'data/cadence.db'));
    db.prepare(`UPDATE schema_migrations SET checksum = 'edited' WHERE version = 1`).run();
    db.close();
    const r = await c.run(['migrate']);
    expect(r.code).toBe(EXIT_FAILURE);
    expect(r.stderr).toContain('0001_core.sql was changed after it was applied');
  });

  it('jobs run executes a job once as if the clock read --at, and records it', async () => {
    const seen: string[] = [];
    const feature: FeatureModule = {
      name: 'test',
      register: () => undefined,
      jobs: [
        {
          name: 'echo',
          description: 'records the time it was run for',
          schedule: '*/15 * * * *',
          runAtStartup: false,
          run: async (ctx, now) => {
            seen.push(`${now.toISOString()} clock=${ctx.clock.now().toISOString()}`);
            return { summary: 'echoed' };
          },
        },
      ],
    };
    const c = cli({ SLACK_BOT_TOKEN: 'xoxb-test' });
    const list = await c.run(['jobs', 'list'], [feature]);
    expect(list.stdout).toMatch(/^echo\s+\*\/15 \* \* \* \*\s+records the time/m);
    const r = await c.run(['jobs', 'run', 'echo', '--at', '2026-03-29T02:30:00+02:00'], [feature]);
    expect(r.code).toBe(EXIT_OK);
    expect(r.stdout).toContain('echo at 2026-03-29T00:30:00.000Z: echoed');
    expect(seen).toEqual(['2026-03-29T00:30:00.000Z clock=2026-03-29T00:30:00.000Z']);
    const db = openDb(join(c.dir, 'data/cadence.db'));
    expect(db.prepare(`SELECT job, trigger, outcome FROM job_runs`).all()).toEqual([{ job: 'echo', trigger: 'manual', outcome: 'ok' }]);
    db.close();
  });

  it('jobs run reports a failing job with exit 1, and refuses a vague --at', async () => {
    const feature: FeatureModule = {
      name: 'test',
      register: () => undefined,
      jobs: [{ name: 'boom', description: 'fails', schedule: '* * * * *', runAtStartup: false, run: async () => Promise.reject(new Error('kaboom')) }],
    };
    const c = cli({ SLACK_BOT_TOKEN: 'xoxb-test' });
    const r = await c.run(['jobs', 'run', 'boom'], [feature]);
    expect(r.code).toBe(EXIT_FAILURE);
    expect(r.stderr).toContain('boom failed: kaboom');
    const vague = await c.run(['jobs', 'run', 'boom', '--at', '2026-03-29 02:30'], [feature]);
    expect(vague.code).toBe(EXIT_USAGE);
    expect(vague.stderr).toContain('--at must be an ISO time with a zone');
  });

  it('jobs run needs a bot token and says so', async () => {
    const feature: FeatureModule = {
      name: 'test',
      register: () => undefined,
      jobs: [{ name: 'noop', description: 'does nothing', schedule: '* * * * *', runAtStartup: false, run: async () => ({ summary: 'ok' }) }],
    };
    const r = await cli().run(['jobs', 'run', 'noop'], [feature]);
    expect(r.code).toBe(EXIT_FAILURE);
    expect(r.stderr).toContain('SLACK_BOT_TOKEN: is required to run jobs');
  });

  it('export writes every row as JSON or RFC 4180 CSV', async () => {
    const feature: FeatureModule = {
      name: 'test',
      register: () => undefined,
      exports: [{ kind: 'things', columns: ['id', 'text'], rows: () => [{ id: 1, text: 'a, "quoted"\nline' }, { id: 2, text: 'b' }] }],
    };
    const c = cli();
    const json = await c.run(['export', 'things'], [feature]);
    expect(json.code).toBe(EXIT_OK);
    expect(JSON.parse(json.stdout)).toEqual([{ id: 1, text: 'a, "quoted"\nline' }, { id: 2, text: 'b' }]);
    const csv = await c.run(['export', 'things', '--format', 'csv'], [feature]);
    expect(parseCsv(csv.stdout)).toEqual([['id', 'text'], ['1', 'a, "quoted"\nline'], ['2', 'b']]);
    const bad = await c.run(['export', 'things', '--format=xml'], [feature]);
    expect(bad.code).toBe(EXIT_USAGE);
    expect(bad.stderr).toContain('--format must be json or csv (got "xml")');
  });
});

describe('parseAt', () => {
  it('accepts ISO times with a zone and rejects impossible ones', () => {
    expect(parseAt('2026-11-23T09:00:00+01:00').toISOString()).toBe('2026-11-23T08:00:00.000Z');
    expect(parseAt('2028-02-29T12:00Z').toISOString()).toBe('2028-02-29T12:00:00.000Z');
    expect(() => parseAt('2026-11-23')).toThrow(/ISO time with a zone/);
    expect(() => parseAt('2026-13-45T99:00:00Z')).toThrow(/not a real date/);
  });
});

