import { expect } from 'vitest';
import { deliverCampaign } from '../../src/modules/ads/application/delivery.job.js';
import { findCampaign } from '../../src/modules/ads/infrastructure/campaigns.repository.js';
import { eventually } from './eventually.js';
import { apiClient, json } from './http.js';
import type { TestApp } from './test-app.js';

type Api = ReturnType<typeof apiClient>;

const day = (offset: number) =>
  new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

/** What a channel test changes of the campaign, its one ad set and its one ad (API bodies). */
export interface AdCampaignFixture {
  campaign?: Record<string, unknown>;
  adSet: Record<string, unknown> & { channel: string };
  ad?: Record<string, unknown>;
}

/**
 * A campaign with one ad set and one ad, created through the API and approved (submit, approve):
 * what a vendor adapter's contract test publishes. Defaults are a small USD traffic campaign of
 * Volta Bikes running from today for ten days.
 */
export async function approvedAdCampaign(
  api: Api,
  token: string,
  fixture: AdCampaignFixture,
): Promise<{ campaignId: string; adSetId: string; adId: string }> {
  const campaign = await json<{ id: string }>(
    await api('POST', '/api/v1/campaigns', {
      token,
      body: {
        brand: 'Volta Bikes',
        name: 'Launch',
        objective: 'traffic',
        countries: ['CR'],
        budget: { amount_minor: 1_000_000, currency: 'USD' },
        start_date: day(0),
        end_date: day(10),
        ...fixture.campaign,
      },
    }),
  );
  const adSet = await json<{ id: string }>(
    await api('POST', '/api/v1/ad-sets', {
      token,
      body: {
        campaign_id: campaign.id,
        name: 'Riders',
        targeting: { age_min: 18, age_max: 70, countries: ['CR'] },
        daily_budget_minor: 50_000,
        pacing: 'standard',
        ...fixture.adSet,
      },
    }),
  );
  const ad = await json<{ id: string }>(
    await api('POST', '/api/v1/ads', {
      token,
      body: {
        ad_set_id: adSet.id,
        variant: 'A',
        headline: 'Volta',
        body: 'Ride electric',
        call_to_action: 'Shop now',
        ...fixture.ad,
      },
    }),
  );
  for (const step of ['submit', 'approve'])
    expect((await api('POST', `/api/v1/campaigns/${campaign.id}/${step}`, { token })).status).toBe(
      200,
    );
  return { campaignId: campaign.id, adSetId: adSet.id, adId: ad.id };
}

/** Runs the campaign's delivery now, as the per-minute tick would. */
export async function deliverNow(app: TestApp, orgId: string, campaignId: string): Promise<void> {
  const row = (await findCampaign(app.runtime.db, orgId, campaignId))!;
  await deliverCampaign(app.runtime, row, new Date(), app.runtime.log);
}

/**
 * Delivers the approved campaign and reads its ad once published: approval also queues a
 * delivery job, and whichever of the two activates the campaign publishes it.
 */
export async function publishedAd<Ad extends { external_id: string | null }>(
  app: TestApp,
  caller: { token: string; orgId: string },
  campaignId: string,
  adId: string,
): Promise<Ad> {
  await deliverNow(app, caller.orgId, campaignId);
  const api = apiClient(app.url);
  return eventually(
    async () => json<Ad>(await api('GET', `/api/v1/ads/${adId}`, { token: caller.token })),
    (ad) => ad.external_id !== null,
  );
}
