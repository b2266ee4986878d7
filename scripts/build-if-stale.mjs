#!/usr/bin/env node
// `npm start` and `npm run cadence` run this first (prestart): it compiles the
// TypeScript only when dist/ is missing or older than the sources, so that a
// restart after a config change starts at once instead of after a full `tsc`
// (about 14 s on a 2-core machine). On a fresh clone (`npm ci && npm start`)
// dist/ does not exist yet, so the first start builds.
//
// Stale means: some src/**/*.ts has no dist/src/**/*.js, or is newer than both
// its output and the stamp this script writes after each build (the stamp
// covers a touched file whose output tsc left unchanged); or a tsconfig file
// changed since the last build. A deleted source leaves its old .js behind,
// which nothing imports; `npm run build` after `rm -rf dist` cleans up.
// Plain JavaScript on purpose: it runs before anything is compiled.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const stampPath = join(root, 'dist', '.build-stamp');
// The server code, then the sandbox page (browser code, its own tsconfig): what `npm run build` compiles.
const builds = ['tsconfig.build.json', 'src/sandbox/page/tsconfig.json'];
const configs = ['tsconfig.json', ...builds].map((f) => join(root, f));

function mtimeOrUndefined(path) {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return undefined;
  }
}

function* sources(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* sources(path);
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) yield path;
  }
}

/** Why a build is needed, or undefined when dist/ is up to date. */
function staleReason() {
  const stamp = mtimeOrUndefined(stampPath) ?? 0;
  let oldestOutput = Infinity;
  for (const src of sources(join(root, 'src'))) {
    const rel = relative(root, src);
    const out = join(root, 'dist', rel.replace(/\.ts$/, '.js'));
    const outTime = mtimeOrUndefined(out);
    if (outTime === undefined) return `${rel} has not been compiled`;
    const srcTime = statSync(src).mtimeMs;
    if (srcTime > Math.max(outTime, stamp)) return `${rel} changed since the last build`;
    oldestOutput = Math.min(oldestOutput, Math.max(outTime, stamp));
  }
  for (const config of configs) {
    const t = mtimeOrUndefined(config);
    if (t !== undefined && t > oldestOutput) return `${relative(root, config)} changed since the last build`;
  }
  return undefined;
}

const reason = staleReason();
if (reason !== undefined) {
  process.stderr.write(`Building Cadence (${reason})…\n`);
  const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
  for (const config of builds) {
    const result = spawnSync(process.execPath, [tsc, '-p', join(root, config)], { stdio: 'inherit' });
    if (result.status !== 0) {
      process.stderr.write('The TypeScript build failed (see above); fix it, or run `npm run build` to see the errors again.\n');
      process.exit(result.status ?? 1);
    }
  }
  writeFileSync(stampPath, `${new Date().toISOString()}\n`);
}
