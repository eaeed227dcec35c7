import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContextOptions, type Page } from 'playwright-core';
import { build } from 'vite';
import { projectRoot } from '../../src/platform/project-root.js';

export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Browser tests need Debian's Chromium. On a machine with only Node they are skipped with a
 * visible reason; CI installs Chromium and sets REQUIRE_BROWSER_TESTS=1 so a missing browser fails.
 */
export const browserAvailable = fs.existsSync(chromiumPath);
if (!browserAvailable && process.env.REQUIRE_BROWSER_TESTS === '1') {
  throw new Error(`REQUIRE_BROWSER_TESTS=1 but no Chromium at ${chromiumPath}`);
}

const webRoot = path.join(projectRoot, 'web');

/** The newest modification time under `dir` (ms), for the freshness check below. */
function newestChange(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile())
      newest = Math.max(newest, fs.statSync(path.join(entry.parentPath, entry.name)).mtimeMs);
  }
  return newest;
}

/**
 * Builds the web app the server will serve (web/dist), unless the build on disk is newer than
 * every source: CI builds once before the tests, and test files running side by side must not
 * empty web/dist under each other's servers.
 */
export async function buildWebApp(): Promise<void> {
  const built = path.join(webRoot, 'dist', 'index.html');
  const sources = Math.max(
    newestChange(path.join(webRoot, 'src')),
    fs.statSync(path.join(webRoot, 'index.html')).mtimeMs,
    fs.statSync(path.join(webRoot, 'vite.config.ts')).mtimeMs,
  );
  if (fs.existsSync(built) && fs.statSync(built).mtimeMs > sources) return;
  await build({ root: webRoot, logLevel: 'warn' });
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
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
}

/**
 * A page in a fresh browser context, signed in with `token`: the session the sign-in screen would
 * store, so a test starts on the screen it is about. English unless `options.locale` says else.
 */
export async function pageSignedIn(
  browser: Browser,
  token: string,
  options: BrowserContextOptions = {},
): Promise<Page> {
  const page = await (await browser.newContext({ locale: 'en-US', ...options })).newPage();
  const session = JSON.stringify({ accessToken: token, refreshToken: '' });
  await page.addInitScript(
    `sessionStorage.setItem('promptsales.session', ${JSON.stringify(session)});`,
  );
  return page;
}
