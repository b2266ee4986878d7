import { readFileSync } from 'node:fs';
import YAML from 'yaml';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config/errors.js';
import { parseOrgConfig } from '../../src/config/org.js';
import { exampleConfigPath } from '../../src/paths.js';

const example = () => YAML.parse(readFileSync(exampleConfigPath(), 'utf8')) as Record<string, unknown>;
const parse = (bugs: unknown) => parseOrgConfig(YAML.stringify({ ...example(), bugs }), 'cadence.yml');
function problemsOf(bugs: unknown): string[] {
  try {
    parse(bugs);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  throw new Error('expected the config to be rejected');
}

describe('bugs: config section', () => {
  it('is optional: without it the PRODUCT.md defaults apply', () => {
    const raw = example();
    delete raw['bugs'];
    const cfg = parseOrgConfig(YAML.stringify(raw), 'cadence.yml');
    expect(cfg.bugs).toEqual({
      slaDays: 7,
      slaMode: 'calendar',
      slaDaysBySeverity: {},
      defaultSeverity: 'medium',
      dueSoonHours: 48,
      ladder: [
        { name: 'due-soon', offsetHours: -24, notify: ['owner'] },
        { name: 'breached', offsetHours: 0, notify: ['team', 'owner', 'lead'] },
        { name: 'still-breached', offsetHours: 48, notify: ['leadership'] },
      ],
      noticeHours: { start: '09:00', end: '18:00' },
      dmAlsoInChannel: false,
      acknowledgedGraceHours: 120,
    });
  });

  it('an empty section gets every default, a partial one keeps the rest', () => {
    expect(parse({}).bugs.ladder).toHaveLength(3);
    const cfg = parse({ slaMode: 'business', slaDaysBySeverity: { critical: 2 } });
    expect(cfg.bugs).toMatchObject({ slaDays: 7, slaMode: 'business', slaDaysBySeverity: { critical: 2 }, dueSoonHours: 48 });
  });

  it('the shipped example documents the section and parses to the defaults', () => {
    expect(readFileSync(exampleConfigPath(), 'utf8')).toMatch(/^bugs:/m);
    expect(parseOrgConfig(readFileSync(exampleConfigPath(), 'utf8'), 'x').bugs.slaDays).toBe(7);
  });

  it('names the key for each mistake', () => {
    expect(problemsOf({ slaDays: 0 })).toEqual(['cadence.yml: bugs.slaDays: must be a positive number of days, got number 0']);
    expect(problemsOf({ slaMode: 'weekdays' })[0]).toBe('cadence.yml: bugs.slaMode: expected one of "calendar", "business", got "weekdays"');
    expect(problemsOf({ slaDaysBySeverity: { blocker: 1 } })[0]).toContain('bugs.slaDaysBySeverity: unknown key "blocker"');
    expect(problemsOf({ defaultSeverity: 'urgent' })[0]).toContain('bugs.defaultSeverity: expected one of "critical", "high", "medium", "low"');
    expect(problemsOf({ slaMode: 'business', slaDays: 2.5 })).toEqual(['cadence.yml: bugs.slaDays: must be a whole number of days in business mode, got number 2.5']);
  });

  it('ladder levels must be in time order and notify someone', () => {
    const problems = problemsOf({
      ladder: [
        { name: 'breached', offsetHours: 0, notify: ['team'] },
        { name: 'warn', offsetHours: -4, notify: [] },
        { name: 'boss', offsetHours: 24, notify: ['ceo'] },
      ],
    });
    expect(problems).toEqual([
      'cadence.yml: bugs.ladder[1].notify: must name at least one of owner, team, lead, leadership',
      'cadence.yml: bugs.ladder[2].notify[0]: expected one of "owner", "team", "lead", "leadership", got "ceo"',
    ]);
    expect(problemsOf({ ladder: [{ name: 'a', offsetHours: 0, notify: ['team'] }, { name: 'b', offsetHours: 0, notify: ['team'] }] })).toEqual([
      'cadence.yml: bugs.ladder[1].offsetHours: must be later than the previous level (0 h), got number 0',
    ]);
  });
});
