/**
 * Events PromptAds publishes through the outbox. The CRM turns conversions into leads; clicks feed
 * the live counters.
 */
export const adsEventTypes = {
  clickRecorded: 'ads.click-recorded',
  conversionRecorded: 'ads.conversion-recorded',
  demoHistorySeeded: 'ads.demo-history-seeded',
} as const;

/**
 * `ads.demo-history-seeded`: the demo organisation holds the case's whole campaign history, so
 * the other demos can tell the rest of its story (the CRM's leads and sales of those campaigns).
 */
export interface DemoHistorySeededPayload {
  orgId: string;
  campaigns: number;
}

/**
 * `ads.conversion-recorded`. The email and phone a conversion named travel field-encrypted (the
 * platform key's AES-256-GCM, as in the conversions table), so the outbox, which keeps events for
 * a week, holds no personal data in clear; they are removed when the person is erased.
 */
export interface ConversionRecordedPayload {
  orgId: string;
  conversionId: string;
  adId: string;
  campaignId: string;
  eventId: string;
  kind: string;
  valueMinor: number;
  currency: string;
  source: 'server' | 'pixel';
  emailEncrypted?: string;
  phoneEncrypted?: string;
  occurredAt: string;
}
