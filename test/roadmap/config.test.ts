import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config/errors.js';
import { buildOrgConfig, exampleOrgConfig } from '../helpers/org.js';

const defaults = { start: '2026-01-05', cycleWeeks: 6, cyclesPerSemester: 4, bufferWeeks: 2, horizonWeeks: 26, techShare: { min: 0.2, max: 0.5 } };

describe('roadmap: config section', () => {
  it('is optional, with every default (6-week cycles, 4 per semester and 2 weeks of buffer, tech 20–50 %)', () => {
    expect(exampleOrgConfig().roadmap).toEqual(defaults);
    expect(buildOrgConfig({ roadmap: undefined }).roadmap).toEqual(defaults);
    expect(buildOrgConfig({ roadmap: { cycleWeeks: 2, techShare: { max: 0.4 } } }).roadmap).toEqual({ ...defaults, cycleWeeks: 2, techShare: { min: 0.2, max: 0.4 } });
  });

  it('names the key and what is expected when a value is wrong', () => {
    expect(() => buildOrgConfig({ roadmap: { start: '2026-02-30' } })).toThrow(/roadmap\.start: must be a real calendar date/);
    expect(() => buildOrgConfig({ roadmap: { cycleWeeks: 0 } })).toThrow(/roadmap\.cycleWeeks: must be at least 1 week/);
    expect(() => buildOrgConfig({ roadmap: { techShare: { min: 20 } } })).toThrow(/roadmap\.techShare\.min: must be a share from 0 to 1/);
    expect(() => buildOrgConfig({ roadmap: { techShare: { min: 0.6, max: 0.5 } } })).toThrow(/roadmap\.techShare\.min: min must not be above max/);
    expect(() => buildOrgConfig({ roadmap: { cycleWeks: 6 } })).toThrow(ConfigError);
  });
});
