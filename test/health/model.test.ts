import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config/errors.js';
import { resultsMessage, surveyModal } from '../../src/health/blocks.js';
import { changeOf, distributions, healthUnits, percentages, type Answer } from '../../src/health/model.js';
import { translator } from '../../src/i18n/index.js';
import { validateBlocks, validateView } from '../../src/sandbox/slack/block-kit.js';
import { buildOrgConfig } from '../helpers/org.js';
import { CHECKOUT, healthOrg, healthRitual } from './fixtures.js';

function problems(fn: () => unknown): string[] {
  try {
    fn();
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

describe('health check model', () => {
  it('counts colours and trends per dimension, in the survey order, zeros included', () => {
    const a: Answer[] = [
      { dimension: 'fun', color: 'green', trend: 'better' },
      { dimension: 'fun', color: 'red', trend: 'same' },
      { dimension: 'value', color: 'amber', trend: 'worse' },
    ];
    expect(distributions(['value', 'fun', 'speed'], a)).toEqual([
      { dimension: 'value', green: 0, amber: 1, red: 0, better: 0, same: 0, worse: 1 },
      { dimension: 'fun', green: 1, amber: 0, red: 1, better: 1, same: 1, worse: 0 },
      { dimension: 'speed', green: 0, amber: 0, red: 0, better: 0, same: 0, worse: 0 },
    ]);
    expect(distributions([], a)).toEqual([]);
  });

  it('says up, down or same only for a move of at least a tenth, and "first" without a previous check', () => {
    const d = (green: number, amber: number, red: number) => ({ green, amber, red });
    expect(changeOf(d(3, 0, 0), undefined)).toBe('first');
    expect(changeOf(d(3, 0, 0), d(0, 0, 0))).toBe('first');
    expect(changeOf(d(0, 0, 0), d(3, 0, 0))).toBe('first');
    expect(changeOf(d(3, 1, 0), d(2, 2, 0))).toBe('up'); // 0.75 vs 0.5
    expect(changeOf(d(2, 2, 0), d(3, 1, 0))).toBe('down');
    expect(changeOf(d(10, 0, 1), d(10, 0, 0))).toBe('down'); // 0.82 vs 1
    expect(changeOf(d(20, 0, 1), d(20, 0, 0))).toBe('same'); // 0.905 vs 1: under a tenth
  });

  it('percentages always add up to 100', () => {
    expect(percentages([1, 1, 1])).toEqual([34, 33, 33]);
    expect(percentages([0, 0, 0])).toEqual([0, 0, 0]);
    expect(percentages([2, 1, 0])).toEqual([67, 33, 0]);
    for (const c of [[7, 3, 1], [1, 1, 5], [999, 1, 0]]) expect(percentages(c).reduce((s, n) => s + n, 0)).toBe(100);
  });

  it('teams are their lead and members; tribes everyone in them, each once', () => {
    const org = healthOrg();
    const teams = healthUnits(org, 'team');
    expect(teams.find((u) => u.key === 'checkout')).toEqual({ kind: 'team', key: 'checkout', name: 'Checkout', channel: 'C0000CHKOUT', members: CHECKOUT });
    // Billing has no channel of its own: results go to the tribe's.
    expect(teams.find((u) => u.key === 'billing')).toMatchObject({ channel: 'C0000PAYMNT', members: ['U0000PMPAY1'] });
    expect(healthUnits(org, 'tribe').find((u) => u.key === 'payments')?.members.sort()).toEqual([...new Set(['U0000PMPAY1', 'U0000PMPAY2', ...CHECKOUT])].sort());
  });
});

describe('health check config', () => {
  it('refuses fewer than 3 answers, a wrong number of dimensions, duplicates, and a check without a close step', () => {
    expect(problems(() => healthOrg({ healthCheck: { minAnswers: 2 } }))).toEqual(['test-config.yml: healthCheck.minAnswers: must be at least 3: fewer answers could point at a person, got number 2']);
    expect(problems(() => healthOrg({ healthCheck: { dimensions: ['value', 'fun', 'speed', 'learning'] } }))[0]).toMatch(/^test-config\.yml: healthCheck\.dimensions: needs 5 to 8 dimensions/);
    expect(problems(() => healthOrg({ healthCheck: { dimensions: ['value', 'fun', 'speed', 'learning', 'fun'] } }))[0]).toMatch(/^test-config\.yml: healthCheck\.dimensions\[4\]: duplicate dimension "fun"/);
    const noClose = { ...healthRitual, steps: healthRitual.steps.filter((s) => s.action !== 'health_close') };
    expect(problems(() => buildOrgConfig({ rituals: [noClose] }))).toEqual([
      'test-config.yml: rituals[0].steps: a ritual with a health_check step needs a health_close step (it publishes the results and forgets who answered)',
    ]);
    const custom = healthOrg({ healthCheck: { unit: 'tribe', minAnswers: 5, dimensions: ['value', 'fun', 'speed', 'learning', { key: 'tooling', name: 'Tooling', nameFr: 'Outillage' }] } });
    expect(custom.healthCheck).toMatchObject({ unit: 'tribe', minAnswers: 5 });
  });
});

describe('health check blocks', () => {
  it('the form with 8 long custom dimensions, and the results, fit Slack in both languages', () => {
    const dims = Array.from({ length: 8 }, (_, i) => ({ key: `d${i}`, label: `${'Very long label '.repeat(12)}${i}` }));
    for (const lang of ['en', 'fr'] as const) {
      const tr = translator(lang);
      expect(validateView(surveyModal(tr, { surveyId: 1, unit: 'Checkout <!here>', min: 3, dimensions: dims }))).toEqual([]);
      const rows = dims.map((d) => ({ label: d.label, now: { dimension: d.key, green: 50, amber: 30, red: 20, better: 1, same: 2, worse: 3 }, before: undefined }));
      const m = resultsMessage(tr, { unit: 'Checkout', answers: 100, invited: 120, min: 3, shown: true, rows, comments: Array(50).fill('x'.repeat(400)) });
      expect(validateBlocks(m.blocks, 'message')).toEqual([]);
    }
    const fr = resultsMessage(translator('fr'), { unit: 'Paiements', answers: 2, invited: 5, min: 3, shown: false, rows: [], comments: [] });
    expect(fr.text).toBe('🩺 *Bilan de santé de Paiements*, réponses\u202f: 2/5. Moins de 3\u202f: les résultats restent masqués pour préserver l’anonymat.');
  });
});
