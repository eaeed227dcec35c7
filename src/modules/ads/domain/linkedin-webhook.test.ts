import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { WebhookSignatureError } from './channel-adapter.js';
import {
  linkedinChallengeResponse,
  parseLinkedInWebhook,
  signLinkedInWebhook,
  verifyLinkedInSignature,
} from './linkedin-webhook.js';

const secret = 'client-secret-value';
const delivery = (rawBody: string, signature?: string) => ({
  headers: signature === undefined ? {} : { 'x-li-signature': signature },
  rawBody,
  now: new Date(),
});

describe('LinkedIn webhooks', () => {
  it('signs the body prefixed with hmacsha256= and verifies only that', () => {
    const body = '{"type":"LEAD_ACTION"}';
    const signature = signLinkedInWebhook(secret, body);
    expect(signature).toBe(createHmac('sha256', secret).update(`hmacsha256=${body}`).digest('hex'));
    expect(() => verifyLinkedInSignature(delivery(body, signature), secret)).not.toThrow();
    expect(() =>
      verifyLinkedInSignature(delivery(body, `hmacsha256=${signature}`), secret),
    ).not.toThrow();
    expect(() => verifyLinkedInSignature(delivery(`${body} `, signature), secret)).toThrow(
      WebhookSignatureError,
    );
    expect(() => verifyLinkedInSignature(delivery(body), secret)).toThrow(/missing/);
    expect(() => verifyLinkedInSignature(delivery(body, 'abc'), secret)).toThrow(/does not match/);
  });

  it('answers the validation challenge with the HMAC of the code', () => {
    expect(linkedinChallengeResponse(secret, 'f8c2b4c7')).toBe(
      createHmac('sha256', secret).update('f8c2b4c7').digest('hex'),
    );
  });

  it('reports lead notifications as unknown events naming the creative', () => {
    expect(
      parseLinkedInWebhook(
        JSON.stringify({
          type: 'LEAD_ACTION',
          leadAction: 'CREATED',
          associatedEntity: { sponsoredCreative: 'urn:li:sponsoredCreative:7' },
        }),
      ),
    ).toEqual([
      {
        kind: 'unknown',
        externalAdId: 'urn:li:sponsoredCreative:7',
        type: 'linkedin.LEAD_ACTION.CREATED',
      },
    ]);
    expect(parseLinkedInWebhook('not json')).toEqual([
      { kind: 'unknown', externalAdId: null, type: 'unparseable' },
    ]);
  });
});
