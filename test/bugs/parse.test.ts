import { describe, expect, it } from 'vitest';
import { normaliseKey, parseListArgs, parseQualified, parseRegisterText, parseSeverity, validateDraft, type RawDraft } from '../../src/bugs/parse.js';
import { splitBugSubcommand } from '../../src/bugs/words.js';
import { exampleOrgConfig } from '../helpers/org.js';

const org = exampleOrgConfig();
const NOW = new Date('2026-11-23T10:00:00Z'); // Monday 11:00 in Paris

function problems(raw: RawDraft) {
  const r = validateDraft(raw, org, NOW);
  return 'problems' in r ? r.problems.map((p) => [p.field, p.key, p.params ?? {}]) : [];
}

describe('parseRegisterText', () => {
  it('reads the key, the title and options anywhere after the key', () => {
    expect(parseRegisterText('pay-12 Checkout   fails severity:high on Safari team:checkout <@U0000OWNER|olga> qualified:2026-11-20')).toEqual({
      key: 'pay-12',
      title: 'Checkout fails on Safari',
      severity: 'high',
      team: 'checkout',
      owners: ['U0000OWNER'],
      qualified: '2026-11-20',
    });
  });

  it('takes a bare link as the tracker URL, and unescapes what Slack escaped', () => {
    expect(parseRegisterText('PAY-1 Totals &lt;0 &amp; wrong <https://tracker.example/PAY-1> sev:LOW')).toEqual({
      key: 'PAY-1',
      title: 'Totals <0 & wrong',
      url: 'https://tracker.example/PAY-1',
      severity: 'LOW',
    });
    expect(parseRegisterText('PAY-1 t url:<https://x.example/1|x.example/1>').url).toBe('https://x.example/1');
  });

  it('keeps @words that Slack did not turn into mentions apart, to explain them', () => {
    expect(parseRegisterText('PAY-1 Broken @olga')).toEqual({ key: 'PAY-1', title: 'Broken', plainOwners: ['@olga'] });
  });

  it('empty text gives nothing', () => {
    expect(parseRegisterText('   ')).toEqual({});
  });
});

describe('validateDraft', () => {
  it('builds a draft with defaults: severity from config, qualified now, no team or owner', () => {
    const r = validateDraft({ key: 'pay-12', title: 'Checkout fails' }, org, NOW);
    expect(r).toEqual({
      draft: { key: 'PAY-12', title: 'Checkout fails', severity: 'medium', team: null, owner: null, ownerEmail: null, url: null, qualifiedAt: NOW },
    });
  });

  it('a date means the start of that day in the organisation zone; a local time is read there too', () => {
    const day = validateDraft({ key: 'A-1', title: 't', qualified: '2026-11-20' }, org, NOW);
    expect('draft' in day && day.draft.qualifiedAt.toISOString()).toBe('2026-11-19T23:00:00.000Z');
    const summer = validateDraft({ key: 'A-1', title: 't', qualified: '2026-07-01T14:30' }, org, NOW);
    expect('draft' in summer && summer.draft.qualifiedAt.toISOString()).toBe('2026-07-01T12:30:00.000Z');
  });

  it('reports missing key and title', () => {
    expect(problems({})).toEqual([
      ['key', 'bug.error.keyMissing', {}],
      ['title', 'bug.error.titleMissing', { key: 'PAY-123' }],
    ]);
    expect(problems({ key: 'PAY-9' })).toEqual([['title', 'bug.error.titleMissing', { key: 'PAY-9' }]]);
  });

  it('reports every other mistake at once', () => {
    expect(
      problems({ key: 'PAY:1', title: 'x'.repeat(501), severity: 'urgent', team: 'payments', owners: ['U1', 'U2'], qualified: '20/11/2026', url: 'ftp://x' }),
    ).toEqual([
      ['key', 'bug.error.keyInvalid', { given: 'PAY:1' }],
      ['title', 'bug.error.titleTooLong', { length: 501, max: 500 }],
      ['severity', 'bug.error.severity', { given: 'urgent' }],
      ['team', 'bug.error.team', { given: 'payments', teams: '`checkout`, `billing`, `search`, `recommendations`' }],
      ['owner', 'bug.error.ownerTwice', { count: 2 }],
      ['qualified', 'bug.error.qualifiedUnparsable', { given: '20/11/2026', zone: 'Europe/Paris' }],
      ['url', 'bug.error.url', { given: 'ftp://x' }],
    ]);
  });

  it('a qualification in the future, impossible, or over a year old is refused', () => {
    expect(problems({ key: 'A-1', title: 't', qualified: '2026-11-24' })).toEqual([['qualified', 'bug.error.qualifiedFuture', { given: '2026-11-24' }]]);
    expect(problems({ key: 'A-1', title: 't', qualified: '2026-11-23T11:01' })[0]?.[1]).toBe('bug.error.qualifiedFuture');
    expect(problems({ key: 'A-1', title: 't', qualified: '2026-11-23T11:00' })).toEqual([]);
    expect(problems({ key: 'A-1', title: 't', qualified: '2026-02-30' })[0]?.[1]).toBe('bug.error.qualifiedUnparsable');
    expect(problems({ key: 'A-1', title: 't', qualified: '2016-11-20' })[0]?.[1]).toBe('bug.error.qualifiedTooOld');
  });

  it('a plain @name is explained rather than ignored', () => {
    expect(problems({ key: 'A-1', title: 't', plainOwners: ['@olga'] })).toEqual([['owner', 'bug.error.ownerPlain', { given: '@olga' }]]);
  });
});

describe('keys, dates and list arguments', () => {
  it('keys are upper-cased and refuse spaces, colons and leading punctuation', () => {
    expect(normaliseKey(' pay-12 ')).toBe('PAY-12');
    expect(normaliseKey('GH#431')).toBe('GH#431');
    for (const bad of ['', 'PAY 1', 'PAY:1', '-1', 'x'.repeat(65)]) expect(normaliseKey(bad)).toBeNull();
  });

  it('parseQualified accepts three shapes and nothing else', () => {
    expect(parseQualified('2026-03-29T02:30', 'Europe/Paris')?.toISOString()).toBe('2026-03-29T01:30:00.000Z'); // in the DST gap: moved forward
    expect(parseQualified('2026-11-20T08:00:00Z', 'Europe/Paris')?.toISOString()).toBe('2026-11-20T08:00:00.000Z');
    for (const bad of ['2026-W47', 'yesterday', '2026-11-20 08:00', '2026-13-01']) expect(parseQualified(bad, 'Europe/Paris')).toBeNull();
  });

  it('list arguments', () => {
    expect(parseListArgs('', org)).toEqual({ team: null, filter: 'all' });
    expect(parseListArgs('team:Checkout breached', org)).toEqual({ team: 'checkout', filter: 'breached' });
    expect(parseListArgs('due-soon', org)).toEqual({ team: null, filter: 'due_soon' });
    expect(parseListArgs('team:nope', org)).toMatchObject({ key: 'bug.error.team' });
    expect(parseListArgs('everything', org)).toMatchObject({ key: 'bug.list.usage', params: { given: 'everything' } });
  });
});

describe('French words (issue 14 item 3)', () => {
  it('reads French option keys and severities', () => {
    expect(parseRegisterText('pay-12 Le paiement échoue sévérité:haute équipe:checkout qualifié:2026-11-20 lien:<https://t.example/PAY-12>')).toEqual({
      key: 'pay-12',
      title: 'Le paiement échoue',
      severity: 'haute',
      team: 'checkout',
      qualified: '2026-11-20',
      url: 'https://t.example/PAY-12',
    });
    const r = validateDraft(parseRegisterText('PAY-12 Le paiement échoue gravite:critique'), org, NOW);
    expect('draft' in r && r.draft.severity).toBe('critical');
    expect(parseSeverity('Basse')).toBe('low');
    expect(parseSeverity('moyen')).toBe('medium');
  });

  it('refuses an unknown option with the closest key instead of keeping it in the title', () => {
    const raw = parseRegisterText('PAY-12 Le paiement échoue severite:haute equip:checkout');
    expect(raw.title).toBe('Le paiement échoue');
    expect(raw.unknownKeys).toEqual(['equip']);
    expect(problems(raw)).toEqual([['title', 'lang.token.unknown', { given: 'equip', suggestion: 'équipe' }]]);
  });

  it('keeps times, links and "Note: …" in the title', () => {
    expect(parseRegisterText('PAY-3 Note: fails at 10:30 https://x.io/a').title).toBe('Note: fails at 10:30 https://x.io/a');
  });

  it('reads French list filters', () => {
    expect(parseListArgs('équipe:checkout dépassés', org)).toEqual({ team: 'checkout', filter: 'breached' });
    expect(parseListArgs('bientôt', org)).toEqual({ team: null, filter: 'due_soon' });
    expect(splitBugSubcommand('Résoudre PAY-1')).toEqual({ sub: 'resolve', rest: 'PAY-1' });
    expect(splitBugSubcommand('aide')).toEqual({ sub: 'help', rest: '' });
    expect(splitBugSubcommand('PAY-1 Le titre')).toEqual({ sub: 'pay-1', rest: 'Le titre' });
  });
});
