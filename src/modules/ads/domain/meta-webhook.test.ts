import { describe, expect, it } from 'vitest';
import { WebhookSignatureError } from './channel-adapter.js';
import { parseMetaWebhook, signMetaWebhook, verifyMetaSignature } from './meta-webhook.js';

const delivery = (rawBody: string, signature?: string) => ({
  headers: signature ? { 'x-hub-signature-256': signature } : {},
  rawBody,
  now: new Date(),
});

describe('Meta webhooks', () => {
  it('accepts only the HMAC-SHA256 of the exact body under the app secret', () => {
    const body = '{"object":"ad_account","entry":[]}';
    expect(() =>
      verifyMetaSignature(delivery(body, signMetaWebhook('s3cret', body)), 's3cret'),
    ).not.toThrow();
    expect(() => verifyMetaSignature(delivery(body), 's3cret')).toThrow(WebhookSignatureError);
    expect(() =>
      verifyMetaSignature(delivery(`${body}\n`, signMetaWebhook('s3cret', body)), 's3cret'),
    ).toThrow(WebhookSignatureError);
    expect(() => verifyMetaSignature(delivery(body, 'sha256=abc'), 's3cret')).toThrow(
      WebhookSignatureError,
    );
  });

  it('turns ad-level status notifications into delivery statuses and the rest into unknown', () => {
    const events = parseMetaWebhook(
      JSON.stringify({
        object: 'ad_account',
        entry: [
          {
            id: '1',
            time: 1_765_000_000,
            changes: [
              {
                field: 'in_process_ad_objects',
                value: { id: '42', level: 'AD', status_name: 'Pending Review' },
              },
              {
                field: 'with_issues_ad_objects',
                value: { id: '43', level: 'AD', error_summary: 'Policy' },
              },
              {
                field: 'in_process_ad_objects',
                value: { id: '7', level: 'CAMPAIGN', status_name: 'Active' },
              },
            ],
          },
        ],
      }),
    );
    expect(events).toEqual([
      {
        kind: 'delivery_status',
        externalAdId: '42',
        status: 'in_review',
        reason: null,
        occurredAt: new Date(1_765_000_000_000).toISOString(),
      },
      {
        kind: 'delivery_status',
        externalAdId: '43',
        status: 'with_issues',
        reason: 'Policy',
        occurredAt: new Date(1_765_000_000_000).toISOString(),
      },
      { kind: 'unknown', externalAdId: '7', type: 'ad_account.in_process_ad_objects' },
    ]);
    expect(parseMetaWebhook('not json')).toEqual([
      { kind: 'unknown', externalAdId: null, type: 'unparseable' },
    ]);
  });

  it('turns page leadgen notifications from an ad into leads, and organic ones into unknown', () => {
    const lead = { form_id: '70', page_id: '17', created_time: 1_765_000_000 };
    const events = parseMetaWebhook(
      JSON.stringify({
        object: 'page',
        entry: [
          {
            id: '17',
            time: 1_765_000_000,
            changes: [
              { field: 'leadgen', value: { ...lead, leadgen_id: '900', ad_id: '42' } },
              // Ids have arrived as numbers too.
              { field: 'leadgen', value: { ...lead, leadgen_id: 901, ad_id: 43, adgroup_id: 43 } },
              // A lead from the page's form outside any ad names no ad.
              { field: 'leadgen', value: { ...lead, leadgen_id: '902' } },
            ],
          },
        ],
      }),
    );
    expect(events).toEqual([
      { kind: 'lead', externalAdId: '42', externalLeadId: '900' },
      { kind: 'lead', externalAdId: '43', externalLeadId: '901' },
      { kind: 'unknown', externalAdId: null, type: 'page.leadgen' },
    ]);
  });
});
