import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { EXIT_FAILURE, EXIT_OK, runCli } from '../../src/cli/run.js';
import { openDb } from '../../src/db/open.js';
import { tempDir } from '../helpers/tmp.js';
import { freePort, spawnBot } from '../reliability/support.js';

/*
 * Issue 19, items 13 and 14: `cadence backup` (SQLite's online backup API, while
 * the bot's connection is open and has written) and `cadence restore`; a
 * CADENCE_DB that is not a database gets one clear line, from the CLI and the bot.
 */

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

function cli() {
  const tmp = tempDir();
  cleanups.push(tmp.cleanup);
  let stdout = '';
  let stderr = '';
  const io = { stdout: (c: string) => void (stdout += c), stderr: (c: string) => void (stderr += c), env: { CADENCE_DB: 'data/cadence.db' }, cwd: tmp.dir };
  return {
    dir: tmp.dir,
    dbPath: join(tmp.dir, 'data/cadence.db'),
    run: async (argv: string[]) => {
      stdout = '';
      stderr = '';
      const code = await runCli(argv, io);
      return { code, stdout, stderr };
    },
  };
}

const settingValue = (path: string) => {
  const db = openDb(path);
  try {
    return db.prepare(`SELECT language FROM user_settings WHERE user_id = 'U0BACKUP'`).pluck().get();
  } finally {
    db.close();
  }
};

describe('cadence backup / restore', () => {
  it('backs up a live database (an open connection with uncheckpointed writes), then restores it', async () => {
    const c = cli();
    expect((await c.run(['migrate'])).code).toBe(EXIT_OK);
    // The "bot": an open connection whose write is still in the WAL.
    const bot = openDb(c.dbPath);
    cleanups.push(() => bot.close());
    bot.pragma('wal_autocheckpoint = 0');
    bot.prepare(`INSERT INTO user_settings (user_id, language, updated_at) VALUES ('U0BACKUP', 'fr', '2026-11-30T00:00:00Z')`).run();

    const backup = await c.run(['backup', 'backups/cadence.db']);
    expect(backup).toMatchObject({ code: EXIT_OK, stderr: '' });
    expect(backup.stdout).toMatch(/^Backed up .* to .*backups\/cadence\.db \(\d+ pages, \d+ migrations, integrity ok\)\.\n$/);
    expect(settingValue(join(c.dir, 'backups/cadence.db'))).toBe('fr');
    expect(readdirSync(join(c.dir, 'backups')).filter((f) => f.includes('partial'))).toEqual([]);

    // Something goes wrong later; the bot is stopped; the backup comes back.
    bot.prepare(`UPDATE user_settings SET language = 'en' WHERE user_id = 'U0BACKUP'`).run();
    bot.close();
    const restore = await c.run(['restore', 'backups/cadence.db']);
    expect(restore.code).toBe(EXIT_OK);
    expect(restore.stdout).toMatch(/the previous database was moved to .*cadence\.db\.before-restore-/);
    expect(settingValue(c.dbPath)).toBe('fr');
    const aside = readdirSync(join(c.dir, 'data')).filter((f) => f.includes('before-restore') && !f.endsWith('-wal') && !f.endsWith('-shm'));
    expect(aside).toHaveLength(1);
    expect(settingValue(join(c.dir, 'data', aside[0] ?? ''))).toBe('en');
  });

  it('refuses to restore something that is not a Cadence backup, and changes nothing', async () => {
    const c = cli();
    await c.run(['migrate']);
    writeFileSync(join(c.dir, 'notes.txt'), 'not a database at all, just some text that is long enough '.repeat(20));
    const r = await c.run(['restore', 'notes.txt']);
    expect(r.code).toBe(EXIT_FAILURE);
    expect(r.stderr).toMatch(/notes\.txt is not a SQLite database/);
    expect(readdirSync(join(c.dir, 'data')).filter((f) => f.includes('before-restore'))).toEqual([]);
    expect((await c.run(['backup'])).code).toBe(2);
  });

  it('a CADENCE_DB that is not a database: one clear line from the CLI and from the bot, no stack trace', async () => {
    const c = cli();
    const { mkdirSync } = await import('node:fs');
    mkdirSync(join(c.dir, 'data'));
    writeFileSync(c.dbPath, 'this is a text file, not a database '.repeat(50));
    const r = await c.run(['migrate']);
    expect(r.code).toBe(EXIT_FAILURE);
    expect(r.stderr).toBe(`cadence: CADENCE_DB=${c.dbPath} is not a SQLite database (is it the right file? Cadence creates the file itself when it does not exist)\n`);

    const bot = spawnBot({ SLACK_BOT_TOKEN: 'xoxb-x', SLACK_SIGNING_SECRET: 'secret-0123456789', CADENCE_DB: c.dbPath }, c.dir, await freePort());
    expect(await bot.exited).toBe(1);
    expect(bot.output()).toContain(`Cadence cannot start: CADENCE_DB=${c.dbPath} is not a SQLite database`);
    expect(bot.output()).not.toMatch(/\n\s+at /);
    expect(existsSync(c.dbPath)).toBe(true);
  });
});
