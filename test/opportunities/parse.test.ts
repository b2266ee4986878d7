import { describe, expect, it } from 'vitest';
import { checkPitch, parseDecimal, parsePitchCommand, parseWhole, splitInitiatives, type PitchInput } from '../../src/opportunities/parse.js';
import { buildOrgConfig, exampleOrgConfig } from '../helpers/org.js';

const org = exampleOrgConfig();
const none = () => [];
const valid: PitchInput = {
  title: ' Checkout abandonment ',
  problem: 'People give up &amp; leave',
  segment: 'Mobile shoppers',
  metric: 'Conversion',
  today: '',
  target: '3 %',
  value: '1.5m',
  kind: 'vitamin',
  commitment: 'leads',
  tribe: 'Payments',
  initiatives: '1. One-page checkout\n2) Wallets',
  reach: '12 000',
  impact: '0.25',
  confidence: '50 %',
  effort: '0,5',
  origin: 'top_down',
  evidence: ['3', '3', '4'],
};

describe('checkPitch', () => {
  it('turns the form values into a typed draft and its score', () => {
    const r = checkPitch(org, valid, none);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.draft).toEqual({
      title: 'Checkout abandonment',
      problem: 'People give up & leave',
      segment: 'Mobile shoppers',
      evidenceIds: [3, 4],
      metric: 'Conversion',
      today: null,
      target: '3 %',
      valuePerYear: 1_500_000,
      kind: 'vitamin',
      commitment: 'leads',
      tribe: 'payments',
      initiatives: ['One-page checkout', 'Wallets'],
      reach: 12000,
      impact: 0.25,
      confidence: 50,
      effort: 0.5,
      topDown: true,
    });
    expect(r.score).toBe(3000);
  });

  it('asks the lookup only about well-formed ids, and reports the missing ones', () => {
    const asked: number[][] = [];
    const r = checkPitch(org, { ...valid, evidence: ['7', '8'] }, (ids) => (asked.push(ids), [8]));
    expect(asked).toEqual([[7, 8]]);
    expect(r).toMatchObject({ ok: false, problems: { evidence: { key: 'opp.error.evidenceMissing', params: { ids: '#8' } } } });
    expect(checkPitch(org, { ...valid, evidence: ['x1'] }, none)).toMatchObject({ ok: false, problems: { evidence: { key: 'opp.error.evidenceMissing' } } });
    expect(checkPitch(org, { ...valid, evidence: Array.from({ length: 101 }, (_, i) => String(i + 1)) }, none)).toMatchObject({ ok: false, problems: { evidence: { key: 'opp.error.tooMuchEvidence' } } });
  });

  const bad: [string, PitchInput, string, string][] = [
    ['effort 0', { effort: '0' }, 'effort', 'opp.error.effortTooSmall'],
    ['effort negative', { effort: '-1' }, 'effort', 'opp.error.effortTooSmall'],
    ['effort not a number', { effort: 'two' }, 'effort', 'opp.error.effortNotNumber'],
    ['effort absurd', { effort: '5000' }, 'effort', 'opp.error.effortTooLarge'],
    ['reach negative', { reach: '-3' }, 'reach', 'opp.error.reachNegative'],
    ['reach decimal', { reach: '1.5' }, 'reach', 'opp.error.reachNotNumber'],
    ['reach text', { reach: 'many' }, 'reach', 'opp.error.reachNotNumber'],
    ['reach missing', { reach: null }, 'reach', 'opp.error.required'],
    ['impact off scale', { impact: '4' }, 'impact', 'opp.error.impactScale'],
    ['impact text', { impact: 'huge' }, 'impact', 'opp.error.impactScale'],
    ['confidence off scale', { confidence: '75' }, 'confidence', 'opp.error.confidenceScale'],
    ['title missing', { title: undefined }, 'title', 'opp.error.required'],
    ['title too long', { title: 'x'.repeat(151) }, 'title', 'opp.error.tooLong'],
    ['no initiatives', { initiatives: ' \n-\n' }, 'initiatives', 'opp.error.noInitiative'],
    ['too many initiatives', { initiatives: Array.from({ length: 21 }, (_, i) => `Step ${i}`).join('\n') }, 'initiatives', 'opp.error.tooManyInitiatives'],
    ['long initiative', { initiatives: 'y'.repeat(301) }, 'initiatives', 'opp.error.longInitiative'],
    ['unknown commitment', { commitment: 'peace' }, 'commitment', 'opp.error.unknownCommitment'],
    ['unknown tribe', { tribe: 'marketing' }, 'tribe', 'opp.error.unknownTribe'],
    ['tribe missing', { tribe: '' }, 'tribe', 'opp.error.required'],
    ['value text', { value: 'lots' }, 'value', 'opp.error.badValue'],
    ['kind forged', { kind: 'placebo' }, 'kind', 'opp.error.badChoice'],
    ['origin missing', { origin: null }, 'origin', 'opp.error.required'],
  ];
  for (const [name, over, field, key] of bad) {
    it(`refuses ${name}`, () => {
      const r = checkPitch(org, { ...valid, ...over }, none);
      expect(r.ok).toBe(false);
      if (r.ok) return;
      expect(r.problems[field as keyof typeof r.problems]?.key).toBe(key);
      expect(Object.keys(r.problems)).toEqual([field]);
    });
  }

  it('without tribes in the config, the tribe is not asked and is null', () => {
    const noTribes = buildOrgConfig({ tribes: [] });
    const r = checkPitch(noTribes, { ...valid, tribe: undefined }, none);
    expect(r.ok && r.draft.tribe).toBeNull();
  });
});

describe('small parsers', () => {
  it('initiatives: one per line, bullets and numbering removed', () => {
    expect(splitInitiatives('- a\n* b\n• c\n3. d\n\n  e  \n-')).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(splitInitiatives('-5 % churn')).toEqual(['-5 % churn']);
  });
  it('whole numbers and decimals as people type them', () => {
    expect(parseWhole('12,000')).toBe(12000);
    expect(parseWhole('12 000')).toBe(12000);
    expect(parseWhole('12,5')).toBeUndefined();
    expect(parseWhole('-4')).toBe('negative');
    expect(parseWhole('99999999999999999999')).toBeUndefined();
    expect(parseDecimal('1,5')).toBe(1.5);
    expect(parseDecimal('.5')).toBe(0.5);
    expect(parseDecimal('1.2.3')).toBeUndefined();
  });
});

describe('parsePitchCommand', () => {
  it('reads every form', () => {
    expect(parsePitchCommand(org, '')).toEqual({ kind: 'modal' });
    expect(parsePitchCommand(org, 'Faster refunds')).toEqual({ kind: 'modal', title: 'Faster refunds' });
    expect(parsePitchCommand(org, 'help')).toEqual({ kind: 'help' });
    expect(parsePitchCommand(org, '#12')).toEqual({ kind: 'show', id: 12 });
    expect(parsePitchCommand(org, 'show 12')).toEqual({ kind: 'show', id: 12 });
    expect(parsePitchCommand(org, 'edit #3')).toEqual({ kind: 'edit', id: 3 });
    expect(parsePitchCommand(org, 'list')).toEqual({ kind: 'list', filters: { status: 'open', mine: false } });
    expect(parsePitchCommand(org, 'list tribe:"Payments" commitment:LEADS status:no-go mine')).toEqual({
      kind: 'list',
      filters: { status: 'no_go', mine: true, tribe: 'payments', commitment: 'leads' },
    });
    expect(parsePitchCommand(org, 'list status:all')).toMatchObject({ filters: { status: 'all' } });
    expect(parsePitchCommand(org, 'health tribe:discovery')).toEqual({ kind: 'health', filters: { tribe: 'discovery' } });
    expect(parsePitchCommand(org, 'move 4 on agenda')).toEqual({ kind: 'move', id: 4, to: 'on_agenda', note: null });
    expect(parsePitchCommand(org, 'move 4 rework Needs &lt;numbers&gt;')).toEqual({ kind: 'move', id: 4, to: 'rework', note: 'Needs <numbers>' });
    expect(parsePitchCommand(org, 'move 4 roadmap')).toMatchObject({ to: 'in_roadmap' });
  });

  it('explains what is wrong', () => {
    expect(parsePitchCommand(org, 'show')).toMatchObject({ kind: 'error', problem: { key: 'opp.show.usage' } });
    expect(parsePitchCommand(org, 'move x go')).toMatchObject({ kind: 'error', problem: { key: 'opp.move.usage' } });
    expect(parsePitchCommand(org, 'move 3 upwards')).toMatchObject({ kind: 'error', problem: { key: 'opp.move.usage' } });
    expect(parsePitchCommand(org, 'list status:maybe')).toMatchObject({ kind: 'error', problem: { key: 'opp.list.unknownStatus' } });
    expect(parsePitchCommand(org, 'list tribe:x tribe:y')).toMatchObject({ kind: 'error', problem: { key: 'opp.list.repeated' } });
    expect(parsePitchCommand(org, 'list tribe:"Pay')).toMatchObject({ kind: 'error', problem: { key: 'opp.list.unbalancedQuote' } });
    expect(parsePitchCommand(org, 'list tribe:')).toMatchObject({ kind: 'error', problem: { key: 'opp.list.emptyValue' } });
    expect(parsePitchCommand(org, 'list urgent')).toMatchObject({ kind: 'error', problem: { key: 'opp.list.unknownFilter', params: { words: 'urgent' } } });
    expect(parsePitchCommand(org, 'health status:go')).toMatchObject({ kind: 'error', problem: { key: 'opp.health.unknownFilter' } });
    expect(parsePitchCommand(org, 'list commitment:peace')).toMatchObject({ kind: 'error', problem: { key: 'opp.error.unknownCommitment' } });
  });
});

describe('/pitch in French (issue 14 item 3)', () => {
  it('reads French subcommands, keys, statuses and words', () => {
    expect(parsePitchCommand(org, 'aide')).toEqual({ kind: 'help' });
    expect(parsePitchCommand(org, 'liste tribu:payments engagement:leads statut:refusée mes')).toEqual({
      kind: 'list',
      filters: { status: 'no_go', mine: true, tribe: 'payments', commitment: 'leads' },
    });
    expect(parsePitchCommand(org, 'liste état:toutes')).toMatchObject({ filters: { status: 'all' } });
    expect(parsePitchCommand(org, 'liste statut:ouvertes')).toMatchObject({ filters: { status: 'open' } });
    expect(parsePitchCommand(org, 'santé tribu:discovery')).toEqual({ kind: 'health', filters: { tribe: 'discovery' } });
    expect(parsePitchCommand(org, 'voir 12')).toEqual({ kind: 'show', id: 12 });
    expect(parsePitchCommand(org, 'modifier #3')).toEqual({ kind: 'edit', id: 3 });
    expect(parsePitchCommand(org, 'déplacer 4 feuille-de-route Priorité du trimestre')).toEqual({ kind: 'move', id: 4, to: 'in_roadmap', note: 'Priorité du trimestre' });
    expect(parsePitchCommand(org, 'deplacer 4 livrée')).toMatchObject({ to: 'shipped' });
    expect(parsePitchCommand(org, 'déplacer 4 à-retravailler')).toMatchObject({ to: 'rework' });
  });

  it('refuses an unknown key with the closest one, and a key given twice in two languages', () => {
    expect(parsePitchCommand(org, 'liste tribus:payments')).toEqual({ kind: 'error', problem: { key: 'lang.token.unknown', params: { given: 'tribus', suggestion: 'tribu' } } });
    expect(parsePitchCommand(org, 'liste statu:go')).toMatchObject({ kind: 'error', problem: { key: 'lang.token.unknown', params: { suggestion: 'status' } } });
    expect(parsePitchCommand(org, 'liste tribu:payments tribe:discovery')).toMatchObject({ kind: 'error', problem: { key: 'opp.list.repeated' } });
  });

  it('a title that starts with a French word is still a title', () => {
    expect(parsePitchCommand(org, 'Paiement en un clic')).toEqual({ kind: 'modal', title: 'Paiement en un clic' });
    expect(parsePitchCommand(org, 'Aide contextuelle au paiement')).toEqual({ kind: 'modal', title: 'Aide contextuelle au paiement' });
    expect(parsePitchCommand(org, 'Voir ses factures en ligne')).toEqual({ kind: 'modal', title: 'Voir ses factures en ligne' });
    expect(parsePitchCommand(org, 'Move money between accounts')).toEqual({ kind: 'modal', title: 'Move money between accounts' });
  });
});
