import { describe, expect, it } from 'vitest';
import { checkDraft, checkDraftFields, formProblem, parseArr, parseInsightCommand, scanTokens, splitTagInput } from '../../src/insights/parse.js';
import { t } from '../../src/i18n/index.js';
import { buildOrgConfig, exampleOrgConfig } from '../helpers/org.js';

const org = exampleOrgConfig();
const parse = (text: string, channel?: string) => parseInsightCommand(org, text, channel);

function logged(text: string, channel?: string) {
  const r = parse(text, channel);
  if (r.kind !== 'log') throw new Error(`expected a log, got ${JSON.stringify(r)}`);
  return r.draft;
}

describe('/insight text', () => {
  it('no text opens the modal; "help" shows usage; whitespace counts as no text', () => {
    expect(parse('')).toEqual({ kind: 'modal' });
    expect(parse('   ')).toEqual({ kind: 'modal' });
    expect(parse('help')).toEqual({ kind: 'help' });
    expect(parse('HELP')).toEqual({ kind: 'help' });
    // "help" followed by words is an insight (people do write "help me export…").
    expect(logged('help me export invoices').text).toBe('help me export invoices');
  });

  it('takes every token out of the text', () => {
    const d = logged('Checkout #Checkout times out customer:"Acme Corp" source:CALL on mobile #mobile tribe:Payments arr:120k segment:enterprise');
    expect(d).toEqual({
      text: 'Checkout times out on mobile',
      source: 'call',
      tags: ['checkout', 'mobile'],
      customer: 'Acme Corp',
      arr: 120000,
      segment: 'enterprise',
      tribe: 'payments',
    });
  });

  it('accepts unquoted customers, typographic quotes and French quotes', () => {
    expect(logged('Slow export customer:Acme').customer).toBe('Acme');
    expect(logged('Slow export customer:“Acme Corp” ok').customer).toBe('Acme Corp');
    expect(logged('Export lent customer:«Société Générale» ok').customer).toBe('Société Générale');
  });

  it('reads tags Slack rewrote as channel links, and decodes entities', () => {
    const d = logged('Billing &amp; invoices &lt;3 <#C0123ABC|billing> customer:"A &amp; B"');
    expect(d.tags).toEqual(['billing']);
    expect(d.text).toBe('Billing & invoices <3');
    expect(d.customer).toBe('A & B');
  });

  it('leaves issue numbers, links and mid-word hashes in the text', () => {
    const d = logged('See issue #42 and <https://x.io/a#b|docs> and C#sharp');
    expect(d.tags).toEqual([]);
    expect(d.text).toBe('See issue #42 and <https://x.io/a#b|docs> and C#sharp');
  });

  it('takes the tribe from the channel when no tribe: is given', () => {
    expect(logged('Results are slow', 'C0000DISCOV').tribe).toBe('discovery');
    expect(logged('Checkout fails', 'C0000CHKOUT').tribe).toBe('payments');
    expect(logged('Results are slow tribe:payments', 'C0000DISCOV').tribe).toBe('payments');
    expect(logged('Somewhere else', 'C0GENERAL').tribe).toBeNull();
  });

  it('"log" is the escape hatch for insights starting with a subcommand word', () => {
    expect(logged('log search results are wrong').text).toBe('search results are wrong');
    // Issue 14 item 4 changed this on purpose: "search …" without a colon is logged, with Search instead.
    expect(parse('search results are wrong')).toMatchObject({ kind: 'log', draft: { text: 'search results are wrong' }, searchInstead: 'results are wrong' });
  });

  it.each([
    ['#tag customer:Acme', 'insight.error.empty'],
    ['log', 'insight.error.empty'],
    ['Slow customer:"Acme Corp', 'insight.error.unbalancedQuote'],
    ['Slow customer:“Acme Corp', 'insight.error.unbalancedQuote'],
    ['Slow source:phone', 'insight.error.unknownSource'],
    ['Slow tribe:marketing', 'insight.error.unknownTribe'],
    ['Slow customer:A customer:B', 'insight.error.repeated'],
    ['Slow customer:', 'insight.error.emptyValue'],
    ['Slow arr:lots', 'insight.error.badArr'],
    ['Slow segment:galactic', 'insight.error.unknownSegment'],
    [`Slow #${'a'.repeat(41)}`, 'insight.error.longTag'],
    [`Slow ${Array.from({ length: 11 }, (_, i) => `#t${i}`).join(' ')}`, 'insight.error.tooManyTags'],
    [`Slow customer:"${'x'.repeat(121)}"`, 'insight.error.longCustomer'],
    ['x'.repeat(3001), 'insight.error.tooLong'],
    ['search', 'insight.search.usage'],
    // Issue 14 item 4: "list view is confusing" is now an insight (prose after "list"); a lone unknown word is still a bad filter.
    ['list untraiged', 'insight.list.unknownFilter'],
    ['list mine untraiged', 'insight.list.unknownFilter'],
    ['?', 'insight.search.usage'],
    ['search:', 'insight.search.usage'],
    ['Slow export clients:Acme', 'lang.token.unknown'],
    ['Slow export priority:high', 'lang.token.unknownNone'],
  ])('%s → %s', (text, key) => {
    const r = parse(text);
    expect(r.kind).toBe('error');
    if (r.kind === 'error') expect(r.problem.key).toBe(key);
  });

  it('lists the valid values in the error', () => {
    const r = parse('Slow source:phone tribe:payments');
    expect(r).toEqual({
      kind: 'error',
      problem: { key: 'insight.error.unknownSource', params: { given: 'phone', valid: 'call, ticket, sales, csm, test, internal, other' } },
    });
    const t = parse('Slow tribe:marketing');
    expect(t.kind === 'error' && t.problem.params).toEqual({ given: 'marketing', valid: 'payments, discovery' });
  });

  it('accepts exactly 3000 characters, counted as Slack counts them (an emoji is two)', () => {
    expect(logged('x'.repeat(3000)).text).toHaveLength(3000);
    expect(logged('🙂'.repeat(1500)).text).toHaveLength(3000);
    const r = parse('🙂'.repeat(1501));
    expect(r.kind === 'error' && r.problem).toEqual({ key: 'insight.error.tooLong', params: { length: 3002, max: 3000 } });
  });

  it('parses list filters', () => {
    expect(parse('list')).toEqual({ kind: 'list', filters: { tags: [], untriaged: false, archived: false } });
    expect(parse('list tribe:Discovery #Search customer:"Acme Corp" untriaged mine')).toEqual({
      kind: 'list',
      filters: { tribe: 'discovery', tags: ['search'], customer: 'Acme Corp', untriaged: true, archived: false, reporter: 'me' },
    });
    const bad = parse('list tribe:nope');
    expect(bad.kind === 'error' && bad.problem.key).toBe('insight.error.unknownTribe');
  });

  it('with no tribes configured, says none are valid', () => {
    const bare = buildOrgConfig({ tribes: [] });
    const r = parseInsightCommand(bare, 'Slow tribe:payments');
    expect(r.kind === 'error' && r.problem.params).toEqual({ given: 'payments', valid: '—' });
  });
});

describe('pieces', () => {
  it('parses ARR amounts', () => {
    expect(parseArr('120000')).toBe(120000);
    expect(parseArr('120k')).toBe(120000);
    expect(parseArr('1.5M')).toBe(1500000);
    expect(parseArr('1,5m')).toBe(1500000);
    expect(parseArr('1_000')).toBe(1000);
    expect(parseArr('-5')).toBeUndefined();
    expect(parseArr('12e3')).toBeUndefined();
    expect(parseArr('')).toBeUndefined();
    expect(parseArr('9'.repeat(20))).toBeUndefined();
  });

  it('splits typed tags', () => {
    expect(splitTagInput('checkout, #Onboarding  billing;;x')).toEqual(['checkout', 'Onboarding', 'billing', 'x']);
    expect(splitTagInput('  ')).toEqual([]);
  });

  it('checkDraft normalises and rejects forged values', () => {
    const ok = checkDraft(org, { text: '  a \n\n\n\n b  ', tags: ['B', 'a', 'b'], tribe: 'payments', source: '' });
    expect(ok).toEqual({ draft: { text: 'a\n\nb', source: 'other', tags: ['a', 'b'], customer: null, arr: null, segment: null, tribe: 'payments' } });
    expect(checkDraft(org, { text: 'a', tribe: 'payments-forged' })).toMatchObject({ field: 'tribe' });
    expect(checkDraft(org, { text: 'a', source: 'hack' })).toMatchObject({ field: 'source' });
    expect(checkDraft(org, { text: 'a', arr: -1 })).toMatchObject({ field: 'arr' });
    expect(checkDraft(org, { text: 'a', tags: ['42'] })).toMatchObject({ field: 'tags' });
  });

  it('scanTokens reports words outside tokens', () => {
    const s = scanTokens('untriaged #x mine', ['tribe']);
    expect(s).toMatchObject({ words: ['untriaged', 'mine'], tags: ['x'] });
  });
});

describe('/insight grammar (issue 14 item 4): the first word of a sentence is not a subcommand', () => {
  it.each([
    'Search is slow on tablets',
    'search results ignore accents',
    'List view crashes on iPad',
    'list of invoices is missing the VAT number',
    'Recherche trop lente sur tablette',
    'Liste des factures incomplète pour Acme',
    'Help center links are broken',
    'Aide en ligne introuvable depuis le paiement',
  ])('"%s" is logged as written', (text) => {
    expect(logged(text).text).toBe(text);
  });

  it('offers Search instead only after a search word', () => {
    expect(parse('Search is slow on tablets')).toMatchObject({ kind: 'log', searchInstead: 'is slow on tablets' });
    expect(parse('recherche trop lente')).toMatchObject({ kind: 'log', searchInstead: 'trop lente' });
    const list = parse('List view crashes on iPad');
    expect(list.kind === 'log' && list.searchInstead).toBeUndefined();
  });

  it('searches only when unambiguous: "?" or "search:" / "recherche:"', () => {
    expect(parse('? slow tablets')).toEqual({ kind: 'search', words: 'slow tablets' });
    expect(parse('?slow')).toEqual({ kind: 'search', words: 'slow' });
    expect(parse('search: checkout timeout')).toEqual({ kind: 'search', words: 'checkout timeout' });
    expect(parse('Search:checkout')).toEqual({ kind: 'search', words: 'checkout' });
    expect(parse('recherche: paiement')).toEqual({ kind: 'search', words: 'paiement' });
    expect(parse('chercher : paiement')).toEqual({ kind: 'search', words: 'paiement' });
    expect(parse('recherche\u202f: paiement')).toEqual({ kind: 'search', words: 'paiement' });
    expect(parse('search')).toMatchObject({ kind: 'error', problem: { key: 'insight.search.usage' } });
  });

  it('lists when "list" is alone or followed by filters only', () => {
    expect(parse('liste')).toEqual({ kind: 'list', filters: { tags: [], untriaged: false, archived: false } });
    expect(parse('liste tribu:discovery client:Acme à-trier mes archivés')).toEqual({
      kind: 'list',
      filters: { tribe: 'discovery', tags: [], customer: 'Acme', untriaged: true, archived: true, reporter: 'me' },
    });
    expect(parse('aide')).toEqual({ kind: 'help' });
    expect(logged('noter recherche cassée').text).toBe('recherche cassée');
  });
});

describe('French keys and values, unknown keys refused', () => {
  it('reads French keys and source values', () => {
    const d = logged('Export lent client:"Société Générale" tribu:payments source:appel');
    expect(d).toMatchObject({ text: 'Export lent', customer: 'Société Générale', tribe: 'payments', source: 'call' });
    expect(logged('Pas clair source:ventes').source).toBe('sales');
  });

  it('refuses an unknown key with the closest one', () => {
    expect(parse('Export lent clients:Acme')).toEqual({ kind: 'error', problem: { key: 'lang.token.unknown', params: { given: 'clients', suggestion: 'client' } } });
    expect(parse('Slow export custmer:Acme')).toEqual({ kind: 'error', problem: { key: 'lang.token.unknown', params: { given: 'custmer', suggestion: 'customer' } } });
    const none = parse('Slow priority:high');
    expect(none.kind === 'error' && none.problem.params?.['valid']).toContain('`tribu:`');
  });

  it('keeps URLs, times, ratios, emoji and "Note: …" in the text', () => {
    const text = 'Note: the 10:30 call said ratio 3:1 https://x.io/a :tada: done:tada: Attention:rupture';
    expect(logged(text).text).toBe(text);
  });
});

describe('the form checks every field at once (issue 14 item 11)', () => {
  it('reports one problem per bad field, and checkDraft the first of them', () => {
    const org = exampleOrgConfig();
    const checked = checkDraftFields(org, { text: ' ', source: 'pigeon', tribe: 'nope', customer: 'x'.repeat(121), arr: 'lots', segment: 'vip', tags: ['42'] });
    expect('problems' in checked && Object.keys(checked.problems).sort()).toEqual(['arr', 'customer', 'segment', 'source', 'tags', 'text', 'tribe']);
    expect(checkDraft(org, { text: 'ok', segment: 'vip', tags: ['42'] })).toMatchObject({ field: 'segment' });
  });

  it('words every problem for a form, in both languages: no command syntax, no backticks, short enough never to be cut', () => {
    const problems = [
      { key: 'insight.error.empty' },
      { key: 'insight.error.tooLong', params: { length: 3001, max: 3000 } },
      { key: 'insight.error.badTag', params: { tag: '42' } },
      { key: 'insight.error.longTag', params: { tag: 'x'.repeat(41), max: 40 } },
      { key: 'insight.error.tooManyTags', params: { count: 11, max: 10 } },
      { key: 'insight.error.unknownSource', params: { given: 'x', valid: 'call' } },
      { key: 'insight.error.unknownTribe', params: { given: 'x', valid: 'payments' } },
      { key: 'insight.error.longCustomer', params: { max: 120 } },
      { key: 'insight.error.badArr', params: { given: 'x' } },
      { key: 'insight.error.unknownSegment', params: { given: 'x', valid: 'smb' } },
    ] as const;
    for (const lang of ['en', 'fr'] as const) {
      for (const p of problems) {
        const form = formProblem(p);
        expect(form.key.startsWith('insight.form.'), p.key).toBe(true);
        const text = t(lang, form.key, form.params);
        expect(text, text).not.toMatch(/`|\/insight|\{/);
        expect(text.length, text).toBeLessThanOrEqual(150);
        if (lang === 'fr') expect(text, text).not.toMatch(/ [:;!?]/);
      }
    }
  });
});
