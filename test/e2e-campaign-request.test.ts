import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signConversionBody } from '../src/modules/ads/domain/conversion-signature.js';
import { apiClient, json, type Page } from './support/http.js';
import { createMember, signUp } from './support/identity.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { eventually } from './support/eventually.js';

/**
 * The main operation of PromptSales end to end, through HTTP only: a marketer's campaign request
 * is planned by AI, approved by the owner, runs in PromptAds with PromptContent's banners and
 * PromptCRM's segment, is delivered by the (simulated) channel, and a tracked conversion becomes
 * a lead in PromptCRM that is won as a sale.
 */

interface CampaignRequest {
  id: string;
  status: string;
  campaignId: string;
  segmentIds: string[];
  proposal: { contentVariants: { adId: string; contentAssetId: string | null }[] } | null;
}

const inDays = (days: number) =>
  new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

describe('campaign request end to end', () => {
  let app: TestApp;
  let api: ReturnType<typeof apiClient>;

  beforeAll(async () => {
    app = await startTestApp();
    api = apiClient(app.url);
  });
  afterAll(async () => app?.close());

  it('goes from a request to a sale', async () => {
    const owner = await signUp(app, { organization: 'Café Aurora' });
    const marketer = await createMember(app, owner.token, 'marketer');
    const seller = await createMember(app, owner.token, 'sales_agent');

    // 1. The marketer asks for a campaign.
    const created = await api('POST', '/api/v1/campaign-requests', {
      token: marketer,
      headers: { 'idempotency-key': `e2e-${Date.now()}` },
      body: {
        name: 'Cold brew launch',
        objective: 'sales',
        product: 'Aurora cold brew',
        messages: ['Cold brew delivered in 24 hours', 'First box 20% off'],
        audiences: [
          {
            name: 'Coffee lovers',
            countries: ['CR'],
            ageMin: 25,
            ageMax: 45,
            interests: ['coffee'],
          },
        ],
        channels: ['instagram'],
        budget: { amount: 1_500_000, currency: 'USD' },
        startsAt: inDays(0),
        endsAt: inDays(14),
      },
    });
    expect(created.status).toBe(202);
    const { id } = await json<CampaignRequest>(created);
    const read = async () =>
      json<CampaignRequest>(
        await api('GET', `/api/v1/campaign-requests/${id}`, { token: marketer }),
      );

    // 2. The AI proposes; the request awaits approval within the 7 s of a simple request.
    const started = Date.now();
    const request = await eventually(read, (r) => r.status !== 'planning', 7_000);
    expect(request.status).toBe('awaiting_approval');
    expect(Date.now() - started).toBeLessThan(7_000);

    // 3. The owner approves; the campaign is published and starts today.
    const approved = await api('POST', `/api/v1/campaign-requests/${request.id}/approve`, {
      token: owner.token,
      body: { comment: 'Approved for launch' },
    });
    expect(approved.status).toBe(200);
    await eventually(read, (r) => r.status === 'active');

    // 4. PromptAds runs it with the approved content and the CRM segment attached.
    const campaign = await eventually(
      async () =>
        json<{ status: string }>(
          await api('GET', `/api/v1/campaigns/${request.campaignId}`, { token: marketer }),
        ),
      (c) => c.status === 'active',
    );
    expect(campaign.status).toBe('active');
    const adSets = await json<Page<{ crm_segment_id: string | null }>>(
      await api('GET', `/api/v1/ad-sets?campaign_id=${request.campaignId}`, { token: marketer }),
    );
    expect(adSets.data.map((s) => s.crm_segment_id)).toEqual([request.segmentIds[0]]);
    const segment = await api('GET', `/api/v1/segments/${request.segmentIds[0]}`, {
      token: marketer,
    });
    expect(segment.status).toBe(200);

    // 5. The simulated channel delivers the ads: they get channel ids and impressions.
    const ads = await eventually(
      async () =>
        json<Page<{ id: string; external_id: string | null; content_asset_id: string | null }>>(
          await api('GET', `/api/v1/ads?campaign_id=${request.campaignId}`, { token: marketer }),
        ),
      (page) => page.data.length > 0 && page.data.every((ad) => ad.external_id !== null),
    );
    const assets = request.proposal!.contentVariants.map((v) => v.contentAssetId);
    expect(assets.every((id) => id !== null)).toBe(true);
    for (const ad of ads.data) expect(assets).toContain(ad.content_asset_id);
    await eventually(
      async () =>
        json<{ total: { impressions: number } }>(
          await api(
            'GET',
            `/api/v1/ads/performance?campaign_id=${request.campaignId}&group_by=channel`,
            { token: marketer },
          ),
        ),
      (performance) => performance.total.impressions > 0,
    );

    // 6. A buyer converts on the shop; the signed conversion is recorded.
    const { secret } = await json<{ secret: string }>(
      await api('POST', '/api/v1/conversion-signing-secret', { token: marketer }),
    );
    const raw = JSON.stringify({
      organization_id: owner.orgId,
      event_id: `order-${Date.now()}`,
      ad_id: ads.data[0]!.id,
      kind: 'lead',
      value_minor: 0,
      currency: 'USD',
      email: 'Ana.Buyer@example.test',
    });
    const conversion = await fetch(`${app.url}/api/v1/conversions`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-promptsales-signature': signConversionBody(secret, raw),
      },
      body: raw,
    });
    expect(conversion.status).toBe(201);

    // 7. It becomes a lead in PromptCRM, attributed to the campaign.
    const [lead] = await eventually(
      async () =>
        (
          await json<Page<{ id: string; source: string; campaign_id: string | null }>>(
            await api('GET', '/api/v1/contacts?email=ana.buyer%40example.test', {
              token: seller,
            }),
          )
        ).data,
      (found) => found.length === 1,
    );
    expect(lead).toMatchObject({ source: 'ads', campaign_id: request.campaignId });

    // 8. The sales agent opens a deal with the lead, moves it through the pipeline and wins it:
    // a sale counted for the campaign, and the lead is now a customer.
    const deal = await api('POST', '/api/v1/deals', {
      token: seller,
      headers: { 'idempotency-key': `e2e-deal-${Date.now()}` },
      body: {
        title: 'Office cold brew subscription',
        contact_id: lead!.id,
        currency: 'USD',
        products: [{ name: 'Aurora cold brew box', quantity: 12, unit_price_minor: 2_500 }],
      },
    });
    expect(deal.status).toBe(201);
    const opened = await json<{ id: string; campaign_id: string | null; stage_id: string }>(deal);
    expect(opened.campaign_id).toBe(request.campaignId);
    const { data: pipelines } = await json<{
      data: { is_default: boolean; stages: { id: string; kind: string }[] }[];
    }>(await api('GET', '/api/v1/pipelines', { token: seller }));
    const stages = pipelines.find((p) => p.is_default)!.stages;
    const nextOpen = stages.filter((s) => s.kind === 'open')[1]!;
    const moved = await api('POST', `/api/v1/deals/${opened.id}/move`, {
      token: seller,
      body: { stage_id: nextOpen.id },
    });
    expect(moved.status).toBe(200);
    const won = await api('POST', `/api/v1/deals/${opened.id}/move`, {
      token: seller,
      body: { stage_id: stages.find((s) => s.kind === 'won')!.id },
    });
    expect(won.status).toBe(200);
    expect(await json<{ status: string; won_at: string | null }>(won)).toMatchObject({
      status: 'won',
      won_at: expect.any(String),
    });

    const sales = await json<{
      data: { key: string | null; currency: string; orders: number; amount_minor: number }[];
    }>(
      await api(
        'GET',
        `/api/v1/sales?from=${inDays(-1)}&to=${inDays(1)}&group_by=campaign&campaign_id=${request.campaignId}`,
        { token: owner.token },
      ),
    );
    expect(sales.data).toEqual([
      { key: request.campaignId, currency: 'USD', orders: 1, amount_minor: 30_000 },
    ]);
    const customer = await json<{ lifecycle_stage: string }>(
      await api('GET', `/api/v1/contacts/${lead!.id}`, { token: seller }),
    );
    expect(customer.lifecycle_stage).toBe('customer');
  });
});
