import { WebClient } from '@slack/web-api';
import { describe, expect, it } from 'vitest';
import { claimDueNotices } from '../../src/bugs/escalation.js';
import { noticeHoursOf } from '../../src/bugs/ladder.js';
import { inNoticeHours, nextNoticeMoment, noticeTime, type NoticeHours } from '../../src/bugs/notice-hours.js';
import { registerBug } from '../../src/bugs/service.js';
import { bugStore } from '../../src/bugs/store.js';
import { fixedClock } from '../../src/clock.js';
import { createContext } from '../../src/context.js';
import { migrate } from '../../src/db/migrate.js';
import { openDb } from '../../src/db/open.js';
import { silentLogger } from '../../src/logger.js';
import { migrationsDir } from '../../src/paths.js';
import { buildOrgConfig, exampleOrgConfig } from '../helpers/org.js';

const paris = (holidays: string[] = []): NoticeHours => ({ zone: 'Europe/Paris', holidays: new Set(holidays), startMinutes: 9 * 60, endMinutes: 18 * 60 });
const iso = (s: string) => new Date(s);
const WARN = -24 * 60;
const BREACH = 0;

describe('bug notice times (working hours, decision 0034)', () => {
  it('a notice inside working hours goes at its trigger; false hours mean any time', () => {
    expect(noticeTime(iso('2026-11-30T09:00:00Z'), BREACH, paris()).toISOString()).toBe('2026-11-30T09:00:00.000Z'); // Mon 10:00
    expect(noticeTime(iso('2026-11-29T02:00:00Z'), BREACH, null).toISOString()).toBe('2026-11-29T02:00:00.000Z');
    expect(inNoticeHours(iso('2026-11-30T08:00:00Z'), paris())).toBe(true); // Mon 09:00 exactly: start is inclusive
    expect(inNoticeHours(iso('2026-11-30T17:00:00Z'), paris())).toBe(false); // Mon 18:00: end is exclusive
  });

  it('a "due soon" for a Sunday deadline goes on Friday afternoon, a breach on Sunday on Monday 09:00', () => {
    // Saturday 28 Nov 10:00 Paris → Friday 27 Nov 17:00 Paris.
    expect(noticeTime(iso('2026-11-28T09:00:00Z'), WARN, paris()).toISOString()).toBe('2026-11-27T16:00:00.000Z');
    // Sunday 29 Nov 10:00 Paris → Monday 30 Nov 09:00 Paris.
    expect(noticeTime(iso('2026-11-29T09:00:00Z'), BREACH, paris()).toISOString()).toBe('2026-11-30T08:00:00.000Z');
  });

  it('before the day starts and after it ends', () => {
    // Tuesday 07:00: a breach waits until 09:00, a warning goes the evening before (Monday 17:00).
    expect(noticeTime(iso('2026-12-01T06:00:00Z'), BREACH, paris()).toISOString()).toBe('2026-12-01T08:00:00.000Z');
    expect(noticeTime(iso('2026-12-01T06:00:00Z'), WARN, paris()).toISOString()).toBe('2026-11-30T16:00:00.000Z');
    // Tuesday 19:00: a breach goes Wednesday 09:00, a warning the same day at 17:00.
    expect(noticeTime(iso('2026-12-01T18:00:00Z'), BREACH, paris()).toISOString()).toBe('2026-12-02T08:00:00.000Z');
    expect(noticeTime(iso('2026-12-01T18:00:00Z'), WARN, paris()).toISOString()).toBe('2026-12-01T16:00:00.000Z');
  });

  it('holidays count as weekend days', () => {
    const hours = paris(['2026-12-25']);
    // Thursday 24 Dec 20:00 → (Friday 25 is a holiday) → Monday 28 Dec 09:00.
    expect(noticeTime(iso('2026-12-24T19:00:00Z'), BREACH, hours).toISOString()).toBe('2026-12-28T08:00:00.000Z');
    // A warning on Saturday 26 → Thursday 24 17:00.
    expect(noticeTime(iso('2026-12-26T09:00:00Z'), WARN, hours).toISOString()).toBe('2026-12-24T16:00:00.000Z');
    // Friday 25 at 10:00 is no working moment.
    expect(inNoticeHours(iso('2026-12-25T09:00:00Z'), hours)).toBe(false);
  });

  it('across DST changes the local hours hold (autumn and spring)', () => {
    // Autumn: Sunday 25 Oct 2026 the clocks go back. Friday is CEST (UTC+2), Monday CET (UTC+1).
    expect(noticeTime(iso('2026-10-25T01:30:00Z'), WARN, paris()).toISOString()).toBe('2026-10-23T15:00:00.000Z');
    expect(noticeTime(iso('2026-10-25T01:30:00Z'), BREACH, paris()).toISOString()).toBe('2026-10-26T08:00:00.000Z');
    // Spring: Sunday 29 Mar 2026 the clocks go forward. Friday is CET, Monday CEST.
    expect(noticeTime(iso('2026-03-29T01:30:00Z'), WARN, paris()).toISOString()).toBe('2026-03-27T16:00:00.000Z');
    expect(noticeTime(iso('2026-03-29T01:30:00Z'), BREACH, paris()).toISOString()).toBe('2026-03-30T07:00:00.000Z');
  });

  it('a warning never moves before its clock started: then it goes at the next working moment', () => {
    // Clock started Saturday 08:00, warning trigger Saturday 10:00: Friday is before the clock → Monday 09:00.
    expect(noticeTime(iso('2026-11-28T09:00:00Z'), WARN, paris(), iso('2026-11-28T07:00:00Z')).toISOString()).toBe('2026-11-30T08:00:00.000Z');
    expect(nextNoticeMoment(iso('2026-11-28T07:00:00Z'), paris()).toISOString()).toBe('2026-11-30T08:00:00.000Z');
  });

  it('the config: defaults 09:00–18:00, false for any time, end after start', () => {
    expect(exampleOrgConfig().bugs.noticeHours).toEqual({ start: '09:00', end: '18:00' });
    expect(noticeHoursOf(buildOrgConfig({ bugs: { noticeHours: false } }))).toBeNull();
    expect(() => buildOrgConfig({ bugs: { noticeHours: { start: '18:00', end: '09:00' } } })).toThrow(/must be later than start/);
    expect(() => buildOrgConfig({ bugs: { noticeHours: { start: '9h' } } })).toThrow(/HH:MM/);
  });
});

describe('the escalation sweep in working hours', () => {
  const T0 = new Date('2026-11-16T09:00:00Z'); // Monday 10:00 Paris: deadline Monday 23 Nov 10:00
  function setup() {
    const db = openDb(':memory:');
    migrate(db, migrationsDir());
    const ctx = createContext({ org: exampleOrgConfig(), db, clock: fixedClock(T0), logger: silentLogger(), client: new WebClient('xoxb-unused') });
    return { ctx, store: bugStore(db) };
  }
  const draft = { key: 'PAY-1', title: 'Checkout fails', severity: 'medium' as const, team: 'checkout', owner: 'U0000OWNER', ownerEmail: null, url: null, qualifiedAt: T0 };

  it('the Sunday "due soon" goes on Friday at 17:00 Paris; the deadline does not move', () => {
    const { ctx, store } = setup();
    registerBug(ctx, draft, 'command', null, T0);
    expect(store.get('PAY-1')?.deadline.toISOString()).toBe('2026-11-23T09:00:00.000Z');
    expect(store.get('PAY-1')?.nextNoticeAt?.toISOString()).toBe('2026-11-20T16:00:00.000Z');
    expect(claimDueNotices(ctx, iso('2026-11-20T15:59:00Z')).enqueued).toBe(0);
    expect(claimDueNotices(ctx, iso('2026-11-20T16:00:00Z')).enqueued).toBe(1);
    expect(store.get('PAY-1')?.nextNoticeAt?.toISOString()).toBe('2026-11-23T09:00:00.000Z');
  });

  it('a sweep outside working hours claims nothing and waits for Monday 09:00 (catch-up after downtime)', () => {
    const { ctx, store } = setup();
    registerBug(ctx, draft, 'command', null, T0);
    // The bot was down all Friday; it comes back on Saturday night.
    expect(claimDueNotices(ctx, iso('2026-11-21T22:00:00Z'))).toMatchObject({ bugs: 1, enqueued: 0 });
    expect(store.notices('PAY-1')).toEqual([]);
    expect(store.get('PAY-1')?.nextNoticeAt?.toISOString()).toBe('2026-11-23T08:00:00.000Z');
    // Monday 09:00: the warning is still before the deadline (10:00), so it goes.
    expect(claimDueNotices(ctx, iso('2026-11-23T08:00:00Z')).enqueued).toBe(1);
    expect(store.notices('PAY-1').map((n) => n.name)).toEqual(['due-soon']);
  });
});
