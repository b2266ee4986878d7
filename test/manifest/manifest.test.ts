import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import AjvModule from 'ajv';
import YAML from 'yaml';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { openDb } from '../../src/db/open.js';
import { migrate } from '../../src/db/migrate.js';
import { migrationsDir, packageRoot } from '../../src/paths.js';
import { exampleOrgConfig } from '../helpers/org.js';
import { silentLogger } from '../../src/logger.js';

const Ajv = AjvModule.default ?? AjvModule;
const schemaPath = join(packageRoot(), '..', 'shared', 'slack', 'manifest.schema.1.0.0.json');
const manifest = YAML.parse(readFileSync(join(packageRoot(), 'manifest.yml'), 'utf8')) as {
  features: { slash_commands: { command: string }[]; shortcuts: { callback_id: string; type: string }[] };
  settings: { event_subscriptions: { bot_events: string[] } };
};

describe('manifest.yml', () => {
  it.runIf(existsSync(schemaPath))("is valid against Slack's official manifest schema", () => {
    const ajv = new Ajv({ allErrors: true, strict: false });
    const validate = ajv.compile(JSON.parse(readFileSync(schemaPath, 'utf8')));
    const valid = validate(manifest);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it.skipIf(existsSync(schemaPath))('schema check skipped: ../shared/slack/manifest.schema.1.0.0.json is absent', () => {
    console.warn(`manifest schema not found at ${schemaPath}: the manifest was not validated against Slack's schema`);
  });

  it('declares exactly the commands and shortcuts the code registers', () => {
    // Listeners register through the dispatcher (src/core/dispatch.ts), which lists them.
    const db = openDb(':memory:');
    migrate(db, migrationsDir());
    let routes: readonly { kind: string; constraint: string }[];
    try {
      routes = buildApp({ org: exampleOrgConfig(), db, slack: { kind: 'http', botToken: 'xoxb-test', signingSecret: 's' }, logger: silentLogger() }).routes();
    } finally {
      db.close();
    }
    const commands = routes.filter((r) => r.kind === 'command').map((r) => r.constraint);
    const shortcuts = routes.filter((r) => r.kind === 'shortcut').map((r) => r.constraint);
    expect([...new Set(commands)].sort()).toEqual(manifest.features.slash_commands.map((c) => c.command).sort());
    expect([...new Set(shortcuts)].sort()).toEqual(manifest.features.shortcuts.map((s) => s.callback_id).sort());
  });

  it('stays within Slack limits for names and counts', () => {
    expect(manifest.features.slash_commands.length).toBeLessThanOrEqual(50);
    expect(manifest.features.shortcuts.length).toBeLessThanOrEqual(10);
    for (const c of manifest.features.slash_commands) expect(c.command.length).toBeLessThanOrEqual(32);
  });
});
