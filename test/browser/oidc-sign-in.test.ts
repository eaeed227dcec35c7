import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  browserAvailable,
  buildWebApp,
  completeSignIn,
  fillProviderSignIn,
  launchChromium,
  startWebTestApp,
} from '../support/browser.js';
import { signUp, type SignedUp } from '../support/identity.js';
import { horizontalOverflow, seriousA11yViolations } from '../support/screen-checks.js';
import type { TestApp } from '../support/test-app.js';

/**
 * Signing in to the web app through the platform's OpenID Provider (issue 13): the provider's
 * page in both languages with clear errors, deep links that survive the trip, and a sign-out
 * that ends the provider's session as well.
 */
describe.skipIf(!browserAvailable)(
  'sign-in through the OpenID Provider (skipped when /usr/bin/chromium is missing)',
  () => {
    let app: TestApp;
    let browser: Browser;
    let owner: SignedUp;

    const freshPage = async (locale = 'en-US'): Promise<Page> =>
      (await browser.newContext({ locale, bypassCSP: true })).newPage();

    beforeAll(async () => {
      await buildWebApp();
      app = await startWebTestApp({ env: { LOGIN_LOCKOUT_THRESHOLD: '3' } });
      owner = await signUp(app, { name: 'Dora Deeplink', organization: 'Deep Link Co' });
      browser = await launchChromium();
    }, 240_000);

    afterAll(async () => {
      await browser?.close();
      await app?.close();
    });

    it('lands on the deep link that was opened before signing in', async () => {
      const page = await freshPage();
      await page.goto(`${app.url}/team?tab=members#top`);
      await page.waitForURL(/\/oauth\/interaction\//);
      await completeSignIn(page, owner);
      const landed = new URL(page.url());
      expect(`${landed.pathname}${landed.search}${landed.hash}`).toBe('/team?tab=members#top');
      await page.getByRole('cell', { name: /Dora Deeplink/ }).waitFor();
      await page.context().close();
    }, 60_000);

    it('says a wrong password plainly, in an accessible page that fits a phone', async () => {
      const page = await freshPage();
      await page.setViewportSize({ width: 390, height: 844 });
      await page.goto(app.url);
      await page.waitForURL(/\/oauth\/interaction\//);
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(
        'Sign in to PromptSales',
      );
      await fillProviderSignIn(page, { email: owner.email, password: 'not-the-password-42' });
      const alert = page.getByRole('alert');
      await alert.waitFor();
      expect(await alert.textContent()).toBe('Email or password is incorrect.');
      // What was typed stays; the password does not.
      expect(await page.getByLabel('Email').inputValue()).toBe(owner.email);
      expect(await page.getByLabel('Password').inputValue()).toBe('');
      expect(
        await page.getByRole('link', { name: 'Forgot your password?' }).getAttribute('href'),
      ).toBe(`${app.url}/forgot-password`);
      expect(await horizontalOverflow(page)).toBeUndefined();
      expect(await seriousA11yViolations(page)).toEqual([]);
      await page.context().close();
    }, 60_000);

    it('locks the account for a while after repeated failures, and says so', async () => {
      const locked = await signUp(app, { name: 'Lena Locked' });
      const page = await freshPage();
      await page.goto(app.url);
      await page.waitForURL(/\/oauth\/interaction\//);
      for (let attempt = 0; attempt < 3; attempt++) {
        await fillProviderSignIn(page, { email: locked.email, password: 'wrong-password-42' });
        await page.getByRole('alert').waitFor();
      }
      // Even the right password waits now.
      await fillProviderSignIn(page, locked);
      await expect
        .poll(() => page.getByRole('alert').textContent())
        .toMatch(/^Too many failed sign-in attempts\. Try again in \d+ seconds/);
      await page.context().close();
    }, 60_000);

    it('shows the sign-in page in Spanish to a Spanish browser', async () => {
      const page = await freshPage('es-ES');
      await page.goto(app.url);
      await page.waitForURL(/\/oauth\/interaction\//);
      expect(await page.locator('html').getAttribute('lang')).toBe('es');
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(
        'Inicia sesión en PromptSales',
      );
      await page.getByText('al menos 12 caracteres').waitFor();
      await page.getByLabel('Correo electrónico').fill(owner.email);
      await page.getByLabel('Contraseña').fill('no-es-la-clave-42');
      await page.getByRole('button', { name: 'Iniciar sesión' }).click();
      await expect
        .poll(() => page.getByRole('alert').textContent())
        .toBe('El correo o la contraseña no son correctos.');
      // The page's own switch, and the app it leads back to, speak English on request.
      await page.getByRole('link', { name: 'English' }).click();
      await page.getByRole('heading', { name: 'Sign in to PromptSales' }).waitFor();
      await fillProviderSignIn(page, owner);
      await page.getByTestId('organization-name').waitFor();
      await page.context().close();
    }, 60_000);

    it('signs out at the provider: no silent sign-in afterwards, and Back shows no data', async () => {
      const page = await freshPage();
      await page.goto(`${app.url}/team`);
      await completeSignIn(page, owner);
      await page.getByRole('cell', { name: /Dora Deeplink/ }).waitFor();
      await page.getByRole('button', { name: 'Sign out' }).click();
      // The provider forgot the person: its form asks for the password again.
      await page.locator('#password').waitFor();
      expect(
        await page.evaluate<number>(
          "Object.keys(sessionStorage).filter((key) => key.startsWith('oidc.user:')).length",
        ),
      ).toBe(0);
      await page.goBack();
      await page.locator('#password').waitFor();
      expect(await page.getByRole('cell', { name: /Dora Deeplink/ }).count()).toBe(0);
      await page.context().close();
    }, 60_000);
  },
);
