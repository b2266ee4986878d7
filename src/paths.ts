import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let cached: string | undefined;

/**
 * The package root (where package.json, migrations/ and cadence.example.yml live),
 * found by walking up from this file: the same code runs from src/ under vitest
 * and from dist/src/ when built, at different depths.
 */
export function packageRoot(): string {
  if (cached) return cached;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, 'package.json');
    if (existsSync(candidate)) {
      const pkg: unknown = JSON.parse(readFileSync(candidate, 'utf8'));
      if (pkg && typeof pkg === 'object' && 'name' in pkg && pkg.name === 'cadence') {
        cached = dir;
        return dir;
      }
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error('cannot find the cadence package root (package.json) above ' + fileURLToPath(import.meta.url));
    dir = parent;
  }
}

export function packageVersion(): string {
  const pkg: unknown = JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8'));
  return pkg && typeof pkg === 'object' && 'version' in pkg && typeof pkg.version === 'string' ? pkg.version : '0.0.0';
}

export const migrationsDir = (): string => join(packageRoot(), 'migrations');
export const exampleConfigPath = (): string => join(packageRoot(), 'cadence.example.yml');
