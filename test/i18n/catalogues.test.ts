import { describe, expect, it } from 'vitest';
import { catalogueKeys, catalogues, interpolate, rawMessage, t } from '../../src/i18n/index.js';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

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
