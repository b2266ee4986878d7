import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { claimLocaleLookup, knownToday, languageOfLocale, recordLocale, userOfBody, LOCALE_TTL_MS } from '../../src/core/locale.js';
import { createLanguageResolver } from '../../src/context.js';
import { clearUserLanguage, setUserLanguage } from '../../src/core/settings.js';
import { migrate } from '../../src/db/migrate.js';
import { openDb, type Db } from '../../src/db/open.js';
import { migrationsDir } from '../../src/paths.js';

describe('languageOfLocale', () => {
  it.each([
    ['fr-FR', 'fr'],
    ['fr-CA', 'fr'],
    ['fr_BE', 'fr'],
    ['FR', 'fr'],
    ['en-US', 'en'],
    ['en-GB', 'en'],
    ['es-ES', null],
    ['', null],
    [null, null],
    [undefined, null],
  ])('%s → %s', (locale, language) => {
    expect(languageOfLocale(locale)).toBe(language);
  });
});

describe('userOfBody', () => {
  it('finds the person behind a command, an interaction and an event', () => {
    expect(userOfBody({ user_id: 'U1ABC' })).toBe('U1ABC');
    expect(userOfBody({ user: { id: 'W2DEF' } })).toBe('W2DEF');
    expect(userOfBody({ event: { type: 'app_home_opened', user: 'U3GHI' } })).toBe('U3GHI');
    expect(userOfBody({ event: { type: 'x' } })).toBeUndefined();
    expect(userOfBody({ user_id: 'not a user' })).toBeUndefined();
    expect(userOfBody(null)).toBeUndefined();
  });
});

describe('the locale cache', () => {
  let db: Db;
  beforeEach(() => {
    db = openDb(':memory:');
    migrate(db, migrationsDir());
  });
  afterEach(() => db.close());

  const t0 = new Date('2026-11-30T09:00:00Z');
  const later = (ms: number) => new Date(t0.getTime() + ms);

  it('claims one lookup per person per day', () => {
    expect(knownToday(db, 'U1', t0)).toBe(false);
    expect(claimLocaleLookup(db, 'U1', t0)).toBe(true);
    expect(knownToday(db, 'U1', later(LOCALE_TTL_MS - 1))).toBe(true);
    expect(knownToday(db, 'U1', later(LOCALE_TTL_MS))).toBe(false);
    expect(claimLocaleLookup(db, 'U1', t0)).toBe(false);
    expect(claimLocaleLookup(db, 'U1', later(LOCALE_TTL_MS - 1))).toBe(false);
    expect(claimLocaleLookup(db, 'U2', t0)).toBe(true);
    expect(claimLocaleLookup(db, 'U1', later(LOCALE_TTL_MS))).toBe(true);
    expect(claimLocaleLookup(db, 'U1', later(LOCALE_TTL_MS))).toBe(false);
  });

  it('an explicit choice wins over the Slack locale, which wins over the organisation default', () => {
    const languageOf = createLanguageResolver(db, 'en');
    expect(languageOf('U1')).toBe('en');
    claimLocaleLookup(db, 'U1', t0);
    expect(languageOf('U1')).toBe('en');
    recordLocale(db, 'U1', 'fr-FR');
    expect(languageOf('U1')).toBe('fr');
    setUserLanguage(db, 'U1', 'en', t0);
    expect(languageOf('U1')).toBe('en');
    clearUserLanguage(db, 'U1', t0);
    expect(languageOf('U1')).toBe('fr');
    expect(languageOf(undefined)).toBe('en');
  });

  it('a locale Cadence does not speak falls back to the organisation; an empty answer keeps what was known', () => {
    const languageOf = createLanguageResolver(db, 'fr');
    claimLocaleLookup(db, 'U1', t0);
    recordLocale(db, 'U1', 'de-DE');
    expect(languageOf('U1')).toBe('fr');
    expect(db.prepare('SELECT locale, language FROM slack_locales WHERE user_id = ?').get('U1')).toEqual({ locale: 'de-DE', language: null });
    recordLocale(db, 'U1', 'en-GB');
    recordLocale(db, 'U1', null);
    expect(languageOf('U1')).toBe('en');
  });
});
