import { randomBytes } from 'node:crypto';
import { uuidv7 } from 'uuidv7';
import { AppError } from '../../../platform/errors/app-error.js';
import { unknownReference } from '../../../platform/references.js';
import type { Runtime } from '../../../platform/runtime.js';
import { adsEventTypes, type ConversionRecordedPayload } from '../domain/ads-events.js';
import { normaliseAdsEmail, normaliseAdsPhone } from '../domain/personal-data.js';
import {
  isWithinConversionWindow,
  verifyConversionSignature,
} from '../domain/conversion-signature.js';
import { findAd } from '../infrastructure/campaigns.repository.js';
import {
  findSigningSecret,
  insertConversion,
  rotateSigningSecret,
} from '../infrastructure/tracking.repository.js';
import { adsServicesFor } from './ads-services.js';
import { resolveLink } from './tracked-links.js';

export interface ConversionInput {
  eventId: string;
  adId?: string;
  linkCode?: string;
  kind: string;
  valueMinor: number;
  currency: string;
  email?: string;
  phone?: string;
  occurredAt?: string;
}

/** Creates or rotates the organisation's conversion signing secret; returns it once. */
export async function rotateConversionSecret(runtime: Runtime, orgId: string) {
  const secret = `whsec_${randomBytes(32).toString('base64url')}`;
  const services = adsServicesFor(runtime);
  const row = await rotateSigningSecret(runtime.db, orgId, services.crypto.encrypt(secret));
  services.signingSecrets.delete(orgId);
  return { secret, version: row.version, rotatedAt: row.rotatedAt };
}

/** 401 unless the raw body is signed with the organisation's current (or previous) secret. */
export async function checkConversionSignature(
  runtime: Runtime,
  orgId: string,
  rawBody: string,
  header: string | undefined,
): Promise<void> {
  const services = adsServicesFor(runtime);
  let secrets = services.signingSecrets.get(orgId);
  if (!secrets) {
    const row = await findSigningSecret(runtime.db, orgId);
    secrets = row
      ? [row.secretEncrypted, row.previousSecretEncrypted]
          .filter((value): value is string => value !== null)
          .map((sealed) => services.crypto.decrypt(sealed))
      : [];
    // An organisation without a secret is not cached: its first secret works at once.
    if (secrets.length > 0) services.signingSecrets.set(orgId, secrets);
  }
  if (!verifyConversionSignature(secrets, rawBody, header))
    throw new AppError(
      'unauthenticated',
      'The X-PromptSales-Signature header is missing or does not match the body',
    );
}

/**
 * The conversion's ad and campaign: through the tracked link (cached like the redirect's), or the
 * ad by id, kept a minute in process (an ad never moves to another campaign; a draft ad deleted
 * within that minute still attributes), so a known ad costs no look-up round trip.
 */
async function attributedAd(
  runtime: Runtime,
  orgId: string,
  input: ConversionInput,
): Promise<{ id: string; campaignId: string }> {
  if (!input.adId && input.linkCode) {
    const link = await resolveLink(runtime, input.linkCode);
    if (link && link.orgId === orgId) return { id: link.adId, campaignId: link.campaignId };
  }
  const adId = input.adId;
  if (!adId)
    throw AppError.validation('A conversion names its ad', [
      { field: 'ad_id', message: 'give ad_id or a tracked link code' },
    ]);
  const known = adsServicesFor(runtime).conversionAds;
  const key = `${orgId}:${adId}`;
  const hit = known.get(key);
  if (hit) return hit;
  const ad = await findAd(runtime.db, orgId, adId);
  if (!ad) throw unknownReference('body.ad_id', 'ads.ad');
  const found = { id: ad.id, campaignId: ad.campaignId };
  known.set(key, found);
  return found;
}

/**
 * Records a conversion once per event id (a replay is reported as a duplicate and changes
 * nothing) and publishes `ads.conversion-recorded` for the CRM; the live counters add it
 * right after the commit.
 */
export async function recordConversion(
  runtime: Runtime,
  orgId: string,
  input: ConversionInput,
  source: 'server' | 'pixel',
): Promise<{ status: 'recorded' | 'duplicate'; id: string | null }> {
  const now = new Date();
  const occurredAt = input.occurredAt ? new Date(input.occurredAt) : now;
  if (!isWithinConversionWindow(occurredAt, now))
    throw AppError.validation('The conversion is outside the 48-hour window', [
      { field: 'occurred_at', message: 'must be within the last 48 hours' },
    ]);
  const ad = await attributedAd(runtime, orgId, input);
  const services = adsServicesFor(runtime);
  const crypto = services.crypto;
  const result = await runtime.db.transaction(async (tx) => {
    const row = await insertConversion(tx, {
      orgId,
      id: uuidv7(),
      eventId: input.eventId,
      adId: ad.id,
      campaignId: ad.campaignId,
      source,
      kind: input.kind,
      valueMinor: input.valueMinor,
      currency: input.currency,
      emailEncrypted: input.email ? crypto.encrypt(input.email) : null,
      phoneEncrypted: input.phone ? crypto.encrypt(input.phone) : null,
      emailHash: input.email ? crypto.lookupHash(normaliseAdsEmail(input.email)) : null,
      phoneHash: input.phone ? crypto.lookupHash(normaliseAdsPhone(input.phone)) : null,
      occurredAt: occurredAt.toISOString(),
    });
    if (!row) return { status: 'duplicate' as const, id: null };
    await runtime.events.publish<ConversionRecordedPayload>(tx, {
      type: adsEventTypes.conversionRecorded,
      orgId,
      payload: {
        orgId,
        conversionId: row.id,
        adId: ad.id,
        campaignId: ad.campaignId,
        eventId: input.eventId,
        kind: input.kind,
        valueMinor: input.valueMinor,
        currency: input.currency,
        source,
        ...(row.emailEncrypted ? { emailEncrypted: row.emailEncrypted } : {}),
        ...(row.phoneEncrypted ? { phoneEncrypted: row.phoneEncrypted } : {}),
        occurredAt: row.occurredAt,
      },
    });
    return { status: 'recorded' as const, id: row.id };
  });
  // The live counters follow within a fraction of a second, in batches (ConversionCounter).
  if (result.status === 'recorded') services.conversions.nudge();
  return result;
}
