import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';

/**
 * Builds dist/ once before the suite: the process-level tests run the real
 * `node dist/src/main.js` and `dist/src/cli.js`, exactly what `npm start` runs.
 */
export default function setup(): void {
  const require = createRequire(import.meta.url);
  const tsc = require.resolve('typescript/bin/tsc');
  execFileSync(process.execPath, [tsc, '-p', join(import.meta.dirname, '..', 'tsconfig.build.json')], { stdio: 'inherit' });
  // The sandbox page (browser code, its own tsconfig), served from dist/ by the sandbox tests.
  execFileSync(process.execPath, [tsc, '-p', join(import.meta.dirname, '..', 'src', 'sandbox', 'page', 'tsconfig.json')], { stdio: 'inherit' });
}
