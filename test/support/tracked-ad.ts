import { expect } from 'vitest';
import { signConversionBody } from '../../src/modules/ads/domain/conversion-signature.js';
import { apiClient, json } from './http.js';

const inDays = (days: number) =>
  new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

export interface TrackedAd {
  campaignId: string;
  adId: string;
  /** The tracked link's code (`/t/{code}`). */
  linkCode: string;
  /** The organisation's conversion signing secret. */
  secret: string;
}

/** A PromptAds campaign with one ad, a tracked link to it and a conversion signing secret. */
export async function trackedAd(baseUrl: string, token: string): Promise<TrackedAd> {
  const api = apiClient(baseUrl);
  const created = async (path: string, body: object) => {
    const response = await api('POST', path, { token, body });
    expect(response.status).toBe(201);
    return json<{ id: string; code: string; secret: string }>(response);
  };
  const campaign = await created('/api/v1/campaigns', {
    brand: 'Café Aurora',
    name: 'Cold brew',
    objective: 'leads',
    countries: ['CR'],
    budget: { amount_minor: 1_000_000, currency: 'USD' },
    start_date: inDays(0),
    end_date: inDays(10),
  });
  const adSet = await created('/api/v1/ad-sets', {
    campaign_id: campaign.id,
    name: 'Feed',
    channel: 'instagram',
    targeting: { age_min: 25, age_max: 45 },
    daily_budget_minor: 20_000,
    pacing: 'standard',
  });
  const ad = await created('/api/v1/ads', {
    ad_set_id: adSet.id,
    variant: 'A',
    headline: 'Cold brew en 24 horas',
    body: 'La primera caja con 20 % de descuento',
    call_to_action: 'Pedir',
  });
  const link = await created('/api/v1/tracked-links', {
    ad_id: ad.id,
    destination_url: 'https://shop.example.test/cold-brew',
    utm: { utm_source: 'instagram', utm_campaign: 'cold-brew' },
  });
  const { secret } = await created('/api/v1/conversion-signing-secret', {});
  return { campaignId: campaign.id, adId: ad.id, linkCode: link.code, secret };
}

/** Posts a conversion signed with the organisation's secret, as a shop's server would. */
export async function sendConversion(
  baseUrl: string,
  orgId: string,
  ad: TrackedAd,
  body: Record<string, unknown>,
): Promise<Response> {
  const raw = JSON.stringify({ organization_id: orgId, link_code: ad.linkCode, ...body });
  return fetch(`${baseUrl}/api/v1/conversions`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-promptsales-signature': signConversionBody(ad.secret, raw),
    },
    body: raw,
  });
}
