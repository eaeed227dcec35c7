import { leadIntakeOf } from '../../../platform/lead-intake.js';
import type { Runtime } from '../../../platform/runtime.js';
import type { ChannelWebhookEvent } from '../domain/channel-adapter.js';
import type { Channel } from '../domain/channels.js';
import { findAdByExternalId } from '../infrastructure/campaigns.repository.js';
import { adapterFor } from './ads-services.js';

type LeadEvent = Extract<ChannelWebhookEvent, { kind: 'lead' }>;

/**
 * A lead a channel's own form collected on one of our ads: its answers are read from the channel
 * with the ad's organisation's connection and handed to the CRM, attributed to the ad and its
 * campaign. Answers whether a lead was captured: a lead for an ad we do not know, of an
 * organisation no longer connected, or one the CRM already has (the CRM captures each channel
 * lead id once) changes nothing.
 */
export async function receiveChannelLead(
  runtime: Runtime,
  channels: readonly Channel[],
  event: LeadEvent,
): Promise<boolean> {
  const intake = leadIntakeOf(runtime);
  const ad = await findAdByExternalId(runtime.db, channels, event.externalAdId);
  if (!intake || !ad) return false;
  const adapter = adapterFor(runtime, ad.channel as Channel);
  if (!adapter.fetchLead) return false;
  const answers = await adapter.fetchLead(ad.orgId, event.externalLeadId);
  if (!answers) return false;
  const outcome = await intake.captureChannelLead(ad.orgId, {
    externalId: event.externalLeadId,
    channel: ad.channel,
    campaignId: ad.campaignId,
    adId: ad.id,
    ...answers,
  });
  return outcome === 'captured';
}
