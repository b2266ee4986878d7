import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { exampleConfigPath } from '../../../src/paths.js';
import { ConfigError } from '../../../src/config/errors.js';
import { buildOrgConfig } from '../../helpers/org.js';

function problems(trackers: unknown): string[] {
  try {
    buildOrgConfig({ trackers });
    return [];
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
}

describe('trackers: config', () => {
  it('is optional: absent means no tracker configured', () => {
    expect(buildOrgConfig().trackers).toEqual({});
  });

  it('the commented trackers: block of cadence.example.yml, uncommented, is a valid config', () => {
    const text = readFileSync(exampleConfigPath(), 'utf8');
    const lines = text.split('\n');
    const start = lines.indexOf('# trackers:');
    expect(start).toBeGreaterThan(0);
    const block: string[] = [];
    for (const line of lines.slice(start)) {
      if (!line.startsWith('#')) break;
      block.push(line === '#' ? '' : line.slice(2));
    }
    const trackers = (YAML.parse(block.join('\n')) as { trackers: unknown }).trackers;
    const parsed = buildOrgConfig({ trackers }).trackers;
    expect(parsed.jira?.owners['5b10ac8d82e05b22cc7d4ef5']).toBe('U0000PMPAY2');
    expect(parsed.jira?.insights?.requestTypes).toEqual(['Product feedback']);
    expect(parsed.github?.teams.labels).toEqual({ 'area:search': 'search' });
  });

  it('fills the defaults: qa-qualified label, dropped resolutions and labels', () => {
    const cfg = buildOrgConfig({ trackers: { jira: {}, github: {} } }).trackers;
    expect(cfg.jira?.qualified).toEqual({ labels: ['qa-qualified'], statuses: [] });
    expect(cfg.jira?.droppedResolutions).toContain("Won't Do");
    expect(cfg.github?.droppedLabels).toContain('wontfix');
  });

  it('a label mapping to an unknown team is a start-up error naming the key', () => {
    expect(problems({ github: { teams: { labels: { 'area:pay': 'paymnts' } } } })).toEqual([
      expect.stringMatching(/trackers\.github\.teams\.labels\.area:pay.*unknown impact team "paymnts"; configured: checkout, billing, search, recommendations/),
    ]);
  });

  it('an owner that is neither a Slack user ID nor an e-mail, a bad severity, an unknown key: each named', () => {
    const p = problems({ jira: { owners: { '5b10ac8d': '@dev' }, severity: { Highest: 'urgent' }, colour: 'red' } });
    expect(p.join('\n')).toMatch(/trackers\.jira\.owners\.5b10ac8d.*Slack user ID/);
    expect(p.join('\n')).toMatch(/trackers\.jira\.severity\.Highest.*"critical", "high", "medium", "low"/);
    expect(p.join('\n')).toMatch(/trackers\.jira.*colour/);
  });

  it('JSM insights: the reporter must be a Slack user, the tribe a configured one', () => {
    const p = problems({ jira: { insights: { reporter: 'jsmith', tribe: 'sales' } } }).join('\n');
    expect(p).toMatch(/trackers\.jira\.insights\.reporter/);
    expect(p).toMatch(/trackers\.jira\.insights\.tribe.*unknown tribe "sales"/);
  });
});
