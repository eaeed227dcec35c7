import type { Runtime } from './runtime.js';

/** Marketing channels a campaign can message people on. */
export type MarketingChannel = 'email' | 'sms' | 'whatsapp';

/** A segment member who may be messaged on a channel, with the address to use (decrypted). */
export interface MessagingRecipient {
  contactId: string;
  /** Email address for email; phone number (normalised as stored) for SMS and WhatsApp. */
  address: string;
  firstName: string | null;
  lastName: string | null;
  country: string | null;
  language: string | null;
}

/**
 * Who a messaging campaign may reach, and opt-outs received at a vendor: the CRM answers for its
 * contacts, segments and consent (`ModuleDefinition.messagingAudience`), so the ads module
 * reaches them without importing the CRM (which depends on ads).
 */
export interface MessagingAudience {
  /** Members of the segment with a granted consent for the channel and an address for it. */
  recipients(
    orgId: string,
    segmentId: string,
    channel: MarketingChannel,
  ): Promise<MessagingRecipient[]>;
  /** Records a withdrawal for every contact with that address; answers how many changed. */
  withdrawConsent(
    orgId: string,
    input: { channel: MarketingChannel; address: string; source: string },
  ): Promise<number>;
}

/** The loaded module's messaging audience (undefined when no module offers one, e.g. ads alone). */
export function messagingAudienceOf(runtime: Runtime): MessagingAudience | undefined {
  for (const module of runtime.modules) {
    const audience = module.messagingAudience?.(runtime);
    if (audience) return audience;
  }
  return undefined;
}
