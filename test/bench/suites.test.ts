import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ackScenarios } from '../../bench/ack/scenarios.js';
import { isBenchSuite } from '../../bench/lib/suite.js';
import { packageRoot } from '../../src/paths.js';

describe('benchmark registration', () => {
  it('every bench/suites file exports a suite with a unique name (what npm run bench relies on)', async () => {
    const dir = join(packageRoot(), 'bench', 'suites');
    const files = readdirSync(dir).filter((f) => f.endsWith('.ts'));
    expect(files.length).toBeGreaterThanOrEqual(3);
    const names: string[] = [];
    for (const file of files) {
      const mod: unknown = await import(join(dir, file));
      const suite = mod && typeof mod === 'object' && 'suite' in mod ? mod.suite : undefined;
      expect(isBenchSuite(suite), `${file} exports suite`).toBe(true);
      if (isBenchSuite(suite)) names.push(suite.name);
    }
    expect(new Set(names).size).toBe(names.length);
  });

  it('ack scenarios have unique names and build distinct request bodies per index', () => {
    const names = ackScenarios.map((s) => s.name);
    expect(new Set(names).size).toBe(names.length);
    for (const s of ackScenarios) {
      const a = s.build(1);
      const b = s.build(2);
      expect(a.body).not.toBe(b.body);
      expect(a.contentType).toMatch(/^application\//);
    }
  });
});
