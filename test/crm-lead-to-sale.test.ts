import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { personalDataInAds } from '../src/modules/ads/index.js';
import { scrubErasedIdentifiers } from '../src/modules/crm/application/erased-identifiers.job.js';
import { apiClient, json, type Page } from './support/http.js';
import { signUp } from './support/identity.js';
import { eventually } from './support/eventually.js';
import { personalDataLeft } from './support/personal-data-scan.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { sendConversion, trackedAd } from './support/tracked-ad.js';
import { startSmtpInbox, type ReceivedMail, type SmtpInbox } from './support/smtp-inbox.js';

interface Lead {
  id: string;
  source: string;
  medium: string | null;
  classification: string;
  lifecycle_stage: string;
  campaign_id: string | null;
  ad_id: string | null;
  utm: Record<string, string>;
}
interface Pipeline {
  id: string;
  is_default: boolean;
  stages: { id: string; name: string; kind: 'open' | 'won' | 'lost'; position: number }[];
}
interface Deal {
  id: string;
  status: string;
  stage_id: string;
  won_at: string | null;
}

/**
 * PromptCRM's "done when", through the HTTP API only: a signed conversion from a tracked ad
 * becomes a classified, scored lead; an automation emails it (a local SMTP server receives the
 * mail); the lead moves through the pipeline to a won sale; a GDPR erasure leaves no personal
 * data behind in any module.
 */
describe('PromptCRM: from a tracked ad to a sale, then erasure', () => {
  let smtp: SmtpInbox;
  let inbox: ReceivedMail[];
  let app: TestApp;
  let api: ReturnType<typeof apiClient>;

  beforeAll(async () => {
    smtp = await startSmtpInbox();
    inbox = smtp.messages;
    app = await startTestApp({ env: { SMTP_URL: smtp.url } });
    api = apiClient(app.url);
  });
  afterAll(async () => {
    await app?.close();
    await smtp?.close();
  });

  it('captures, emails, sells and erases', async () => {
    // With SMTP configured the test's invitation helpers cannot read codes: the owner acts.
    const owner = await signUp(app, { organization: 'Café Aurora' });
    const token = owner.token;
    const buyer = { email: 'lucia.buyer@example.test', phone: '+506 8777 6655' };

    // An automation welcomes every lead that consents to email.
    const flow = await api('POST', '/api/v1/automations', {
      token,
      body: {
        name: 'Welcome consenting leads',
        enabled: true,
        trigger: { type: 'event', event: 'crm.consent-changed' },
        steps: [
          { action: 'add_tag', tag: 'welcomed' },
          {
            action: 'send_message',
            channel: 'email',
            subject: 'Welcome to Cafe Aurora',
            body: 'Your first cold brew box is 20% off this week.',
          },
        ],
      },
    });
    expect(flow.status).toBe(201);

    // 1. A tracked ad is clicked, and the shop reports the signed conversion.
    const ad = await trackedAd(app.url, token);
    const click = await fetch(`${app.url}/t/${ad.linkCode}`, { redirect: 'manual' });
    expect(click.status).toBe(302);
    expect(click.headers.get('location')).toContain('utm_source=instagram');
    const conversion = await sendConversion(app.url, owner.orgId, ad, {
      event_id: 'order-1001',
      kind: 'purchase',
      value_minor: 4_500,
      currency: 'USD',
      ...buyer,
    });
    expect(conversion.status).toBe(201);

    // 2. It becomes a classified lead attributed to the campaign and ad, and gets scored.
    const [lead] = await eventually(
      async () =>
        (
          await json<Page<Lead>>(
            await api('GET', `/api/v1/contacts?email=${encodeURIComponent(buyer.email)}`, {
              token,
            }),
          )
        ).data,
      (found) => found.length === 1,
    );
    expect(lead).toMatchObject({
      source: 'ads',
      medium: 'paid',
      lifecycle_stage: 'lead',
      campaign_id: ad.campaignId,
      ad_id: ad.adId,
    });
    expect(['cold', 'warm', 'hot']).toContain(lead!.classification);
    const scored = await eventually(
      async () =>
        json<{ score: number | null; explain: { name: string }[] }>(
          await api('GET', `/api/v1/contacts/${lead!.id}/score`, { token }),
        ),
      (value) => value.score !== null,
    );
    expect(scored.score).toBeGreaterThanOrEqual(0);
    expect(scored.explain.length).toBeGreaterThan(0);

    // 3. The lead consents to email; the automation's email reaches the SMTP server.
    const consent = await api('PUT', `/api/v1/contacts/${lead!.id}/consents/email`, {
      token,
      body: { status: 'granted', source: 'checkout checkbox' },
    });
    expect(consent.status).toBe(200);
    const mail = await eventually(
      async () => inbox.find((m) => m.to.includes(buyer.email)),
      (found) => found !== undefined,
    );
    expect(mail!.raw).toContain('Subject: Welcome to Cafe Aurora');
    expect(mail!.raw).toContain('Your first cold brew box is 20% off this week.');

    // 4. A deal moves through the default pipeline's stages to a won sale.
    const pipelines = await json<Page<Pipeline>>(await api('GET', '/api/v1/pipelines', { token }));
    const pipeline = pipelines.data.find((p) => p.is_default)!;
    const created = await api('POST', '/api/v1/deals', {
      token,
      body: {
        title: 'Cold brew yearly subscription',
        contact_id: lead!.id,
        amount_minor: 54_000,
        currency: 'USD',
        products: [{ name: 'Cold brew box', quantity: 12, unit_price_minor: 4_500 }],
      },
    });
    expect(created.status).toBe(201);
    let deal = await json<Deal>(created);
    const open = pipeline.stages
      .filter((stage) => stage.kind === 'open')
      .sort((a, b) => a.position - b.position);
    for (const stage of open.filter((s) => s.id !== deal.stage_id)) {
      const moved = await api('POST', `/api/v1/deals/${deal.id}/move`, {
        token,
        body: { stage_id: stage.id },
      });
      expect(moved.status).toBe(200);
      deal = await json<Deal>(moved);
      expect(deal.stage_id).toBe(stage.id);
    }
    const won = await api('POST', `/api/v1/deals/${deal.id}/win`, { token });
    expect(won.status).toBe(200);
    expect(await json<Deal>(won)).toMatchObject({ status: 'won' });
    const customer = await json<Lead>(await api('GET', `/api/v1/contacts/${lead!.id}`, { token }));
    expect(customer.lifecycle_stage).toBe('customer');
    const today = new Date().toISOString().slice(0, 10);
    const sales = await json<{
      data: { key: string | null; orders: number; amount_minor: number }[];
    }>(await api('GET', `/api/v1/sales?from=${today}&to=${today}&group_by=campaign`, { token }));
    expect(sales.data).toEqual([
      expect.objectContaining({ key: ad.campaignId, orders: 1, amount_minor: 54_000 }),
    ]);

    // 5. The person asks to be forgotten: nothing of theirs stays in any module.
    const traces = { emails: [buyer.email], phones: [buyer.phone], others: [] as string[] };
    expect((await personalDataLeft(app.runtime, traces)).length).toBeGreaterThan(0);
    const erased = await api('POST', `/api/v1/contacts/${lead!.id}/erasure`, { token });
    expect(erased.status).toBe(201);
    // PromptAds erases its conversion's contact data when crm.person-erased reaches it …
    await eventually(
      async () => (await personalDataInAds(app.runtime, owner.orgId, traces)).conversions,
      (conversions) => conversions.length === 0,
    );
    // … after which the event may lose the identifiers it carried (hours later in production).
    expect(await scrubErasedIdentifiers(app.runtime, new Date(Date.now() + 60_000))).toBe(1);
    expect(await personalDataLeft(app.runtime, traces)).toEqual([]);
    // The sale stays in the figures, without the person.
    const after = await json<{ data: { orders: number; amount_minor: number }[] }>(
      await api('GET', `/api/v1/sales?from=${today}&to=${today}`, { token }),
    );
    expect(after.data).toEqual([expect.objectContaining({ orders: 1, amount_minor: 54_000 })]);
  });
});
