import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { EXIT_OK, EXIT_USAGE, runCli } from '../../src/cli/run.js';
import { openDb } from '../../src/db/open.js';
import { tempDir } from '../helpers/tmp.js';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

function workspace() {
  const tmp = tempDir();
  cleanups.push(tmp.cleanup);
  const run = async (argv: string[], extraEnv: Record<string, string> = {}) => {
    let stdout = '';
    let stderr = '';
    const code = await runCli(argv, {
      stdout: (c) => void (stdout += c),
      stderr: (c) => void (stderr += c),
      env: { CADENCE_DB: 'c.db', ...extraEnv },
      cwd: tmp.dir,
      now: () => new Date('2026-11-21T10:00:00Z'),
    });
    return { code, stdout, stderr };
  };
  const rows = () => {
    const db = openDb(join(tmp.dir, 'c.db'));
    try {
      return db.prepare('SELECT id, scope, revoked_at FROM calendar_tokens ORDER BY id').all();
    } finally {
      db.close();
    }
  };
  return { run, rows };
}

describe('cadence calendar tokens', () => {
  it('creates, lists and revokes feed links', async () => {
    const w = workspace();
    const empty = await w.run(['calendar', 'tokens', 'list']);
    expect(empty.stdout).toContain('No calendar feed tokens yet');

    const made = await w.run(['calendar', 'tokens', 'create', 'ritual:pam', '--note', 'for the PMs'], { CADENCE_PUBLIC_URL: 'https://cadence.example.com/' });
    expect(made.code).toBe(EXIT_OK);
    const url = /https:\/\/cadence\.example\.com\/calendar\/([A-Za-z0-9_-]{43})\.ics/.exec(made.stdout);
    expect(url).not.toBeNull();
    const person = await w.run(['calendar', 'tokens', 'create', 'person:U0000PMPAY1']);
    expect(person.stdout).toMatch(/\/calendar\/[A-Za-z0-9_-]{43}\.ics \(set CADENCE_PUBLIC_URL/);
    // Two tokens for one scope are different, never derived from the name.
    const again = await w.run(['calendar', 'tokens', 'create', 'ritual:pam']);
    expect(again.stdout).not.toContain(url?.[1] ?? '-');

    const list = await w.run(['calendar', 'tokens', 'list']);
    expect(list.stdout).toContain('ritual:pam');
    expect(list.stdout).toContain('(for the PMs)');
    expect(list.stdout).toContain(url?.[1] ?? '-');

    expect((await w.run(['calendar', 'tokens', 'revoke', '1'])).stdout).toBe('Revoked: the link now answers 404.\n');
    expect((await w.run(['calendar', 'tokens', 'revoke', '1'])).stdout).toBe('Already revoked.\n');
    const after = await w.run(['calendar', 'tokens', 'list']);
    expect(after.stdout).not.toContain(url?.[1] ?? '-');
    expect(w.rows()).toEqual([
      { id: 1, scope: 'ritual:pam', revoked_at: '2026-11-21T10:00:00.000Z' },
      { id: 2, scope: 'person:U0000PMPAY1', revoked_at: null },
      { id: 3, scope: 'ritual:pam', revoked_at: null },
    ]);
  });

  it('refuses bad scopes and unknown tokens with a usage message, writing nothing', async () => {
    const w = workspace();
    for (const [argv, message] of [
      [['calendar', 'tokens', 'create', 'ritual:nope'], 'no ritual "nope" in the config (rituals: pam, decision, weekly'],
      [['calendar', 'tokens', 'create', 'tribe:x'], 'no tribe "x" in the config (tribes: payments, discovery)'],
      [['calendar', 'tokens', 'create', 'person:bob'], '"bob" is not a Slack user ID'],
      [['calendar', 'tokens', 'create', 'everyone'], 'unknown scope "everyone"'],
      [['calendar', 'tokens', 'create'], 'tokens create needs a scope'],
      [['calendar', 'tokens', 'revoke', '42'], 'no calendar token "42"'],
      [['calendar', 'feeds'], 'unknown calendar subcommand "feeds"'],
      [['calendar', 'tokens', 'delete'], 'unknown tokens subcommand "delete"'],
    ] as const) {
      const r = await w.run([...argv]);
      expect({ argv, code: r.code }).toEqual({ argv, code: EXIT_USAGE });
      expect(r.stderr).toContain(message);
    }
    expect(w.rows()).toEqual([]);
  });
});
