import { describe, expect, it } from 'vitest';
import {
  mailchimpDataCenter,
  mailchimpHtml,
  mailchimpMetrics,
  mailchimpWebhookSecret,
  subscriberHash,
} from './mailchimp-mapping.js';

describe('Mailchimp mapping', () => {
  it('reads the data center from the key and hashes members as Mailchimp does', () => {
    expect(mailchimpDataCenter('0123456789abcdef0123456789abcdef-us21')).toBe('us21');
    expect(mailchimpDataCenter('no-data-center')).toBeUndefined();
    // Mailchimp's example: the MD5 of the lower-cased address.
    expect(subscriberHash(' Urist.McVankab@Freddiesjokes.com ')).toBe(
      '62eeb292278cc15f5817cb78f7790b08',
    );
  });

  it('escapes the ad in the HTML and carries the unsubscribe merge tag', () => {
    const html = mailchimpHtml(
      { headline: 'Volta <b>', body: 'Ride & save', callToAction: 'Shop now' },
      'https://promptsales.test/t/abc',
    );
    expect(html).toContain('<h1>Volta &lt;b&gt;</h1>');
    expect(html).toContain('Ride &amp; save');
    expect(html).toContain('href="https://promptsales.test/t/abc"');
    expect(html).toContain('*|UNSUB|*');
  });

  it('derives a webhook secret per organisation and list', () => {
    const a = mailchimpWebhookSecret('k'.repeat(32), 'org-1', 'list-1');
    expect(a).toBe(mailchimpWebhookSecret('k'.repeat(32), 'org-1', 'list-1'));
    expect(a).not.toBe(mailchimpWebhookSecret('k'.repeat(32), 'org-2', 'list-1'));
  });

  it('shares the report out by the countries opens came from, keeping the totals', () => {
    const rows = mailchimpMetrics(
      {
        emails_sent: 10,
        send_time: '2026-12-07T13:00:00+00:00',
        opens: { opens_total: 7, unique_opens: 5 },
        clicks: { clicks_total: 3 },
      },
      [
        { country_code: 'cr', opens: 5 },
        { country_code: 'PA', opens: 2 },
      ],
      'CR',
    );
    expect(
      rows.map((r) => [r.market.country, r.metrics.impressions, r.metrics.reach, r.metrics.clicks]),
    ).toEqual([
      ['CR', 5, 4, 2],
      ['PA', 2, 1, 1],
    ]);
    expect(rows[0]!.day).toBe('2026-12-07');
    const alone = mailchimpMetrics(
      { emails_sent: 2, send_time: '2026-12-07T13:00:00+00:00', opens: { opens_total: 1 } },
      [],
      'CR',
    );
    expect(alone).toMatchObject([{ market: { country: 'CR' }, metrics: { impressions: 1 } }]);
  });
});
