import { Resvg } from '@resvg/resvg-js';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserAvailable, buildWebApp, launchChromium } from '../support/browser.js';
import { apiClient, json } from '../support/http.js';
import { createMemberAccount, signUp, type MemberAccount } from '../support/identity.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const today = () => new Date().toISOString().slice(0, 10);
const inDays = (days: number) =>
  new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

/** Polls `read` until `done` holds, or fails after `timeoutMs`. */
async function eventually<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
  timeoutMs = 20_000,
) {
  const deadline = Date.now() + timeoutMs;
  let value = await read();
  while (!done(value)) {
    if (Date.now() > deadline) throw new Error(`Timed out; last value: ${JSON.stringify(value)}`);
    await sleep(200);
    value = await read();
  }
  return value;
}

/** A small real PNG (rendered, not a fixture file). */
function pngOf(color: string): Buffer {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="120" height="120"><rect width="120" height="120" fill="${color}"/></svg>`;
  return Buffer.from(new Resvg(svg).render().asPng());
}

async function signIn(page: Page, url: string, account: { email: string; password: string }) {
  await page.goto(url);
  await page.getByLabel('Email').fill(account.email);
  await page.getByLabel('Password').fill(account.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('link', { name: 'Media library' }).waitFor();
}

describe.skipIf(!browserAvailable)(
  'PromptContent, PromptAds and PromptCRM screens in Chromium (skipped when /usr/bin/chromium is missing)',
  () => {
    let app: TestApp;
    let browser: Browser;
    let context: BrowserContext;
    let page: Page;
    let marketer: MemberAccount;
    let analyst: MemberAccount;
    let campaignId: string;

    beforeAll(async () => {
      await buildWebApp();
      app = await startTestApp();
      const api = apiClient(app.url);
      const owner = await signUp(app, { organization: 'Lakeside Tours' });
      marketer = await createMemberAccount(app, owner.token, 'marketer');
      analyst = await createMemberAccount(app, owner.token, 'analyst');

      // The library: two pieces of copy the search must tell apart.
      for (const [title, description, hashtags] of [
        ['Kayak sunrise copy', 'Sunrise kayak tours on the lake', ['kayak', 'sunrise']],
        ['Coffee morning copy', 'Fresh roast coffee every morning', ['coffee']],
      ] as const) {
        const created = await api('POST', '/api/v1/assets', {
          token: owner.token,
          body: { type: 'text', title, description, hashtags, body: `${description}.` },
        });
        expect(created.status).toBe(201);
      }

      // A running campaign, so the performance screens have numbers.
      const campaign = await api('POST', '/api/v1/campaigns', {
        token: owner.token,
        body: {
          brand: 'Lakeside',
          name: 'Summer kayaks',
          objective: 'sales',
          countries: ['CR'],
          budget: { amount_minor: 5_000_000, currency: 'USD' },
          start_date: today(),
          end_date: inDays(30),
        },
      });
      expect(campaign.status).toBe(201);
      campaignId = (await json<{ id: string }>(campaign)).id;
      const adSet = await api('POST', '/api/v1/ad-sets', {
        token: owner.token,
        body: {
          campaign_id: campaignId,
          name: 'Families, social',
          channel: 'facebook',
          daily_budget_minor: 200_000,
          pacing: 'accelerated',
        },
      });
      expect(adSet.status).toBe(201);
      const adSetId = (await json<{ id: string }>(adSet)).id;
      for (const variant of ['A', 'B']) {
        const ad = await api('POST', '/api/v1/ads', {
          token: owner.token,
          body: {
            ad_set_id: adSetId,
            variant,
            headline: `Paddle at sunrise ${variant}`,
            body: 'Guided kayak tours on the lake.',
            call_to_action: 'Book now',
          },
        });
        expect(ad.status).toBe(201);
      }
      for (const action of ['submit', 'approve']) {
        const moved = await api('POST', `/api/v1/campaigns/${campaignId}/${action}`, {
          token: owner.token,
        });
        expect(moved.status).toBe(200);
      }
      await eventually(
        async () =>
          json<{ total: { impressions: number } }>(
            await api('GET', `/api/v1/ads/performance?campaign_id=${campaignId}`, {
              token: owner.token,
            }),
          ),
        (report) => report.total.impressions > 0,
      );

      for (const lead of [
        { first_name: 'Ana', last_name: 'Rojas', email: 'ana@lakeside.test', tags: ['kayak'] },
        { first_name: 'Bruno', last_name: 'Vega', email: 'bruno@lakeside.test', tags: [] },
      ]) {
        const captured = await api('POST', '/api/v1/leads', { token: owner.token, body: lead });
        expect(captured.status).toBe(201);
      }

      browser = await launchChromium();
      context = await browser.newContext();
      page = await context.newPage();
      await signIn(page, app.url, marketer);
      // The web build, a fresh database and the first ads delivery: generous on a busy machine.
    }, 180_000);

    afterAll(async () => {
      await browser?.close();
      await app?.close();
    });

    it('searches the media library by words and by hashtag, and uploads a PNG', async () => {
      await page.getByRole('link', { name: 'Media library' }).click();
      await expect.poll(() => page.getByTestId('asset-card').count()).toBe(2);

      await page.getByLabel('Search', { exact: true }).fill('KAYAK lake');
      await page.getByRole('button', { name: 'Search', exact: true }).click();
      await expect.poll(() => page.getByTestId('asset-card').count()).toBe(1);
      expect(await page.getByTestId('asset-grid').textContent()).toContain('Kayak sunrise copy');

      await page.getByLabel('Search', { exact: true }).fill('canoe');
      await page.getByRole('button', { name: 'Search', exact: true }).click();
      await expect
        .poll(() => page.getByText('Nothing matches. Try fewer words or another hashtag.').count())
        .toBe(1);

      await page.getByRole('button', { name: 'Clear' }).click();
      await page.getByRole('button', { name: '#coffee' }).click();
      await expect.poll(() => page.getByTestId('asset-card').count()).toBe(1);
      expect(await page.getByTestId('asset-grid').textContent()).toContain('Coffee morning copy');

      await page.getByRole('button', { name: 'Upload', exact: true }).click();
      const upload = page.getByRole('form', { name: 'Upload' });
      await upload.getByLabel('PNG file').setInputFiles({
        name: 'lake.png',
        mimeType: 'image/png',
        buffer: pngOf('#2a7fb8'),
      });
      await upload.getByLabel('Title').fill('Blue lake photo');
      await upload.getByLabel('Description').fill('A calm blue lake');
      await upload.getByLabel('Hashtags').fill('#lake, coffee');
      await upload.getByRole('button', { name: 'Upload' }).click();
      await expect.poll(() => page.getByText('Uploaded “Blue lake photo”.').count()).toBe(1);
      // The #coffee filter still applies: the new image joins the copy, its PNG shown from a blob.
      await expect.poll(() => page.getByTestId('asset-card').count()).toBe(2);
      await expect
        .poll(() => page.locator('img[alt="A calm blue lake"]').getAttribute('src'))
        .toMatch(/^blob:/);
    });

    it('creates a content request from a brief, follows it to completion and reviews an asset', async () => {
      await page.getByRole('link', { name: 'Content requests' }).click();
      const brief = page.getByRole('form', { name: 'Content brief' });
      await brief.getByRole('button', { name: 'Request content' }).click();
      // Validation from the API lands on the field.
      await expect.poll(() => brief.locator('.field-error').count()).toBeGreaterThan(0);

      await brief.getByLabel('Type').selectOption('text');
      await brief.getByLabel('Subject').fill('Sunrise kayak tours');
      await brief.getByLabel('Channel').selectOption('facebook');
      await brief.getByLabel('Audience').fill('outdoor families');
      await brief.getByLabel('Language').selectOption('en');
      await brief.getByLabel('Tone').selectOption('friendly');
      await brief.getByLabel('Variants').selectOption('2');
      await brief.getByRole('button', { name: 'Request content' }).click();

      const live = page.getByTestId('live-request');
      await expect
        .poll(() => live.locator('[data-status]').first().getAttribute('data-status'), {
          timeout: 20_000,
        })
        .toBe('completed');
      await expect.poll(() => live.locator('.asset-tile').count()).toBe(2);
      // Followed over the server-sent events stream, without falling back to polling.
      expect(await live.getAttribute('data-transport')).toBe('stream');
      expect(await live.textContent()).toContain('2 of 2 generated');
      expect(await page.getByRole('cell', { name: 'Sunrise kayak tours' }).count()).toBe(1);

      await live.locator('.asset-tile').first().click();
      await page.getByTestId('asset-preview').waitFor();
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Asset');
      await page.getByRole('button', { name: 'Submit for review' }).click();
      await expect
        .poll(() => page.getByText('Waiting for a reviewer with approval rights.').count())
        .toBe(1);
      // A marketer writes content but does not approve it.
      expect(await page.getByRole('button', { name: 'Approve' }).count()).toBe(0);
    });

    it('shows the ads performance KPIs, chart and breakdowns', async () => {
      await page.getByRole('link', { name: 'Performance' }).click();
      await expect
        .poll(async () =>
          Number(
            (await page.getByTestId('kpi-impressions').locator('strong').textContent())?.replace(
              /\D/g,
              '',
            ) ?? 0,
          ),
        )
        .toBeGreaterThan(0);
      expect(await page.getByTestId('kpi-ctr').textContent()).toMatch(/\d %/);
      expect(await page.getByTestId('kpi-spend').textContent()).toContain('$');
      expect(await page.locator('svg[role="img"] polyline').count()).toBe(2);
      expect(
        await page
          .getByRole('table', { name: 'Channel' })
          .getByRole('cell', { name: 'facebook' })
          .count(),
      ).toBe(1);
      expect(
        await page
          .getByRole('table', { name: 'Country' })
          .getByRole('cell', { name: 'CR' })
          .count(),
      ).toBe(1);
    });

    it('filters campaigns by status and pauses one from its page', async () => {
      await page.getByRole('link', { name: 'Campaigns' }).click();
      await page.getByRole('tab', { name: 'draft' }).click();
      await expect.poll(() => page.getByText('No campaign matches these filters.').count()).toBe(1);
      await page.getByRole('tab', { name: 'active' }).click();
      await page.getByRole('link', { name: 'Summer kayaks' }).click();
      await expect.poll(() => page.getByTestId('ad-set').count()).toBe(1);
      await page.getByRole('button', { name: 'Pause', exact: true }).click();
      await expect.poll(() => page.getByText('Campaign is now paused.').count()).toBe(1);
      await expect.poll(() => page.getByRole('button', { name: 'Resume' }).count()).toBe(1);
    });

    it('builds a draft campaign on the screens and submits it for approval', async () => {
      await page.getByRole('link', { name: 'Campaigns', exact: true }).click();
      await page.getByRole('button', { name: 'New campaign' }).click();
      const form = page.getByRole('form', { name: 'New campaign' });
      await form.getByLabel('Brand').fill('Lakeside');
      await form.getByLabel('Name').fill('Autumn paddles');
      await form.getByLabel('Countries').fill('cr, mx');
      await form.getByLabel('Total budget').fill('1500');
      await form.getByRole('button', { name: 'Create draft' }).click();
      await expect
        .poll(() => page.getByRole('heading', { name: 'Autumn paddles' }).count())
        .toBe(1);
      // Nothing to submit yet: the API refuses a campaign without ads, and the screen says why.
      await page.getByRole('button', { name: 'Submit for approval' }).click();
      await expect.poll(() => page.getByRole('alert').count()).toBeGreaterThan(0);

      await page.getByRole('button', { name: 'Add ad set' }).click();
      const adSet = page.getByRole('form', { name: 'New ad set' });
      await adSet.getByLabel('Ad set name').fill('Adventurers');
      await adSet.getByLabel('Channel').selectOption('instagram');
      await adSet.getByLabel('Daily budget').fill('40');
      await adSet.getByRole('button', { name: 'Add ad set' }).click();
      await expect.poll(() => page.getByTestId('ad-set').count()).toBe(1);

      await page.getByRole('button', { name: 'Add variant' }).click();
      const ad = page.getByRole('form', { name: 'New variant A' });
      await ad.getByLabel('Variant A headline').fill('Autumn on the water');
      await ad.getByLabel('Call to action').fill('Book');
      await ad.getByLabel('Body').fill('Quiet lakes, warm colours.');
      await ad.getByRole('button', { name: 'Add variant A' }).click();
      await expect.poll(() => page.getByText('Autumn on the water').count()).toBe(1);

      await page.getByRole('button', { name: 'Submit for approval' }).click();
      await expect.poll(() => page.getByText('Campaign is now pending approval.').count()).toBe(1);
      // The marketer holds ads:publish: approving is offered.
      await expect.poll(() => page.getByRole('button', { name: 'Approve' }).count()).toBe(1);
    });

    it('lists leads with filters and opens one with its score', async () => {
      await page.getByRole('link', { name: 'Leads' }).click();
      const leads = page.getByTestId('leads');
      await expect.poll(() => leads.locator('tbody tr').count()).toBe(2);
      // A marketer reads the CRM but does not write to it.
      expect(await page.getByRole('button', { name: 'New lead' }).count()).toBe(0);

      await page.getByLabel('Name starts with').fill('Ana');
      await page.getByRole('button', { name: 'Filter' }).click();
      await expect.poll(() => leads.locator('tbody tr').count()).toBe(1);
      await page.getByLabel('Name starts with').fill('Zed');
      await page.getByRole('button', { name: 'Filter' }).click();
      await expect.poll(() => page.getByText('No lead matches these filters.').count()).toBe(1);
      await page.getByRole('button', { name: 'Clear' }).click();
      await expect.poll(() => leads.locator('tbody tr').count()).toBe(2);

      await page.getByRole('link', { name: 'Ana Rojas' }).click();
      await expect.poll(() => page.getByRole('heading', { name: 'Ana Rojas' }).count()).toBe(1);
      expect(await page.getByText('ana@lakeside.test').count()).toBe(1);
      await page.getByTestId('score').waitFor();
    });

    it('hides actions an analyst cannot take', async () => {
      const analystPage = await (await browser.newContext()).newPage();
      await signIn(analystPage, app.url, analyst);
      await analystPage.getByRole('link', { name: 'Content requests' }).click();
      await expect
        .poll(() =>
          analystPage
            .getByText('Your role can follow content requests but not create them.')
            .count(),
        )
        .toBe(1);
      expect(await analystPage.getByRole('form', { name: 'Content brief' }).count()).toBe(0);
      await analystPage.goto(`${app.url}/#/ads-campaign/${campaignId}`);
      await expect.poll(() => analystPage.getByTestId('ad-set').count()).toBe(1);
      expect(await analystPage.getByRole('button', { name: 'Resume' }).count()).toBe(0);
      expect(await analystPage.getByRole('button', { name: 'Finish' }).count()).toBe(0);
      await analystPage.context().close();
    });
  },
);
