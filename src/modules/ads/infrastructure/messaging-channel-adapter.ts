import type { Database } from '../../../platform/db/database.js';
import type { Logger } from '../../../platform/logging/logger.js';
import type {
  MessagingAudience,
  MessagingRecipient,
} from '../../../platform/messaging-audience.js';
import type {
  ChannelAdapter,
  ChannelComment,
  ChannelMetricsRow,
  ChannelWebhookEvent,
  DeliverableAd,
  WebhookDelivery,
} from '../domain/channel-adapter.js';
import type { Connection, ConnectionProvider } from '../domain/connection-provider.js';
import type { MessageStatus } from '../domain/message-status.js';
import { adSetSegmentId } from './ad-set-segments.repository.js';
import { firstTrackedLinkCode } from './channel-objects.repository.js';
import type { ConnectionStore } from './connection-store.js';
import {
  contactsMessaged,
  messagingFacts,
  recordSentMessages,
} from './message-deliveries.repository.js';
import { ConnectionNeedsReauthError } from './meta-graph-client.js';

/** An ad set addressed to nobody: messaging channels send to a CRM segment's members. */
export class NoSegmentError extends Error {
  constructor(channel: string) {
    super(`A ${channel} ad set needs a CRM segment (crm_segment_id) to send to`);
    this.name = 'NoSegmentError';
  }
}

/** What one vendor does: prepare an ad's sending, send one message, read its webhooks. */
export interface MessageSender<Prepared> {
  readonly provider: ConnectionProvider;
  readonly label: string;
  /** Checks done once per ad before any message goes out (e.g. an approved template). */
  prepare(connection: Connection, ad: DeliverableAd): Promise<Prepared>;
  send(
    connection: Connection,
    prepared: Prepared,
    message: { to: MessagingRecipient; ad: DeliverableAd; link: string | null },
  ): Promise<{ providerMessageId: string; status: MessageStatus }>;
  /** Whether a person with this address can be reached on the vendor (E.164 numbers only). */
  reachable(recipient: MessagingRecipient): boolean;
  /** Verifies a webhook with the vendor's scheme; undefined when it is not the vendor's. */
  receiveWebhook(delivery: WebhookDelivery): Promise<ChannelWebhookEvent[] | undefined>;
}

export interface MessagingAdapterDeps {
  store: ConnectionStore;
  db: Database;
  publicUrl: string;
  log: Logger;
  /** The CRM's segments and consent; undefined when the CRM is not loaded with ads. */
  audience: () => MessagingAudience | undefined;
  /** The simulated channel: organisations without a connection keep it. */
  fallback: ChannelAdapter;
}

/**
 * A messaging channel (SMS, WhatsApp) for organisations that connected the vendor; the others
 * keep the simulated channel. Publishing an approved ad sends one message to each member of the
 * ad set's CRM segment who consented to the channel — nobody else — and records each message
 * (vendor id, contact, country); a retried publish skips people already messaged. The vendor's
 * status callbacks move the messages on, and the daily facts are counted from them. Messages go
 * out at once: a pause stops nothing already sent (there is nothing queued at the vendor).
 */
export class MessagingChannelAdapter<Prepared> implements ChannelAdapter {
  readonly mode = 'live' as const;

  constructor(
    readonly channel: 'sms' | 'whatsapp',
    private readonly sender: MessageSender<Prepared>,
    private readonly deps: MessagingAdapterDeps,
  ) {}

  async publish(ad: DeliverableAd): Promise<{ externalId: string }> {
    const connection = await this.connectionOf(ad.orgId);
    if (!connection) return this.deps.fallback.publish(ad);
    const segmentId = await adSetSegmentId(this.deps.db, ad.orgId, ad.adSet.id);
    if (!segmentId) throw new NoSegmentError(this.channel);
    const audience = this.deps.audience();
    if (!audience) throw new Error('Messaging channels need the CRM module (segments, consent)');
    const everyone = await audience.recipients(ad.orgId, segmentId, this.channel);
    const already = await contactsMessaged(this.deps.db, ad.orgId, this.channel, ad.adId);
    const recipients = everyone.filter(
      (person) => !already.has(person.contactId) && this.sender.reachable(person),
    );
    const unreachable = everyone.filter((person) => !this.sender.reachable(person)).length;
    if (unreachable > 0)
      this.deps.log.info(
        { adId: ad.adId, channel: this.channel, unreachable },
        'ads: consenting contacts without an international number were not messaged',
      );
    const code = await firstTrackedLinkCode(this.deps.db, ad.orgId, ad.adId);
    const link = code ? `${this.deps.publicUrl}/t/${code}` : null;
    const sentOn = new Date().toISOString().slice(0, 10);
    if (recipients.length > 0) {
      const prepared = await this.guarded(connection, () => this.sender.prepare(connection, ad));
      for (const to of recipients) {
        const sent = await this.guarded(connection, () =>
          this.sender.send(connection, prepared, { to, ad, link }),
        );
        // Recorded one by one: a failure half-way leaves the sent ones known (not sent twice).
        await recordSentMessages(this.deps.db, [
          {
            orgId: ad.orgId,
            channel: this.channel,
            providerMessageId: sent.providerMessageId,
            adId: ad.adId,
            contactId: to.contactId,
            country: (to.country ?? ad.markets[0]?.country ?? '').toUpperCase(),
            sentOn,
            status: sent.status,
            errorCode: null,
          },
        ]);
      }
    }
    return { externalId: `${this.sender.provider}:${ad.adId}` };
  }

  async pause(ad: DeliverableAd): Promise<void> {
    const connection = await this.connectionOf(ad.orgId);
    if (!connection) return this.deps.fallback.pause(ad);
    this.deps.log.info(
      { adId: ad.adId, channel: this.channel },
      'ads: messages already sent cannot be paused',
    );
  }

  async resume(ad: DeliverableAd): Promise<void> {
    const connection = await this.connectionOf(ad.orgId);
    if (!connection) return this.deps.fallback.resume(ad);
  }

  async fetchMetrics(
    ad: DeliverableAd,
    from: string,
    to: string,
    now: Date,
  ): Promise<ChannelMetricsRow[]> {
    const connection = await this.connectionOf(ad.orgId);
    if (!connection) return this.deps.fallback.fetchMetrics(ad, from, to, now);
    return messagingFacts(this.deps.db, ad.orgId, this.channel, ad.adId, from, to);
  }

  async fetchComments(
    ad: DeliverableAd,
    from: string,
    to: string,
    now: Date,
  ): Promise<ChannelComment[]> {
    const connection = await this.deps.store.find(ad.orgId, this.sender.provider);
    if (!connection) return this.deps.fallback.fetchComments(ad, from, to, now);
    return [];
  }

  async receiveWebhook(delivery: WebhookDelivery): Promise<ChannelWebhookEvent[]> {
    const events = await this.sender.receiveWebhook(delivery);
    return events ?? this.deps.fallback.receiveWebhook(delivery);
  }

  /** The organisation's connection (undefined: simulate); one needing re-authorization fails. */
  private async connectionOf(orgId: string): Promise<Connection | undefined> {
    const connection = await this.deps.store.find(orgId, this.sender.provider);
    if (connection?.status === 'needs_reauth')
      throw new ConnectionNeedsReauthError(
        `The ${this.sender.label} connection needs to be made again by an owner or admin`,
      );
    return connection;
  }

  private async guarded<T>(connection: Connection, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (error instanceof ConnectionNeedsReauthError)
        await this.deps.store.markNeedsReauth(connection.orgId, connection.id, error.message);
      throw error;
    }
  }
}
