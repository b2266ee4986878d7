import { afterEach, describe, expect, it } from 'vitest';
import { EXIT_OK, EXIT_USAGE, runCli } from '../../src/cli/run.js';
import { openDb } from '../../src/db/open.js';
import { migrate } from '../../src/db/migrate.js';
import { migrationsDir } from '../../src/paths.js';
import { addSkip } from '../../src/rituals/store.js';
import { tempDir } from '../helpers/tmp.js';
import { join } from 'node:path';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

async function run(argv: string[], prepare?: (dbPath: string) => void) {
  const tmp = tempDir();
  cleanups.push(tmp.cleanup);
  prepare?.(join(tmp.dir, 'c.db'));
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, {
    stdout: (c) => void (stdout += c),
    stderr: (c) => void (stderr += c),
    env: { CADENCE_DB: 'c.db' },
    cwd: tmp.dir,
    now: () => new Date('2026-11-21T10:00:00Z'),
  });
  return { code, stdout, stderr };
}

describe('cadence rituals next', () => {
  it('prints the coming occurrences and steps in local time', async () => {
    const r = await run(['rituals', 'next', '--count', '3']);
    expect(r.code).toBe(EXIT_OK);
    expect(r.stdout).toBe(
      [
        'Upcoming rituals after Sat 21 Nov 2026 11:00 GMT+1 (Europe/Paris):',
        '',
        'Tue 24 Nov 2026 11:00–12:00  Business ↔ product sync (sync) in C0000PRODUC',
        '    Mon 23 Nov 10:00  remind-day-before    remind',
        'Thu 26 Nov 2026 09:00–10:00  Product decision session (decision) in C0000PAMEET',
        '    Mon 23 Nov 09:00  open-signups         open_signups',
        '    Thu 26 Nov 08:45  remind               remind',
        'Thu 26 Nov 2026 14:00–16:00  Product Alignment Meeting (pam) in C0000PAMEET',
        '    Mon 23 Nov 09:00  open-signups         open_signups',
        '    Tue 24 Nov 09:00  close-signups        close_signups',
        '    Tue 24 Nov 09:00  request-validation   request_validation',
        '    Tue 24 Nov 18:00  lock-agenda          lock_agenda',
        '    Wed 25 Nov 09:00  post-agenda          post_agenda',
        '    Thu 26 Nov 13:45  remind               remind',
        '    Thu 26 Nov 16:00  outcomes             collect_outcomes',
        '',
      ].join('\n'),
    );
  });

  it('honours one-off skips stored by /cadence skip, and --at', async () => {
    const r = await run(['rituals', 'next', '--count', '1', '--at', '2026-11-24T12:00:00Z'], (dbPath) => {
      const db = openDb(dbPath);
      migrate(db, migrationsDir());
      addSkip(db, 'decision', '2026-11-26', 'U0000ADMIN1', new Date());
      db.close();
    });
    expect(r.stdout).toContain('Thu 26 Nov 2026 14:00–16:00  Product Alignment Meeting (pam)');
    expect(r.stdout).not.toContain('decision');
  });

  it('rejects bad arguments with the usage', async () => {
    for (const argv of [['rituals'], ['rituals', 'last'], ['rituals', 'next', '--count', '0'], ['rituals', 'next', '--count', 'ten'], ['rituals', 'next', 'extra']]) {
      const r = await run(argv);
      expect({ argv, code: r.code }).toEqual({ argv, code: EXIT_USAGE });
      expect(r.stderr).toContain('rituals next [--count N] [--at <ISO>]');
    }
  });
});
