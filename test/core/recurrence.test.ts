import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import {
  type Occurrence,
  type Recurrence,
  type StepOffset,
  nextOccurrences,
  occurrencesBetween,
  parseRecurrence,
  parseStepOffset,
  stepInstant,
} from '../../src/core/recurrence/index.js';

const PARIS = 'Europe/Paris';
const NEW_YORK = 'America/New_York';

function buildRecurrence(overrides: { rrule: string; dtstart?: string; time?: string }): Recurrence {
  const result = parseRecurrence({ dtstart: '2026-01-01', time: '10:00', ...overrides });
  if (!result.ok) throw new Error(`fixture does not parse: ${result.error}`);
  return result.value;
}

function between(
  rec: Recurrence,
  from: string,
  to: string,
  zone = PARIS,
  skipDates?: ReadonlySet<string>,
): Occurrence[] {
  return occurrencesBetween(rec, zone, new Date(from), new Date(to), skipDates ? { skipDates } : {});
}

const dates = (occurrences: readonly Occurrence[]): string[] => occurrences.map((o) => o.localDate);
const instants = (occurrences: readonly Occurrence[]): string[] => occurrences.map((o) => o.start.toISOString());

/** Independent oracle: every local date in [from, to) that satisfies `keep`, walked day by day with luxon. */
function bruteForceDates(from: string, to: string, keep: (d: DateTime) => boolean): string[] {
  const out: string[] = [];
  const end = DateTime.fromISO(to, { zone: 'utc' });
  for (let d = DateTime.fromISO(from, { zone: 'utc' }); d < end; d = d.plus({ days: 1 })) {
    if (keep(d)) out.push(d.toISODate() ?? '');
  }
  return out;
}

function parseError(rrule: string, dtstart = '2026-01-01', time = '10:00'): string {
  const result = parseRecurrence({ rrule, dtstart, time });
  if (result.ok) throw new Error(`expected "${rrule}" to be rejected`);
  return result.error;
}

function step(text: string): StepOffset {
  const result = parseStepOffset(text);
  if (!result.ok) throw new Error(result.error);
  return result.value;
}

describe('weekly with INTERVAL (every other Friday)', () => {
  const rec = buildRecurrence({ rrule: 'FREQ=WEEKLY;INTERVAL=2;BYDAY=FR', dtstart: '2026-12-18', time: '10:00' });

  it('alternates from the anchor week across the year boundary', () => {
    expect(dates(between(rec, '2026-12-01T00:00Z', '2027-02-01T00:00Z'))).toEqual([
      '2026-12-18',
      '2027-01-01',
      '2027-01-15',
      '2027-01-29',
    ]);
  });

  it('keeps the parity for a window far from the anchor (jump-ahead path)', () => {
    const got = dates(between(rec, '2030-01-01T00:00Z', '2031-01-01T00:00Z'));
    const anchor = DateTime.fromISO('2026-12-18', { zone: 'utc' });
    const expected = bruteForceDates('2030-01-01', '2031-01-01', (d) => {
      const weeks = d.diff(anchor, 'days').days / 7;
      return d.weekday === 5 && weeks % 2 === 0;
    });
    expect(got).toEqual(expected);
    expect(got).toHaveLength(26);
  });

  it('parity is by Monday-started week, so any anchor day in the week gives the same series', () => {
    const anchoredMonday = buildRecurrence({ rrule: 'FREQ=WEEKLY;INTERVAL=2;BYDAY=FR', dtstart: '2026-12-14' });
    expect(dates(between(anchoredMonday, '2026-12-01T00:00Z', '2027-02-01T00:00Z'))).toEqual(
      dates(between(rec, '2026-12-01T00:00Z', '2027-02-01T00:00Z')),
    );
  });

  it('defaults to the weekday of dtstart when BYDAY is absent', () => {
    const noByDay = buildRecurrence({ rrule: 'FREQ=WEEKLY;INTERVAL=2', dtstart: '2026-12-18' });
    expect(dates(between(noByDay, '2026-12-01T00:00Z', '2027-01-20T00:00Z'))).toEqual([
      '2026-12-18',
      '2027-01-01',
      '2027-01-15',
    ]);
  });

  it('does not return days of the anchor week before dtstart', () => {
    const tueThu = buildRecurrence({ rrule: 'FREQ=WEEKLY;BYDAY=TU,TH', dtstart: '2026-01-08' });
    expect(dates(between(tueThu, '2026-01-01T00:00Z', '2026-01-15T00:00Z'))).toEqual(['2026-01-08', '2026-01-13']);
  });
});

describe('monthly with ordinal BYDAY', () => {
  it('1st and 3rd Wednesday over a whole year', () => {
    const rec = buildRecurrence({ rrule: 'FREQ=MONTHLY;BYDAY=1WE,3WE', dtstart: '2026-01-01' });
    const got = dates(between(rec, '2026-01-01T00:00Z', '2027-01-01T00:00Z'));
    expect(got).toEqual(
      bruteForceDates('2026-01-01', '2027-01-01', (d) => d.weekday === 3 && [1, 3].includes(Math.ceil(d.day / 7))),
    );
    expect(got).toHaveLength(24);
    expect(got.slice(0, 4)).toEqual(['2026-01-07', '2026-01-21', '2026-02-04', '2026-02-18']);
  });

  it('last Friday of the month, including months with five Fridays', () => {
    const rec = buildRecurrence({ rrule: 'FREQ=MONTHLY;BYDAY=-1FR', dtstart: '2026-01-01' });
    const got = dates(between(rec, '2026-01-01T00:00Z', '2028-01-01T00:00Z'));
    expect(got).toEqual(
      bruteForceDates('2026-01-01', '2028-01-01', (d) => d.weekday === 5 && d.plus({ days: 7 }).month !== d.month),
    );
    // January and May 2026 have five Fridays: the last one is the 5th, not the 4th.
    expect(got).toContain('2026-01-30');
    expect(got).toContain('2026-05-29');
    expect(got).toHaveLength(24);
  });

  it('5th Friday only in months that have one', () => {
    const rec = buildRecurrence({ rrule: 'FREQ=MONTHLY;BYDAY=5FR', dtstart: '2026-01-01' });
    expect(dates(between(rec, '2026-01-01T00:00Z', '2027-01-01T00:00Z'))).toEqual(
      bruteForceDates('2026-01-01', '2027-01-01', (d) => d.weekday === 5 && d.day > 28),
    );
  });

  it('second-to-last Monday (-2MO)', () => {
    const rec = buildRecurrence({ rrule: 'FREQ=MONTHLY;BYDAY=-2MO', dtstart: '2026-01-01' });
    expect(dates(between(rec, '2026-01-01T00:00Z', '2026-04-01T00:00Z'))).toEqual([
      '2026-01-19',
      '2026-02-16',
      '2026-03-23',
    ]);
  });

  it('plain BYDAY in MONTHLY means every such weekday; with BYMONTHDAY it limits (Friday the 13th)', () => {
    const everyMonday = buildRecurrence({ rrule: 'FREQ=MONTHLY;BYDAY=MO', dtstart: '2026-02-01' });
    expect(dates(between(everyMonday, '2026-02-01T00:00Z', '2026-03-01T00:00Z'))).toEqual([
      '2026-02-02',
      '2026-02-09',
      '2026-02-16',
      '2026-02-23',
    ]);
    const friday13 = buildRecurrence({ rrule: 'FREQ=MONTHLY;BYDAY=FR;BYMONTHDAY=13', dtstart: '2026-01-01' });
    expect(dates(between(friday13, '2026-01-01T00:00Z', '2027-01-01T00:00Z'))).toEqual([
      '2026-02-13',
      '2026-03-13',
      '2026-11-13',
    ]);
  });
});

describe('monthly with BYMONTH as a filter', () => {
  it('first Monday of January and July', () => {
    const rec = buildRecurrence({ rrule: 'FREQ=MONTHLY;BYMONTH=1,7;BYDAY=1MO', dtstart: '2026-01-01' });
    expect(dates(between(rec, '2026-01-01T00:00Z', '2027-12-31T00:00Z'))).toEqual([
      '2026-01-05',
      '2026-07-06',
      '2027-01-04',
      '2027-07-05',
    ]);
  });
});

describe('quarterly (FREQ=MONTHLY;INTERVAL=3)', () => {
  it('on the anchor day of month, every third month from the anchor month', () => {
    const rec = buildRecurrence({ rrule: 'FREQ=MONTHLY;INTERVAL=3', dtstart: '2026-02-15' });
    expect(dates(between(rec, '2026-01-01T00:00Z', '2027-06-01T00:00Z'))).toEqual([
      '2026-02-15',
      '2026-05-15',
      '2026-08-15',
      '2026-11-15',
      '2027-02-15',
      '2027-05-15',
    ]);
  });

  it('first Tuesday of each quarter, also when asked from far ahead', () => {
    const rec = buildRecurrence({ rrule: 'FREQ=MONTHLY;INTERVAL=3;BYDAY=1TU', dtstart: '2026-01-01' });
    expect(dates(between(rec, '2026-01-01T00:00Z', '2027-01-01T00:00Z'))).toEqual([
      '2026-01-06',
      '2026-04-07',
      '2026-07-07',
      '2026-10-06',
    ]);
    expect(dates(between(rec, '2031-01-01T00:00Z', '2032-01-01T00:00Z'))).toEqual([
      '2031-01-07',
      '2031-04-01',
      '2031-07-01',
      '2031-10-07',
    ]);
  });
});

describe('month-end days', () => {
  const window = (rec: Recurrence): string[] => dates(between(rec, '2027-01-01T00:00Z', '2029-01-01T00:00Z'));

  it('BYMONTHDAY=31 skips months without a 31st (RFC 5545), 7 per year', () => {
    const got = window(buildRecurrence({ rrule: 'FREQ=MONTHLY;BYMONTHDAY=31', dtstart: '2027-01-01' }));
    expect(got.filter((d) => d.startsWith('2027'))).toEqual([
      '2027-01-31',
      '2027-03-31',
      '2027-05-31',
      '2027-07-31',
      '2027-08-31',
      '2027-10-31',
      '2027-12-31',
    ]);
    expect(got).toHaveLength(14);
  });

  it('BYMONTHDAY=30 skips February only', () => {
    const got = window(buildRecurrence({ rrule: 'FREQ=MONTHLY;BYMONTHDAY=30', dtstart: '2027-01-01' }));
    expect(got).toHaveLength(22);
    expect(got.some((d) => d.slice(5, 7) === '02')).toBe(false);
  });

  it('BYMONTHDAY=29 hits February in leap year 2028 only', () => {
    const got = window(buildRecurrence({ rrule: 'FREQ=MONTHLY;BYMONTHDAY=29', dtstart: '2027-01-01' }));
    expect(got.filter((d) => d.slice(5, 7) === '02')).toEqual(['2028-02-29']);
    expect(got).toHaveLength(23);
  });

  it('an anchor on the 31st without BYMONTHDAY behaves like BYMONTHDAY=31', () => {
    const rec = buildRecurrence({ rrule: 'FREQ=MONTHLY', dtstart: '2027-01-31' });
    expect(dates(between(rec, '2027-01-01T00:00Z', '2027-06-01T00:00Z'))).toEqual([
      '2027-01-31',
      '2027-03-31',
      '2027-05-31',
    ]);
  });

  it('BYMONTHDAY=-1 is the last day of every month, Feb 28 in 2027 and Feb 29 in 2028', () => {
    const got = window(buildRecurrence({ rrule: 'FREQ=MONTHLY;BYMONTHDAY=-1', dtstart: '2027-01-01' }));
    expect(got).toHaveLength(24);
    expect(got.slice(0, 4)).toEqual(['2027-01-31', '2027-02-28', '2027-03-31', '2027-04-30']);
    expect(got).toContain('2028-02-29');
    expect(got).toEqual(
      bruteForceDates('2027-01-01', '2029-01-01', (d) => d.day === d.daysInMonth),
    );
  });

  it('BYMONTHDAY=-3,1 combines and sorts within the month', () => {
    const rec = buildRecurrence({ rrule: 'FREQ=MONTHLY;BYMONTHDAY=-3,1', dtstart: '2028-02-01' });
    expect(dates(between(rec, '2028-02-01T00:00Z', '2028-04-01T00:00Z'))).toEqual([
      '2028-02-01',
      '2028-02-27',
      '2028-03-01',
      '2028-03-29',
    ]);
  });
});

describe('yearly', () => {
  it('on Feb 29 recurs in leap years only', () => {
    const rec = buildRecurrence({ rrule: 'FREQ=YEARLY', dtstart: '2028-02-29' });
    expect(dates(between(rec, '2026-01-01T00:00Z', '2041-01-01T00:00Z'))).toEqual([
      '2028-02-29',
      '2032-02-29',
      '2036-02-29',
      '2040-02-29',
    ]);
    // 2100 is not a leap year: 2096 is followed by 2104.
    expect(dates(nextOccurrences(rec, PARIS, new Date('2095-01-01T00:00Z'), 2))).toEqual([
      '2096-02-29',
      '2104-02-29',
    ]);
  });

  it('with BYMONTH and an ordinal BYDAY: last Monday of May', () => {
    const rec = buildRecurrence({ rrule: 'FREQ=YEARLY;BYMONTH=5;BYDAY=-1MO', dtstart: '2026-01-01' });
    expect(dates(between(rec, '2026-01-01T00:00Z', '2029-01-01T00:00Z'))).toEqual([
      '2026-05-25',
      '2027-05-31',
      '2028-05-29',
    ]);
  });

  it('with BYMONTH only keeps the anchor day; with BYMONTHDAY only runs in every month', () => {
    const twice = buildRecurrence({ rrule: 'FREQ=YEARLY;BYMONTH=3,9', dtstart: '2026-01-10' });
    expect(dates(between(twice, '2026-01-01T00:00Z', '2027-01-01T00:00Z'))).toEqual(['2026-03-10', '2026-09-10']);
    const firsts = buildRecurrence({ rrule: 'FREQ=YEARLY;BYMONTHDAY=1', dtstart: '2026-01-01' });
    expect(between(firsts, '2026-01-01T00:00Z', '2027-01-01T00:00Z')).toHaveLength(12);
  });

  it('with a plain BYDAY and no BYMONTH runs on every such weekday of the year', () => {
    const rec = buildRecurrence({ rrule: 'FREQ=YEARLY;BYDAY=MO', dtstart: '2026-01-01' });
    expect(between(rec, '2026-01-01T00:00Z', '2027-01-01T00:00Z')).toHaveLength(52);
  });

  it('every 2 years from the anchor year', () => {
    const rec = buildRecurrence({ rrule: 'FREQ=YEARLY;INTERVAL=2', dtstart: '2027-06-01' });
    expect(dates(between(rec, '2026-01-01T00:00Z', '2032-01-01T00:00Z'))).toEqual([
      '2027-06-01',
      '2029-06-01',
      '2031-06-01',
    ]);
  });
});

describe('daily', () => {
  it('with BYDAY as a filter: working days', () => {
    const rec = buildRecurrence({ rrule: 'FREQ=DAILY;BYDAY=MO,TU,WE,TH,FR', dtstart: '2026-01-01' });
    expect(dates(between(rec, '2026-01-01T00:00Z', '2026-01-08T00:00Z'))).toEqual([
      '2026-01-01',
      '2026-01-02',
      '2026-01-05',
      '2026-01-06',
      '2026-01-07',
    ]);
  });

  it('every 3 days, BYMONTH limits', () => {
    const rec = buildRecurrence({ rrule: 'FREQ=DAILY;INTERVAL=3;BYMONTH=2', dtstart: '2026-01-30' });
    expect(dates(between(rec, '2026-01-01T00:00Z', '2026-03-10T00:00Z'))).toEqual([
      '2026-02-02',
      '2026-02-05',
      '2026-02-08',
      '2026-02-11',
      '2026-02-14',
      '2026-02-17',
      '2026-02-20',
      '2026-02-23',
      '2026-02-26',
    ]);
  });
});

describe('DST: wall clock stays, UTC instants move (Rule 1)', () => {
  it('weekly Thursday 14:00 Europe/Paris across 2026-03-29 and 2026-10-25', () => {
    const rec = buildRecurrence({ rrule: 'FREQ=WEEKLY;BYDAY=TH', dtstart: '2026-01-01', time: '14:00' });
    const spring = between(rec, '2026-03-20T00:00Z', '2026-04-05T00:00Z');
    expect(spring.map((o) => [o.localDate, o.start.toISOString()])).toEqual([
      ['2026-03-26', '2026-03-26T13:00:00.000Z'],
      ['2026-04-02', '2026-04-02T12:00:00.000Z'],
    ]);
    const autumn = between(rec, '2026-10-20T00:00Z', '2026-11-01T00:00Z');
    expect(autumn.map((o) => [o.localDate, o.start.toISOString()])).toEqual([
      ['2026-10-22', '2026-10-22T12:00:00.000Z'],
      ['2026-10-29', '2026-10-29T13:00:00.000Z'],
    ]);
    for (const o of [...spring, ...autumn]) {
      expect(DateTime.fromJSDate(o.start, { zone: PARIS }).toFormat('EEE HH:mm')).toBe('Thu 14:00');
      expect(o.key).toBe(`${o.localDate}T14:00`);
    }
  });
});

describe('DST gap (Rule 2) and overlap (Rule 3)', () => {
  const daily0230 = buildRecurrence({ rrule: 'FREQ=DAILY', dtstart: '2026-01-01', time: '02:30' });

  it('Paris spring forward: 02:30 runs at 03:00 CEST, not luxon\'s 03:30', () => {
    const got = between(daily0230, '2026-03-27T12:00Z', '2026-03-30T12:00Z');
    expect(got.map((o) => [o.localDate, o.start.toISOString(), o.key])).toEqual([
      ['2026-03-28', '2026-03-28T01:30:00.000Z', '2026-03-28T02:30'],
      ['2026-03-29', '2026-03-29T01:00:00.000Z', '2026-03-29T02:30'],
      ['2026-03-30', '2026-03-30T00:30:00.000Z', '2026-03-30T02:30'],
    ]);
    expect(DateTime.fromJSDate(got[1]?.start ?? new Date(NaN), { zone: PARIS }).toFormat('HH:mm ZZ')).toBe(
      '03:00 +02:00',
    );
    // The behaviour we deliberately do not copy:
    expect(DateTime.fromObject({ year: 2026, month: 3, day: 29, hour: 2, minute: 30 }, { zone: PARIS }).toFormat('HH:mm')).toBe(
      '03:30',
    );
  });

  it('every time inside the gap maps to the first minute after it, keeping order', () => {
    const at = (time: string): string =>
      between(
        buildRecurrence({ rrule: 'FREQ=DAILY', dtstart: '2026-03-29', time }),
        '2026-03-28T00:00Z',
        '2026-03-30T00:00Z',
      )[0]?.start.toISOString() ?? '';
    expect(at('01:59')).toBe('2026-03-29T00:59:00.000Z');
    expect(at('02:00')).toBe('2026-03-29T01:00:00.000Z');
    expect(at('02:59')).toBe('2026-03-29T01:00:00.000Z');
    expect(at('03:00')).toBe('2026-03-29T01:00:00.000Z');
    expect(at('03:01')).toBe('2026-03-29T01:01:00.000Z');
  });

  it('Paris fall back: 02:30 happens twice on the wall clock but runs once, at the first (CEST) one', () => {
    const got = between(daily0230, '2026-10-24T00:00Z', '2026-10-27T00:00Z');
    expect(got.map((o) => [o.localDate, o.start.toISOString()])).toEqual([
      ['2026-10-24', '2026-10-24T00:30:00.000Z'],
      ['2026-10-25', '2026-10-25T00:30:00.000Z'],
      ['2026-10-26', '2026-10-26T01:30:00.000Z'],
    ]);
    // luxon alone would pick the second pass (+01:00), an hour later.
    expect(
      DateTime.fromObject({ year: 2026, month: 10, day: 25, hour: 2, minute: 30 }, { zone: PARIS }).toUTC().toISO(),
    ).toBe('2026-10-25T01:30:00.000Z');
  });

  it('New York spring forward 2026-03-08: 02:30 runs at 03:00 EDT', () => {
    const got = between(daily0230, '2026-03-07T00:00Z', '2026-03-10T00:00Z', NEW_YORK);
    expect(got.map((o) => [o.localDate, o.start.toISOString()])).toEqual([
      ['2026-03-07', '2026-03-07T07:30:00.000Z'],
      ['2026-03-08', '2026-03-08T07:00:00.000Z'],
      ['2026-03-09', '2026-03-09T06:30:00.000Z'],
    ]);
  });

  it('New York fall back 2026-11-01: 02:30 is unambiguous there, 01:30 is the repeated hour', () => {
    expect(instants(between(daily0230, '2026-10-31T12:00Z', '2026-11-02T00:00Z', NEW_YORK))).toEqual([
      '2026-11-01T07:30:00.000Z',
    ]);
    const daily0130 = buildRecurrence({ rrule: 'FREQ=DAILY', dtstart: '2026-01-01', time: '01:30' });
    expect(instants(between(daily0130, '2026-10-31T00:00Z', '2026-11-03T00:00Z', NEW_YORK))).toEqual([
      '2026-10-31T05:30:00.000Z',
      '2026-11-01T05:30:00.000Z', // 01:30 EDT, the first pass; 06:30Z (EST) is not returned
      '2026-11-02T06:30:00.000Z',
    ]);
  });

  it('half-hour DST shift (Australia/Lord_Howe) and midnight transitions (America/Santiago)', () => {
    const at = (time: string, dtstart: string, zone: string): string =>
      nextOccurrences(buildRecurrence({ rrule: 'FREQ=DAILY', dtstart, time }), zone, new Date(`${dtstart}T00:00+14:00`), 1, {})
        .map((o) => o.start.toISOString())
        .join();
    // Lord Howe jumps 02:00 -> 02:30 and falls back 02:00 -> 01:30.
    expect(at('02:15', '2026-10-04', 'Australia/Lord_Howe')).toBe('2026-10-03T15:30:00.000Z');
    expect(at('01:45', '2026-04-05', 'Australia/Lord_Howe')).toBe('2026-04-04T14:45:00.000Z');
    // Santiago skips midnight (00:00 -> 01:00) and repeats 23:00-24:00 the evening before falling back.
    expect(at('00:30', '2026-09-06', 'America/Santiago')).toBe('2026-09-06T04:00:00.000Z');
    expect(at('23:30', '2026-04-04', 'America/Santiago')).toBe('2026-04-05T02:30:00.000Z');
  });

  it('a whole missing day (Samoa skipped 2011-12-30) runs at the first minute after it, keeping its date and key', () => {
    const rec = buildRecurrence({ rrule: 'FREQ=DAILY', dtstart: '2011-12-28', time: '09:00' });
    const got = between(rec, '2011-12-29T00:00Z', '2011-12-31T00:00Z', 'Pacific/Apia');
    expect(got.map((o) => [o.localDate, o.start.toISOString(), o.key])).toEqual([
      ['2011-12-29', '2011-12-29T19:00:00.000Z', '2011-12-29T09:00'],
      ['2011-12-30', '2011-12-30T10:00:00.000Z', '2011-12-30T09:00'], // 2011-12-31 00:00 local
      ['2011-12-31', '2011-12-30T19:00:00.000Z', '2011-12-31T09:00'],
    ]);
  });
});

describe('steps (Rules 4 and 5)', () => {
  const pam = buildRecurrence({ rrule: 'FREQ=WEEKLY;BYDAY=TH', dtstart: '2026-01-01', time: '14:00' });
  const firstAfter = (rec: Recurrence, iso: string, zone = PARIS): Date => {
    const occurrence = nextOccurrences(rec, zone, new Date(iso), 1)[0];
    if (!occurrence) throw new Error('no occurrence');
    return occurrence.start;
  };
  const local = (d: Date, zone = PARIS): string => DateTime.fromJSDate(d, { zone }).toFormat("yyyy-MM-dd HH:mm ZZ");

  it('day steps keep the wall-clock time across the spring DST change', () => {
    const thursday = firstAfter(pam, '2026-03-31T00:00Z'); // 2026-04-02 14:00 CEST
    expect(local(stepInstant(thursday, PARIS, step('-3d@09:00')))).toBe('2026-03-30 09:00 +02:00');
    expect(local(stepInstant(thursday, PARIS, step('-2d@18:00')))).toBe('2026-03-31 18:00 +02:00');
    // Crosses the change: the Friday before is still in winter time.
    expect(local(stepInstant(thursday, PARIS, step('-6d@09:00')))).toBe('2026-03-27 09:00 +01:00');
    expect(stepInstant(thursday, PARIS, step('-6d@09:00')).toISOString()).toBe('2026-03-27T08:00:00.000Z');
  });

  it('day steps keep the wall-clock time across the autumn change', () => {
    const thursday = firstAfter(pam, '2026-10-27T00:00Z'); // 2026-10-29 14:00 CET
    expect(local(stepInstant(thursday, PARIS, step('-7d@14:00')))).toBe('2026-10-22 14:00 +02:00');
    expect(local(stepInstant(thursday, PARIS, step('+1d@09:00')))).toBe('2026-10-30 09:00 +01:00');
  });

  it('day steps cross month, leap-day and year boundaries', () => {
    const monthly = buildRecurrence({ rrule: 'FREQ=MONTHLY;BYMONTHDAY=1', dtstart: '2026-01-01', time: '10:00' });
    expect(local(stepInstant(firstAfter(monthly, '2028-02-15T00:00Z'), PARIS, step('-1d@17:00')))).toBe(
      '2028-02-29 17:00 +01:00',
    );
    expect(local(stepInstant(firstAfter(monthly, '2027-02-15T00:00Z'), PARIS, step('-1d@17:00')))).toBe(
      '2027-02-28 17:00 +01:00',
    );
    expect(local(stepInstant(firstAfter(monthly, '2026-12-15T00:00Z'), PARIS, step('-3d@09:00')))).toBe(
      '2026-12-29 09:00 +01:00',
    );
    expect(local(stepInstant(firstAfter(monthly, '2026-04-15T00:00Z'), PARIS, step('+30d@09:00')))).toBe(
      '2026-05-31 09:00 +02:00',
    );
  });

  it('day steps landing in a gap or overlap follow Rules 2 and 3', () => {
    const monday = firstAfter(buildRecurrence({ rrule: 'FREQ=WEEKLY;BYDAY=MO', dtstart: '2026-01-01' }), '2026-03-29T12:00Z');
    expect(stepInstant(monday, PARIS, step('-1d@02:30')).toISOString()).toBe('2026-03-29T01:00:00.000Z');
    const autumnMonday = firstAfter(
      buildRecurrence({ rrule: 'FREQ=WEEKLY;BYDAY=MO', dtstart: '2026-01-01' }),
      '2026-10-25T12:00Z',
    );
    expect(stepInstant(autumnMonday, PARIS, step('-1d@02:30')).toISOString()).toBe('2026-10-25T00:30:00.000Z');
  });

  it('minute and hour steps are elapsed time, also across a DST change', () => {
    const thursday = firstAfter(pam, '2026-03-31T00:00Z');
    expect(stepInstant(thursday, PARIS, step('-15m')).toISOString()).toBe('2026-04-02T11:45:00.000Z');
    expect(stepInstant(thursday, PARIS, step('+2h')).toISOString()).toBe('2026-04-02T14:00:00.000Z');
    expect(stepInstant(thursday, PARIS, step('+0m')).getTime()).toBe(thursday.getTime());

    // A 2-hour meeting starting 01:30 CEST on fall-back night ends at 02:30 CET: 2 real hours, 1 on the wall.
    const night = firstAfter(
      buildRecurrence({ rrule: 'FREQ=DAILY', dtstart: '2026-10-25', time: '01:30' }),
      '2026-10-24T12:00Z',
    );
    expect(night.toISOString()).toBe('2026-10-24T23:30:00.000Z');
    expect(local(stepInstant(night, PARIS, step('+2h')))).toBe('2026-10-25 02:30 +01:00');

    // 15 minutes before an occurrence pushed to 03:00 by the gap is 01:45 winter time.
    const shifted = firstAfter(
      buildRecurrence({ rrule: 'FREQ=DAILY', dtstart: '2026-03-29', time: '02:30' }),
      '2026-03-28T12:00Z',
    );
    expect(local(stepInstant(shifted, PARIS, step('-15m')))).toBe('2026-03-29 01:45 +01:00');
  });

  it('accepts hand-built offsets and rejects malformed ones', () => {
    const thursday = firstAfter(pam, '2026-03-31T00:00Z');
    expect(stepInstant(thursday, PARIS, { hours: -1 }).toISOString()).toBe('2026-04-02T11:00:00.000Z');
    expect(() => stepInstant(thursday, PARIS, { days: 1, at: '9am' })).toThrow(/parseStepOffset/);
    expect(() => stepInstant(thursday, PARIS, { days: 0.5, at: '09:00' })).toThrow(/parseStepOffset/);
    expect(() => stepInstant(thursday, PARIS, { minutes: Number.NaN })).toThrow(/parseStepOffset/);
    expect(() => stepInstant(thursday, 'Mars/Olympus', { minutes: 1 })).toThrow(/Unknown IANA time zone "Mars\/Olympus"/);
  });
});

describe('parseStepOffset', () => {
  it.each<[string, StepOffset]>([
    ['-3d@09:00', { days: -3, at: '09:00' }],
    ['-2d@18:00', { days: -2, at: '18:00' }],
    ['+1d@23:59', { days: 1, at: '23:59' }],
    ['0d@00:00', { days: 0, at: '00:00' }],
    ['-15m', { minutes: -15 }],
    ['+2h', { hours: 2 }],
    ['+0m', { minutes: 0 }],
    ['-0m', { minutes: 0 }],
    ['0m', { minutes: 0 }],
    ['  -1D@08:30 ', { days: -1, at: '08:30' }],
  ])('parses %s', (text, expected) => {
    expect(parseStepOffset(text)).toEqual({ ok: true, value: expected });
  });

  it.each([
    ['', 'step "": expected -3d@09:00'],
    ['soon', 'step "soon": expected -3d@09:00 (3 days before, at 09:00), -15m (15 minutes before the start), +2h'],
    ['-3w', 'step "-3w": expected'],
    ['-1.5h', 'step "-1.5h": expected'],
    ['15m', 'step "15m": add a sign, "-15m" (before the start) or "+15m" (after)'],
    ['-3d', 'step "-3d": a day offset needs a time of day, e.g. -3d@09:00'],
    ['-3d@9:00', 'step "-3d@9:00": time "9:00" must be HH:mm from 00:00 to 23:59'],
    ['-3d@24:00', 'step "-3d@24:00": time "24:00" must be HH:mm'],
    ['-3d@', 'step "-3d@": time "" must be HH:mm'],
    ['-15m@09:00', 'step "-15m@09:00": "@time" only goes with a day offset (e.g. -1d@09:00); minutes count from the start'],
    ['+2h@10:00', 'hours count from the start'],
    ['-400d@09:00', 'step "-400d@09:00": at most 366 days before or after'],
    ['+9000h', 'at most 8784 hours'],
    ['-600000m', 'at most 527040 minutes'],
  ])('rejects %j', (text, message) => {
    const result = parseStepOffset(text);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toContain(message);
  });
});

describe('COUNT and UNTIL', () => {
  it('COUNT counts from dtstart, not from the window', () => {
    const rec = buildRecurrence({ rrule: 'FREQ=MONTHLY;BYDAY=1WE,3WE;COUNT=5', dtstart: '2026-01-01' });
    // Jan 7, Jan 21, Feb 4 are the first three of the five.
    expect(dates(between(rec, '2026-02-10T00:00Z', '2030-01-01T00:00Z'))).toEqual(['2026-02-18', '2026-03-04']);
    expect(nextOccurrences(rec, PARIS, new Date('2026-03-04T12:00Z'), 10)).toEqual([]);
  });

  it('a skipped occurrence still uses up the COUNT (like EXDATE)', () => {
    const rec = buildRecurrence({ rrule: 'FREQ=WEEKLY;BYDAY=TH;COUNT=3', dtstart: '2026-01-01' });
    expect(
      dates(between(rec, '2026-01-01T00:00Z', '2027-01-01T00:00Z', PARIS, new Set(['2026-01-08']))),
    ).toEqual(['2026-01-01', '2026-01-15']);
  });

  it('UNTIL as a local date is inclusive', () => {
    const rec = buildRecurrence({ rrule: 'FREQ=WEEKLY;BYDAY=TH;UNTIL=20260115', dtstart: '2026-01-01', time: '23:30' });
    expect(dates(between(rec, '2025-01-01T00:00Z', '2027-01-01T00:00Z'))).toEqual([
      '2026-01-01',
      '2026-01-08',
      '2026-01-15',
    ]);
  });

  it('UNTIL as a UTC instant is inclusive to the minute', () => {
    // Thursday 14:00 Paris = 13:00Z in January.
    const exact = buildRecurrence({ rrule: 'FREQ=WEEKLY;BYDAY=TH;UNTIL=20260115T130000Z', dtstart: '2026-01-01', time: '14:00' });
    expect(dates(between(exact, '2026-01-01T00:00Z', '2027-01-01T00:00Z'))).toEqual(['2026-01-01', '2026-01-08', '2026-01-15']);
    const before = buildRecurrence({ rrule: 'FREQ=WEEKLY;BYDAY=TH;UNTIL=20260115T125959Z', dtstart: '2026-01-01', time: '14:00' });
    expect(dates(between(before, '2026-01-01T00:00Z', '2027-01-01T00:00Z'))).toEqual(['2026-01-01', '2026-01-08']);
  });

  it('UNTIL in UTC can end a series on the next local date east of UTC', () => {
    // 2026-01-15T23:30Z is already 2026-01-16 00:30 in Paris, where this daily ritual runs at 00:15.
    const rec = buildRecurrence({ rrule: 'FREQ=DAILY;UNTIL=20260115T233000Z', dtstart: '2026-01-14', time: '00:15' });
    expect(dates(between(rec, '2026-01-01T00:00Z', '2026-02-01T00:00Z'))).toEqual([
      '2026-01-14',
      '2026-01-15',
      '2026-01-16',
    ]);
  });
});

describe('skips (holidays and one-offs)', () => {
  const rec = buildRecurrence({ rrule: 'FREQ=WEEKLY;BYDAY=TH', dtstart: '2026-01-01', time: '14:00' });

  it('drops occurrences on skipped local dates', () => {
    const skip = new Set(['2026-05-14', '2026-12-24', '2026-05-15']);
    expect(dates(between(rec, '2026-05-01T00:00Z', '2026-06-01T00:00Z', PARIS, skip))).toEqual([
      '2026-05-07',
      '2026-05-21',
      '2026-05-28',
    ]);
  });

  it('nextOccurrences looks past skipped dates to fill the count', () => {
    const skip = new Set(['2026-05-07', '2026-05-14']);
    expect(dates(nextOccurrences(rec, PARIS, new Date('2026-05-01T00:00Z'), 2, { skipDates: skip }))).toEqual([
      '2026-05-21',
      '2026-05-28',
    ]);
  });

  it('matches on the local date, not the UTC date', () => {
    // 00:30 in Paris on 2026-05-14 is still 2026-05-13 in UTC.
    const early = buildRecurrence({ rrule: 'FREQ=WEEKLY;BYDAY=TH', dtstart: '2026-01-01', time: '00:30' });
    const got = between(early, '2026-05-10T00:00Z', '2026-05-20T00:00Z', PARIS, new Set(['2026-05-13']));
    expect(instants(got)).toEqual(['2026-05-13T22:30:00.000Z']);
    expect(between(early, '2026-05-10T00:00Z', '2026-05-20T00:00Z', PARIS, new Set(['2026-05-14']))).toEqual([]);
  });
});

describe('ranges and nextOccurrences', () => {
  const rec = buildRecurrence({ rrule: 'FREQ=WEEKLY;BYDAY=TH', dtstart: '2026-01-01', time: '14:00' });
  const thursday = new Date('2026-01-08T13:00:00.000Z');

  it('occurrencesBetween is [from, to): consecutive windows tile without duplicates', () => {
    expect(dates(between(rec, thursday.toISOString(), '2026-01-15T13:00:00.000Z'))).toEqual(['2026-01-08']);
    expect(dates(between(rec, '2026-01-15T13:00:00.000Z', '2026-01-22T13:00:00.000Z'))).toEqual(['2026-01-15']);
    expect(between(rec, '2026-01-15T13:00:00.000Z', '2026-01-15T13:00:00.000Z')).toEqual([]);
    expect(between(rec, '2026-02-01T00:00Z', '2026-01-01T00:00Z')).toEqual([]);
  });

  it('nextOccurrences is strictly after `after`, so paging with the last start never repeats', () => {
    const page1 = nextOccurrences(rec, PARIS, new Date(thursday.getTime() - 1), 2);
    expect(dates(page1)).toEqual(['2026-01-08', '2026-01-15']);
    const last = page1[1];
    if (!last) throw new Error('missing page');
    const page2 = nextOccurrences(rec, PARIS, last.start, 2);
    expect(dates(page2)).toEqual(['2026-01-22', '2026-01-29']);
    expect(dates(nextOccurrences(rec, PARIS, thursday, 1))).toEqual(['2026-01-15']);
    expect(nextOccurrences(rec, PARIS, thursday, 0)).toEqual([]);
  });

  it('returns the same occurrence objects from both functions', () => {
    const viaNext = nextOccurrences(rec, PARIS, new Date('2026-01-01T00:00Z'), 5);
    const viaRange = between(rec, '2026-01-01T00:00Z', '2026-01-30T00:00Z');
    expect(viaNext).toEqual(viaRange);
    expect(viaNext[0]).toEqual({ localDate: '2026-01-01', start: new Date('2026-01-01T13:00:00.000Z'), key: '2026-01-01T14:00' });
  });

  it('does not return anything before dtstart', () => {
    expect(dates(between(rec, '2020-01-01T00:00Z', '2026-01-09T00:00Z'))).toEqual(['2026-01-01', '2026-01-08']);
    expect(dates(nextOccurrences(rec, PARIS, new Date('2000-01-01T00:00Z'), 1))).toEqual(['2026-01-01']);
  });

  it('10 years of weekly occurrences: the right count, every one at 14:00 local', () => {
    const got = between(rec, '2026-01-01T00:00Z', '2036-01-01T00:00Z');
    expect(got).toHaveLength(522);
    expect(dates(got)).toEqual(bruteForceDates('2026-01-01', '2036-01-01', (d) => d.weekday === 4));
    expect(new Set(got.map((o) => o.key)).size).toBe(522);
    expect(got.every((o) => DateTime.fromJSDate(o.start, { zone: PARIS }).toFormat('HH:mm') === '14:00')).toBe(true);
    expect(nextOccurrences(rec, PARIS, new Date('2026-01-01T00:00Z'), 522)).toEqual(got);
  });

  it('10 years of daily occurrences in New York, DST days included', () => {
    const daily = buildRecurrence({ rrule: 'FREQ=DAILY', dtstart: '2026-01-01', time: '02:30' });
    const got = between(daily, '2026-01-01T00:00Z', '2036-01-01T00:00Z', NEW_YORK);
    expect(got).toHaveLength(3652);
    for (let i = 1; i < got.length; i++) {
      const prev = got[i - 1];
      const cur = got[i];
      if (prev && cur) expect(cur.start.getTime()).toBeGreaterThan(prev.start.getTime());
    }
  });

  it('a rule with rare matches still finds them (Monday Feb 29)', () => {
    const rare = buildRecurrence({ rrule: 'FREQ=DAILY;BYMONTH=2;BYMONTHDAY=29;BYDAY=MO', dtstart: '2026-01-01' });
    expect(dates(nextOccurrences(rare, PARIS, new Date('2026-01-01T00:00Z'), 3))).toEqual([
      '2044-02-29',
      '2072-02-29',
      '2112-02-29',
    ]);
  });

  it('rejects bad runtime arguments loudly', () => {
    expect(() => between(rec, '2026-01-01T00:00Z', '2026-02-01T00:00Z', 'Europe/Pariss')).toThrow(
      'Unknown IANA time zone "Europe/Pariss"',
    );
    expect(() => occurrencesBetween(rec, PARIS, new Date('nope'), new Date())).toThrow('from is an invalid Date');
    expect(() => nextOccurrences(rec, PARIS, new Date(), -1)).toThrow('count must be a whole number');
    expect(() => nextOccurrences(rec, PARIS, new Date(), 1.5)).toThrow('count must be a whole number');
  });
});

describe('parseRecurrence', () => {
  it('normalises case, an RRULE: prefix, WKST=MO and stray semicolons', () => {
    const result = parseRecurrence({ rrule: ' RRULE:freq=monthly;byday=1we,+3WE;wkst=MO; ', dtstart: '2026-01-01', time: '09:30' });
    expect(result).toEqual({
      ok: true,
      value: {
        rrule: 'RRULE:freq=monthly;byday=1we,+3WE;wkst=MO;',
        dtstart: '2026-01-01',
        time: '09:30',
        freq: 'MONTHLY',
        interval: 1,
        byDay: [
          { weekday: 'WE', ordinal: 1 },
          { weekday: 'WE', ordinal: 3 },
        ],
        byMonthDay: [],
        byMonth: [],
        count: null,
        until: null,
      },
    });
  });

  it('keeps UNTIL in both forms', () => {
    const date = buildRecurrence({ rrule: 'FREQ=DAILY;UNTIL=20261231' });
    expect(date.until).toEqual({ kind: 'date', date: '2026-12-31' });
    const instant = buildRecurrence({ rrule: 'FREQ=DAILY;UNTIL=20261231T230000Z' });
    expect(instant.until).toEqual({ kind: 'instant', at: '2026-12-31T23:00:00.000Z' });
  });

  it.each([
    // structure
    ['', 'rrule is empty: expected e.g. "FREQ=WEEKLY;BYDAY=TH"'],
    ['FREQWEEKLY', '"FREQWEEKLY": expected KEY=VALUE, e.g. FREQ=WEEKLY'],
    ['FREQ=WEEKLY;FREQ=DAILY', 'FREQ appears more than once'],
    ['BYDAY=TH', 'FREQ is missing: add FREQ=DAILY, WEEKLY, MONTHLY or YEARLY'],
    ['FREQ=HOURLY', 'FREQ "HOURLY": supported values are DAILY, WEEKLY, MONTHLY, YEARLY'],
    ['FREQ=FORTNIGHTLY', 'FREQ "FORTNIGHTLY": supported values are DAILY, WEEKLY, MONTHLY, YEARLY'],
    ['FREQ=WEEKLY;COLOR=BLUE', 'unknown rule part "COLOR" (supported: FREQ, INTERVAL, BYDAY, BYMONTHDAY, BYMONTH, COUNT, UNTIL)'],
    // deliberately unsupported RFC 5545 parts
    ['FREQ=MONTHLY;BYDAY=FR;BYSETPOS=-1', 'BYSETPOS is not supported: use an ordinal in BYDAY instead, e.g. BYDAY=-1FR'],
    ['FREQ=DAILY;BYHOUR=9', 'BYHOUR is not supported: set the time of day with the ritual\'s "time" field instead'],
    ['FREQ=DAILY;BYMINUTE=30', 'BYMINUTE is not supported'],
    ['FREQ=DAILY;BYSECOND=0', 'BYSECOND is not supported'],
    ['FREQ=YEARLY;BYYEARDAY=100', 'BYYEARDAY is not supported: use BYMONTH with BYMONTHDAY instead'],
    ['FREQ=YEARLY;BYWEEKNO=20', 'BYWEEKNO is not supported'],
    ['FREQ=WEEKLY;WKST=SU', 'WKST is not supported: weeks always start on Monday'],
    ['FREQ=MONTHLY;RSCALE=HEBREW', 'RSCALE is not supported'],
    ['FREQ=MONTHLY;SKIP=FORWARD', 'SKIP is not supported'],
    ['DTSTART=20260101;FREQ=DAILY', 'DTSTART is not supported: give the anchor date in the ritual\'s "dtstart" field instead'],
    // values
    ['FREQ=WEEKLY;INTERVAL=0', 'INTERVAL "0": must be a whole number from 1 to 1000'],
    ['FREQ=WEEKLY;INTERVAL=-2', 'INTERVAL "-2": must be a whole number from 1 to 1000'],
    ['FREQ=WEEKLY;INTERVAL=two', 'INTERVAL "TWO": must be a whole number from 1 to 1000'],
    ['FREQ=WEEKLY;INTERVAL=1001', 'INTERVAL "1001": must be a whole number from 1 to 1000'],
    ['FREQ=WEEKLY;INTERVAL=', 'INTERVAL "": must be a whole number'],
    ['FREQ=WEEKLY;COUNT=0', 'COUNT "0": must be a whole number from 1 to 100000'],
    ['FREQ=WEEKLY;COUNT=1.5', 'COUNT "1.5": must be a whole number'],
    ['FREQ=YEARLY;BYMONTH=13', 'BYMONTH "13": month must be 1..12'],
    ['FREQ=YEARLY;BYMONTH=0', 'BYMONTH "0": month must be 1..12'],
    ['FREQ=YEARLY;BYMONTH=JAN', 'BYMONTH "JAN": expected a whole number'],
    ['FREQ=MONTHLY;BYMONTHDAY=0', 'BYMONTHDAY "0": day must be 1..31, or -1..-31 counted from the end of the month'],
    ['FREQ=MONTHLY;BYMONTHDAY=32', 'BYMONTHDAY "32": day must be 1..31'],
    ['FREQ=MONTHLY;BYMONTHDAY=-32', 'BYMONTHDAY "-32": day must be 1..31'],
    ['FREQ=MONTHLY;BYMONTHDAY=1,,15', 'BYMONTHDAY "": expected a whole number'],
    ['FREQ=MONTHLY;BYDAY=9WE', 'BYDAY "9WE": ordinal must be 1..5 or -1..-5'],
    ['FREQ=MONTHLY;BYDAY=0WE', 'BYDAY "0WE": ordinal must be 1..5 or -1..-5'],
    ['FREQ=MONTHLY;BYDAY=-6FR', 'BYDAY "-6FR": ordinal must be 1..5 or -1..-5'],
    ['FREQ=MONTHLY;BYDAY=WED', 'BYDAY "WED": expected a weekday code MO, TU, WE, TH, FR, SA or SU, optionally with an ordinal such as 1WE or -1FR'],
    ['FREQ=MONTHLY;BYDAY=1XX', 'BYDAY "1XX": expected a weekday code'],
    ['FREQ=MONTHLY;BYDAY=', 'BYDAY "": expected a weekday code'],
    ['FREQ=WEEKLY;BYDAY=1WE', 'BYDAY "1WE": ordinals (1WE, -1FR) only work with FREQ=MONTHLY or FREQ=YEARLY;BYMONTH=..., not FREQ=WEEKLY'],
    ['FREQ=DAILY;BYDAY=-1FR', 'BYDAY "-1FR": ordinals (1WE, -1FR) only work with FREQ=MONTHLY or FREQ=YEARLY;BYMONTH=..., not FREQ=DAILY'],
    ['FREQ=YEARLY;BYDAY=20MO', 'BYDAY "20MO": ordinal must be 1..5 or -1..-5'],
    ['FREQ=YEARLY;BYDAY=1MO', 'BYDAY "1MO": an ordinal with FREQ=YEARLY needs BYMONTH (e.g. BYMONTH=5;BYDAY=-1MO)'],
    ['FREQ=DAILY;UNTIL=20270230', 'UNTIL "20270230": not a calendar date'],
    ['FREQ=DAILY;UNTIL=20270101T250000Z', 'UNTIL "20270101T250000Z": not a valid date-time'],
    ['FREQ=DAILY;UNTIL=20270101T120000', 'UNTIL "20270101T120000": a date-time UNTIL must be in UTC and end with Z (RFC 5545), or give a local date such as 20270101'],
    ['FREQ=DAILY;UNTIL=2027-01-01', 'UNTIL "2027-01-01": expected a local date YYYYMMDD (inclusive) or a UTC date-time YYYYMMDDTHHMMSSZ'],
    // combinations
    ['FREQ=DAILY;COUNT=3;UNTIL=20270101', 'COUNT and UNTIL cannot both be set (RFC 5545): keep one'],
    ['FREQ=WEEKLY;BYMONTHDAY=1', 'BYMONTHDAY cannot be used with FREQ=WEEKLY (RFC 5545): use FREQ=MONTHLY or FREQ=DAILY'],
    ['FREQ=DAILY;UNTIL=20251231', 'UNTIL 2025-12-31 is before dtstart 2026-01-01: the ritual would never run'],
    ['FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30', 'rrule "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30" never produces a date on or after dtstart 2026-01-01: check BYMONTH, BYMONTHDAY and BYDAY'],
    ['FREQ=DAILY;BYMONTH=4,6;BYMONTHDAY=31', 'never produces a date on or after dtstart 2026-01-01'],
    ['FREQ=MONTHLY;BYMONTH=2;BYDAY=FR;BYMONTHDAY=30', 'never produces a date'],
    ['FREQ=YEARLY;INTERVAL=4;BYMONTH=2;BYMONTHDAY=29', 'never produces a date'], // 2026, 2030, ... are never leap years
    ['FREQ=DAILY;BYMONTH=3;UNTIL=20260201', 'never produces a date on or after dtstart 2026-01-01 within UNTIL'],
  ])('rejects rrule %j', (rrule, message) => {
    expect(parseError(rrule)).toContain(message);
  });

  it('reports every problem at once so one edit fixes the file', () => {
    expect(parseError('FREQ=MONTHLY;BYDAY=9WE,WED;BYSETPOS=1', '2026-02-30', '9:00')).toBe(
      [
        'dtstart "2026-02-30": expected a calendar date YYYY-MM-DD, e.g. 2026-01-15',
        'time "9:00": expected HH:mm from 00:00 to 23:59, e.g. 14:00',
        'BYSETPOS is not supported: use an ordinal in BYDAY instead, e.g. BYDAY=-1FR for the last Friday; ' +
          'BYDAY "9WE": ordinal must be 1..5 or -1..-5; ' +
          'BYDAY "WED": expected a weekday code MO, TU, WE, TH, FR, SA or SU, optionally with an ordinal such as 1WE or -1FR',
      ].join('; '),
    );
  });

  it.each([
    ['26-01-01', '10:00', 'dtstart "26-01-01": expected a calendar date YYYY-MM-DD'],
    ['2026-1-1', '10:00', 'dtstart "2026-1-1": expected a calendar date YYYY-MM-DD'],
    ['2027-02-29', '10:00', 'dtstart "2027-02-29": expected a calendar date'],
    ['1899-12-31', '10:00', 'dtstart "1899-12-31": year must be 1900 or later'],
    ['2026-01-01', '24:00', 'time "24:00": expected HH:mm from 00:00 to 23:59'],
    ['2026-01-01', '10:60', 'time "10:60": expected HH:mm'],
    ['2026-01-01', '10h', 'time "10h": expected HH:mm'],
    ['2026-01-01', '', 'time "": expected HH:mm'],
  ])('rejects dtstart %j / time %j', (dtstart, time, message) => {
    expect(parseError('FREQ=DAILY', dtstart, time)).toContain(message);
  });

  it('accepts a leap-day anchor and a DST-gap time (the gap is resolved per occurrence)', () => {
    expect(parseRecurrence({ rrule: 'FREQ=YEARLY', dtstart: '2028-02-29', time: '02:30' }).ok).toBe(true);
  });
});
