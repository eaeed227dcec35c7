import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  accessTokenIn,
  browserAvailable,
  buildWebApp,
  fillProviderSignIn,
  launchChromium,
  startWebTestApp,
} from '../support/browser.js';
import { createMemberAccount } from '../support/identity.js';
import type { TestApp } from '../support/test-app.js';

describe.skipIf(!browserAvailable)(
  'web app in Chromium (skipped when /usr/bin/chromium is missing)',
  () => {
    let app: TestApp;
    let browser: Browser;
    let page: Page;

    beforeAll(async () => {
      await buildWebApp();
      app = await startWebTestApp();
      browser = await launchChromium();
      page = await (await browser.newContext({ locale: 'en-US' })).newPage();
    });

    afterAll(async () => {
      await browser?.close();
      await app?.close();
    });

    it('creates an organisation, signs in through the provider and shows the team', async () => {
      await page.goto(app.url);
      // Not signed in: the app sends the browser to the provider's sign-in page.
      await page.getByRole('link', { name: 'New here? Create an organisation' }).click();
      await page.getByLabel('Organisation').fill('Browser Test Co');
      await page.getByLabel('Your name').fill('Bea Browser');
      await page.getByLabel('Email').fill('bea@browser.test');
      await page.getByLabel('Password').fill('weak');
      await page.getByRole('button', { name: 'Create organisation' }).click();
      await expect.poll(() => page.locator('.field-error').count()).toBeGreaterThan(0);

      await page.getByLabel('Password').fill('a sturdy passphrase 42');
      await page.getByRole('button', { name: 'Create organisation' }).click();
      // Then the provider's page, the new email filled in (login_hint): only the password.
      await page.waitForURL(/\/oauth\/interaction\//);
      expect(await page.getByLabel('Email').inputValue()).toBe('bea@browser.test');
      await fillProviderSignIn(page, {
        email: 'bea@browser.test',
        password: 'a sturdy passphrase 42',
      });
      await expect
        .poll(() => page.getByTestId('organization-name').textContent())
        .toBe('Browser Test Co');

      await page.getByRole('link', { name: 'Team' }).click();
      await expect.poll(() => page.getByRole('cell', { name: 'Bea Browser' }).count()).toBe(1);
      await expect
        .poll(() => page.getByRole('combobox', { name: 'Role of Bea Browser' }).inputValue())
        .toBe('owner');
    });

    it('manages the team: invite, change a role, remove after confirming (defect 5)', async () => {
      const member = await createMemberAccount(app, await accessTokenIn(page), 'analyst');
      await page.reload();
      await page.getByRole('link', { name: 'Team' }).click();

      await page.getByLabel('Email', { exact: false }).last().fill('new.hire@browser.test');
      await page.getByRole('combobox', { name: 'Role', exact: true }).selectOption('marketer');
      await page.getByRole('button', { name: 'Send invitation' }).click();
      await page.getByText('Invitation sent to new.hire@browser.test').waitFor();
      await page.getByText(/new\.hire@browser\.test · Marketer/).waitFor();

      const name = await page
        .getByRole('row')
        .filter({ hasText: member.email })
        .getByRole('cell')
        .first()
        .textContent();
      const roleOf = page.getByRole('combobox', { name: `Role of ${name!.trim()}` });
      await roleOf.selectOption('marketer');
      await expect.poll(() => page.getByRole('status').textContent()).toMatch(/is now Marketer/);

      await page
        .getByRole('row')
        .filter({ hasText: member.email })
        .getByRole('button', { name: 'Remove' })
        .click();
      await page.getByRole('alertdialog').getByRole('button', { name: 'Remove' }).click();
      await expect
        .poll(() => page.getByRole('row').filter({ hasText: member.email }).count())
        .toBe(0);
    });

    it('creates an API client and shows its secret once', async () => {
      await page.getByRole('link', { name: 'API clients' }).click();
      await page.getByLabel('Name').fill('Reporting agent');
      await page.getByRole('button', { name: 'Create' }).click();
      await expect
        .poll(async () => (await page.getByTestId('client-secret').textContent())?.length ?? 0)
        .toBeGreaterThan(20);
      await page.reload();
      await expect.poll(() => page.getByRole('cell', { name: 'Reporting agent' }).count()).toBe(1);
      expect(await page.getByTestId('client-secret').count()).toBe(0);
    });

    it('offers a password reset and states the 12-character rule (defect 5)', async () => {
      const fresh = await (await browser.newContext({ locale: 'en-US' })).newPage();
      await fresh.goto(app.url);
      // The provider's sign-in page states the rule and links to the app's reset page.
      await fresh.getByText('at least 12 characters').waitFor();
      await fresh.getByRole('link', { name: 'Forgot your password?' }).click();
      await fresh.getByLabel('Email').fill('bea@browser.test');
      await fresh.getByRole('button', { name: 'Send reset link' }).click();
      await fresh
        .getByText('If an account uses bea@browser.test, a reset link is on its way.')
        .waitFor();
      await fresh.getByRole('button', { name: 'Already have an account? Sign in' }).click();
      await fresh.getByRole('link', { name: 'New here? Create an organisation' }).click();
      await fresh.getByText('At least 12 characters').waitFor();
      await fresh.context().close();
    });

    it('signs out at the provider too: the access token stops working at once', async () => {
      const accessToken = await accessTokenIn(page);
      const members = () =>
        fetch(`${app.url}/api/v1/members`, { headers: { authorization: `Bearer ${accessToken}` } });
      expect((await members()).status).toBe(200);
      await page.getByRole('button', { name: 'Sign out' }).click();
      // The provider's session ended too: back to its sign-in form, not silently signed in.
      await page.getByRole('link', { name: 'New here? Create an organisation' }).waitFor();
      await expect.poll(async () => (await members()).status).toBe(401);
    });

    it('keeps unknown API paths as problem+json instead of the app shell', async () => {
      const response = await fetch(`${app.url}/api/v1/definitely-not-here`);
      expect(response.headers.get('content-type')).toContain('application/problem+json');
    });
  },
);
