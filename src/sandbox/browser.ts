// Headless Chromium for the browser tests and `npm run gallery`: Debian's
// `chromium` package driven by playwright-core, which never downloads a browser.

import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext } from 'playwright-core';

export const CHROMIUM_CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

/** The browser to drive: CHROMIUM_PATH, else the first installed candidate. */
export function findChromium(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const given = env['CHROMIUM_PATH'];
  if (given) return existsSync(given) ? given : undefined;
  return CHROMIUM_CANDIDATES.find((p) => existsSync(p));
}

export const MISSING_BROWSER =
  'No Chromium found (looked at CHROMIUM_PATH and ' + CHROMIUM_CANDIDATES.join(', ') + '). ' +
  'Install it with `sudo apt-get install -y chromium` (Debian/Ubuntu), or set CHROMIUM_PATH.';

export interface LaunchedBrowser {
  /** A context on a fresh, throw-away profile (the --user-data-dir). */
  context: BrowserContext;
  close(): Promise<void>;
}

/** Launches headless Chromium with a fresh profile, quiet (no network of its own). */
export async function launchChromium(executablePath: string): Promise<LaunchedBrowser> {
  const { chromium } = await import('playwright-core');
  const profile = mkdtempSync(join(tmpdir(), 'cadence-chromium-'));
  // Playwright takes the profile directory as an argument here (it refuses --user-data-dir in args).
  const context = await chromium.launchPersistentContext(profile, {
    executablePath,
    headless: true,
    viewport: { width: 1400, height: 860 },
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
