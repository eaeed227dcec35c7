import { createHmac, timingSafeEqual } from 'node:crypto';
import {
  WebhookSignatureError,
  type ChannelWebhookEvent,
  type WebhookDelivery,
} from './channel-adapter.js';

/**
 * LinkedIn's `X-LI-Signature`: the hex HMAC-SHA256, under the app's client secret, of the raw
 * body prefixed with `hmacsha256=` (LinkedIn's webhook validation guide).
 */
export function signLinkedInWebhook(clientSecret: string, rawBody: string): string {
  return createHmac('sha256', clientSecret).update(`hmacsha256=${rawBody}`).digest('hex');
}

/** The answer to LinkedIn's endpoint validation: hex HMAC-SHA256 of the challenge code. */
export function linkedinChallengeResponse(clientSecret: string, challengeCode: string): string {
  return createHmac('sha256', clientSecret).update(challengeCode).digest('hex');
}

/** Throws WebhookSignatureError unless the header is LinkedIn's signature of these exact bytes. */
export function verifyLinkedInSignature(delivery: WebhookDelivery, clientSecret: string): void {
  const header = delivery.headers['x-li-signature'];
  const given = (Array.isArray(header) ? header[0] : header)?.replace(/^hmacsha256=/, '');
  if (!given) throw new WebhookSignatureError('X-LI-Signature is missing');
  const expected = Buffer.from(signLinkedInWebhook(clientSecret, delivery.rawBody));
  const received = Buffer.from(given.toLowerCase());
  if (received.length !== expected.length || !timingSafeEqual(received, expected))
    throw new WebhookSignatureError('X-LI-Signature does not match the body');
}

interface LinkedInNotification {
  type?: string;
  leadAction?: string;
  associatedEntity?: { sponsoredCreative?: string; sponsoredCampaign?: string };
}

/**
 * A verified notification → events. LinkedIn's ad webhooks are lead-gen notifications
 * (`LEAD_ACTION`): they name the creative the form was opened from but carry no answers (those
 * need the Lead Sync API), and PromptAds has no event for them yet, so each is reported as
 * unknown with the creative's URN: received, verified and recorded once, applied to nothing.
 */
export function parseLinkedInWebhook(rawBody: string): ChannelWebhookEvent[] {
  let body: unknown;
  try {
    body = JSON.parse(rawBody);
  } catch {
    return [{ kind: 'unknown', externalAdId: null, type: 'unparseable' }];
  }
  const notifications = (Array.isArray(body) ? body : [body]) as LinkedInNotification[];
  return notifications.map((n) => ({
    kind: 'unknown',
    externalAdId: n.associatedEntity?.sponsoredCreative ?? null,
    type: `linkedin.${n.type ?? 'unknown'}${n.leadAction ? `.${n.leadAction}` : ''}`,
  }));
}
