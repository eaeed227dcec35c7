import fs from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  browserAvailable,
  buildWebApp,
  launchChromium,
  pageSignedIn,
  startWebTestApp,
} from '../support/browser.js';
import { apiClient, json } from '../support/http.js';
import {
  createMemberAccount,
  signUp,
  type MemberAccount,
  type SignedUp,
} from '../support/identity.js';
import {
  collectConsoleErrors,
  horizontalOverflow,
  seriousA11yViolations,
  settled,
} from '../support/screen-checks.js';
import type { TestApp } from '../support/test-app.js';

interface Contact {
  id: string;
  owner_user_id: string | null;
  tags: string[];
}

/** The names in the leads table, top to bottom. */
const leadNames = (page: Page) =>
  page.getByTestId('leads').locator('tbody tr td:nth-child(2) a').allTextContents();

/** The saved file of the download `start` triggers, as text. */
async function downloaded(page: Page, start: () => Promise<void>) {
  const [download] = await Promise.all([page.waitForEvent('download'), start()]);
  const file = await download.path();
  return { name: download.suggestedFilename(), text: await fs.readFile(file, 'utf8') };
}

/**
 * The CRM lists as a sales team uses them: server-sorted columns, accent-blind name search,
 * bulk owner assignment and tagging, CSV exports of exactly what the list shows, the lost-deal
 * reason asked in a dialog, and the screens in Spanish.
 */
describe.skipIf(!browserAvailable)(
  'CRM lists in Chromium (skipped when /usr/bin/chromium is missing)',
  () => {
    let app: TestApp;
    let browser: Browser;
    let owner: SignedUp;
    let agent: MemberAccount;
    let other: SignedUp;
    const api = () => apiClient(app.url);

    beforeAll(async () => {
      await buildWebApp();
      app = await startWebTestApp();
      owner = await signUp(app, { organization: 'Lakeside Tours' });
      agent = await createMemberAccount(app, owner.token, 'sales_agent');
      // Created in this order, so the default (newest first) differs from either name order.
      for (const lead of [
        { first_name: 'Bruno', last_name: 'Vega', email: 'bruno@lakeside.test' },
        { first_name: 'José', last_name: 'Álvarez', email: 'jose@lakeside.test' },
        { first_name: 'Ana', last_name: 'Rojas', email: 'ana@lakeside.test' },
      ]) {
        const created = await api()('POST', '/api/v1/leads', { token: owner.token, body: lead });
        expect(created.status).toBe(201);
      }
      for (const [title, amount_minor] of [
        ['Kayak group booking', 120_000],
        ['Kayak solo rental', 9_000],
        ['Lodge buyout', 500_000],
      ] as const) {
        const deal = await api()('POST', '/api/v1/deals', {
          token: owner.token,
          body: { title, amount_minor, currency: 'USD' },
        });
        expect(deal.status).toBe(201);
      }
      // Another organisation's lead must never show up in these lists or files.
      other = await signUp(app, { organization: 'Other Org' });
      expect(
        (
          await api()('POST', '/api/v1/leads', {
            token: other.token,
            body: { first_name: 'Zoe', email: 'zoe@other.test' },
          })
        ).status,
      ).toBe(201);
      browser = await launchChromium();
    }, 180_000);

    afterAll(async () => {
      await browser?.close();
      await app?.close();
    });

    it('sorts the leads by a column header and finds a name without its accents', async () => {
      const page = await pageSignedIn(browser, app, agent);
      await page.goto(`${app.url}/crm-leads`);
      await expect.poll(() => leadNames(page)).toEqual(['Ana Rojas', 'José Álvarez', 'Bruno Vega']);
      const header = page.getByRole('columnheader', { name: 'Name' });
      expect(await header.getAttribute('aria-sort')).toBe('none');
      await header.getByRole('button').click();
      await expect.poll(() => leadNames(page)).toEqual(['Ana Rojas', 'Bruno Vega', 'José Álvarez']);
      expect(await header.getAttribute('aria-sort')).toBe('ascending');
      await header.getByRole('button').click();
      await expect.poll(() => leadNames(page)).toEqual(['José Álvarez', 'Bruno Vega', 'Ana Rojas']);
      expect(await header.getAttribute('aria-sort')).toBe('descending');

      await page.getByLabel('Name starts with').fill('JOSE');
      await page.getByRole('button', { name: 'Filter' }).click();
      await expect.poll(() => leadNames(page)).toEqual(['José Álvarez']);
      await page.context().close();
    });

    it('assigns an owner and adds a tag to the selected leads in one go', async () => {
      const page = await pageSignedIn(browser, app, agent);
      await page.goto(`${app.url}/crm-leads`);
      await expect.poll(() => leadNames(page)).toHaveLength(3);
      expect(await page.getByTestId('bulk-bar').count()).toBe(0);
      await page.getByLabel('Select Ana Rojas').check();
      await page.getByLabel('Select Bruno Vega').check();
      const bar = page.getByTestId('bulk-bar');
      await bar.getByText('2 leads selected').waitFor();
      await bar.getByLabel('Owner').selectOption({ label: 'Test sales_agent' });
      await bar.getByRole('button', { name: 'Assign' }).click();
      await page.getByText('Owner set on 2 leads.').waitFor();
      // The selection is cleared and the list refetched with the new owner.
      expect(await page.getByTestId('bulk-bar').count()).toBe(0);
      await expect
        .poll(() => page.getByTestId('owner').allTextContents())
        .toEqual(['Test sales_agent', '—', 'Test sales_agent']);

      await page.getByLabel('Select José Álvarez').check();
      await bar.getByLabel('Tag').fill('VIP');
      await bar.getByRole('button', { name: 'Add tag' }).click();
      await page.getByText('“vip” added to 1 lead.').waitFor();

      const contacts = await json<{ data: (Contact & { first_name: string })[] }>(
        await api()('GET', '/api/v1/contacts?sort=name', { token: owner.token }),
      );
      expect(contacts.data.map((c) => [c.first_name, c.owner_user_id, c.tags])).toEqual([
        ['Ana', agent.userId, []],
        ['Bruno', agent.userId, []],
        ['José', null, ['vip']],
      ]);
      await page.context().close();
    });

    it('exports the filtered leads and the sorted deals as CSV files', async () => {
      const page = await pageSignedIn(browser, app, agent);
      await page.goto(`${app.url}/crm-leads`);
      await expect.poll(() => leadNames(page)).toHaveLength(3);
      await page.getByLabel('Name starts with').fill('b');
      await page.getByRole('button', { name: 'Filter' }).click();
      await expect.poll(() => leadNames(page)).toEqual(['Bruno Vega']);
      const leads = await downloaded(page, () =>
        page.getByRole('button', { name: 'Export CSV' }).click(),
      );
      expect(leads.name).toMatch(/^contacts-\d{4}-\d{2}-\d{2}\.csv$/);
      const leadLines = leads.text.trim().split(/\r?\n/);
      expect(leadLines[0]).toContain('email');
      expect(leadLines.slice(1)).toHaveLength(1);
      expect(leadLines[1]).toContain('bruno@lakeside.test');
      expect(leads.text).not.toContain('zoe@other.test');

      await page.goto(`${app.url}/crm-pipeline`);
      await page.getByRole('tab', { name: 'List' }).click();
      const amount = page.getByRole('columnheader', { name: 'Amount' });
      await amount.getByRole('button').click();
      expect(await amount.getAttribute('aria-sort')).toBe('descending');
      await expect
        .poll(() => page.getByTestId('deals').locator('tbody tr td:first-child').allTextContents())
        .toEqual(['Lodge buyout', 'Kayak group booking', 'Kayak solo rental']);
      const deals = await downloaded(page, () =>
        page.getByRole('button', { name: 'Export CSV' }).click(),
      );
      expect(deals.name).toMatch(/^deals-.*\.csv$/);
      const dealLines = deals.text.trim().split(/\r?\n/);
      expect(dealLines[0]!.split(',').slice(0, 3)).toEqual(['id', 'title', 'status']);
      expect(dealLines.slice(1).map((line) => line.split(',')[1])).toEqual([
        'Lodge buyout',
        'Kayak group booking',
        'Kayak solo rental',
      ]);
      await page.context().close();
    });

    it('asks why a deal was lost in a dialog form, and refuses an empty reason', async () => {
      const page = await pageSignedIn(browser, app, agent);
      await page.goto(`${app.url}/crm-pipeline`);
      await page.getByRole('button', { name: 'Mark Kayak solo rental lost' }).click();
      const dialog = page.getByRole('dialog', { name: 'Why was “Kayak solo rental” lost?' });
      await dialog.waitFor();
      await dialog.getByRole('button', { name: 'Mark lost' }).click();
      const reason = dialog.getByLabel('Reason');
      await expect.poll(() => reason.getAttribute('aria-invalid')).toBe('true');
      const describedBy = (await reason.getAttribute('aria-describedby')) ?? '';
      expect(await page.locator(`[id="${describedBy}"]`).textContent()).toBe(
        'Say why the deal was lost',
      );
      // Cancel leaves the deal open.
      await dialog.getByRole('button', { name: 'Cancel' }).click();
      await expect.poll(() => dialog.count()).toBe(0);
      expect(await page.getByRole('region', { name: 'Lost' }).getByTestId('deal').count()).toBe(0);

      await page.getByRole('button', { name: 'Mark Kayak solo rental lost' }).click();
      await dialog.getByLabel('Reason').fill('Chose a competitor');
      await dialog.getByRole('button', { name: 'Mark lost' }).click();
      const lost = page.getByRole('region', { name: 'Lost' });
      await expect.poll(() => lost.getByTestId('deal').count()).toBe(1);
      expect(await lost.textContent()).toContain('Lost: Chose a competitor');
      expect(await dialog.count()).toBe(0);
      await page.context().close();
    });

    it('at 390 px the bulk bar, the deal list and the lost-deal dialog fit and pass axe', async () => {
      // The app's CSP forbids inline scripts; axe-core is injected as one.
      const page = await pageSignedIn(browser, app, agent, { bypassCSP: true });
      const errors = collectConsoleErrors(page);
      await page.setViewportSize({ width: 390, height: 844 });
      const problems: string[] = [];
      const check = async (where: string) => {
        const overflow = await horizontalOverflow(page);
        if (overflow) problems.push(`${where}: ${overflow}`);
        for (const violation of await seriousA11yViolations(page))
          problems.push(`${where}: ${violation}`);
      };
      await page.goto(`${app.url}/crm-leads`);
      await expect.poll(() => leadNames(page)).toHaveLength(3);
      await page.getByLabel('Select every lead shown').check();
      await page.getByTestId('bulk-bar').waitFor();
      await check('leads with the bulk bar');

      await page.goto(`${app.url}/crm-pipeline`);
      await settled(page);
      await page.getByRole('tab', { name: 'List' }).click();
      await page.getByTestId('deals').waitFor();
      await check('deal list');
      await page.getByRole('tab', { name: 'Board' }).click();
      await page.getByRole('button', { name: 'Mark Kayak group booking lost' }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByRole('button', { name: 'Mark lost' }).click();
      await dialog.locator('.field-error').waitFor();
      await check('lost-deal dialog with its error');
      await dialog.getByRole('button', { name: 'Cancel' }).click();
      expect([...problems, ...errors]).toEqual([]);
      await page.context().close();
    });

    it('shows the CRM screens in Spanish, with Spanish numbers and dates', async () => {
      const page = await pageSignedIn(browser, app, agent, { locale: 'es-ES' });
      await page.goto(`${app.url}/crm-leads`);
      await page.getByRole('heading', { name: 'Leads y contactos' }).waitFor();
      await expect.poll(() => leadNames(page)).toHaveLength(3);
      expect(await page.getByRole('button', { name: 'Exportar CSV' }).count()).toBe(1);
      expect(await page.getByRole('columnheader', { name: 'Responsable' }).count()).toBe(1);
      const main = (await page.locator('main').textContent()) ?? '';
      expect(main).toMatch(/dic 2026|\d{1,2} [a-z]{3}\.? \d{4}/);
      expect(main).not.toMatch(/Leads and contacts|Temperature|Export CSV/);

      await page.goto(`${app.url}/crm-pipeline`);
      await settled(page);
      await page.getByRole('tab', { name: 'Lista' }).click();
      const table = page.getByTestId('deals');
      await expect.poll(() => table.locator('tbody tr').count()).toBe(3);
      // Spanish decimals and symbol (Spanish groups thousands only from five digits on).
      expect(await table.textContent()).toMatch(/5000,00\s?US\$/);
      await page.context().close();
    });
  },
);
