import type { Runtime } from '../../../platform/runtime.js';
import {
  messagingAudienceOf,
  type MarketingChannel,
} from '../../../platform/messaging-audience.js';
import type { ChannelWebhookEvent } from '../domain/channel-adapter.js';
import type { Channel } from '../domain/channels.js';
import { messageStatusOf } from '../domain/message-status.js';
import { advanceMessageStatus } from '../infrastructure/message-deliveries.repository.js';

type MessagingEvent = Extract<ChannelWebhookEvent, { kind: 'message_status' | 'opt_out' }>;

const isMarketing = (channel: Channel): channel is MarketingChannel =>
  channel === 'email' || channel === 'sms' || channel === 'whatsapp';

/**
 * A messaging vendor's callback, applied: a message status moves the message forward (the daily
 * facts count it), an opt-out becomes a consent withdrawal in the CRM. Answers whether anything
 * changed; both are idempotent (a status already reached, a consent already withdrawn).
 */
export async function applyMessagingEvent(
  runtime: Runtime,
  channel: Channel,
  event: MessagingEvent,
): Promise<boolean> {
  if (event.kind === 'message_status') {
    const status = messageStatusOf(event.status);
    if (!status) return false;
    const changed = await advanceMessageStatus(
      runtime.db,
      event.orgId,
      channel,
      event.providerMessageId,
      status,
      event.errorCode,
    );
    return changed !== undefined;
  }
  const audience = messagingAudienceOf(runtime);
  if (!isMarketing(channel) || !audience) return false;
  const withdrawn = await audience.withdrawConsent(event.orgId, {
    channel,
    address: event.address,
    source: event.source,
  });
  return withdrawn > 0;
}
