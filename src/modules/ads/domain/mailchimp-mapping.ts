import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { ChannelMetricsRow } from './channel-adapter.js';

/** Mailchimp keys end in their data center (`…-us21`): the API host is `<dc>.api.mailchimp.com`. */
export function mailchimpDataCenter(apiKey: string): string | undefined {
  return apiKey.match(/-([a-z]{2,4}\d{1,3})$/)?.[1];
}

/** A member's id in a list: the MD5 of the lower-cased address (Mailchimp's subscriber hash). */
export function subscriberHash(email: string): string {
  return createHash('md5').update(email.trim().toLowerCase()).digest('hex');
}

/**
 * Mailchimp list webhooks carry no signature; its documented practice is a secret in the
 * callback URL. Ours is per organisation and list, derived from the platform's master key, so
 * nothing extra is stored and a leaked URL is valid for that one connection only.
 */
export function mailchimpWebhookSecret(masterKey: string | Buffer, orgId: string, listId: string) {
  return createHmac('sha256', masterKey)
    .update(`mailchimp-webhook:${orgId}:${listId}`)
    .digest('base64url');
}

export function isMailchimpWebhookSecret(expected: string, given: string): boolean {
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

const escapes: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};
const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => escapes[c]!);

/**
 * The email's HTML: headline, body and a button to the tracked link; `*|UNSUB|*` is Mailchimp's
 * unsubscribe merge tag, which every marketing email it sends must carry.
 */
export function mailchimpHtml(
  ad: { headline: string; body: string; callToAction: string },
  link: string | null,
): string {
  const button = link
    ? `<p><a href="${escapeHtml(link)}" style="padding:12px 20px;background:#111;color:#fff;text-decoration:none">${escapeHtml(ad.callToAction)}</a></p>`
    : '';
  return [
    '<!doctype html><html><body>',
    `<h1>${escapeHtml(ad.headline)}</h1>`,
    `<p>${escapeHtml(ad.body)}</p>`,
    button,
    '<p style="font-size:12px;color:#666"><a href="*|UNSUB|*">Unsubscribe</a></p>',
    '</body></html>',
  ].join('');
}

export interface MailchimpReport {
  emails_sent: number;
  send_time: string;
  opens?: { opens_total?: number; unique_opens?: number };
  clicks?: { clicks_total?: number };
}

/**
 * A campaign's report → facts on its send day (Mailchimp reports totals, not days): opens are
 * impressions, unique opens the reach, clicks the clicks. `/locations` gives opens per country;
 * reach and clicks are shared out in the same proportion (largest remainder, so totals hold).
 * Without locations everything lands on the campaign's first market.
 */
export function mailchimpMetrics(
  report: MailchimpReport,
  locations: readonly { country_code: string; opens: number }[],
  fallbackCountry: string,
): ChannelMetricsRow[] {
  const day = report.send_time.slice(0, 10);
  const byCountry = new Map<string, number>();
  for (const location of locations)
    byCountry.set(
      location.country_code.toUpperCase(),
      (byCountry.get(location.country_code.toUpperCase()) ?? 0) + location.opens,
    );
  const shares = byCountry.size > 0 ? [...byCountry.entries()] : [[fallbackCountry, 1] as const];
  const weight = shares.reduce((sum, [, opens]) => sum + opens, 0) || 1;
  const split = (total: number) => {
    const exact = shares.map(([, opens]) => (total * opens) / weight);
    const floors = exact.map(Math.floor);
    let left = total - floors.reduce((a, b) => a + b, 0);
    const order = exact
      .map((value, index) => ({ index, rest: value - Math.floor(value) }))
      .sort((a, b) => b.rest - a.rest);
    for (const { index } of order) {
      if (left <= 0) break;
      floors[index]! += 1;
      left -= 1;
    }
    return floors;
  };
  const impressions = split(report.opens?.opens_total ?? 0);
  const reach = split(report.opens?.unique_opens ?? 0);
  const clicks = split(report.clicks?.clicks_total ?? 0);
  return shares.map(([country], index) => ({
    day,
    market: { country, city: '' },
    metrics: {
      impressions: impressions[index]!,
      reach: reach[index]!,
      clicks: clicks[index]!,
      reactions: 0,
      interactions: 0,
      exposureSeconds: 0,
      conversions: 0,
      costMinor: 0,
      revenueMinor: 0,
    },
  }));
}
