import { and, eq } from 'drizzle-orm';
import type { EventHandler } from '../../../platform/events/domain-event.js';
import type { Runtime } from '../../../platform/runtime.js';
import { adsEventTypes, type ConversionRecordedPayload } from '../../ads/index.js';
import { capturedConversions } from '../infrastructure/crm.tables.js';
import { captureLead } from './capture-lead.js';
import { crmServicesFor } from './crm-services.js';

/**
 * A conversion that names a person (email or phone) becomes a lead attributed to its campaign and
 * ad, in one transaction with the `captured_conversions` guard row: a redelivered event finds the
 * guard and changes nothing. Conversions without an identifier (pixel hits) name nobody and are
 * left to the ads counters.
 */
export async function captureLeadFromConversion(
  runtime: Runtime,
  payload: ConversionRecordedPayload,
): Promise<'captured' | 'duplicate' | 'anonymous'> {
  if (!payload.emailEncrypted && !payload.phoneEncrypted) return 'anonymous';
  const { crypto } = crmServicesFor(runtime);
  const email = payload.emailEncrypted ? crypto.decrypt(payload.emailEncrypted) : null;
  const phone = payload.phoneEncrypted ? crypto.decrypt(payload.phoneEncrypted) : null;
  return runtime.db.transaction(async (tx) => {
    const guard = await tx
      .insert(capturedConversions)
      .values({
        orgId: payload.orgId,
        conversionId: payload.conversionId,
        // Replaced below once the contact is known; the guard row is what makes this idempotent.
        contactId: payload.conversionId,
      })
      .onConflictDoNothing()
      .returning({ conversionId: capturedConversions.conversionId });
    if (guard.length === 0) return 'duplicate';
    const { contact } = await captureLead(
      runtime,
      tx,
      payload.orgId,
      {
        email,
        phone,
        medium: 'paid',
        utm: { source: 'promptads', medium: 'paid', campaign: payload.campaignId },
        campaignId: payload.campaignId,
        adId: payload.adId,
      },
      {
        source: 'ads',
        upsert: true,
        conversion: {
          id: payload.conversionId,
          kind: payload.kind,
          valueMinor: payload.valueMinor,
        },
      },
    );
    await tx
      .update(capturedConversions)
      .set({ contactId: contact.id })
      .where(
        and(
          eq(capturedConversions.orgId, payload.orgId),
          eq(capturedConversions.conversionId, payload.conversionId),
        ),
      );
    return 'captured';
  });
}

export function conversionLeadHandler(runtime: Runtime): EventHandler<ConversionRecordedPayload> {
  return {
    name: 'crm.capture-lead-from-conversion',
    eventType: adsEventTypes.conversionRecorded,
    async handle(event, context) {
      const outcome = await captureLeadFromConversion(runtime, event.payload);
      context.log.debug({ outcome }, 'crm: conversion handled');
    },
  };
}
