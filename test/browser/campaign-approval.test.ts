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
import { eventually } from '../support/eventually.js';
import { apiClient, json } from '../support/http.js';
import {
  createMemberAccount,
  signUp,
  type MemberAccount,
  type SignedUp,
} from '../support/identity.js';
import type { TestApp } from '../support/test-app.js';

interface CampaignRequest {
  id: string;
  name: string;
  status: string;
  proposal: {
    contentVariants: { adId: string; variant: string; channel: string; headline: string }[];
  } | null;
  decision: {
    verdict: string;
    comment: string | null;
    contentVariants: Record<string, { decision: string; comment: string | null }>;
  } | null;
}

const inDays = (days: number) =>
  new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

describe.skipIf(!browserAvailable)(
  'campaign requests, approval and agenda in the web app (skipped when /usr/bin/chromium is missing)',
  () => {
    let app: TestApp;
    let browser: Browser;
    let owner: SignedUp;
    let marketer: MemberAccount;
    let analyst: MemberAccount;
    let requestId: string;
    const api = () => apiClient(app.url);
    const read = async (id: string) =>
      json<CampaignRequest>(
        await api()('GET', `/api/v1/campaign-requests/${id}`, { token: owner.token }),
      );

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

    it('a marketer requests a campaign from scratch: field messages first, then live planning', async () => {
      const page = await pageAs(marketer);
      await page.goto(`${app.url}/campaign-requests`);
      await page.getByText('No campaign requests yet.').waitFor();
      // No strategy saved yet: the form starts from scratch.
      await page.getByText('No saved strategies yet').waitFor();
      const form = page.getByRole('form', { name: 'New campaign request' });
      await form.getByLabel('Name').fill('Browser launch');
      await form.getByRole('button', { name: 'Request campaign' }).click();
      await expect.poll(() => form.getByText('Enter a budget above zero').count()).toBe(1);

      await form.getByLabel('Budget').fill('9000');
      await form.getByRole('button', { name: 'Request campaign' }).click();
      // The server's field errors show beside their fields (no product, no audience, ...).
      await expect.poll(() => form.locator('.field-error').count()).toBeGreaterThan(1);
      expect(
        (
          await json<{ data: unknown[] }>(
            await api()('GET', '/api/v1/campaign-requests', { token: owner.token }),
          )
        ).data,
      ).toHaveLength(0);

      await form.getByLabel('Product or service').fill('Aurora cold brew');
      await form
        .getByLabel('Messages (one per line)')
        .fill('Cold brew in 24 hours\nFirst box 20% off');
      await form.getByLabel('Audience').fill('Commuters');
      await form
        .getByRole('group', { name: 'Audience countries' })
        .getByLabel('Costa Rica')
        .check();
      const channels = form.getByRole('group', { name: 'Channels' });
      await channels.getByLabel('Facebook').uncheck();
      await channels.getByLabel('Google Ads').uncheck();
      await channels.getByLabel('Instagram').check();
      await form.getByLabel('Starts').fill(inDays(2));
      await form.getByLabel('Ends').fill(inDays(20));
      await form.getByRole('button', { name: 'Request campaign' }).click();

      await page.waitForURL(/\/campaign-requests\/[0-9a-f-]{36}$/);
      requestId = page.url().split('/').at(-1)!;
      // Opened while the AI is still planning: the page follows the event stream to the proposal.
      await page.getByRole('table', { name: 'Content variants' }).waitFor({ timeout: 20_000 });
      expect(await page.getByTestId('campaign-request').getAttribute('data-transport')).toBe(
        'stream',
      );
      expect((await read(requestId)).status).toBe('awaiting_approval');
      // A marketer requests but does not approve.
      expect(await page.getByRole('button', { name: 'Approve' }).count()).toBe(0);
      await page.getByText('Waiting for an owner, admin or approver to decide.').waitFor();
      await page.context().close();
    }, 60_000);

    it('an analyst reads the proposal but sees no approve or reject buttons', async () => {
      const page = await pageAs(analyst);
      await page.goto(`${app.url}/campaign-requests/${requestId}`);
      await page.getByRole('table', { name: 'Content variants' }).waitFor();
      expect(await page.getByRole('button', { name: 'Approve' }).count()).toBe(0);
      expect(await page.getByRole('button', { name: 'Reject' }).count()).toBe(0);
      const ticks = page.getByRole('checkbox', { name: /^Approve variant/ });
      expect(await ticks.count()).toBeGreaterThan(0);
      expect(await ticks.first().isDisabled()).toBe(true);
      // Not a marketer either: no new-request form on the list.
      await page.goto(`${app.url}/campaign-requests`);
      await page.getByRole('link', { name: 'Browser launch' }).waitFor();
      expect(await page.getByRole('form', { name: 'New campaign request' }).count()).toBe(0);
      await page.context().close();
    }, 60_000);

    it('the owner approves without one variant, with comments; the agenda follows', async () => {
      const proposal = (await read(requestId)).proposal!;
      const dropped = proposal.contentVariants.find((v) => v.variant === 'B')!;
      const page = await pageAs(owner);
      await page.goto(`${app.url}/campaign-requests/${requestId}`);
      await page
        .getByRole('checkbox', {
          name: `Approve variant ${dropped.variant} on ${dropped.channel}: ${dropped.headline}`,
        })
        .uncheck();
      await page
        .getByLabel(`Comment on variant ${dropped.variant} on ${dropped.channel}`)
        .fill('Too pushy');
      await page.getByLabel('Comment', { exact: true }).fill('Looks good otherwise');
      await page.getByRole('button', { name: 'Approve' }).click();

      await page.getByText('Approved: the campaign is being published.').waitFor();
      const decided = await eventually(
        () => read(requestId),
        (request) => request.decision !== null,
      );
      expect(['approved', 'scheduled']).toContain(decided.status);
      expect(decided.decision!.comment).toBe('Looks good otherwise');
      expect(decided.decision!.contentVariants[dropped.adId]).toEqual({
        decision: 'rejected',
        comment: 'Too pushy',
      });
      await page.getByRole('table', { name: 'Agenda' }).waitFor();
      expect(await page.getByRole('button', { name: 'Approve' }).count()).toBe(0);

      // The execution agenda lists the open tasks and gives a calendar address that works.
      await page.goto(`${app.url}/agenda`);
      const tasks = page.getByRole('table', { name: 'Open tasks' });
      await expect.poll(() => tasks.locator('tbody tr').count()).toBeGreaterThan(1);
      expect(await page.getByTestId('agenda-summary').textContent()).toMatch(
        /\d+ overdue · \d+ due soon · \d+ open/,
      );
      await page.getByRole('button', { name: 'Create calendar address' }).click();
      const feed = await page.getByTestId('ics-feed').getAttribute('href');
      const ics = await fetch(feed!.replace(/^https?:\/\/[^/]+/, app.url));
      expect(ics.status).toBe(200);
      expect(await ics.text()).toContain('BEGIN:VCALENDAR');
      await page.context().close();
    }, 60_000);

    it('shows an approver the new proposal on the agenda page as it arrives', async () => {
      const page = await pageAs(owner);
      await page.goto(`${app.url}/agenda`);
      const notifications = page.getByRole('list', { name: 'Notifications' });
      await page.getByRole('table', { name: 'Open tasks' }).waitFor();
      expect(await notifications.getByText(/Live notice/).count()).toBe(0);
      const created = await api()('POST', '/api/v1/campaign-requests', {
        token: marketer.token,
        body: {
          name: 'Live notice',
          objective: 'awareness',
          product: 'Aurora cold brew',
          messages: ['Cold brew in 24 hours'],
          audiences: [
            { name: 'Runners', countries: ['CR'], ageMin: 20, ageMax: 50, interests: [] },
          ],
          channels: ['facebook'],
          budget: { amount: 200_000, currency: 'USD' },
          startsAt: inDays(5),
          endsAt: inDays(12),
        },
      });
      expect(created.status).toBe(202);
      // No reload: the notification stream brings it in once the AI has proposed.
      await expect
        .poll(
          () =>
            notifications.getByText('Campaign proposal "Live notice" awaits your approval').count(),
          {
            timeout: 20_000,
          },
        )
        .toBe(1);
      await page.context().close();
    }, 60_000);

    it('a marketer requests from a saved strategy; the owner rejects it whole', async () => {
      const strategy = await api()('POST', '/api/v1/strategies', {
        token: owner.token,
        body: {
          name: 'Summer coffee',
          client_company: 'Aurora Coffee',
          products: ['Aurora cold brew', 'Aurora espresso'],
          messages: ['Fresh every morning'],
          audiences: [
            { name: 'Students', countries: ['CR'], ageMin: 18, ageMax: 26, interests: ['coffee'] },
          ],
          intent: 'leads',
          channels: ['facebook'],
          budget: { amount: 300_000, currency: 'USD' },
          starts_at: inDays(3),
          ends_at: inDays(30),
        },
      });
      expect(strategy.status).toBe(201);

      const page = await pageAs(marketer);
      // A proxy that cannot stream: the request page falls back to polling.
      await page.route(/\/events$/, (route) => route.abort());
      await page.goto(`${app.url}/campaign-requests`);
      const form = page.getByRole('form', { name: 'Request from a strategy' });
      await form.getByLabel('Name').fill('Summer students');
      await form.getByLabel('Product or service').selectOption('Aurora espresso');
      await form.getByRole('button', { name: 'Request campaign' }).click();
      await page.waitForURL(/\/campaign-requests\/[0-9a-f-]{36}$/);
      const id = page.url().split('/').at(-1)!;
      expect((await read(id)).name).toBe('Summer students');
      await page.getByRole('table', { name: 'Content variants' }).waitFor({ timeout: 20_000 });
      expect(await page.getByTestId('campaign-request').getAttribute('data-transport')).toBe(
        'polling',
      );
      await page.context().close();

      const ownerPage = await pageAs(owner);
      await ownerPage.goto(`${app.url}/campaign-requests/${id}`);
      await ownerPage.getByRole('button', { name: 'Reject' }).waitFor({ timeout: 20_000 });
      await ownerPage.getByLabel('Comment', { exact: true }).fill('Wrong season');
      await ownerPage.getByRole('button', { name: 'Reject' }).click();
      await ownerPage.getByText('Rejected.').waitFor();
      const rejected = await read(id);
      expect(rejected.status).toBe('rejected');
      expect(rejected.decision!.comment).toBe('Wrong season');
      await ownerPage.getByTestId('decision').waitFor();
      await ownerPage.context().close();
    }, 60_000);
  },
);
