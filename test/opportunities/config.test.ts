import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config/errors.js';
import { buildOrgConfig, exampleOrgConfig } from '../helpers/org.js';

describe('opportunities: config section', () => {
  it('defaults the top-down goal to 20 % when the section or the key is absent', () => {
    expect(exampleOrgConfig().opportunities).toEqual({ topDownGoal: 0.2 });
    expect(buildOrgConfig({ opportunities: undefined }).opportunities).toEqual({ topDownGoal: 0.2 });
    expect(buildOrgConfig({ opportunities: {} }).opportunities).toEqual({ topDownGoal: 0.2 });
    expect(buildOrgConfig({ opportunities: { topDownGoal: 0.3 } }).opportunities).toEqual({ topDownGoal: 0.3 });
  });

  it('refuses a goal that is not a share, naming the key; and unknown keys', () => {
    expect(() => buildOrgConfig({ opportunities: { topDownGoal: 20 } })).toThrow(ConfigError);
    expect(() => buildOrgConfig({ opportunities: { topDownGoal: 20 } })).toThrow(/opportunities\.topDownGoal: must be a share of at most 1/);
    expect(() => buildOrgConfig({ opportunities: { topDownGaol: 0.2 } })).toThrow(ConfigError);
    expect(() => buildOrgConfig({ opportunities: { topDownGoal: 0 } })).toThrow(ConfigError);
  });
});
