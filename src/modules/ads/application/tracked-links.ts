import { randomBytes } from 'node:crypto';
import { uuidv7 } from 'uuidv7';
import { unknownReference } from '../../../platform/references.js';
import type { Runtime } from '../../../platform/runtime.js';
import { adsServicesFor } from './ads-services.js';
import { findAd, findAdSet } from '../infrastructure/campaigns.repository.js';
import {
  findLinkByCode,
  insertTrackedLink,
  type TrackedLinkRow,
} from '../infrastructure/tracking.repository.js';

export interface ResolvedLink {
  orgId: string;
  linkId: string;
  adId: string;
  campaignId: string;
  channel: string;
  location: string;
  utm: Record<string, string>;
}

/** The destination with the UTM parameters added (existing ones in the URL are kept). */
export function destinationWithUtm(destination: string, utm: Record<string, string>): string {
  const url = new URL(destination);
  for (const [key, value] of Object.entries(utm)) {
    if (!url.searchParams.has(key)) url.searchParams.set(key, value);
  }
  return url.toString();
}

export async function createTrackedLink(
  runtime: Runtime,
  orgId: string,
  input: { adId: string; destinationUrl: string; utm: Record<string, string> },
): Promise<TrackedLinkRow> {
  const ad = await findAd(runtime.db, orgId, input.adId);
  if (!ad) throw unknownReference('body.ad_id', 'ads.ad');
  const adSet = await findAdSet(runtime.db, orgId, ad.adSetId);
  return insertTrackedLink(runtime.db, {
    orgId,
    id: uuidv7(),
    // 10 base64url characters = 60 random bits: not guessable, short enough for SMS.
    code: randomBytes(8).toString('base64url').slice(0, 10),
    adId: ad.id,
    campaignId: ad.campaignId,
    channel: adSet?.channel ?? 'unknown',
    destinationUrl: input.destinationUrl,
    utm: { utm_campaign: ad.campaignId, utm_content: ad.variant, ...input.utm },
  });
}

/**
 * The redirect's look-up: an in-process LRU, then the shared cache (Redis when configured), then
 * the database. Links never change, so a long TTL is safe. An unknown code is cached as unknown
 * for the same hour: codes are random and only ever created new, so a probe for a code that
 * does not exist yet cannot hide a link created later except by a 60-bit coincidence.
 */
export async function resolveLink(runtime: Runtime, code: string): Promise<ResolvedLink | null> {
  const local = adsServicesFor(runtime).links;
  const hit = local.get(code);
  if (hit) return hit;
  const cached = await runtime.cache.getOrLoad<{ link: ResolvedLink | null }>(
    `ads:link:${code}`,
    3600,
    async () => {
      const row = await findLinkByCode(runtime.db, code);
      if (!row) return { link: null };
      return {
        link: {
          orgId: row.orgId,
          linkId: row.id,
          adId: row.adId,
          campaignId: row.campaignId,
          channel: row.channel,
          location: destinationWithUtm(row.destinationUrl, row.utm),
          utm: row.utm,
        },
      };
    },
  );
  if (cached.link) local.set(code, cached.link);
  return cached.link;
}
