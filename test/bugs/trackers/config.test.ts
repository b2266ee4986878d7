import { describe, expect, it } from 'vitest';
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
  it('is optional: absent means no tracker configured; the example config documents two', () => {
    expect(buildOrgConfig({ trackers: {} }).trackers).toEqual({});
    const example = buildOrgConfig().trackers;
    expect(example.jira?.owners['5b10ac8d82e05b22cc7d4ef5']).toBe('U0000PMPAY2');
    expect(example.github?.teams.labels).toEqual({ 'area:search': 'search' });
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
