/**
 * Events PromptAds publishes through the outbox. The CRM turns conversions into leads; clicks feed
 * the live counters. `ads.conversion-recorded` may carry the email and phone a conversion named
 * (removed when that person is erased).
 */
export const adsEventTypes = {
  clickRecorded: 'ads.click-recorded',
  conversionRecorded: 'ads.conversion-recorded',
} as const;
