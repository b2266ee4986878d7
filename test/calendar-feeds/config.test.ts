import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config/errors.js';
import { parseEnv } from '../../src/config/env.js';
import { buildOrgConfig } from '../helpers/org.js';

function problems(fn: () => unknown): string[] {
  try {
    fn();
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

const lunch = (extra: Record<string, unknown>) => ({
  rituals: [
    {
      key: 'lunch',
      name: 'Product Lunch',
      channel: 'C0000PRODUC',
      recurrence: { rrule: 'FREQ=MONTHLY;BYDAY=-1FR', dtstart: '2026-01-01', time: '12:30' },
      durationMinutes: 90,
      ...extra,
    },
  ],
});

describe('calendar settings', () => {
  it('accepts a location and an http(s) video link per ritual', () => {
    const org = buildOrgConfig(lunch({ location: 'Cafeteria', videoUrl: 'https://meet.example.com/abc' }));
    expect(org.rituals[0]).toMatchObject({ location: 'Cafeteria', videoUrl: 'https://meet.example.com/abc' });
  });

  it('names the key of a bad video link or an empty location', () => {
    expect(problems(() => buildOrgConfig(lunch({ videoUrl: 'javascript:alert(1)' })))).toEqual([
      'test-config.yml: rituals[0].videoUrl: must be an http(s) link such as https://meet.example.com/abc-defg, got "javascript:alert(1)"',
    ]);
    expect(problems(() => buildOrgConfig(lunch({ location: '' })))[0]).toMatch(/^test-config\.yml: rituals\[0\]\.location: /);
  });

  it('CADENCE_PUBLIC_URL must be an http(s) URL; the trailing slash is dropped', () => {
    expect(parseEnv({ CADENCE_PUBLIC_URL: 'https://cadence.example.com/' }).CADENCE_PUBLIC_URL).toBe('https://cadence.example.com');
    expect(problems(() => parseEnv({ CADENCE_PUBLIC_URL: 'cadence.example.com' }))[0]).toMatch(/^environment CADENCE_PUBLIC_URL: must be the http\(s\) URL/);
    expect(problems(() => parseEnv({ CADENCE_PUBLIC_URL: 'ftp://cadence.example.com' }))[0]).toMatch(/^environment CADENCE_PUBLIC_URL: must start with http/);
  });
});
