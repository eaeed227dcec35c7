import { createHmac, timingSafeEqual } from 'node:crypto';
import {
  WebhookSignatureError,
  type ChannelWebhookEvent,
  type WebhookDelivery,
} from './channel-adapter.js';

/** `X-Hub-Signature-256: sha256=<hex HMAC-SHA256(app secret, raw body)>`, as Meta signs. */
export function signMetaWebhook(appSecret: string, rawBody: string): string {
  return `sha256=${createHmac('sha256', appSecret).update(rawBody).digest('hex')}`;
}

/** Throws WebhookSignatureError unless the header is Meta's signature of these exact bytes. */
export function verifyMetaSignature(delivery: WebhookDelivery, appSecret: string): void {
  const header = delivery.headers['x-hub-signature-256'];
  const given = Array.isArray(header) ? header[0] : header;
  if (!given) throw new WebhookSignatureError('X-Hub-Signature-256 is missing');
  const expected = Buffer.from(signMetaWebhook(appSecret, delivery.rawBody));
  const received = Buffer.from(given);
  if (received.length !== expected.length || !timingSafeEqual(received, expected))
    throw new WebhookSignatureError('X-Hub-Signature-256 does not match the body');
}

interface MetaChange {
  field?: string;
  value?: {
    id?: string;
    level?: string;
    status_name?: string;
    error_summary?: string;
    error_message?: string;
    /** Page `leadgen` notifications: the lead and the ad whose form it came from. */
    leadgen_id?: string | number;
    ad_id?: string | number;
  };
}
interface MetaNotification {
  object?: string;
  entry?: { id?: string; time?: number; changes?: MetaChange[] }[];
}

/** Meta's review and delivery status names → the vocabulary of `ads.channel_status`. */
function statusOf(name: string): string {
  const normalised = name.trim().toLowerCase().replace(/\s+/g, '_');
  if (normalised === 'pending_review' || normalised === 'in_process') return 'in_review';
  if (normalised === 'disapproved') return 'rejected';
  return normalised;
}

/**
 * A verified notification → events. Ad-account notifications about ads (`in_process_ad_objects`,
 * `with_issues_ad_objects`, level `AD`) become delivery statuses; page `leadgen` notifications
 * of a lead from an ad's form become leads (they carry ids only: the answers are fetched);
 * everything else (page feed comments, which name a post rather than an ad; organic leads, which
 * name no ad; campaign-level notices) is reported as unknown.
 */
export function parseMetaWebhook(rawBody: string): ChannelWebhookEvent[] {
  let body: MetaNotification;
  try {
    body = JSON.parse(rawBody) as MetaNotification;
  } catch {
    return [{ kind: 'unknown', externalAdId: null, type: 'unparseable' }];
  }
  const events: ChannelWebhookEvent[] = [];
  for (const entry of body.entry ?? []) {
    const occurredAt = new Date((entry.time ?? 0) * 1000).toISOString();
    for (const change of entry.changes ?? []) {
      const value = change.value ?? {};
      const isAd = value.level?.toUpperCase() === 'AD' && typeof value.id === 'string';
      if (isAd && change.field === 'in_process_ad_objects' && value.status_name) {
        events.push({
          kind: 'delivery_status',
          externalAdId: value.id!,
          status: statusOf(value.status_name),
          reason: null,
          occurredAt,
        });
      } else if (isAd && change.field === 'with_issues_ad_objects') {
        events.push({
          kind: 'delivery_status',
          externalAdId: value.id!,
          status: 'with_issues',
          reason: value.error_summary ?? value.error_message ?? null,
          occurredAt,
        });
      } else if (change.field === 'leadgen' && value.leadgen_id && value.ad_id) {
        // Meta documents the ids as strings but has sent them as numbers.
        events.push({
          kind: 'lead',
          externalAdId: String(value.ad_id),
          externalLeadId: String(value.leadgen_id),
        });
      } else {
        events.push({
          kind: 'unknown',
          externalAdId: value.id ?? (value.ad_id ? String(value.ad_id) : null),
          type: `${body.object ?? 'unknown'}.${change.field ?? 'unknown'}`,
        });
      }
    }
  }
  return events;
}
