import { readFileSync } from 'node:fs';
import YAML from 'yaml';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config/errors.js';
import { parseOrgConfig } from '../../src/config/org.js';
import { exampleConfigPath } from '../../src/paths.js';

const example = () => YAML.parse(readFileSync(exampleConfigPath(), 'utf8')) as Record<string, any>;

function problemsOf(raw: unknown): string[] {
  try {
    parseOrgConfig(typeof raw === 'string' ? raw : YAML.stringify(raw), 'cadence.yml');
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  throw new Error('expected the config to be rejected');
}

describe('organisation config', () => {
  it('parses the shipped example with defaults filled in', () => {
    const cfg = parseOrgConfig(readFileSync(exampleConfigPath(), 'utf8'), 'example');
    expect(cfg.organisation.timezone).toBe('Europe/Paris');
    expect(cfg.tribes.map((t) => t.key)).toEqual(['payments', 'discovery']);
    expect(cfg.tribes[1]?.impactTeams[1]?.members).toEqual([]);
    expect(cfg.commitments).toHaveLength(3);
  });

  it('names the key and what is expected for a wrong type', () => {
    const raw = example();
    raw.tribes[0].members = 'U0000PMPAY1';
    expect(problemsOf(raw)).toEqual(['cadence.yml: tribes[0].members: expected array, got "U0000PMPAY1"']);
  });

  it('rejects a tribe channel written as a #name, naming the key', () => {
    const raw = example();
    raw.tribes[1].channel = '#discovery';
    const [problem] = problemsOf(raw);
    expect(problem).toMatch(/^cadence\.yml: tribes\[1\]\.channel: must be a Slack channel ID such as C0123ABCD/);
    expect(problem).toContain('got "#discovery"');
  });

  it('rejects an unknown time zone name', () => {
    const raw = example();
    raw.organisation.timezone = 'Europe/Pariss';
    expect(problemsOf(raw)).toEqual([
      'cadence.yml: organisation.timezone: must be an IANA time zone name such as Europe/Paris or America/New_York, got "Europe/Pariss"',
    ]);
  });

  it('reports every problem at once, including unknown keys and bad enums', () => {
    const raw = example();
    raw.organisation.language = 'de';
    raw.channels.digets = 'C0000DIGEST';
    raw.organisation.holidays = ['2026-02-30'];
    const problems = problemsOf(raw);
    expect(problems).toContain('cadence.yml: organisation.language: expected one of "en", "fr", got "de"');
    expect(problems).toContain('cadence.yml: channels: unknown key "digets" (check the spelling against cadence.example.yml)');
    expect(problems).toContain('cadence.yml: organisation.holidays[0]: must be a real calendar date, got "2026-02-30"');
  });

  it('rejects duplicate keys, including impact teams across tribes', () => {
    const raw = example();
    raw.tribes[1].key = 'payments';
    raw.tribes[1].impactTeams[0].key = 'checkout';
    const problems = problemsOf(raw);
    expect(problems).toContain('cadence.yml: tribes[1].key: duplicate tribe key "payments" (already used at index 0)');
    expect(problems.some((p) => p.startsWith('cadence.yml: tribes[1].impactTeams[0].key: duplicate impact team key "checkout"'))).toBe(true);
  });

  it('requires the organisation section', () => {
    expect(problemsOf({ admins: [] })).toEqual(['cadence.yml: organisation: is required (expected object)']);
  });

  it('explains YAML syntax errors and non-mapping documents', () => {
    expect(problemsOf('organisation: [unclosed')[0]).toMatch(/^cadence\.yml: /);
    expect(problemsOf('- just\n- a list\n')).toEqual(['cadence.yml: expected a mapping with at least "organisation:" at the top level']);
    expect(problemsOf('organisation:\n  name: A\norganisation:\n  name: B\n')[0]).toMatch(/^cadence\.yml: .*[Mm]ap keys must be unique/);
  });
});
