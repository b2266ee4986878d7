import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { exampleConfigPath } from '../paths.js';
import { parseEnv, type Env } from './env.js';
import { loadOrgConfig, type OrgConfig } from './org.js';

export { ConfigError } from './env.js';
export type { Env, SlackMode } from './env.js';
export { slackMode, parseEnv } from './env.js';
export type { OrgConfig, Tribe, ImpactTeam, Commitment, Language } from './org.js';
export { parseOrgConfig, loadOrgConfig } from './org.js';

export interface LoadedConfig {
  env: Env;
  org: OrgConfig;
  /** Where the organisation config came from, for logs and `cadence` output. */
  configPath: string;
  usingExampleConfig: boolean;
  dbPath: string;
}

/** Reads `.env` when present; values already in the environment win, as with Node's --env-file. */
export function loadDotEnv(cwd = process.cwd()): void {
  const path = resolve(cwd, '.env');
  if (existsSync(path)) process.loadEnvFile(path);
}

/** Parses the environment and the organisation config once; throws ConfigError with actionable lines. */
export function loadConfig(source: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): LoadedConfig {
  const env = parseEnv(source);
  const usingExampleConfig = !env.CADENCE_CONFIG;
  const configPath = env.CADENCE_CONFIG ? resolve(cwd, env.CADENCE_CONFIG) : exampleConfigPath();
  const org = loadOrgConfig(configPath);
  return { env, org, configPath, usingExampleConfig, dbPath: resolve(cwd, env.CADENCE_DB) };
}
