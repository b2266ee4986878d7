import { describe, expect, it } from 'vitest';
import { catalogueKeys, rawMessage } from '../../src/i18n/index.js';
import { dateInCodeFaults, frenchSpacingFaults, labelConcatFaults, pseudoPluralFaults, renderedDateInCodeFaults } from './rules.js';
import { literalPieces, readSource, sourceFiles } from './source-scan.js';

/*
 * Guards for issue 14 ("How to work"; docs/decisions/0028-french-typography.md):
 * every catalogue string and every source file is checked against the rules in
 * rules.ts; rules.test.ts shows each rule failing on a bad sample.
 */
const all = (lang: 'en' | 'fr') => catalogueKeys(lang).map((key) => ({ key, text: rawMessage(lang, key) ?? '' }));

describe('typography guards over the catalogues', () => {
  it('French: U+202F before : ; ! ? and %, and inside « » (code, links, placeholders and emoji aside)', () => {
    const faults = all('fr').flatMap(({ key, text }) => frenchSpacingFaults(text).map((f) => `${key}: ${f}`));
    expect(faults).toEqual([]);
  });

  it('no (s) / (x) / (e) pseudo-plurals, in either language', () => {
    const faults = [...all('en'), ...all('fr')].flatMap(({ key, text }) => pseudoPluralFaults(text).map((f) => `${key}: ${f}`));
    expect(faults).toEqual([]);
  });

  it('no <!date> token or date parameter inside a code span, in either language', () => {
    const faults = [...all('en'), ...all('fr')].flatMap(({ key, text }) => dateInCodeFaults(text).map((f) => `${key}: ${f}`));
    expect(faults).toEqual([]);
  });
});

describe('labels come from the catalogues, not from code', () => {
  it('no source file glues a label to its value with ": " (src/**/*.ts, catalogues and operator-only files aside)', () => {
    const root = process.cwd();
    const faults = sourceFiles(root).flatMap((f) => labelConcatFaults(literalPieces(f, readSource(root, f))).map((x) => `${f} ${x}`));
    expect(faults).toEqual([]);
  });
});

export { renderedDateInCodeFaults };
