/** `cadence bugs import`: dry run first, idempotent apply, row errors write nothing. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseJiraDate } from '../../../src/bugs/trackers/import.js';
import { bugStore } from '../../../src/bugs/store.js';
import { runCli } from '../../../src/cli/run.js';
import { migrate } from '../../../src/db/migrate.js';
import { openDb, type Db } from '../../../src/db/open.js';
import { migrationsDir } from '../../../src/paths.js';
import { orgConfigText } from '../../helpers/org.js';
import { tempDir } from '../../helpers/tmp.js';
import { DEV, TRACKERS_CONFIG } from './fixtures.js';

const JIRA_CSV = join(import.meta.dirname, 'data', 'jira-export.csv');
const NOW = new Date('2026-11-16T09:00:00Z');
const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

function setup() {
  const tmp = tempDir();
  cleanups.push(() => tmp.cleanup());
  const config = join(tmp.dir, 'cadence.yml');
  writeFileSync(config, orgConfigText({ trackers: TRACKERS_CONFIG }));
  const dbPath = join(tmp.dir, 'cadence.db');
  const db: Db = openDb(dbPath);
  migrate(db, migrationsDir());
  cleanups.unshift(() => db.close());
  const run = async (...argv: string[]) => {
    let out = '';
    const code = await runCli(['bugs', 'import', ...argv], {
      stdout: (c) => void (out += c),
      stderr: (c) => void (out += c),
      env: { CADENCE_DB: dbPath, CADENCE_CONFIG: config },
      cwd: tmp.dir,
      now: () => NOW,
    });
    return { code, out };
  };
  const count = () => (db.prepare('SELECT COUNT(*) AS n FROM bugs').get() as { n: number }).n;
  return { tmp, db, run, count };
}

describe('cadence bugs import --from jira-csv', () => {
  it('dry run: the summary, nothing written', async () => {
    const s = setup();
    const r = await s.run(JIRA_CSV, '--from', 'jira-csv');
    expect(r.code).toBe(0);
    expect(r.out).toContain('Would register 2 bug(s): PAY-101, WEB-40');
    expect(r.out).toContain('line 3: PAY-102: not QA-qualified');
    expect(r.out).toContain('PAY-103: already closed (Done)');
    expect(r.out).toContain('PAY-104: issue type Story');
    expect(r.out).toContain('OPS-5: project OPS');
    expect(r.out).toContain('This was a dry run: nothing was written');
    expect(s.count()).toBe(0);
  });

  it('--apply registers at the Jira creation time with the mapped team, severity and owner; again = nothing new', async () => {
    const s = setup();
    const r = await s.run(JIRA_CSV, '--from', 'jira-csv', '--apply');
    expect(r.code).toBe(0);
    expect(r.out).toContain('Registered 2 bug(s): PAY-101, WEB-40');
    const store = bugStore(s.db);
    // 10/Nov/26 9:15 AM in Europe/Paris (the example config's zone) = 08:15 UTC.
    expect(store.get('PAY-101')).toMatchObject({ team: 'checkout', severity: 'high', owner: DEV, qualifiedAt: new Date('2026-11-10T08:15:00Z'), title: 'Card payment fails with 3-D Secure, "Visa" only' });
    expect(store.get('WEB-40')).toMatchObject({ team: 'search', severity: 'low', owner: null });
    expect(s.db.prepare('SELECT tracker, issue_id, bug_key FROM tracker_links ORDER BY bug_key').all()).toEqual([
      { tracker: 'jira', issue_id: '10101', bug_key: 'PAY-101' },
      { tracker: 'jira', issue_id: '10140', bug_key: 'WEB-40' },
    ]);
    const again = await s.run(JIRA_CSV, '--from', 'jira-csv', '--apply');
    expect(again.out).toContain('Registered 0 bug(s)');
    expect(again.out).toContain('Already tracked (left as they are): 2');
    expect(s.count()).toBe(2);
  });

  it('an unreadable date: every error listed with its line, nothing written even with --apply', async () => {
    const s = setup();
    const bad = join(s.tmp.dir, 'bad.csv');
    writeFileSync(bad, 'Summary,Issue key,Issue id,Issue Type,Created,Labels\nBroken,PAY-9,109,Bug,yesterday,qa-qualified\nFine,PAY-10,110,Bug,10/Nov/26 9:15 AM,qa-qualified\n');
    const r = await s.run(bad, '--from', 'jira-csv', '--apply');
    expect(r.code).toBe(1);
    expect(r.out).toContain('line 2: PAY-9: unreadable Created date "yesterday"');
    expect(r.out).toContain('nothing was written');
    expect(s.count()).toBe(0);
  });

  it('usage errors: unknown format, missing file', async () => {
    const s = setup();
    expect((await s.run(JIRA_CSV, '--from', 'xlsx')).code).toBe(2);
    expect((await s.run(join(s.tmp.dir, 'nope.csv'), '--from', 'csv')).code).toBe(2);
  });
});

describe('cadence bugs import --from github-json and --from csv', () => {
  it('reads `gh issue list --json` output', async () => {
    const s = setup();
    const file = join(s.tmp.dir, 'issues.json');
    writeFileSync(
      file,
      JSON.stringify([
        { id: 'I_kwDOABCD5M5abc', number: 7, title: 'Crash on empty cart', url: 'https://github.com/Codertocat/Hello-World/issues/7', state: 'OPEN', createdAt: '2026-11-12T10:00:00Z', labels: [{ name: 'bug' }], assignees: [{ login: 'Codertocat' }] },
        { id: 'I_kwDOABCD5M5abd', number: 8, title: 'Docs typo', url: 'https://github.com/Codertocat/Hello-World/issues/8', state: 'OPEN', createdAt: '2026-11-12T11:00:00Z', labels: [{ name: 'documentation' }], assignees: [] },
      ]),
    );
    expect((await s.run(file, '--from', 'github-json')).out).toContain('Would register 1 bug(s): CODERTOCAT/HELLO-WORLD#7');
    await s.run(file, '--from', 'github-json', '--apply');
    expect(bugStore(s.db).get('CODERTOCAT/HELLO-WORLD#7')).toMatchObject({ team: 'checkout', owner: DEV, url: 'https://github.com/Codertocat/Hello-World/issues/7' });
  });

  it("reads Cadence's own export; an unknown team is an error naming it", async () => {
    const s = setup();
    const file = join(s.tmp.dir, 'bugs.csv');
    const header = 'key,title,severity,team,owner,owner_email,url,source,reported_by,qualified_at,clock,clock_started_at,deadline,status,resolved_at,resolved_by,within_sla,created_at,updated_at\r\n';
    writeFileSync(file, `${header}PAY-1,Open one,high,checkout,U0000DEV001,,,command,U0000QA0001,2026-11-10T08:00:00.000Z,1,2026-11-10T08:00:00.000Z,2026-11-17T08:00:00.000Z,open,,,,2026-11-10T08:00:00.000Z,2026-11-10T08:00:00.000Z\r\nPAY-2,Done one,low,,,,,command,,2026-11-01T08:00:00.000Z,1,2026-11-01T08:00:00.000Z,2026-11-08T08:00:00.000Z,resolved,2026-11-02T08:00:00.000Z,U0000DEV001,true,2026-11-01T08:00:00.000Z,2026-11-02T08:00:00.000Z\r\n`);
    const r = await s.run(file, '--from', 'csv', '--apply');
    expect(r.out).toContain('Registered 1 bug(s): PAY-1');
    expect(bugStore(s.db).get('PAY-1')).toMatchObject({ severity: 'high', team: 'checkout', owner: DEV });
    const bad = join(s.tmp.dir, 'bad.csv');
    writeFileSync(bad, `${header}PAY-3,Other,high,payments-core,,,,command,,2026-11-10T08:00:00.000Z,1,2026-11-10T08:00:00.000Z,2026-11-17T08:00:00.000Z,open,,,,2026-11-10T08:00:00.000Z,2026-11-10T08:00:00.000Z\r\n`);
    const rb = await s.run(bad, '--from', 'csv', '--apply');
    expect(rb.code).toBe(1);
    expect(rb.out).toContain('unknown impact team "payments-core"');
    expect(bugStore(s.db).get('PAY-3')).toBeUndefined();
  });
});

describe('parseJiraDate', () => {
  it('reads Jira export formats in the organisation zone, across DST', () => {
    expect(parseJiraDate('10/Nov/26 9:15 AM', 'Europe/Paris')?.toISOString()).toBe('2026-11-10T08:15:00.000Z');
    expect(parseJiraDate('10/Jul/26 9:15 PM', 'Europe/Paris')?.toISOString()).toBe('2026-07-10T19:15:00.000Z');
    expect(parseJiraDate('2026-03-29 02:30', 'Europe/Paris')?.toISOString()).toBe('2026-03-29T01:30:00.000Z');
    expect(parseJiraDate('', 'UTC')).toBeNull();
    expect(parseJiraDate('31/Feb/26 9:00 AM', 'UTC')).toBeNull();
  });
});
