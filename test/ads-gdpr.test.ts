import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signConversionBody } from '../src/modules/ads/domain/conversion-signature.js';
import { personalDataInAds } from '../src/modules/ads/index.js';
import { conversions } from '../src/modules/ads/infrastructure/ads.tables.js';
import { eventHandled } from './support/event-handled.js';
import { apiClient, json } from './support/http.js';
import { signUp, type SignedUp } from './support/identity.js';
import { startTestApp, type TestApp } from './support/test-app.js';

const today = () => new Date().toISOString().slice(0, 10);
const inDays = (days: number) =>
  new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

describe('GDPR in PromptAds: export and erasure of a person', () => {
  let app: TestApp;
  let api: ReturnType<typeof apiClient>;
  let owner: SignedUp;
  let other: SignedUp;
  let adId: string;
  let secret: string;

  async function adOf(account: SignedUp) {
    const token = account.token;
    const campaign = await json<{ id: string }>(
      await api('POST', '/api/v1/campaigns', {
        token,
        body: {
          brand: 'Norte Bank',
          name: 'Cuenta joven',
          objective: 'leads',
          countries: ['CO'],
          budget: { amount_minor: 1_000_000, currency: 'USD' },
          start_date: today(),
          end_date: inDays(10),
        },
      }),
    );
    const adSet = await json<{ id: string }>(
      await api('POST', '/api/v1/ad-sets', {
        token,
        body: {
          campaign_id: campaign.id,
          name: 'Search',
          channel: 'google_ads',
          targeting: { age_min: 18, age_max: 30 },
          daily_budget_minor: 20_000,
          pacing: 'standard',
        },
      }),
    );
    const ad = await json<{ id: string }>(
      await api('POST', '/api/v1/ads', {
        token,
        body: {
          ad_set_id: adSet.id,
          variant: 'A',
          headline: 'Abrí tu cuenta',
          body: 'Sin costo',
          call_to_action: 'Abrir',
        },
      }),
    );
    const rotated = await json<{ secret: string }>(
      await api('POST', '/api/v1/conversion-signing-secret', { token }),
    );
    return { adId: ad.id, secret: rotated.secret };
  }

  async function convert(account: SignedUp, signing: string, ad: string, body: object) {
    const raw = JSON.stringify({
      organization_id: account.orgId,
      ad_id: ad,
      kind: 'lead',
      ...body,
    });
    const response = await fetch(`${app.url}/api/v1/conversions`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-promptsales-signature': signConversionBody(signing, raw),
      },
      body: raw,
    });
    expect(response.status).toBe(201);
  }

  /** What the CRM does when it erases a person: the event, in a transaction of its own. */
  async function publishErased(orgId: string, payload: object) {
    return app.runtime.db.transaction((tx) =>
      app.runtime.events.publish(tx, { type: 'crm.person-erased', orgId, payload }),
    );
  }

  const remaining = async (orgId: string) => {
    const [row] = await app.runtime.db
      .select({
        total: sql<number>`count(*)::int`,
        withContact: sql<number>`count(*) filter (where ${conversions.emailEncrypted} is not null or ${conversions.phoneEncrypted} is not null)::int`,
      })
      .from(conversions)
      .where(and(eq(conversions.orgId, orgId)));
    return row!;
  };

  beforeAll(async () => {
    app = await startTestApp();
    api = apiClient(app.url);
    owner = await signUp(app);
    other = await signUp(app);
    ({ adId, secret } = await adOf(owner));
    await convert(owner, secret, adId, {
      event_id: 'e1',
      email: 'Ana.Mora@Example.com',
      phone: '+506 8888-7777',
    });
    await convert(owner, secret, adId, { event_id: 'e2', phone: '50688887777' });
    await convert(owner, secret, adId, { event_id: 'e3', email: 'someone.else@example.com' });
  });
  afterAll(async () => app?.close());

  it('exports the conversions that carry the person’s email or phone, decrypted', async () => {
    const data = await personalDataInAds(app.runtime, owner.orgId, {
      emails: ['ana.mora@example.com'],
      phones: ['+50688887777'],
    });
    expect(data.conversions.map((c) => c.eventId).sort()).toEqual(['e1', 'e2']);
    expect(data.conversions.find((c) => c.eventId === 'e1')).toMatchObject({
      email: 'Ana.Mora@Example.com',
      phone: '+506 8888-7777',
      adId,
    });
    // Another organisation asking for the same person finds nothing of this one's.
    const foreign = await personalDataInAds(app.runtime, other.orgId, {
      emails: ['ana.mora@example.com'],
      phones: [],
    });
    expect(foreign.conversions).toEqual([]);
  });

  it('erases the person on crm.person-erased, idempotently, keeping the anonymous conversions', async () => {
    const handled = (eventId: string) => eventHandled(app.runtime, eventId, 'ads.erase-person');
    // An event of another organisation naming this one's person erases nothing here, nor does
    // one naming someone this organisation never converted: checked once both were handled.
    const foreignEvent = await publishErased(other.orgId, {
      orgId: owner.orgId,
      personId: 'p-1',
      emails: ['ana.mora@example.com'],
      phones: [],
    });
    const strangerEvent = await publishErased(owner.orgId, {
      orgId: owner.orgId,
      personId: 'p-2',
      emails: ['someone.else@example.com'],
      phones: [],
    });
    await handled(foreignEvent);
    await handled(strangerEvent);
    expect(await remaining(owner.orgId)).toEqual({ total: 3, withContact: 2 });

    const payload = {
      orgId: owner.orgId,
      personId: 'p-1',
      emails: ['ana.mora@example.com'],
      phones: ['+506 8888 7777'],
    };
    await handled(await publishErased(owner.orgId, payload));
    // The conversions stay, without contact data: reports keep their totals.
    expect(await remaining(owner.orgId)).toEqual({ total: 3, withContact: 0 });
    expect((await personalDataInAds(app.runtime, owner.orgId, payload)).conversions).toEqual([]);

    // Redelivery (at least once) is harmless.
    await handled(await publishErased(owner.orgId, payload));
    expect(await remaining(owner.orgId)).toEqual({ total: 3, withContact: 0 });
  });
});
