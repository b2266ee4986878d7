import { describe, expect, it } from 'vitest';
import { cronMatches, firesBetween, nextMondayNine, parseCron, sampleInstants, SandboxClock } from '../../src/sandbox/clock.js';

const at = (iso: string) => new Date(iso);

describe('SandboxClock', () => {
  it('starts at the real time, moves forward only, and resets to real time', () => {
    let real = Date.parse('2026-11-30T10:00:00Z');
    const clock = new SandboxClock(() => real);
    expect(clock.now().toISOString()).toBe('2026-11-30T10:00:00.000Z');
    clock.moveTo(at('2026-12-01T09:00:00Z'));
    expect(clock.now().toISOString()).toBe('2026-12-01T09:00:00.000Z');
    real += 60_000; // real time keeps flowing under the offset
    expect(clock.now().toISOString()).toBe('2026-12-01T09:01:00.000Z');
    clock.moveTo(at('2026-11-30T00:00:00Z'));
    expect(clock.now().toISOString()).toBe('2026-12-01T09:01:00.000Z');
    clock.reset();
    expect(clock.now().toISOString()).toBe('2026-11-30T10:01:00.000Z');
  });
});

describe('nextMondayNine', () => {
  it('is the next Monday at 09:00 in the organisation zone, strictly after now', () => {
    // Monday 30 Nov 2026, 08:59 in Paris (07:59Z): today 09:00 is still ahead.
    expect(nextMondayNine(at('2026-11-30T07:59:00Z'), 'Europe/Paris').toISOString()).toBe('2026-11-30T08:00:00.000Z');
    // At 09:00 sharp it is next week's.
    expect(nextMondayNine(at('2026-11-30T08:00:00Z'), 'Europe/Paris').toISOString()).toBe('2026-12-07T08:00:00.000Z');
    // From a Sunday.
    expect(nextMondayNine(at('2026-12-06T20:00:00Z'), 'America/New_York').toISOString()).toBe('2026-12-07T14:00:00.000Z');
  });

  it('follows daylight saving: the Monday after the spring change is 09:00 summer time', () => {
    // Paris moves to UTC+2 on Sunday 29 March 2026.
    expect(nextMondayNine(at('2026-03-28T12:00:00Z'), 'Europe/Paris').toISOString()).toBe('2026-03-30T07:00:00.000Z');
  });
});

describe('cron matching', () => {
  it('reads the schedules the jobs use, in the organisation zone', () => {
    const quarter = parseCron('*/15 * * * *');
    expect(cronMatches(quarter, at('2026-11-30T10:15:00Z'), 'Europe/Paris')).toBe(true);
    expect(cronMatches(quarter, at('2026-11-30T10:16:00Z'), 'Europe/Paris')).toBe(false);
    const mondayNine = parseCron('0 9 * * 1');
    expect(cronMatches(mondayNine, at('2026-11-30T08:00:00Z'), 'Europe/Paris')).toBe(true);
    expect(cronMatches(mondayNine, at('2026-11-30T09:00:00Z'), 'Europe/Paris')).toBe(false);
    expect(cronMatches(parseCron('0 0 * * 7'), at('2026-12-06T00:00:00Z'), 'UTC')).toBe(true); // 7 is Sunday too
  });

  it('refuses what it cannot read, naming the field', () => {
    expect(() => parseCron('61 * * * *')).toThrow(/minute/);
    expect(() => parseCron('* * *')).toThrow(/5 fields/);
    expect(() => parseCron('*/0 * * * *')).toThrow(/step/);
  });

  it('firesBetween looks at every minute of (after, at]', () => {
    const quarter = parseCron('*/15 * * * *');
    expect(firesBetween(quarter, at('2026-11-30T10:00:00Z'), at('2026-11-30T10:14:00Z'), 'UTC')).toBe(false);
    expect(firesBetween(quarter, at('2026-11-30T10:00:00Z'), at('2026-11-30T10:15:00Z'), 'UTC')).toBe(true);
  });
});

describe('sampleInstants', () => {
  it('is every minute up to an hour', () => {
    const s = sampleInstants(at('2026-11-30T10:00:30Z'), at('2026-11-30T10:03:10Z'), []);
    expect(s.map((d) => d.toISOString())).toEqual(['2026-11-30T10:01:00.000Z', '2026-11-30T10:02:00.000Z', '2026-11-30T10:03:00.000Z']);
  });

  it('beyond an hour: hours, the exact step times, and the target', () => {
    const s = sampleInstants(at('2026-11-30T10:00:00Z'), at('2026-11-30T12:07:00Z'), [at('2026-11-30T11:05:00Z'), at('2026-12-30T11:05:00Z')]);
    const iso = s.map((d) => d.toISOString());
    expect(iso).toContain('2026-11-30T11:00:00.000Z');
    expect(iso).not.toContain('2026-11-30T10:15:00.000Z');
    expect(iso).toContain('2026-11-30T11:05:00.000Z');
    expect(iso).not.toContain('2026-12-30T11:05:00.000Z');
    expect(iso[iso.length - 1]).toBe('2026-11-30T12:07:00.000Z');
    expect(iso).toEqual([...iso].sort());
    // A week is under two hundred runs, not ten thousand.
    expect(sampleInstants(at('2026-11-30T10:00:00Z'), at('2026-12-07T10:00:00Z'), []).length).toBe(168);
  });

  it('is empty when the target is not after now', () => {
    expect(sampleInstants(at('2026-11-30T10:00:00Z'), at('2026-11-30T10:00:40Z'), [])).toEqual([]);
  });
});
