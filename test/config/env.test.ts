import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config/errors.js';
import { parseEnv, slackMode } from '../../src/config/env.js';
import { loadConfig } from '../../src/config/index.js';
import { tempDir } from '../helpers/tmp.js';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

function configError(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

describe('environment', () => {
  it('applies defaults', () => {
    const env = parseEnv({});
    expect(env.PORT).toBe(3000);
    expect(env.CADENCE_DB).toBe('./data/cadence.db');
    expect(env.LOG_LEVEL).toBe('info');
  });

  it('names bad variables without echoing their values', () => {
    const err = configError(() => parseEnv({ PORT: 'eighty', SLACK_BOT_TOKEN: 'xoxp-user-token-secret', LOG_LEVEL: 'loud' }));
    expect(err.problems).toContain('environment PORT: must be a port number (0-65535)');
    expect(err.problems).toContain('environment SLACK_BOT_TOKEN: must be a bot token starting with "xoxb-"');
    expect(err.problems.some((p) => p.startsWith('environment LOG_LEVEL: expected one of "debug", "info", "warn", "error"'))).toBe(true);
    expect(err.message).not.toContain('secret');
  });

  it('treats empty variables as unset and normalises SLACK_API_URL', () => {
    const env = parseEnv({ PORT: '', SLACK_API_URL: 'http://127.0.0.1:9/api' });
    expect(env.PORT).toBe(3000);
    expect(env.SLACK_API_URL).toBe('http://127.0.0.1:9/api/');
  });

  it('explains missing Slack credentials and how to create the app', () => {
    const err = configError(() => slackMode(parseEnv({})));
    expect(err.problems).toEqual(['SLACK_BOT_TOKEN is not set', 'SLACK_SIGNING_SECRET is not set (or set SLACK_APP_TOKEN for Socket Mode)']);
    expect(err.hint).toContain('manifest.yml');
  });

  it('picks Socket Mode when an app token is set, HTTP otherwise', () => {
    expect(slackMode(parseEnv({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1' })).kind).toBe('socket');
    expect(slackMode(parseEnv({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's' })).kind).toBe('http');
  });

  it('loads the example config when CADENCE_CONFIG is unset, and names a missing file', () => {
    const cfg = loadConfig({}, '/');
    expect(cfg.usingExampleConfig).toBe(true);
    const err = configError(() => loadConfig({ CADENCE_CONFIG: 'nope.yml' }, '/tmp'));
    expect(err.problems).toEqual(['CADENCE_CONFIG: no file at /tmp/nope.yml']);
  });

  it('resolves CADENCE_CONFIG and CADENCE_DB against the working directory', () => {
    const tmp = tempDir();
    try {
      writeFileSync(join(tmp.dir, 'org.yml'), 'organisation:\n  name: Tiny\n  timezone: America/New_York\n');
      const cfg = loadConfig({ CADENCE_CONFIG: 'org.yml', CADENCE_DB: 'db/c.db' }, tmp.dir);
      expect(cfg.org.organisation.name).toBe('Tiny');
      expect(cfg.dbPath).toBe(join(tmp.dir, 'db/c.db'));
    } finally {
      tmp.cleanup();
    }
  });
});
