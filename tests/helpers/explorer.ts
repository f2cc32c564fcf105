// The explorer as the Chromium tests drive it: the bundle built from the current source, served by
// the real server, and headless Debian Chromium that may reach nothing but that server.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import type { Driver } from '../../src/db/executor.js';
import type { ConfiguredToken } from '../../src/auth/tokens.js';
import { expect } from 'vitest';
import type { Logger } from '../../src/logger.js';
import { startApp, type RunningApp } from '../../src/server/app.js';

const CHROMIUM = '/usr/bin/chromium';
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** Where the tests' screenshots go. */
export const SHOTS = fileURLToPath(new URL('../../test-results/', import.meta.url));

export interface Explorer {
  app: RunningApp;
  origin: string;
  browser: Browser;
  stop(): Promise<void>;
}

/** Builds the bundle (the explorer's, or GraphiQL's with `build:ide`), starts the server on a free port and launches Chromium. */
export async function startExplorer(
  driver: Driver,
  logger: Logger,
  options: { build?: 'build:web' | 'build:ide'; tokens?: readonly ConfiguredToken[] } = {},
): Promise<Explorer> {
  if (!existsSync(CHROMIUM))
    throw new Error('chromium is missing: install it with `apt-get install -y chromium` (Debian package chromium)');
  // Always test the current source: build the bundle the server serves from dist/.
  execFileSync('npm', ['run', '--silent', options.build ?? 'build:web'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  const app = await startApp({
    driver,
    logger,
    host: '127.0.0.1',
    port: 0,
    drainMs: 1000,
    ...(options.tokens ? { tokens: options.tokens } : {}),
  });
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  mkdirSync(SHOTS, { recursive: true });
  return {
    app,
    origin: new URL(app.url).origin,
    browser,
    stop: async () => {
      await browser.close();
      await app.stop();
    },
  };
}

/** Polls until the assertion holds or 15 s pass (views load over the network): a bound, not a measurement. */
export const poll = <T>(fn: () => Promise<T> | T) => expect.poll(fn, { timeout: 15_000, interval: 100 });
