import type { MessageChannel } from './crm-events.js';

/** One message to one person on one channel. */
export interface OutboundMessage {
  /** Email address or phone number (E.164-ish), as the channel needs. */
  to: string;
  subject?: string;
  body: string;
}

export interface DeliveryResult {
  /** sent: handed to the provider; delivered: the provider confirmed; failed: refused. */
  status: 'sent' | 'delivered' | 'failed';
  providerMessageId: string | null;
  error?: string;
}

/**
 * A messaging channel behind one interface: SMTP email, WhatsApp Business Cloud API, SMS, voice.
 * Real adapters and the simulated ones (named Simulated…) implement it alike.
 */
export interface MessageAdapter {
  channel: MessageChannel;
  /** Shown in the timeline: e.g. `smtp`, `simulated-whatsapp-cloud-api`. */
  provider: string;
  send(message: OutboundMessage): Promise<DeliveryResult>;
}
