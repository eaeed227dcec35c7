import type { Channel } from './channels.js';
import type { DailyMetrics, Market, Pacing } from './simulated-metrics.js';

/** What a channel needs to know about an ad to deliver it and report on it. */
export interface DeliverableAd {
  orgId: string;
  adId: string;
  channel: Channel;
  dailyBudgetMinor: number;
  currency: string;
  pacing: Pacing;
  markets: readonly Market[];
  headline: string;
  body: string;
  callToAction: string;
}

export interface ChannelMetricsRow {
  market: Market;
  day: string;
  metrics: DailyMetrics;
}

export interface ChannelWebhookEvent {
  kind: 'delivery_status' | 'comment' | 'reaction' | 'unknown';
  externalAdId: string | null;
  data: Record<string, unknown>;
}

/** A failure worth retrying (rate limit, timeout, 5xx at the platform). */
export class TransientChannelError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TransientChannelError';
  }
}

/**
 * One interface for every advertising platform: Meta, TikTok, LinkedIn, X, Google Ads,
 * Mailchimp, SMS and WhatsApp gateways, influencer networks. The simulated adapters implement it
 * when no credentials are configured.
 */
export interface ChannelAdapter {
  readonly channel: Channel;
  /** `simulated` or `live`: the API says which one delivered. */
  readonly mode: 'simulated' | 'live';
  /** Creates the ad at the platform; returns the platform's id for it. */
  publish(ad: DeliverableAd): Promise<{ externalId: string }>;
  pause(ad: DeliverableAd): Promise<void>;
  resume(ad: DeliverableAd): Promise<void>;
  /** Metrics per market for each day of [from, to] (YYYY-MM-DD, UTC), as of `now`. */
  fetchMetrics(
    ad: DeliverableAd,
    from: string,
    to: string,
    now: Date,
  ): Promise<ChannelMetricsRow[]>;
  /** Turns a platform's webhook body into events PromptAds understands. */
  parseWebhook(body: unknown): ChannelWebhookEvent[];
}
