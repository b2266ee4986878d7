import { describe, expect, it } from 'vitest';
import { dateToken, deadlineShown, languageOf, localDate, localTime, zoneLabel } from '../../src/i18n/dates.js';
import { translator } from '../../src/i18n/index.js';
import { formatMoney, formatPercent } from '../../src/i18n/numbers.js';

const N = '\u202f';
const paris = (lang: 'en' | 'fr') => ({ lang, zone: 'Europe/Paris' });

describe('one way to write dates (src/i18n/dates.ts)', () => {
  const at = new Date('2026-12-01T08:00:00Z'); // Tuesday 09:00 in Paris

  it('writes French hours with "h" and English ones as 24-hour clock times', () => {
    expect(localTime(at, paris('fr'))).toBe(`9${N}h`);
    expect(localTime(new Date('2026-12-01T08:05:00Z'), paris('fr'))).toBe(`9${N}h${N}05`);
    expect(localTime(at, paris('en'))).toBe('09:00');
  });

  it('names the organisation’s zone whenever a time is shown, and not for a day', () => {
    expect(localDate(at, paris('fr'), 'dateTime')).toBe(`mardi 1 décembre 2026 à 9${N}h (heure de Paris)`);
    expect(localDate(at, paris('en'), 'shortDateTime')).toBe('Tue 1 Dec, 09:00 (Paris time)');
    expect(localDate(at, paris('en'), 'shortDateTime', { zone: false })).toBe('Tue 1 Dec, 09:00');
    expect(localDate(at, paris('fr'), 'date')).toBe('mardi 1 décembre 2026');
    expect(zoneLabel({ lang: 'fr', zone: 'America/New_York' })).toBe('heure de New York');
    expect(zoneLabel({ lang: 'en', zone: 'Etc/UTC' })).toBe('UTC');
  });

  it('tokens are absolute unless asked ("avant le Demain" cannot happen), with the local date as fallback', () => {
    const s = at.getTime() / 1000;
    expect(dateToken(at, paris('fr'), 'dateTime')).toBe(`<!date^${s}^{date_long} à {time}|mardi 1 décembre 2026 à 9${N}h (heure de Paris)>`);
    expect(dateToken(at, paris('en'), 'shortDateTime', { relative: true })).toBe(`<!date^${s}^{date_short_pretty}, {time}|Tue 1 Dec, 09:00 (Paris time)>`);
    expect(dateToken(at, paris('en'), 'time')).toBe(`<!date^${s}^{time}|09:00 (Paris time)>`);
  });

  it('rounds a deadline down to the hour in the organisation’s zone, never later than the real one', () => {
    expect(deadlineShown(new Date('2026-12-01T12:13:00Z'), 'Europe/Paris').toISOString()).toBe('2026-12-01T12:00:00.000Z');
    // Kolkata is UTC+5:30: its hours start at :30 UTC.
    expect(deadlineShown(new Date('2026-12-01T12:13:00Z'), 'Asia/Kolkata').toISOString()).toBe('2026-12-01T11:30:00.000Z');
  });

  it('knows a translator’s language', () => {
    expect(languageOf(translator('fr'))).toBe('fr');
    expect(languageOf(translator('en'))).toBe('en');
  });
});

describe('numbers and money (src/i18n/numbers.ts)', () => {
  it('writes amounts compactly, the currency where each language puts it', () => {
    expect([950, 120_000, 1_500_000, 1_000_000].map((n) => formatMoney(n, 'en'))).toEqual(['€950', '€120k', '€1.5M', '€1M']);
    expect([950, 120_000, 1_500_000].map((n) => formatMoney(n, 'fr'))).toEqual([`950${N}€`, `120${N}k€`, `1,5${N}M€`]);
    expect(formatMoney(120_000, 'en', 'USD')).toBe('$120k');
  });

  it('writes percentages with U+202F in French', () => {
    expect(formatPercent(0.42, 'fr')).toBe(`42${N}%`);
    expect(formatPercent(0.42, 'en')).toBe('42%');
  });
});
