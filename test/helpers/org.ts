import { readFileSync } from 'node:fs';
import YAML from 'yaml';
import { parseOrgConfig, type OrgConfig } from '../../src/config/org.js';
import { exampleConfigPath } from '../../src/paths.js';

/** The shipped example config, parsed: tests start from what users start from. */
export function exampleOrgConfig(): OrgConfig {
  return parseOrgConfig(readFileSync(exampleConfigPath(), 'utf8'), 'cadence.example.yml');
}

/**
 * The text of a config file: the example with top-level sections replaced.
 * Tests that hand a file to the CLI write this, never a parsed OrgConfig
 * (parsing transforms some values, e.g. recurrences, so it does not round-trip).
 */
export function orgConfigText(overrides: Record<string, unknown> = {}): string {
  const raw = YAML.parse(readFileSync(exampleConfigPath(), 'utf8')) as Record<string, unknown>;
  return YAML.stringify({ ...raw, ...overrides });
}

/** The example config with top-level sections replaced, validated like a real file. */
export function buildOrgConfig(overrides: Record<string, unknown> = {}): OrgConfig {
  return parseOrgConfig(orgConfigText(overrides), 'test-config.yml');
}
