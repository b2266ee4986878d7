import { describe, expect, it } from 'vitest';
import { placeholdersOf as placeholders } from '../../src/i18n/format.js';
import { catalogueKeys, catalogues, interpolate, rawMessage, t } from '../../src/i18n/index.js';

describe('i18n catalogues', () => {
  it('English and French have exactly the same keys, feature by feature', () => {
    for (const [feature, catalogue] of Object.entries(catalogues)) {
      const en = Object.keys(catalogue.en).sort();
      const fr = Object.keys(catalogue.fr).sort();
      expect({ feature, missingInFrench: en.filter((k) => !fr.includes(k)), missingInEnglish: fr.filter((k) => !en.includes(k)) }).toEqual({
        feature,
        missingInFrench: [],
        missingInEnglish: [],
      });
    }
    expect(catalogueKeys('fr').sort()).toEqual(catalogueKeys('en').sort());
  });

  it('every translation uses the same placeholders as the English text and is not empty', () => {
    for (const key of catalogueKeys('en')) {
      const en = rawMessage('en', key) ?? '';
      const fr = rawMessage('fr', key) ?? '';
      expect({ key, fr: placeholders(fr) }).toEqual({ key, fr: placeholders(en) });
      expect(fr.trim().length, key).toBeGreaterThan(0);
    }
  });

  it('interpolates parameters and leaves unknown ones visible', () => {
    expect(interpolate('Hello {name}, {count} items', { name: 'Ada', count: 3 })).toBe('Hello Ada, 3 items');
    expect(interpolate('Hello {name}', {})).toBe('Hello {name}');
    expect(t('fr', 'cadence.unknown', { sub: 'foo' })).toContain('`/cadence foo`');
  });
});

describe('the message format: {placeholders} and ICU-style plurals (src/i18n/format.ts)', () => {
  it('chooses the plural form by each language’s rules, exact values first', () => {
    const msg = '{count, plural, =0 {no evidence} one {# piece of evidence} other {# pieces of evidence}}';
    expect([0, 1, 2, 4].map((count) => interpolate(msg, { count }, 'en'))).toEqual(['no evidence', '1 piece of evidence', '2 pieces of evidence', '4 pieces of evidence']);
    const fr = '{count, plural, one {# jour} other {# jours}}';
    // French: 0 and 1,5 take the singular; the decimal is written with a comma.
    expect([0, 1, 1.5, 2].map((count) => interpolate(fr, { count }, 'fr'))).toEqual(['0 jour', '1 jour', '1,5 jour', '2 jours']);
    expect(interpolate('{days, plural, one {# day} other {# days}}', { days: 1.5 }, 'en')).toBe('1.5 days');
    expect(interpolate('{n, plural, one {# insight} other {# insights}}', { n: 12345 }, 'fr')).toBe('12\u202f345 insights');
    expect(interpolate('{n, plural, one {# insight} other {# insights}}', { n: 12345 }, 'en')).toBe('12,345 insights');
  });

  it('keeps other placeholders and #{id} inside a form, and leaves a missing count visible', () => {
    const msg = '{count, plural, one {Linked # insight} other {Linked # insights}} to #{id} by {who}.';
    expect(interpolate(msg, { count: 3, id: 12, who: 'Léa' })).toBe('Linked 3 insights to #12 by Léa.');
    expect(interpolate(msg, { id: 12, who: 'Léa' })).toBe('{count, plural, one {Linked # insight} other {Linked # insights}} to #12 by Léa.');
    expect(interpolate('{a, plural, one {x}}', { a: 1 })).toBe('{a, plural, one {x}}');
  });

  it('writes decimals the reader’s way and leaves whole numbers (ids, years) ungrouped', () => {
    expect(interpolate('{x} · #{id}', { x: 0.5, id: 12345 }, 'fr')).toBe('0,5 · #12345');
    expect(interpolate('{x} · #{id}', { x: 0.5, id: 12345 }, 'en')).toBe('0.5 · #12345');
  });

  it('lists the placeholders a template uses, plural selectors included, case texts excluded', () => {
    expect(placeholders('{count, plural, one {preuve} other {# preuves pour {who}}} · {id}')).toEqual(['count', 'id', 'who']);
  });
});
