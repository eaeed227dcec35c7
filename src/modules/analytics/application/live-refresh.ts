import type { EventHandler } from '../../../platform/events/domain-event.js';
import type { Runtime } from '../../../platform/runtime.js';
import { adsEventTypes, type ConversionRecordedPayload } from '../../ads/index.js';
import { crmEventTypes, type DealPayload, type LeadCapturedPayload } from '../../crm/index.js';
import { noId } from '../domain/fact-row.js';
import { refreshScopes } from './run-etl.js';

const dayOf = (iso: string) => new Date(iso).toISOString().slice(0, 10);

/**
 * Between ETL runs, the events that move a dashboard's headline figures recompute the cells they
 * touch from the source (idempotent, so redelivery is harmless): a lead or a won or lost deal
 * recomputes its campaign's CRM figures, a conversion its campaign's tracked counters of the day.
 */
export function liveRefreshHandlers(runtime: Runtime): EventHandler<unknown>[] {
  const crmRefresh = (orgId: string | null, campaignId: string | null) =>
    orgId
      ? refreshScopes(runtime, 'crm', [{ orgId, campaignId: campaignId ?? noId, day: null }])
      : Promise.resolve();
  const lead: EventHandler<LeadCapturedPayload> = {
    name: 'analytics.refresh-on-lead',
    eventType: crmEventTypes.leadCaptured,
    handle: (event) => crmRefresh(event.orgId, event.payload.campaignId),
  };
  const won: EventHandler<DealPayload> = {
    name: 'analytics.refresh-on-deal-won',
    eventType: crmEventTypes.dealWon,
    handle: (event) => crmRefresh(event.orgId, event.payload.campaignId),
  };
  const lost: EventHandler<DealPayload> = {
    name: 'analytics.refresh-on-deal-lost',
    eventType: crmEventTypes.dealLost,
    handle: (event) => crmRefresh(event.orgId, event.payload.campaignId),
  };
  const conversion: EventHandler<ConversionRecordedPayload> = {
    name: 'analytics.refresh-on-conversion',
    eventType: adsEventTypes.conversionRecorded,
    handle: (event) =>
      refreshScopes(runtime, 'ads.tracking', [
        {
          orgId: event.payload.orgId,
          campaignId: event.payload.campaignId,
          day: dayOf(event.payload.occurredAt),
        },
      ]),
  };
  return [lead, won, lost, conversion] as EventHandler<unknown>[];
}
