import { Resvg } from '@resvg/resvg-js';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  browserAvailable,
  buildWebApp,
  launchChromium,
  pageSignedIn,
  startWebTestApp,
  completeSignIn,
  type Credentials,
} from '../support/browser.js';
import { apiClient, json } from '../support/http.js';
import { createMemberAccount, signUp, type MemberAccount } from '../support/identity.js';
import type { TestApp } from '../support/test-app.js';
import { eventually } from '../support/eventually.js';

const today = () => new Date().toISOString().slice(0, 10);
const inDays = (days: number) =>
  new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

/** Polls `read` until `done` holds, or fails after `timeoutMs`. */

/** A small real PNG (rendered, not a fixture file). */
function pngOf(color: string): Buffer {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="120" height="120"><rect width="120" height="120" fill="${color}"/></svg>`;
  return Buffer.from(new Resvg(svg).render().asPng());
}

async function signIn(page: Page, url: string, account: Credentials) {
  await page.goto(url);
  await completeSignIn(page, account);
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
    let salesAgent: MemberAccount;
    let openStages: string[];

    beforeAll(async () => {
      await buildWebApp();
      app = await startWebTestApp();
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

      const leadIds: string[] = [];
      for (const lead of [
        { first_name: 'Ana', last_name: 'Rojas', email: 'ana@lakeside.test', tags: ['kayak'] },
        { first_name: 'Bruno', last_name: 'Vega', email: 'bruno@lakeside.test', tags: [] },
      ]) {
        const captured = await api('POST', '/api/v1/leads', { token: owner.token, body: lead });
        expect(captured.status).toBe(201);
        leadIds.push((await json<{ id: string }>(captured)).id);
      }
      const deal = await api('POST', '/api/v1/deals', {
        token: owner.token,
        body: {
          title: 'Kayak group booking',
          contact_id: leadIds[0],
          amount_minor: 120_000,
          currency: 'USD',
        },
      });
      expect(deal.status).toBe(201);
      const secondDeal = await api('POST', '/api/v1/deals', {
        token: owner.token,
        body: {
          title: 'Kayak solo rental',
          contact_id: leadIds[1],
          amount_minor: 9_000,
          currency: 'USD',
        },
      });
      expect(secondDeal.status).toBe(201);
      const pipelines = await json<{ data: { stages: { name: string; kind: string }[] }[] }>(
        await api('GET', '/api/v1/pipelines', { token: owner.token }),
      );
      openStages = pipelines.data[0]!.stages.filter((stage) => stage.kind === 'open').map(
        (stage) => stage.name,
      );
      salesAgent = await createMemberAccount(app, owner.token, 'sales_agent');

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
      expect(await page.getByTestId('kpi-ctr').textContent()).toMatch(/\d\s?%/);
      expect(await page.getByTestId('kpi-spend').textContent()).toContain('$');
      // The chart library is a lazy chunk: its lines come after the figures.
      await expect
        .poll(() => page.getByTestId('trend-chart').locator('.recharts-line').count())
        .toBe(2);
      expect(
        await page
          .getByRole('table', { name: 'Channel' })
          .getByRole('cell', { name: 'facebook' })
          .count(),
      ).toBe(1);
      expect(
        await page
          .getByRole('table', { name: 'Country' })
          .getByRole('cell', { name: 'Costa Rica' })
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
      const countries = form.getByRole('group', { name: 'Countries' });
      await countries.getByLabel('Costa Rica').check();
      await countries.getByLabel('Mexico').check();
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
      await page.getByRole('link', { name: 'Leads', exact: true }).click();
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

    it('moves a deal through the pipeline board as a sales agent; a marketer only looks', async () => {
      await page.getByRole('link', { name: 'Pipeline', exact: true }).click();
      const first = page.getByRole('region', { name: openStages[0] });
      await expect.poll(() => first.getByTestId('deal').count()).toBe(2);
      expect(await first.textContent()).toContain('Kayak group booking');
      expect(await page.getByRole('button', { name: /Move Kayak group booking/ }).count()).toBe(0);

      const agentPage = await (await browser.newContext()).newPage();
      await signIn(agentPage, app.url, salesAgent);
      await agentPage.getByRole('link', { name: 'Pipeline', exact: true }).click();
      await agentPage
        .getByRole('button', { name: `Move Kayak group booking to ${openStages[1]}` })
        .click();
      const second = agentPage.getByRole('region', { name: openStages[1] });
      await expect.poll(() => second.getByTestId('deal').count()).toBe(1);
      expect(
        await agentPage.getByRole('region', { name: openStages[0] }).getByTestId('deal').count(),
      ).toBe(1);
      await agentPage.getByRole('button', { name: 'Mark Kayak group booking won' }).click();
      await expect
        .poll(() => agentPage.getByRole('region', { name: 'Won' }).getByTestId('deal').count())
        .toBe(1);

      // Lost needs a reason, asked for in a dialog when the deal is marked lost.
      await agentPage.getByRole('button', { name: 'Mark Kayak solo rental lost' }).click();
      const reason = agentPage.getByRole('dialog').getByLabel('Reason');
      await reason.fill('Chose a competitor');
      await agentPage.getByRole('dialog').getByRole('button', { name: 'Mark lost' }).click();
      const lost = agentPage.getByRole('region', { name: 'Lost' });
      await expect.poll(() => lost.getByTestId('deal').count()).toBe(1);
      expect(await lost.textContent()).toContain('Lost: Chose a competitor');

      // The won deal shows on its contact, who is now a customer.
      await agentPage.getByRole('link', { name: 'Leads', exact: true }).click();
      await agentPage.getByRole('link', { name: 'Ana Rojas' }).click();
      await expect
        .poll(() => agentPage.getByRole('cell', { name: 'Kayak group booking' }).count())
        .toBe(1);
      // The contact's timeline: a call logged by the agent shows up in it.
      await agentPage.getByRole('button', { name: 'Add interaction' }).click();
      const interaction = agentPage.getByRole('form', { name: 'New interaction' });
      await interaction.getByLabel('Channel').selectOption('voice');
      await interaction.getByLabel('Subject').fill('Booking call');
      await interaction.getByLabel('Message or note').fill('Confirmed twelve kayaks for Saturday');
      await interaction.getByRole('button', { name: 'Add to timeline' }).click();
      const timeline = agentPage.getByTestId('timeline');
      await expect.poll(() => timeline.getByText('Booking call').count()).toBe(1);
      expect(await timeline.textContent()).toContain('Confirmed twelve kayaks for Saturday');
      await agentPage.context().close();
    }, 60_000);

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
      await analystPage.goto(`${app.url}/ads-campaigns/${campaignId}`);
      await expect.poll(() => analystPage.getByTestId('ad-set').count()).toBe(1);
      expect(await analystPage.getByRole('button', { name: 'Resume' }).count()).toBe(0);
      expect(await analystPage.getByRole('button', { name: 'Finish' }).count()).toBe(0);
      await analystPage.context().close();
    }, 60_000);

    it('reads the content and ads screens in Spanish, numbers and names included', async () => {
      const es = await pageSignedIn(browser, app, analyst, { locale: 'es-ES' });
      await es.goto(`${app.url}/content-library`);
      await es.getByRole('tab', { name: 'Palabras y filtros' }).waitFor();
      await expect.poll(() => es.getByTestId('asset-card').count()).toBeGreaterThan(0);
      expect(await es.getByLabel('Buscar', { exact: true }).count()).toBe(1);
      // Ordered by title through the search form.
      await es.getByLabel('Orden').selectOption({ label: 'Título Z–A' });
      await es.getByRole('button', { name: 'Buscar', exact: true }).click();
      const titles = () => es.locator('[data-testid="asset-card"] .asset-title').allTextContents();
      await expect
        .poll(async () => {
          const shown = await titles();
          return shown.length > 1 && shown.join('|') === [...shown].sort().reverse().join('|');
        })
        .toBe(true);
      expect(await es.locator('main').textContent()).not.toMatch(/Media library|Search|Upload/);

      await es.goto(`${app.url}/ads-performance`);
      await es.getByRole('heading', { name: 'Cifras clave' }).waitFor();
      await expect
        .poll(() => es.getByTestId('kpi-spend').locator('strong').textContent())
        .toMatch(/US\$/);
      expect(await es.getByTestId('kpi-impressions').textContent()).toContain('Impresiones');
      // Countries by their Spanish names, per-cent with a Spanish decimal comma.
      expect(
        await es
          .getByRole('table', { name: 'País' })
          .getByRole('cell', { name: 'Costa Rica' })
          .count(),
      ).toBe(1);
      expect(await es.getByTestId('kpi-ctr').textContent()).toMatch(/\d,\d{2}\s?%/);

      await es.goto(`${app.url}/ads-campaigns`);
      await es.getByRole('tab', { name: 'Todas' }).waitFor();
      // The campaign header sorts on the server: by name, then reversed.
      const names = () => es.locator('main table tbody tr td:first-child').allTextContents();
      await expect.poll(names).toEqual(['Autumn paddles', 'Summer kayaks']);
      const header = es.getByRole('columnheader', { name: 'Campaña' });
      await header.getByRole('button').click();
      await expect.poll(() => header.getAttribute('aria-sort')).toBe('ascending');
      await expect.poll(names).toEqual(['Autumn paddles', 'Summer kayaks']);
      await header.getByRole('button').click();
      await expect.poll(names).toEqual(['Summer kayaks', 'Autumn paddles']);
      // Paused by the campaigns test above.
      await es.getByRole('tab', { name: 'pausada' }).click();
      await expect.poll(() => es.getByRole('link', { name: 'Summer kayaks' }).count()).toBe(1);
      expect(await es.getByRole('columnheader', { name: 'Objetivo' }).count()).toBe(1);
      expect(await es.locator('main table').textContent()).toContain('Ventas');
      await es.context().close();
    }, 60_000);
  },
);
