import type { Database } from '../../../platform/db/database.js';
import type { Logger } from '../../../platform/logging/logger.js';
import type { MessagingAudience } from '../../../platform/messaging-audience.js';
import {
  WebhookSignatureError,
  type ChannelAdapter,
  type ChannelComment,
  type ChannelMetricsRow,
  type ChannelWebhookEvent,
  type DeliverableAd,
  type WebhookDelivery,
} from '../domain/channel-adapter.js';
import type { Connection } from '../domain/connection-provider.js';
import {
  isMailchimpWebhookSecret,
  mailchimpHtml,
  mailchimpMetrics,
  mailchimpWebhookSecret,
  subscriberHash,
  type MailchimpReport,
} from '../domain/mailchimp-mapping.js';
import { adSetSegmentId } from './ad-set-segments.repository.js';
import {
  findChannelObject,
  firstTrackedLinkCode,
  saveChannelObject,
} from './channel-objects.repository.js';
import type { ConnectionStore } from './connection-store.js';
import { MailchimpApiError, type MailchimpClient } from './mailchimp-client.js';
import { platformWebhooks } from './mailchimp-connection-provider.js';
import { NoSegmentError } from './messaging-channel-adapter.js';
import { ConnectionNeedsReauthError } from './meta-graph-client.js';

export interface MailchimpAdapterDeps {
  client: MailchimpClient;
  store: ConnectionStore;
  db: Database;
  publicUrl: string;
  masterKey: Buffer;
  log: Logger;
  audience: () => MessagingAudience | undefined;
  fallback: ChannelAdapter;
}

/**
 * Email through Mailchimp for organisations that connected it. Publishing an approved ad: the
 * ad set's CRM segment members with email consent are upserted into the connection's audience
 * (`PUT /lists/{id}/members/{hash}`, `status_if_new: subscribed`, so someone who unsubscribed at
 * Mailchimp stays unsubscribed), a static segment per ad set holds exactly them, and one regular
 * campaign per ad is created, given its HTML and sent. Reports come back as daily facts on the
 * send day; unsubscribes and cleaned addresses from the list webhook withdraw email consent.
 */
export class MailchimpChannelAdapter implements ChannelAdapter {
  readonly channel = 'email' as const;
  readonly mode = 'live' as const;

  constructor(private readonly deps: MailchimpAdapterDeps) {}

  async publish(ad: DeliverableAd): Promise<{ externalId: string }> {
    const connection = await this.connectionOf(ad.orgId);
    if (!connection) return this.deps.fallback.publish(ad);
    const segmentId = await adSetSegmentId(this.deps.db, ad.orgId, ad.adSet.id);
    if (!segmentId) throw new NoSegmentError('email');
    const audience = this.deps.audience();
    if (!audience) throw new Error('Messaging channels need the CRM module (segments, consent)');
    const recipients = await audience.recipients(ad.orgId, segmentId, 'email');
    const listId = connection.settings.list_id ?? '';
    const key = connection.accessToken;
    return this.guarded(connection, async () => {
      await this.ensureWebhook(connection);
      for (const person of recipients)
        await this.deps.client.call(
          key,
          'PUT',
          `/lists/${listId}/members/${subscriberHash(person.address)}`,
          {
            email_address: person.address,
            status_if_new: 'subscribed',
            merge_fields: { FNAME: person.firstName ?? '', LNAME: person.lastName ?? '' },
          },
        );
      const emails = recipients.map((person) => person.address);
      let staticSegment = await findChannelObject(
        this.deps.db,
        ad.orgId,
        'email',
        'ad_set',
        ad.adSet.id,
      );
      if (staticSegment)
        await this.deps.client.call(key, 'POST', `/lists/${listId}/segments/${staticSegment}`, {
          members_to_add: emails,
        });
      else {
        const created = await this.deps.client.call<{ id: number }>(
          key,
          'POST',
          `/lists/${listId}/segments`,
          {
            name: `PromptSales · ${ad.adSet.name} · ${ad.adSet.id.slice(-8)}`,
            static_segment: emails,
          },
        );
        staticSegment = String(created.id);
        await saveChannelObject(
          this.deps.db,
          ad.orgId,
          'email',
          'ad_set',
          ad.adSet.id,
          staticSegment,
        );
      }
      const campaign = await this.deps.client.call<{ id: string }>(key, 'POST', '/campaigns', {
        type: 'regular',
        recipients: { list_id: listId, segment_opts: { saved_segment_id: Number(staticSegment) } },
        settings: {
          subject_line: ad.headline,
          preview_text: ad.body.slice(0, 150),
          title: `${ad.campaign.name} · ${ad.variant}`,
          from_name: connection.settings.from_name,
          reply_to: connection.settings.reply_to,
        },
      });
      const code = await firstTrackedLinkCode(this.deps.db, ad.orgId, ad.adId);
      await this.deps.client.call(key, 'PUT', `/campaigns/${campaign.id}/content`, {
        html: mailchimpHtml(ad, code ? `${this.deps.publicUrl}/t/${code}` : null),
      });
      await this.deps.client.call(key, 'POST', `/campaigns/${campaign.id}/actions/send`);
      return { externalId: campaign.id };
    });
  }

  /**
   * `actions/cancel-send` stops a campaign while Mailchimp is still sending it (Mailchimp Pro);
   * one already sent cannot be paused, which is no error.
   */
  async pause(ad: DeliverableAd): Promise<void> {
    const connection = await this.connectionOf(ad.orgId);
    if (!connection) return this.deps.fallback.pause(ad);
    if (!ad.externalId) return;
    const campaignId = ad.externalId;
    await this.guarded(connection, () =>
      this.deps.client
        .call(connection.accessToken, 'POST', `/campaigns/${campaignId}/actions/cancel-send`)
        .catch((error: unknown) => {
          if (!(error instanceof MailchimpApiError) || error.status !== 400) throw error;
          this.deps.log.info(
            { adId: ad.adId, reason: error.detail },
            'ads: the Mailchimp campaign cannot be paused (already sent)',
          );
        }),
    );
  }

  /** A sent or cancelled campaign is not sent again: resuming changes nothing at Mailchimp. */
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
    if (!ad.externalId) return [];
    const id = ad.externalId;
    const key = connection.accessToken;
    const { report, locations } = await this.guarded(connection, async () => ({
      report: await this.deps.client.call<MailchimpReport>(key, 'GET', `/reports/${id}`),
      locations: await this.deps.client.call<{
        locations: { country_code: string; opens: number }[];
      }>(key, 'GET', `/reports/${id}/locations?count=1000`),
    }));
    if (!report.send_time) return [];
    return mailchimpMetrics(report, locations.locations, ad.markets[0]?.country ?? '').filter(
      (row) => row.day >= from && row.day <= to,
    );
  }

  async fetchComments(
    ad: DeliverableAd,
    from: string,
    to: string,
    now: Date,
  ): Promise<ChannelComment[]> {
    const connection = await this.deps.store.find(ad.orgId, 'mailchimp');
    if (!connection) return this.deps.fallback.fetchComments(ad, from, to, now);
    return [];
  }

  /** A list webhook: `?org=&secret=` in the URL must be the connection's secret. */
  async receiveWebhook(delivery: WebhookDelivery): Promise<ChannelWebhookEvent[]> {
    const url = new URL(delivery.url ?? '/', this.deps.publicUrl);
    const given = url.searchParams.get('secret');
    if (given === null) return this.deps.fallback.receiveWebhook(delivery);
    const orgId = url.searchParams.get('org') ?? '';
    const connection = /^[0-9a-f-]{36}$/i.test(orgId)
      ? await this.deps.store.find(orgId, 'mailchimp')
      : undefined;
    const expected = connection
      ? mailchimpWebhookSecret(this.deps.masterKey, orgId, connection.settings.list_id ?? '')
      : '';
    if (!connection || !isMailchimpWebhookSecret(expected, given))
      throw new WebhookSignatureError('The Mailchimp webhook secret does not match');
    const params = new URLSearchParams(delivery.rawBody);
    const type = params.get('type') ?? '';
    const email = params.get('data[email]');
    if ((type === 'unsubscribe' || type === 'cleaned') && email)
      return [{ kind: 'opt_out', orgId, address: email, source: `mailchimp:${type}` }];
    return [{ kind: 'unknown', externalAdId: null, type: `mailchimp.${type || '?'}` }];
  }

  /** The list webhook that reports unsubscribes, registered once per connection. */
  private async ensureWebhook(connection: Connection): Promise<void> {
    const listId = connection.settings.list_id ?? '';
    const existing = await platformWebhooks(
      this.deps.client,
      connection.accessToken,
      listId,
      this.deps.publicUrl,
      connection.orgId,
    );
    if (existing.length > 0) return;
    const secret = mailchimpWebhookSecret(this.deps.masterKey, connection.orgId, listId);
    await this.deps.client.call(connection.accessToken, 'POST', `/lists/${listId}/webhooks`, {
      url: `${this.deps.publicUrl}/webhooks/ads/email?org=${connection.orgId}&secret=${secret}`,
      events: {
        unsubscribe: true,
        cleaned: true,
        subscribe: false,
        profile: false,
        upemail: false,
        campaign: false,
      },
      sources: { user: true, admin: true, api: false },
    });
  }

  private async connectionOf(orgId: string): Promise<Connection | undefined> {
    const connection = await this.deps.store.find(orgId, 'mailchimp');
    if (connection?.status === 'needs_reauth')
      throw new ConnectionNeedsReauthError(
        'The Mailchimp connection needs to be made again by an owner or admin',
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
