import { join } from 'node:path';
import { DateTime } from 'luxon';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/run.js';
import { feedEvents, ritualsOfScope, renderFeed } from '../../src/calendar-feeds/feed.js';
import type { FeedScope } from '../../src/calendar-feeds/store.js';
import type { OrgConfig } from '../../src/config/org.js';
import { migrate } from '../../src/db/migrate.js';
import { openDb, type Db } from '../../src/db/open.js';
import { migrationsDir } from '../../src/paths.js';
import { addSkip, skipLookup } from '../../src/rituals/store.js';
import { upcoming } from '../../src/rituals/calendar.js';
import { buildOrgConfig, exampleOrgConfig } from '../helpers/org.js';
import { tempDir } from '../helpers/tmp.js';
import { parseFeed } from './parse.js';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

function db(): { db: Db; dir: string } {
  const tmp = tempDir();
  const d = openDb(join(tmp.dir, 'c.db'));
  migrate(d, migrationsDir());
  cleanups.push(() => {
    d.close();
    tmp.cleanup();
  });
  return { db: d, dir: tmp.dir };
}

const NOW = new Date('2026-11-21T10:00:00Z');
const YEAR_END = new Date(NOW.getTime() + 365 * 86_400_000);
const feed = (d: Db, org: OrgConfig, scope: FeedScope, now = NOW) => parseFeed(renderFeed(org, scope, feedEvents({ db: d, org }, scope, now), now));

describe('calendar feeds: what calendar apps read', () => {
  it('a year of the example calendar is exactly what `cadence rituals next` prints, in local time', async () => {
    const { db: d, dir } = db();
    const org = exampleOrgConfig();
    const parsed = feed(d, org, { kind: 'org' });
    const fromFeed = parsed.events
      .filter((e) => e.status === 'CONFIRMED' && e.start > NOW && e.start < YEAR_END)
      .map((e) => `${e.localStart}–${e.localEnd.slice(11)} ${e.summary}`);

    let stdout = '';
    const code = await runCli(['rituals', 'next', '--count', '500', '--at', NOW.toISOString()], {
      stdout: (c) => void (stdout += c),
      stderr: () => undefined,
      env: { CADENCE_DB: join(dir, 'c.db') },
      cwd: dir,
    });
    expect(code).toBe(0);
    const fromCli = stdout
      .split('\n')
      .map((line) => /^\w{3} (\d{1,2}) (\w{3}) (\d{4}) (\d\d:\d\d)–(\d\d:\d\d) {2}(.+) \([a-z0-9-]+\) in C\w+$/.exec(line))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => {
        const date = DateTime.fromFormat(`${m[1]} ${m[2]} ${m[3]}`, 'd LLL yyyy', { locale: 'en' }).toISODate();
        return { date: `${date} ${m[4]}–${m[5]} ${m[6]}`, start: DateTime.fromISO(`${date}T${m[4]}`, { zone: org.organisation.timezone }).toJSDate() };
      })
      .filter((x) => x.start < YEAR_END)
      .map((x) => x.date);

    expect(fromFeed.length).toBeGreaterThan(150);
    expect(fromFeed).toEqual(fromCli);
    // And the data behind the CLI, instant by instant.
    const skips = skipLookup(d, org.organisation.holidays);
    const expected = upcoming(org.rituals, org.organisation.timezone, NOW, 500, skips)
      .filter((u) => u.occurrence.start < YEAR_END)
      .map((u) => [u.ritual.name, u.occurrence.start.toISOString(), u.end.toISOString()]);
    expect(parsed.events.filter((e) => e.status === 'CONFIRMED' && e.start > NOW && e.start < YEAR_END).map((e) => [e.summary, e.start.toISOString(), e.end.toISOString()])).toEqual(expected);
  });

  it('every event carries the organisation VTIMEZONE, and DST weeks keep local times', () => {
    const { db: d } = db();
    const parsed = feed(d, exampleOrgConfig(), { kind: 'ritual', key: 'weekly' });
    expect(parsed.timezones).toEqual(['Europe/Paris']);
    expect(parsed.events.every((e) => e.tzid === 'Europe/Paris')).toBe(true);
    // Product Weekly, every other Friday 16:00 Paris: before and after the 28 March 2027 change.
    const before = parsed.events.find((e) => e.localStart.startsWith('2027-03-26'));
    const after = parsed.events.find((e) => e.localStart.startsWith('2027-04-09'));
    expect(before).toMatchObject({ localStart: '2027-03-26 16:00', localEnd: '2027-03-26 17:00' });
    expect(before?.start.toISOString()).toBe('2027-03-26T15:00:00.000Z');
    expect(after).toMatchObject({ localStart: '2027-04-09 16:00' });
    expect(after?.start.toISOString()).toBe('2027-04-09T14:00:00.000Z');
    // Autumn: the sync on Tuesday 27 October 2026 (after the 25 October change) is still at 11:00.
    const sync = feed(d, exampleOrgConfig(), { kind: 'ritual', key: 'sync' }, new Date('2026-10-01T00:00:00Z'));
    const oct = sync.events.filter((e) => e.localStart.startsWith('2026-10-'));
    expect(oct.map((e) => e.localStart)).toEqual(['2026-10-13 11:00', '2026-10-27 11:00']);
    expect(oct.map((e) => e.start.toISOString())).toEqual(['2026-10-13T09:00:00.000Z', '2026-10-27T10:00:00.000Z']);
  });

  it('a skip turns the occurrence into a cancellation with the same UID and SEQUENCE bumped; holidays too', () => {
    const { db: d } = db();
    const org = exampleOrgConfig();
    const beforeSkip = feed(d, org, { kind: 'ritual', key: 'sync' }).events.find((e) => e.localStart === '2026-12-08 11:00');
    expect(beforeSkip).toMatchObject({ status: 'CONFIRMED', sequence: 0 });
    addSkip(d, 'sync', '2026-12-08', 'U0000ADMIN1', NOW);
    const afterSkip = feed(d, org, { kind: 'ritual', key: 'sync' }).events.find((e) => e.localStart === '2026-12-08 11:00');
    expect(afterSkip).toMatchObject({ uid: beforeSkip?.uid, status: 'CANCELLED', sequence: 1, description: 'Cancelled for this date.' });
    // The Product Lunch falls on Christmas (a configured holiday).
    const lunch = feed(d, org, { kind: 'ritual', key: 'lunch' }).events.find((e) => e.localStart.startsWith('2026-12-25'));
    expect(lunch).toMatchObject({ status: 'CANCELLED', sequence: 1, description: 'Cancelled: public holiday.' });
    // UIDs are stable across renders and unique within a feed.
    const a = feed(d, org, { kind: 'org' }).events.map((e) => e.uid);
    const b = feed(d, org, { kind: 'org' }, new Date(NOW.getTime() + 3_600_000)).events.map((e) => e.uid);
    expect(b).toEqual(a);
    expect(new Set(a).size).toBe(a.length);
  });

  it('location, video link and the Weekly topics reach the event; user text is data, not markup', () => {
    const { db: d } = db();
    const org = buildOrgConfig({
      rituals: [
        {
          key: 'weekly',
          name: 'Product Weekly',
          kind: 'weekly',
          channel: 'C0000PRODUC',
          recurrence: { rrule: 'FREQ=WEEKLY;INTERVAL=2;BYDAY=FR', dtstart: '2026-01-02', time: '16:00' },
          durationMinutes: 60,
          location: 'Room 4, 2nd floor; "Agora"',
          videoUrl: 'https://meet.example.com/abc-defg',
        },
      ],
    });
    d.prepare('INSERT INTO ritual_topics (ritual_key, occurrence_key, proposed_by, topic, speaker, proposed_at) VALUES (?, ?, ?, ?, ?, ?)').run(
      'weekly',
      '2026-12-04T16:00',
      'U0000PMPAY1',
      'Checkout, v2: <!channel> results\nEND:VEVENT',
      null,
      NOW.toISOString(),
    );
    const e = feed(d, org, { kind: 'org' }).events.find((x) => x.localStart === '2026-12-04 16:00');
    expect(e).toMatchObject({ location: 'Room 4, 2nd floor; "Agora"', url: 'https://meet.example.com/abc-defg' });
    expect(e?.description).toBe('Proposed topics:\n• Checkout, v2: <!channel> results\nEND:VEVENT\nVideo call: https://meet.example.com/abc-defg');
  });

  it('a tribe feed has the organisation-wide rituals and the tribe’s own; a person feed their slots at their time', () => {
    const { db: d } = db();
    const org = buildOrgConfig({
      rituals: [
        { key: 'pay-demo', name: 'Payments demo', channel: 'C0000PAYMNT', recurrence: { rrule: 'FREQ=WEEKLY;BYDAY=WE', dtstart: '2026-01-07', time: '15:00' }, durationMinutes: 30 },
        { key: 'disc-demo', name: 'Discovery demo', channel: 'C0000DISCOV', recurrence: { rrule: 'FREQ=WEEKLY;BYDAY=WE', dtstart: '2026-01-07', time: '15:00' }, durationMinutes: 30 },
        { key: 'all-hands', name: 'All hands', channel: 'C0000GENERL', recurrence: { rrule: 'FREQ=MONTHLY;BYDAY=1MO', dtstart: '2026-01-05', time: '10:00' }, durationMinutes: 60 },
        {
          key: 'decision',
          name: 'Product decision session',
          kind: 'decision',
          channel: 'C0000PAMEET',
          recurrence: { rrule: 'FREQ=WEEKLY;BYDAY=TH', dtstart: '2026-01-01', time: '09:00' },
          durationMinutes: 60,
        },
      ],
    });
    expect(ritualsOfScope(org, { kind: 'tribe', key: 'payments' }).map((r) => r.key)).toEqual(['pay-demo', 'all-hands', 'decision']);
    expect(ritualsOfScope(org, { kind: 'tribe', key: 'discovery' }).map((r) => r.key)).toEqual(['disc-demo', 'all-hands', 'decision']);

    const insert = d.prepare(
      `INSERT INTO agenda_items (ritual_key, occurrence_key, presenter_id, topic, ask, duration_minutes, status, signed_up_at) VALUES ('decision', '2026-11-26T09:00', ?, ?, 'decision', ?, ?, ?)`,
    );
    insert.run('U0000PMDIS1', 'Search ranking', 20, 'slotted', NOW.toISOString());
    insert.run('U0000PMPAY1', 'Refund flow', 10, 'slotted', NOW.toISOString());
    insert.run('U0000PMPAY1', 'Old idea', 10, 'withdrawn', NOW.toISOString());
    insert.run('U0000PMPAY1', 'Waiting', 10, 'waitlisted', NOW.toISOString());
    const mine = feed(d, org, { kind: 'person', userId: 'U0000PMPAY1' }).events;
    expect(mine.map((e) => [e.summary, e.localStart, e.localEnd, e.status])).toEqual([
      ['Product decision session: you present “Old idea”', '2026-11-26 09:00', '2026-11-26 09:10', 'CANCELLED'],
      ['Product decision session: you present “Refund flow”', '2026-11-26 09:20', '2026-11-26 09:30', 'CONFIRMED'],
    ]);
    expect(feed(d, org, { kind: 'person', userId: 'U0000NOBODY' }).events).toEqual([]);
  });

  it('renders in French with the organisation language', () => {
    const { db: d } = db();
    const org = buildOrgConfig({ organisation: { name: 'Acme', timezone: 'Europe/Paris', language: 'fr', holidays: ['2026-12-25'] } });
    const lunch = feed(d, org, { kind: 'ritual', key: 'lunch' });
    expect(lunch.name).toBe('Acme\u202f: Product Lunch');
    expect(lunch.events.find((e) => e.localStart.startsWith('2026-12-25'))?.description).toBe('Annulé\u202f: jour férié.');
  });
});
