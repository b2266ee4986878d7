import { readFileSync } from 'node:fs';
import YAML from 'yaml';
import { parseOrgConfig, type OrgConfig } from '../../src/config/org.js';
import { exampleConfigPath } from '../../src/paths.js';

/** The shipped example config, parsed: tests start from what users start from. */
export function exampleOrgConfig(): OrgConfig {
  return parseOrgConfig(readFileSync(exampleConfigPath(), 'utf8'), 'cadence.example.yml');
}

/** The example config with top-level sections replaced, validated like a real file. */
export function buildOrgConfig(overrides: Record<string, unknown> = {}): OrgConfig {
  const raw = YAML.parse(readFileSync(exampleConfigPath(), 'utf8')) as Record<string, unknown>;
  return parseOrgConfig(YAML.stringify({ ...raw, ...overrides }), 'test-config.yml');
}
