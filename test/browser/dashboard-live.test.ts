import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  browserAvailable,
  buildWebApp,
  launchChromium,
  pageSignedIn,
  startWebTestApp,
} from '../support/browser.js';
import { apiClient } from '../support/http.js';
import { signUp } from '../support/identity.js';
import { settled } from '../support/screen-checks.js';
import type { TestApp } from '../support/test-app.js';

/**
 * Live refresh (issue 14, item 4): with event delivery running, a lead created elsewhere reaches
 * an open dashboard through the analytics event stream, without reloading the page.
 */
describe.skipIf(!browserAvailable)('dashboard live refresh (skipped without Chromium)', () => {
  let app: TestApp;
  let browser: Browser;

  beforeAll(async () => {
    await buildWebApp();
    app = await startWebTestApp();
    browser = await launchChromium();
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('shows a new lead on the open dashboard within seconds', async () => {
    const owner = await signUp(app);
    const page = await pageSignedIn(browser, app, owner, { bypassCSP: true });
    await page.goto(app.url);
    await settled(page);
    await page.getByText('Live: figures refresh').waitFor();
    const leads = page.getByTestId('kpi-leads').locator('.kpi-value');
    expect(await leads.textContent()).toBe('0');

    const created = await apiClient(app.url)('POST', '/api/v1/contacts', {
      token: owner.token,
      body: { first_name: 'Lia', last_name: 'Live', email: 'lia@live-dashboard.example' },
    });
    expect(created.status).toBe(201);
    await expect.poll(() => leads.textContent(), { timeout: 15_000 }).toBe('1');
    await page.context().close();
  }, 60_000);
});
