import YAML from 'yaml';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config/errors.js';
import { parseOrgConfig } from '../../src/config/org.js';
import { formatUpcoming, lookbackMs, stepState, stepsBetween, stepsToSettle, upcoming } from '../../src/rituals/calendar.js';
import { buildOrgConfig, exampleOrgConfig } from '../helpers/org.js';

const org = exampleOrgConfig();
const zone = org.organisation.timezone;
const pam = org.rituals.filter((r) => r.key === 'pam');
const iso = (d: Date) => d.toISOString();

describe('ritual calendar from the example config', () => {
  it('ships the rituals of PRODUCT.md', () => {
    expect(org.rituals.map((r) => r.key)).toEqual(['pam', 'decision', 'weekly', 'breakfast', 'lunch', 'party', 'sync']);
  });

  it('places every PAM step of a week at its local time (Europe/Paris, winter)', () => {
    const steps = stepsBetween(pam, zone, new Date('2026-11-23T00:00:00Z'), new Date('2026-11-28T00:00:00Z'));
    expect(steps.map((s) => [s.step.key, iso(s.at)])).toEqual([
      ['open-signups', '2026-11-23T08:00:00.000Z'], // Monday 09:00 CET
      ['close-signups', '2026-11-24T08:00:00.000Z'],
      ['request-validation', '2026-11-24T08:00:00.000Z'], // same time: config order
      ['lock-agenda', '2026-11-24T17:00:00.000Z'], // Tuesday 18:00, 2 days before
      ['post-agenda', '2026-11-25T08:00:00.000Z'],
      ['remind', '2026-11-26T12:45:00.000Z'], // 15 min before Thursday 14:00 CET
      ['outcomes', '2026-11-26T15:00:00.000Z'],
    ]);
    expect(steps[0]?.claimKey).toBe('pam|2026-11-26T14:00|open-signups');
  });

  it('keeps wall-clock times across the spring-forward week', () => {
    // Sign-ups open Monday 23 March 2026 (CET), the meeting is Thursday 26 March; the next one is after the change.
    const steps = stepsBetween(pam, zone, new Date('2026-03-30T00:00:00Z'), new Date('2026-04-03T00:00:00Z'));
    const byKey = Object.fromEntries(steps.map((s) => [s.step.key, iso(s.at)]));
    expect(byKey['open-signups']).toBe('2026-03-30T07:00:00.000Z'); // 09:00 CEST
    expect(byKey['remind']).toBe('2026-04-02T11:45:00.000Z'); // 13:45 CEST
  });

  it('skips a holiday occurrence with all its steps, and only that one', () => {
    const withHoliday = buildOrgConfig({ organisation: { ...rawOrganisation(), holidays: ['2026-12-24'] } });
    const holidayPam = withHoliday.rituals.filter((r) => r.key === 'pam');
    const skips = () => new Set(withHoliday.organisation.holidays);
    const steps = stepsBetween(holidayPam, zone, new Date('2026-12-20T00:00:00Z'), new Date('2027-01-02T00:00:00Z'), skips);
    const occurrences = [...new Set(steps.map((s) => s.occurrence.key))];
    expect(occurrences).toEqual(['2026-12-31T14:00']);
  });
});

describe('due, too late and catch-up', () => {
  const week = stepsBetween(pam, zone, new Date('2026-11-23T00:00:00Z'), new Date('2026-11-28T00:00:00Z'));
  const step = (key: string) => {
    const s = week.find((x) => x.step.key === key);
    if (!s) throw new Error(`no step ${key}`);
    return s;
  };

  it('opening sign-ups late is still useful for two days', () => {
    const open = step('open-signups');
    expect(stepState(open, new Date('2026-11-23T07:59:59Z'))).toBe('future');
    expect(stepState(open, new Date('2026-11-23T08:00:00Z'))).toBe('due');
    expect(stepState(open, new Date('2026-11-25T07:59:00Z'))).toBe('due');
    expect(stepState(open, new Date('2026-11-25T08:00:00Z'))).toBe('too-late');
  });

  it('a "starts in 15 minutes" reminder is never sent after the start', () => {
    const remind = step('remind');
    expect(stepState(remind, new Date('2026-11-26T12:50:00Z'))).toBe('due');
    expect(stepState(remind, new Date('2026-11-26T12:55:00Z'))).toBe('too-late'); // 10-minute grace
    expect(iso(remind.lateAt)).toBe('2026-11-26T12:55:00.000Z');
  });

  it('a preparation step never runs after the meeting started, whatever its grace', () => {
    const late = buildOrgConfig({
      rituals: [{ key: 'x', name: 'X', channel: 'C0000PAMEET', durationMinutes: 60, recurrence: { rrule: 'FREQ=WEEKLY;BYDAY=TH', dtstart: '2026-01-01', time: '14:00' }, steps: [{ key: 'post', at: '-1h', action: 'post_agenda', graceMinutes: 600 }] }],
    }).rituals;
    const [post] = stepsBetween(late, zone, new Date('2026-11-26T00:00:00Z'), new Date('2026-11-27T00:00:00Z'));
    expect(post && iso(post.lateAt)).toBe('2026-11-26T13:00:00.000Z');
  });

  it('stepsToSettle looks back as far as the longest grace window, and not into the future', () => {
    const now = new Date('2026-11-26T12:50:00Z');
    const settle = stepsToSettle(pam, zone, now);
    expect(settle.every((s) => s.at <= now)).toBe(true);
    // Monday's open-signups is more than two days old: outside every grace window, not considered.
    expect(settle.map((s) => s.step.key)).toEqual(['lock-agenda', 'post-agenda', 'remind']);
    expect(lookbackMs(pam)).toBe(2 * 24 * 3_600_000 + 60_000);
  });
});

describe('operator view', () => {
  it('lists the next occurrences across rituals in local time', () => {
    const now = new Date('2026-11-21T10:00:00Z');
    const items = upcoming(org.rituals, zone, now, 4);
    expect(items.map((i) => `${i.ritual.key}@${i.occurrence.key}`)).toEqual([
      'sync@2026-11-24T11:00',
      'decision@2026-11-26T09:00',
      'pam@2026-11-26T14:00',
      'lunch@2026-11-27T12:30', // last Friday of November
    ]);
    const text = formatUpcoming(items, zone, now);
    expect(text).toContain('Thu 26 Nov 2026 14:00–16:00  Product Alignment Meeting (pam) in C0000PAMEET');
    expect(text).toContain('    Mon 23 Nov 09:00  open-signups         open_signups');
    expect(text).toContain('Fri 27 Nov 2026 12:30–14:00  Product Lunch (lunch)');
  });

  it('says so when nothing is configured', () => {
    expect(formatUpcoming([], zone, new Date())).toMatch(/No upcoming ritual occurrences/);
  });
});

describe('ritual config errors name the key', () => {
  const problems = (rituals: unknown[]) => {
    const raw = YAML.parse(YAML.stringify({ organisation: rawOrganisation(), rituals })) as unknown;
    try {
      parseOrgConfig(YAML.stringify(raw), 'cadence.yml');
    } catch (err) {
      if (err instanceof ConfigError) return err.problems;
      throw err;
    }
    throw new Error('expected a ConfigError');
  };
  const base = { key: 'pam', name: 'PAM', channel: 'C0000PAMEET', durationMinutes: 60, recurrence: { rrule: 'FREQ=WEEKLY;BYDAY=TH', dtstart: '2026-01-01', time: '14:00' }, steps: [] as unknown[] };

  it('a bad rule', () => {
    const [p] = problems([{ ...base, recurrence: { ...base.recurrence, rrule: 'FREQ=MONTHLY;BYDAY=9WE' } }]);
    expect(p).toMatch(/^cadence\.yml: rituals\[0\]\.recurrence: .*BYDAY "9WE": ordinal must be 1\.\.5 or -1\.\.-5/);
  });

  it('a bad step offset, an unknown action, a duplicate step key', () => {
    const found = problems([{ ...base, steps: [{ key: 'a', at: '3d', action: 'remind' }, { key: 'a', at: '-1d@09:00', action: 'shout' }] }]);
    expect(found.some((p) => p.startsWith('cadence.yml: rituals[0].steps[0].at: step "3d": add a sign'))).toBe(true);
    expect(found.some((p) => p.startsWith('cadence.yml: rituals[0].steps[1].action: expected one of "open_signups"'))).toBe(true);
  });

  it('duplicate ritual keys', () => {
    expect(problems([base, base])).toContain('cadence.yml: rituals[1].key: duplicate ritual key "pam" (already used at index 0)');
  });
});

function rawOrganisation() {
  return { name: 'Acme Product', timezone: 'Europe/Paris', language: 'en', holidays: [] as string[] };
}

describe('graceMinutes: 0 (issue 11 item 11)', () => {
  it('still lets a step run in its due minute, and only then', () => {
    const zone = 'Europe/Paris';
    const onTime = buildOrgConfig({
      rituals: [{ key: 'x', name: 'X', channel: 'C0000PAMEET', durationMinutes: 60, recurrence: { rrule: 'FREQ=WEEKLY;BYDAY=TH', dtstart: '2026-01-01', time: '14:00' }, steps: [{ key: 'post', at: '-1h', action: 'post_agenda', graceMinutes: 0 }] }],
    }).rituals;
    const [post] = stepsBetween(onTime, zone, new Date('2026-11-26T00:00:00Z'), new Date('2026-11-27T00:00:00Z'));
    if (!post) throw new Error('expected the step');
    expect(post.at.toISOString()).toBe('2026-11-26T12:00:00.000Z');
    expect(stepState(post, new Date('2026-11-26T12:00:00Z'))).toBe('due');
    expect(stepState(post, new Date('2026-11-26T12:00:59Z'))).toBe('due');
    expect(stepState(post, new Date('2026-11-26T12:01:00Z'))).toBe('too-late');
  });
});
