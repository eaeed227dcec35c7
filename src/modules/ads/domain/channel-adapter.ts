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
  /** First day the ad runs (YYYY-MM-DD). */
  startDate: string;
  /** The audience's language (ISO 639-1): what its comments are written in, mostly. */
  language: string;
  /** The platform's id once published (null before): pause, resume and reports name it. */
  externalId: string | null;
  /** What a live platform needs to build its own campaign → ad set → ad tree. */
  campaign: { id: string; name: string; objective: string; endDate: string };
  adSet: {
    id: string;
    name: string;
    /** The whole ad set's daily budget (shared by its ads). */
    dailyBudgetMinor: number;
    endDate: string;
    targeting: {
      ageMin: number;
      ageMax: number;
      genders: readonly string[];
      countries: readonly string[];
      cities: readonly { country: string; city: string }[];
      languages: readonly string[];
      interests: readonly string[];
    };
  };
  variant: string;
  contentAssetId: string | null;
}

export interface ChannelMetricsRow {
  market: Market;
  day: string;
  metrics: DailyMetrics;
}

/** A comment on an ad at its channel. */
export interface ChannelComment {
  /** The channel's id of the comment: the same comment fetched twice is stored once. */
  externalId: string;
  author: string;
  text: string;
  language: string;
  /** Reactions to the comment itself. */
  reactions: number;
  postedAt: string;
}

/** A webhook request as received: verified against the raw bytes, before any parsing. */
export interface WebhookDelivery {
  headers: Record<string, string | string[] | undefined>;
  rawBody: string;
  now: Date;
  /** The path and query it was sent to (Twilio signs the URL; Mailchimp's secret is in it). */
  url?: string;
}

export type ChannelWebhookEvent =
  | { kind: 'comment'; externalAdId: string; comment: ChannelComment }
  | {
      kind: 'delivery_status';
      externalAdId: string;
      /** As the platform says it: `in_review`, `active`, `rejected`, `paused`, `completed`. */
      status: string;
      reason: string | null;
      occurredAt: string;
    }
  | { kind: 'reaction'; externalAdId: string; count: number; occurredAt: string }
  | {
      /** A messaging vendor's status callback for one message it sent for an ad. */
      kind: 'message_status';
      /** The organisation the signature proved, when the vendor's scheme names one. */
      orgId: string | null;
      providerMessageId: string;
      /** The vendor's word: `sent`, `delivered`, `read`, `failed`, `undelivered`… */
      status: string;
      errorCode: string | null;
    }
  | {
      /** A person withdrew consent at the vendor (an SMS STOP, an email unsubscribe). */
      kind: 'opt_out';
      orgId: string;
      address: string;
      source: string;
    }
  | {
      /** Someone filled in the channel's own lead form on an ad; the answers are fetched apart. */
      kind: 'lead';
      externalAdId: string;
      /** The channel's id of the lead (Meta's `leadgen_id`). */
      externalLeadId: string;
    }
  | { kind: 'unknown'; externalAdId: string | null; type: string };

/** A lead form's answers as the channel returns them (null: the form did not ask). */
export interface ChannelLeadAnswers {
  email: string | null;
  phone: string | null;
  firstName: string | null;
  lastName: string | null;
}

/** The webhook's signature is missing, wrong or too old: nothing in it may be trusted. */
export class WebhookSignatureError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WebhookSignatureError';
  }
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
  /** Comments on the ad posted on the days of [from, to], as of `now` (none for channels without). */
  fetchComments(ad: DeliverableAd, from: string, to: string, now: Date): Promise<ChannelComment[]>;
  /**
   * Verifies a webhook request with the platform's signature scheme (throws
   * WebhookSignatureError) and turns its body into events PromptAds understands. Vendors that
   * sign with each organisation's own secret (Twilio's auth token) look it up first.
   */
  receiveWebhook(delivery: WebhookDelivery): ChannelWebhookEvent[] | Promise<ChannelWebhookEvent[]>;
  /**
   * The answers of a lead a webhook announced, read with the organisation's connection (undefined:
   * the organisation has no connection to read it with). Only channels with their own lead forms
   * (Meta Lead Ads) have it.
   */
  fetchLead?(orgId: string, externalLeadId: string): Promise<ChannelLeadAnswers | undefined>;
}
