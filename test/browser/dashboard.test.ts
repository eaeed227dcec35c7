import { readFile } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoData } from '../../src/app/seed.js';
import { demoAccounts, demoPassword } from '../../src/modules/identity/index.js';
import {
  browserAvailable,
  buildWebApp,
  launchChromium,
  pageSignedIn,
  startWebTestApp,
} from '../support/browser.js';
import { apiClient, json } from '../support/http.js';
import { collectConsoleErrors, settled } from '../support/screen-checks.js';
import type { TestApp } from '../support/test-app.js';
import {
  breakdownMetrics,
  breakdownRows,
  kpiMetrics,
} from '../../web/src/pages/dashboard-metrics.js';

type MetricValue = number | null | Record<string, number | null>;
interface Report {
  rows: { dimensions: Record<string, string>; metrics: Record<string, MetricValue> }[];
  rowCount: number;
  totals: Record<string, MetricValue>;
}

const dayMs = 86_400_000;
const isoDay = (offset: number) => new Date(Date.now() + offset * dayMs).toISOString().slice(0, 10);
const lastDays = (days: number) => ({ from: isoDay(-(days - 1)), to: isoDay(0) });
const previous = (range: { from: string; to: string }) => {
  const days = (Date.parse(range.to) - Date.parse(range.from)) / dayMs + 1;
  const to = Date.parse(range.from) - dayMs;
  return {
    from: new Date(to - (days - 1) * dayMs).toISOString().slice(0, 10),
    to: new Date(to).toISOString().slice(0, 10),
  };
};

/** Figures as an English (US) reader sees them, the way the page formats them. */
const count = (value: number) => new Intl.NumberFormat('en-US').format(value);
const money = (minor: number, currency: string) => {
  const format = new Intl.NumberFormat('en-US', { style: 'currency', currency });
  return format.format(minor / 10 ** (format.resolvedOptions().maximumFractionDigits ?? 2));
};
const percent = (ratio: number) =>
  new Intl.NumberFormat('en-US', {
    style: 'percent',
    minimumFractionDigits: 2,
    maximumFractionDigits: 2,
  }).format(ratio);

/**
 * The dashboard on the demo organisation (issue 14, item 4): every KPI tile equals what
 * `POST /analytics/query` answers for the same range, a new range changes them, the breakdown
 * exports as CSV, and a sales agent sees the CRM's figures only.
 */
describe.skipIf(!browserAvailable)(
  'dashboard for the demo organisation (skipped without Chromium)',
  () => {
    let app: TestApp;
    let browser: Browser;
    const tokenOf = async (role: string) => {
      const account = demoAccounts.find((a) => a.role === role)!;
      const response = await apiClient(app.url)('POST', '/api/v1/auth/login', {
        body: { email: account.email, password: demoPassword },
      });
      return (await json<{ access_token: string }>(response)).access_token;
    };
    const demoAccount = (role: string) => ({
      email: demoAccounts.find((a) => a.role === role)!.email,
      password: demoPassword,
    });
    const query = async (token: string, body: Record<string, unknown>) => {
      const response = await apiClient(app.url)('POST', '/api/v1/analytics/query', { token, body });
      expect(response.status).toBe(200);
      return json<Report>(response);
    };

    beforeAll(async () => {
      await buildWebApp();
      app = await startWebTestApp({ work: false, env: { SEED_DEMO_DATA: 'true' } });
      await app.demoDataSeeded();
      await seedDemoData(app.runtime);
      browser = await launchChromium();
    }, 240_000);

    afterAll(async () => {
      await browser?.close();
      await app?.close();
    });

    /** Each KPI tile's text against the API's totals for the range. */
    async function expectTilesToMatch(page: Page, totals: Record<string, MetricValue>) {
      let checked = 0;
      for (const [metric, value] of Object.entries(totals)) {
        if (typeof value === 'number') {
          const expected = metric === 'ctr' ? percent(value) : count(value);
          await expect
            .poll(() => page.getByTestId(`kpi-${metric}`).locator('.kpi-value').textContent())
            .toBe(expected);
          checked++;
        } else if (value && metric !== 'roas') {
          for (const [currency, amount] of Object.entries(value)) {
            if (amount === null) continue;
            await expect
              .poll(() =>
                page.getByTestId(`kpi-${metric}-${currency}`).locator('.kpi-value').textContent(),
              )
              .toBe(money(amount, currency));
            checked++;
          }
        }
      }
      return checked;
    }

    it('shows KPI tiles equal to the query API, follows a new range, exports the breakdown', async () => {
      const token = await tokenOf('owner');
      const page = await pageSignedIn(browser, app, demoAccount('owner'), { bypassCSP: true });
      const consoleErrors = collectConsoleErrors(page);
      const month = lastDays(30);
      await page.goto(`${app.url}/?from=${month.from}&to=${month.to}`);
      await settled(page);
      await page.getByText('Live: figures refresh').waitFor();

      const metrics = [...kpiMetrics];
      const monthReport = await query(token, {
        metrics,
        dateRange: month,
        compareDateRange: previous(month),
      });
      for (const metric of ['impressions', 'clicks', 'leads'])
        expect(monthReport.totals[metric], metric).toBeGreaterThan(0);
      expect(await expectTilesToMatch(page, monthReport.totals)).toBeGreaterThanOrEqual(8);
      expect(await page.getByTestId('funnel-clicks').textContent()).toContain(
        count(monthReport.totals.clicks as number),
      );

      // A shorter range, from the presets: the URL carries it (a deep link) and the tiles follow.
      await page.getByRole('button', { name: 'Last 7 days' }).click();
      const week = lastDays(7);
      await page.waitForURL(`${app.url}/?from=${week.from}&to=${week.to}`);
      const weekReport = await query(token, {
        metrics,
        dateRange: week,
        compareDateRange: previous(week),
      });
      expect(weekReport.totals.impressions).not.toBe(monthReport.totals.impressions);
      await expectTilesToMatch(page, weekReport.totals);

      // The breakdown by channel as CSV: the rows the API answers, money per currency.
      const download = page.waitForEvent('download');
      await page.getByRole('button', { name: 'Export CSV' }).click();
      const file = await download;
      expect(file.suggestedFilename()).toBe(`dashboard-channel-${week.from}-${week.to}.csv`);
      const csv = (await readFile((await file.path())!, 'utf8')).trim().split('\r\n');
      const byChannel = await query(token, {
        metrics: [...breakdownMetrics],
        dimensions: ['channel'],
        dateRange: week,
        orderBy: [{ field: 'conversions', direction: 'desc' }],
        limit: breakdownRows,
      });
      expect(csv[0]).toMatch(/^channel,channel name,impressions,clicks,conversions,spend [A-Z]{3}/);
      expect(csv.length).toBe(byChannel.rows.length + 1);
      const header = csv[0]!.split(',');
      byChannel.rows.forEach((row, index) => {
        const cells = csv[index + 1]!.split(',');
        expect(cells[0]).toBe(row.dimensions.channel);
        expect(Number(cells[header.indexOf('clicks')])).toBe(row.metrics.clicks);
        for (const [currency, amount] of Object.entries(
          row.metrics.spend as Record<string, number>,
        ))
          expect(Number(cells[header.indexOf(`spend ${currency}`)])).toBe(amount);
      });

      // Keyboard: the breakdown's dimension buttons are reachable and switch it.
      await page.getByRole('button', { name: 'Country' }).focus();
      await page.keyboard.press('Enter');
      await page.waitForURL(/by=country/);
      expect(consoleErrors).toEqual([]);
      await page.context().close();
    }, 120_000);

    it('shows a sales agent the CRM figures only, without a refused call', async () => {
      const token = await tokenOf('sales_agent');
      const page = await pageSignedIn(browser, app, demoAccount('sales_agent'), {
        bypassCSP: true,
      });
      const consoleErrors = collectConsoleErrors(page);
      await page.goto(app.url);
      await settled(page);
      const range = lastDays(30);
      const report = await query(token, {
        metrics: ['leads', 'dealsWon', 'revenueWon'],
        dateRange: range,
        compareDateRange: previous(range),
      });
      await expectTilesToMatch(page, report.totals);
      expect(await page.getByTestId('kpi-impressions').count()).toBe(0);
      expect(await page.locator('[data-testid^="kpi-spend"]').count()).toBe(0);
      expect(consoleErrors).toEqual([]);
      await page.context().close();
    }, 60_000);

    it('tells an organisation with no data that figures appear once it has some', async () => {
      const signUp = await apiClient(app.url)('POST', '/api/v1/auth/signup', {
        body: {
          organization: 'Empty Dashboard Co',
          name: 'Emma Empty',
          email: 'emma@empty-dashboard.example',
          password: 'Correct-Horse-42-battery',
        },
      });
      expect(signUp.status).toBe(201);
      const page = await pageSignedIn(browser, app, {
        email: 'emma@empty-dashboard.example',
        password: 'Correct-Horse-42-battery',
      });
      await page.goto(app.url);
      await settled(page);
      await page.getByText('No figures for this range yet').waitFor();
      expect(await page.getByTestId('organization-name').textContent()).toBe('Empty Dashboard Co');
      await page.context().close();
    }, 60_000);
  },
);
