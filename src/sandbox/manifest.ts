import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { packageRoot } from '../paths.js';

export interface ManifestCommand {
  command: string;
  description: string;
  usage_hint: string;
}

export interface ManifestShortcut {
  name: string;
  callback_id: string;
  type: string;
  description: string;
}

export interface ManifestCommands {
  commands: ManifestCommand[];
  shortcuts: ManifestShortcut[];
}

function record(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function list(value: unknown): Record<string, unknown>[] {
  return Array.isArray(value) ? value.map(record) : [];
}

const s = (value: unknown): string => (typeof value === 'string' ? value : '');

/** The slash commands (with their usage hints, for autocomplete) and shortcuts that manifest.yml declares. */
export function readManifest(path = join(packageRoot(), 'manifest.yml')): ManifestCommands {
  const features = record(record(parse(readFileSync(path, 'utf8')))['features']);
  return {
    commands: list(features['slash_commands']).map((c) => ({ command: s(c['command']), description: s(c['description']), usage_hint: s(c['usage_hint']) })),
    shortcuts: list(features['shortcuts']).map((c) => ({
      name: s(c['name']),
      callback_id: s(c['callback_id']),
      type: s(c['type']),
      description: s(c['description']),
    })),
  };
}
