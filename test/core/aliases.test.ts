import { describe, expect, it } from 'vitest';
import { canonical, closest, fold, frenchForms, keyLike, levenshtein, unknownKey, type AliasTable } from '../../src/core/aliases.js';
import { cadenceSubcommandOf, parseLanguageChoice, unknownCadenceAnswer } from '../../src/core/cadence-words.js';
import { translator } from '../../src/i18n/index.js';

const KEYS: AliasTable<'customer' | 'tribe' | 'source'> = { customer: ['client'], tribe: ['tribu'], source: [] };

describe('alias tables', () => {
  it('folds case, accents and curly apostrophes', () => {
    expect(fold('RÉSOUDRE')).toBe('resoudre');
    expect(fold('s’inscrire')).toBe("s'inscrire");
  });

  it('finds the canonical word of an alias, itself, or nothing', () => {
    expect(canonical(KEYS, 'client')).toBe('customer');
    expect(canonical(KEYS, 'Customer')).toBe('customer');
    expect(canonical(KEYS, 'TRIBU')).toBe('tribe');
    expect(canonical(KEYS, 'clients')).toBeUndefined();
  });

  it('lists the French forms for help', () => {
    expect(frenchForms(KEYS, ':')).toBe('`client:` (customer:), `tribu:` (tribe:)');
  });
});

describe('the closest key', () => {
  it('measures edits', () => {
    expect(levenshtein('kitten', 'sitting')).toBe(3);
    expect(levenshtein('', 'abc')).toBe(3);
    expect(levenshtein('équipe', 'equipe')).toBe(0);
  });

  it('suggests a close key, a prefix, or nothing when too far', () => {
    const all = ['customer', 'tribe', 'source', 'client', 'tribu'];
    expect(closest('clients', all)).toBe('client');
    expect(closest('custmer', all)).toBe('customer');
    expect(closest('cust', all)).toBe('customer');
    expect(closest('tribes', all)).toBe('tribe');
    expect(closest('sevrit', ['severity', 'sev'])).toBe('severity');
    expect(closest('priority', all)).toBeUndefined();
  });

  it('builds the refusal details with every accepted key', () => {
    expect(unknownKey('clients', KEYS)).toEqual({ given: 'clients', suggestion: 'client', valid: '`customer:`, `tribe:`, `source:`, `client:`, `tribu:`' });
    expect(unknownKey('priority', KEYS).suggestion).toBeUndefined();
  });
});

describe('the token rule: which word:value pieces are options', () => {
  it.each([
    ['clients:Acme', 'clients'],
    ['tribu:paiements', 'tribu'],
    ['sévérité:haute', 'sévérité'],
    ['statut:"on agenda"', 'statut'],
  ])('%s is an option (%s)', (word, key) => {
    expect(keyLike(word)).toBe(key);
  });

  it.each([
    'Note:the',
    'note:',
    '10:30',
    '3:1',
    ':tada:',
    'done:tada:',
    'https://example.com/a',
    'http://x',
    'mailto:ada@example.com',
    'tel:+33123',
    'file:///tmp/x',
    '<https://x.io|docs>',
    'a:b',
    'ratio::x',
  ])('%s is text', (word) => {
    expect(keyLike(word)).toBeUndefined();
  });
});

describe('/cadence words', () => {
  it('maps French subcommands and leaves unknown words alone', () => {
    expect(cadenceSubcommandOf('aide')).toBe('help');
    expect(cadenceSubcommandOf('langue')).toBe('language');
    expect(cadenceSubcommandOf('recap')).toBe('digest');
    expect(cadenceSubcommandOf('récap')).toBe('digest');
    expect(cadenceSubcommandOf('binômes')).toBe('pairing');
    expect(cadenceSubcommandOf('dance')).toBe('dance');
    expect(cadenceSubcommandOf('')).toBe('');
  });

  it('reads language choices', () => {
    expect(parseLanguageChoice('fr')).toBe('fr');
    expect(parseLanguageChoice('Français')).toBe('fr');
    expect(parseLanguageChoice('francais')).toBe('fr');
    expect(parseLanguageChoice('anglais')).toBe('en');
    expect(parseLanguageChoice(' auto ')).toBe('auto');
    expect(parseLanguageChoice('klingon')).toBeUndefined();
    expect(parseLanguageChoice('')).toBeUndefined();
  });
});

describe('an unknown /cadence word', () => {
  const registered = ['help', 'language', 'digest', 'skip'];
  it('suggests the closest subcommand in either language, else says how to get help', () => {
    expect(unknownCadenceAnswer(translator('en'), 'langage', registered)).toBe('I do not know `/cadence langage`. Did you mean `/cadence language`?');
    expect(unknownCadenceAnswer(translator('fr'), 'aid', registered)).toBe('Je ne connais pas `/cadence aid`. Vouliez-vous dire `/cadence aide`\u202f?');
    expect(unknownCadenceAnswer(translator('en'), 'dance', registered)).toBe('I do not know `/cadence dance`. Try `/cadence help`.');
    // Aliases of subcommands that are not registered are not suggested.
    expect(unknownCadenceAnswer(translator('en'), 'binome', registered)).toBe('I do not know `/cadence binome`. Try `/cadence help`.');
  });
});
