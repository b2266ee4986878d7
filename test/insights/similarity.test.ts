import { describe, expect, it } from 'vitest';
import { candidateWords, dice, ftsAllOf, ftsAnyOf, ftsOr, looksDuplicate, significantTerms, words } from '../../src/insights/similarity.js';

describe('similarity', () => {
  it('words drop Slack references, case and accents', () => {
    expect(words('Facturé <@U123|bob> l’ÉTÉ, <https://x.io|link>!')).toEqual(['facture', 'l', 'ete']);
    expect(words('')).toEqual([]);
  });

  it('significant terms skip stop words and short words, and stem plurals the same way on both sides', () => {
    expect([...significantTerms('The exports are broken for the large reports')].sort()).toEqual(['broken', 'export', 'larg', 'report']);
    expect([...significantTerms('Les factures sont en retard')].sort()).toEqual(['factur', 'retard']);
    expect(significantTerms('a an of')).toEqual(new Set());
  });

  it('dice is symmetric, 1 for equal sets and 0 for disjoint or empty ones', () => {
    const a = new Set(['x', 'y']);
    const b = new Set(['y', 'z', 'w']);
    expect(dice(a, b)).toBeCloseTo(0.4);
    expect(dice(b, a)).toBeCloseTo(0.4);
    expect(dice(a, a)).toBe(1);
    expect(dice(a, new Set(['q']))).toBe(0);
    expect(dice(new Set(), new Set())).toBe(0);
  });

  it('flags rewordings of the same problem, not texts sharing one topic word', () => {
    const dup = (a: string, b: string) => looksDuplicate(significantTerms(a), significantTerms(b));
    expect(dup('CSV export is broken for large reports', 'Exporting large reports to CSV is broken')).toBe(true);
    expect(dup('Checkout times out on mobile', 'On mobile the checkout times out')).toBe(true);
    expect(dup('Checkout times out on mobile', 'Checkout needs Apple Pay')).toBe(false);
    expect(dup('Slow', 'Slow')).toBe(false);
  });

  it('search queries quote every word, so FTS5 operators and quotes are inert', () => {
    expect(ftsAllOf('checkout OR NEAR(x) "timeout')).toBe('"checkout" "or" "near" "x" "timeout"');
    expect(ftsAnyOf('a b')).toBe('"a" OR "b"');
    expect(ftsAllOf('onboard*')).toBe('"onboard"*');
    expect(ftsAllOf('*** ---')).toBeUndefined();
    expect(ftsAllOf('Été')).toBe('"ete"');
    expect(ftsAllOf(Array.from({ length: 50 }, (_, i) => `w${i}`).join(' '))?.split(' ')).toHaveLength(32);
  });

  it('candidate words keep at most 16 significant words, and OR them safely', () => {
    expect(candidateWords('the and of')).toEqual([]);
    expect(candidateWords(Array.from({ length: 40 }, (_, i) => `word${i}`).join(' '))).toHaveLength(16);
    expect(ftsOr(['a"b', 'c'])).toBe('"a""b" OR "c"');
    expect(ftsOr([])).toBeUndefined();
  });
});
