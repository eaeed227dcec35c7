import fs from 'node:fs';
import path from 'node:path';
import {
  chromium,
  type Browser,
  type BrowserContextOptions,
  type Cookie,
  type Page,
} from 'playwright-core';
import { build } from 'vite';
import { projectRoot } from '../../src/platform/project-root.js';
import { freePort } from './free-port.js';
import { startTestApp, type TestApp, type TestAppOptions } from './test-app.js';

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
 * The platform for a browser test: PUBLIC_URL (the issuer, and the web app's registered
 * redirect URI `<PUBLIC_URL>/auth/callback`) names the port it listens on, as the OIDC sign-in
 * needs.
 */
export async function startWebTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const port = await freePort();
  return startTestApp({
    ...options,
    env: { PORT: String(port), PUBLIC_URL: `http://127.0.0.1:${port}`, ...options.env },
  });
}

export interface Credentials {
  email: string;
  password: string;
}

/**
 * True once oidc-client-ts has stored a signed-in user in the tab. A function, not a string:
 * Playwright evaluates a string predicate with eval, which the provider's CSP forbids.
 */
const signedInCheck = () =>
  Object.keys((globalThis as unknown as { sessionStorage: object }).sessionStorage).some((key) =>
    key.startsWith('oidc.user:'),
  );

/** Fills the OpenID Provider's sign-in page (the interaction the web app redirected to). */
export async function fillProviderSignIn(page: Page, account: Credentials): Promise<void> {
  await page.locator('#email').fill(account.email);
  await page.locator('#password').fill(account.password);
  await page.locator('form button[type=submit]').click();
}

/**
 * Signs in through the real flow from wherever `page` stands: the app sends it to the provider,
 * whose page is filled in unless the provider remembers the person (its session cookie), then
 * the callback stores the tokens and lands on the page that was asked for.
 */
export async function completeSignIn(page: Page, account: Credentials): Promise<void> {
  const form = page.locator('#password');
  const signedIn = page.waitForFunction(signedInCheck, undefined, { polling: 100 });
  const asked = await Promise.race([signedIn.then(() => false), form.waitFor().then(() => true)]);
  if (asked) {
    await fillProviderSignIn(page, account);
    await signedIn;
  }
  await page.waitForURL(
    (url) => !url.pathname.startsWith('/auth/') && !url.pathname.startsWith('/oauth/'),
  );
}

/** The access token oidc-client-ts holds in the tab (for calling the API beside the page). */
export async function accessTokenIn(page: Page): Promise<string> {
  const stored = await page.evaluate<string | null>(
    "Object.entries(sessionStorage).find(([key]) => key.startsWith('oidc.user:'))?.[1] ?? null",
  );
  if (!stored) throw new Error('The page holds no signed-in user');
  return (JSON.parse(stored) as { access_token: string }).access_token;
}

/**
 * The provider's session cookies per browser and account: each role signs in with its password
 * once per test file, and later pages of that role go through the same code flow without the
 * form (as a second tab would).
 */
const providerSessions = new WeakMap<Browser, Map<string, Cookie[]>>();

/**
 * A page in a fresh browser context, signed in as `account` through the web app's OIDC sign-in
 * (authorization code with PKCE at the platform's provider), standing on `path` (default `/`).
 * English unless `options.locale` says else.
 */
export async function pageSignedIn(
  browser: Browser,
  app: Pick<TestApp, 'url'>,
  account: Credentials,
  options: BrowserContextOptions & { path?: string } = {},
): Promise<Page> {
  const { path: landOn = '/', ...contextOptions } = options;
  const context = await browser.newContext({ locale: 'en-US', ...contextOptions });
  let sessions = providerSessions.get(browser);
  if (!sessions) {
    sessions = new Map();
    providerSessions.set(browser, sessions);
  }
  const known = sessions.get(`${app.url} ${account.email}`);
  if (known) await context.addCookies(known);
  const page = await context.newPage();
  await page.goto(`${app.url}${landOn}`);
  await completeSignIn(page, account);
  sessions.set(`${app.url} ${account.email}`, await context.cookies());
  return page;
}
