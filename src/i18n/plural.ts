import type { Language } from '../config/org.js';

const rules = new Map<Language, Intl.PluralRules>();

/**
 * The plural form of `count` in `lang` (Intl.PluralRules), reduced to the two
 * forms the catalogues carry: French says "0 insight" and "1,5 jour" in the
 * singular, English "0 insights"; CLDR's French "many" (1 000 000) reads as the plural.
 * Catalogue strings choose their form with `{count, plural, one {…} other {…}}`
 * (src/i18n/format.ts): the one plural mechanism, no pairs of keys.
 */
export function pluralForm(lang: Language, count: number): 'one' | 'other' {
  let r = rules.get(lang);
  if (!r) {
    r = new Intl.PluralRules(lang === 'fr' ? 'fr-FR' : 'en-GB');
    rules.set(lang, r);
  }
  return r.select(count) === 'one' ? 'one' : 'other';
}
