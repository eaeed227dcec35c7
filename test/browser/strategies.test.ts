import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  browserAvailable,
  buildWebApp,
  launchChromium,
  pageSignedIn,
  startWebTestApp,
  type Credentials,
} from '../support/browser.js';
import { apiClient, json, type Page as ApiPage } from '../support/http.js';
import {
  createMemberAccount,
  signUp,
  type MemberAccount,
  type SignedUp,
} from '../support/identity.js';
import type { TestApp } from '../support/test-app.js';

interface Strategy {
  id: string;
  name: string;
  client_company: string;
  products: string[];
  messages: string[];
  audiences: { name: string; countries: string[]; ageMin: number; ageMax: number }[];
  intent: string;
  channels: string[];
  budget: { amount: number; currency: string } | null;
}

describe.skipIf(!browserAvailable)(
  'strategies in the web app (skipped when /usr/bin/chromium is missing)',
  () => {
    let app: TestApp;
    let browser: Browser;
    let owner: SignedUp;
    let marketer: MemberAccount;
    let analyst: MemberAccount;
    const strategies = async () =>
      (
        await json<ApiPage<Strategy>>(
          await apiClient(app.url)('GET', '/api/v1/strategies', { token: owner.token }),
        )
      ).data;

    const pageAs = (account: Credentials) => pageSignedIn(browser, app, account);

    beforeAll(async () => {
      await buildWebApp();
      app = await startWebTestApp();
      owner = await signUp(app);
      marketer = await createMemberAccount(app, owner.token, 'marketer');
      analyst = await createMemberAccount(app, owner.token, 'analyst');
      browser = await launchChromium();
    });

    afterAll(async () => {
      await browser?.close();
      await app?.close();
    });

    it('a marketer saves a strategy (field errors first), edits it and requests a campaign from it', async () => {
      const page = await pageAs(marketer);
      await page.goto(`${app.url}/strategies`);
      await page.getByText('No strategies yet.').waitFor();
      const form = page.getByRole('form', { name: 'New strategy' });
      await form.getByRole('button', { name: 'Save strategy' }).click();
      // The server's field errors show beside their fields, and nothing is saved.
      await expect.poll(() => form.locator('.field-error').count()).toBeGreaterThan(2);
      expect(await strategies()).toEqual([]);

      await form.getByLabel('Name').fill('Cold brew launch');
      await form.getByLabel('Client company').fill('Café Aurora');
      await form.getByLabel('Products or services (comma separated)').fill('Cold brew, Beans');
      await form.getByLabel('Intent').selectOption('sales');
      await form.getByLabel('Messages (one per line)').fill('Fresh in 24 hours\nFirst box free');
      await form.getByLabel('Audience').fill('Commuters');
      const countries = form.getByRole('group', { name: 'Audience countries' });
      await countries.getByLabel('Costa Rica').check();
      await countries.getByLabel('Mexico').check();
      const channels = form.getByRole('group', { name: 'Channels' });
      await channels.getByLabel('Facebook').uncheck();
      await channels.getByLabel('Google Ads').uncheck();
      await channels.getByLabel('Instagram').check();
      await channels.getByLabel('Email').check();
      await form.getByLabel('Budget (optional)').fill('5000');
      await form.getByRole('button', { name: 'Save strategy' }).click();
      await page.getByRole('cell', { name: 'Cold brew launch', exact: true }).waitFor();
      await page.getByText('Created “Cold brew launch”.').waitFor();
      const [created] = await strategies();
      expect(created).toMatchObject({
        name: 'Cold brew launch',
        client_company: 'Café Aurora',
        products: ['Cold brew', 'Beans'],
        messages: ['Fresh in 24 hours', 'First box free'],
        intent: 'sales',
        channels: ['instagram', 'email'],
        budget: { amount: 500_000, currency: 'USD' },
        audiences: [{ name: 'Commuters', countries: ['MX', 'CR'], ageMin: 18, ageMax: 65 }],
      });

      await page.getByRole('button', { name: 'Edit Cold brew launch' }).click();
      const edit = page.getByRole('form', { name: 'Edit strategy Cold brew launch' });
      expect(await edit.getByLabel('Client company').inputValue()).toBe('Café Aurora');
      await edit.getByLabel('Name').fill('Cold brew summer');
      await edit.getByLabel('Budget (optional)').fill('');
      await edit.getByRole('button', { name: 'Save changes' }).click();
      await page.getByRole('cell', { name: 'Cold brew summer', exact: true }).waitFor();
      const [edited] = await strategies();
      expect(edited).toMatchObject({ id: created!.id, name: 'Cold brew summer', budget: null });
      expect(edited!.audiences).toEqual(created!.audiences);

      // The new campaign request starts from the saved strategy.
      await page.goto(`${app.url}/campaign-requests`);
      const fromStrategy = page.getByRole('form', { name: 'Request from a strategy' });
      await fromStrategy.waitFor();
      expect(await page.locator('select[name="strategy"]').inputValue()).toBe(created!.id);
      await page.context().close();
    }, 60_000);

    it('an analyst reads strategies but cannot create, edit or delete them', async () => {
      const page = await pageAs(analyst);
      await page.goto(`${app.url}/strategies`);
      await page.getByRole('cell', { name: 'Cold brew summer', exact: true }).waitFor();
      expect(await page.getByRole('form', { name: 'New strategy' }).count()).toBe(0);
      expect(await page.getByRole('button', { name: /^(Edit|Delete) / }).count()).toBe(0);
      await page.context().close();
    }, 60_000);

    it('the owner deletes a strategy after confirming', async () => {
      const page = await pageAs(owner);
      await page.goto(`${app.url}/strategies`);
      await page.getByRole('button', { name: 'Delete Cold brew summer' }).click();
      // An accessible dialog asks first; Escape would cancel.
      const dialog = page.getByRole('alertdialog', {
        name: 'Delete the strategy “Cold brew summer”?',
      });
      await dialog.getByRole('button', { name: 'Delete' }).click();
      await page.getByText('Deleted “Cold brew summer”.').waitFor();
      await page.getByText('No strategies yet.').waitFor();
      expect(await strategies()).toEqual([]);
      await page.context().close();
    }, 60_000);

    it('reads a long list page by page: 25 first, the rest on "Load more"', async () => {
      const api = apiClient(app.url);
      for (let n = 1; n <= 26; n++) {
        const created = await api('POST', '/api/v1/strategies', {
          token: owner.token,
          body: {
            name: `Bulk ${String(n).padStart(2, '0')}`,
            client_company: 'Café Aurora',
            products: ['Cold brew'],
            messages: ['Fresh in 24 hours'],
            audiences: [
              { name: 'Commuters', countries: ['CR'], ageMin: 22, ageMax: 40, interests: [] },
            ],
            intent: 'sales',
            channels: ['instagram'],
          },
        });
        expect(created.status, await created.clone().text()).toBe(201);
      }
      const page = await pageAs(analyst);
      await page.goto(`${app.url}/strategies`);
      // Newest first: the oldest waits for the second page.
      await page.getByRole('cell', { name: 'Bulk 26', exact: true }).waitFor();
      await page.getByText('Showing 25').waitFor();
      expect(await page.locator('tbody tr').count()).toBe(25);
      expect(await page.getByRole('cell', { name: 'Bulk 01', exact: true }).count()).toBe(0);
      await page.getByRole('button', { name: 'Load more' }).click();
      await page.getByRole('cell', { name: 'Bulk 01', exact: true }).waitFor();
      expect(await page.locator('tbody tr').count()).toBe(26);
      expect(await page.getByRole('button', { name: 'Load more' }).count()).toBe(0);
      await page.context().close();
    }, 60_000);
  },
);
