import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config/errors.js';
import { buildOrgConfig, exampleOrgConfig } from '../helpers/org.js';

describe('insights: config section', () => {
  it('is optional, with every default', () => {
    const { insights } = exampleOrgConfig();
    expect(buildOrgConfig({ insights: undefined }).insights).toEqual({ undoMinutes: 10, segments: ['enterprise', 'mid-market', 'smb'], duplicateWindowDays: 90 });
    expect(buildOrgConfig({ insights: { undoMinutes: 30 } }).insights).toEqual({ undoMinutes: 30, segments: ['enterprise', 'mid-market', 'smb'], duplicateWindowDays: 90 });
    expect(insights.undoMinutes).toBe(10);
  });

  it('names the key and what is expected when a value is wrong', () => {
    const problems = (insights: unknown) => {
      try {
        buildOrgConfig({ insights });
        return '';
      } catch (err) {
        if (err instanceof ConfigError) return err.message;
        throw err;
      }
    };
    expect(problems({ undoMinutes: 0 })).toContain('insights.undoMinutes');
    expect(problems({ undoMinutes: 2.5 })).toContain('insights.undoMinutes');
    expect(problems({ segments: ['Enterprise Plus'] })).toContain('insights.segments[0]: must be a short lower-case key');
    expect(problems({ duplicateWindowDays: 1000 })).toContain('insights.duplicateWindowDays');
    expect(problems({ undoMinute: 5 })).toContain('undoMinute');
  });
});
