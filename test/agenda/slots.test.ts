import { describe, expect, it } from 'vitest';
import { fits, isDuration, minutesUsed, promotions, schedule } from '../../src/agenda/slots.js';

const caps = { maxPresenters: 5, meetingMinutes: 120 };
const of = (...durations: number[]) => durations.map((duration, i) => ({ id: i + 1, duration }));

describe('fits (Rule 1: presenter cap and meeting length)', () => {
  it('an empty agenda takes anything up to the meeting length', () => {
    expect(fits([], 30, caps)).toBe(true);
    expect(fits([], 120, caps)).toBe(true);
    expect(fits([], 121, caps)).toBe(false);
  });
  it('the presenter cap binds even with time left', () => {
    expect(fits(of(10, 10, 10, 10), 10, caps)).toBe(true);
    expect(fits(of(10, 10, 10, 10, 10), 10, caps)).toBe(false);
  });
  it('the meeting length binds even with presenters left, exactly at the boundary', () => {
    expect(fits(of(30, 30, 30), 30, caps)).toBe(true);
    expect(fits(of(30, 30, 30, 30), 10, caps)).toBe(false);
    expect(fits(of(30, 30, 30, 20), 10, caps)).toBe(true);
  });
  it('a cap of 1 presenter', () => {
    expect(fits(of(10), 10, { maxPresenters: 1, meetingMinutes: 60 })).toBe(false);
  });
});

describe('promotions (Rule 2: the waitlist in order, shorter items may pass one that does not fit)', () => {
  it('nothing to promote from an empty waitlist', () => {
    expect(promotions(of(20, 20), [], caps)).toEqual([]);
  });
  it('promotes in sign-up order while both caps allow', () => {
    const waitlist = [{ id: 7, duration: 20 }, { id: 8, duration: 20 }];
    expect(promotions(of(20, 20, 20, 20), waitlist, caps).map((i) => i.id)).toEqual([7]);
  });
  it('a 30 that does not fit in 20 minutes keeps its place; the 10 behind it passes', () => {
    const waitlist = [{ id: 7, duration: 30 }, { id: 8, duration: 10 }];
    expect(promotions(of(30, 30, 30, 10), waitlist, caps).map((i) => i.id)).toEqual([8]);
  });
  it('several small items fill a freed long slot', () => {
    const waitlist = [{ id: 7, duration: 10 }, { id: 8, duration: 10 }, { id: 9, duration: 10 }];
    expect(promotions(of(30, 30, 30), waitlist, caps).map((i) => i.id)).toEqual([7, 8]);
  });
  it('a huge waitlist stops at the cap', () => {
    const waitlist = Array.from({ length: 10_000 }, (_, i) => ({ id: i + 100, duration: 10 }));
    expect(promotions([], waitlist, caps)).toHaveLength(5);
  });
});

describe('schedule', () => {
  it('items back to back from the start, across a DST change by elapsed time', () => {
    // 25 October 2026: Paris falls back at 03:00; a meeting at 02:30 local (00:30Z) runs in elapsed minutes.
    const start = new Date('2026-10-25T00:30:00Z');
    const out = schedule(start, of(20, 30, 10));
    expect(out.map((s) => s.startsAt.toISOString())).toEqual(['2026-10-25T00:30:00.000Z', '2026-10-25T00:50:00.000Z', '2026-10-25T01:20:00.000Z']);
    expect(out.at(-1)?.endsAt.toISOString()).toBe('2026-10-25T01:30:00.000Z');
  });
  it('empty', () => {
    expect(schedule(new Date(0), [])).toEqual([]);
    expect(minutesUsed([])).toBe(0);
  });
});

describe('isDuration', () => {
  it('only 10, 20 and 30', () => {
    expect([0, 5, 10, 15, 20, 30, 45, Number.NaN].filter(isDuration)).toEqual([10, 20, 30]);
  });
});
