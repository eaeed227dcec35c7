import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scrubErasedIdentifiers } from '../src/modules/crm/application/erased-identifiers.job.js';
import { personalDataInAds } from '../src/modules/ads/index.js';
import { apiClient, json, type Page, type Problem } from './support/http.js';
import { createMember, signUp, type SignedUp } from './support/identity.js';
import { eventually } from './support/eventually.js';
import { personalDataLeft } from './support/personal-data-scan.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { sendConversion, trackedAd } from './support/tracked-ad.js';

interface PersonalData {
  contact: { email: string; phone: string; national_id: string; first_name: string };
  consents: { channel: string; status: string; source: string }[];
  interactions: { direction: string; body: string | null }[];
  deals: { id: string }[];
  captured_conversions: { conversion_id: string }[];
  chatbot_replies: { reply: string | null }[];
  ads: { conversions: { email: string | null; phone: string | null; event_id: string }[] };
}
interface Erasure {
  id: string;
  contact_id: string;
  requested_by: string | null;
  erased_rows: number;
}

/** Marker values only this person has, so finding one anywhere means their data is still there. */
const person = {
  email: 'Maria.Zuniga.Privacy@example.test',
  phone: '+506 8765 4321',
  firstName: 'Mariazu',
  lastName: 'Zunigapriv',
  nationalId: '1-1234-0987',
  message: 'Necesito factura a nombre de Mariazu Zunigapriv, cedula 1-1234-0987',
};
const traces = {
  emails: [person.email],
  phones: [person.phone],
  others: [person.firstName, person.lastName, person.nationalId, 'cedula 1-1234'],
};

describe('CRM privacy: GDPR/CCPA export and erasure across modules', () => {
  let app: TestApp;
  let api: ReturnType<typeof apiClient>;
  let owner: SignedUp;
  let agent: string;
  let contactId: string;
  let dealId: string;

  beforeAll(async () => {
    app = await startTestApp();
    api = apiClient(app.url);
    owner = await signUp(app);
    agent = await createMember(app, owner.token, 'sales_agent');
    const token = owner.token;

    // PromptAds holds the person too: a signed conversion with their email and phone.
    const ad = await trackedAd(app.url, token);
    const conversion = await sendConversion(app.url, owner.orgId, ad, {
      event_id: 'privacy-1',
      email: person.email,
      phone: person.phone,
    });
    expect(conversion.status).toBe(201);
    const [lead] = await eventually(
      async () =>
        (
          await json<Page<{ id: string }>>(
            await api('GET', `/api/v1/contacts?email=${encodeURIComponent(person.email)}`, {
              token,
            }),
          )
        ).data,
      (found) => found.length === 1,
    );
    contactId = lead!.id;
    const patched = await api('PATCH', `/api/v1/contacts/${contactId}`, {
      token,
      body: {
        first_name: person.firstName,
        last_name: person.lastName,
        national_id: person.nationalId,
        city: 'Heredia',
      },
    });
    expect(patched.status).toBe(200);
    await api('PUT', `/api/v1/contacts/${contactId}/consents/whatsapp`, {
      token,
      body: { status: 'granted', source: 'landing page checkbox' },
    });
    // The chatbot answers inbound messages once the organisation has an FAQ.
    await api('POST', '/api/v1/chatbot/faq', {
      token,
      body: { question: '¿Emiten factura electrónica?', answer: 'Sí, con cada compra.' },
    });
    const inbound = await api('POST', '/api/v1/inbound-messages', {
      token,
      body: { channel: 'whatsapp', from: person.phone, body: person.message },
    });
    expect(inbound.status).toBe(201);
    await eventually(
      async () =>
        (
          await json<Page<{ outbound_interaction_id: string | null }>>(
            await api('GET', `/api/v1/chatbot/replies?contact_id=${contactId}`, { token }),
          )
        ).data,
      (replies) => replies.length === 1 && replies[0]!.outbound_interaction_id !== null,
    );
    const deal = await api('POST', '/api/v1/deals', {
      token,
      body: {
        title: 'Cold brew subscription',
        contact_id: contactId,
        amount_minor: 45_000,
        currency: 'USD',
      },
    });
    expect(deal.status).toBe(201);
    dealId = (await json<{ id: string }>(deal)).id;
  });
  afterAll(async () => app?.close());

  it('exports everything about the person, from the CRM and from PromptAds, to privacy officers only', async () => {
    expect(
      (await api('GET', `/api/v1/contacts/${contactId}/personal-data`, { token: agent })).status,
    ).toBe(403);
    const other = await signUp(app);
    expect(
      (await api('GET', `/api/v1/contacts/${contactId}/personal-data`, { token: other.token }))
        .status,
    ).toBe(404);

    const response = await api('GET', `/api/v1/contacts/${contactId}/personal-data`, {
      token: owner.token,
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-disposition')).toContain('attachment');
    const data = await json<PersonalData>(response);
    expect(data.contact).toMatchObject({
      email: person.email.toLowerCase(),
      national_id: person.nationalId,
      first_name: person.firstName,
    });
    expect(data.consents).toEqual([
      expect.objectContaining({
        channel: 'whatsapp',
        status: 'granted',
        source: 'landing page checkbox',
      }),
    ]);
    expect(data.interactions.map((i) => [i.direction, i.body])).toContainEqual([
      'inbound',
      person.message,
    ]);
    expect(data.chatbot_replies).toHaveLength(1);
    expect(data.deals.map((d) => d.id)).toEqual([dealId]);
    expect(data.captured_conversions).toHaveLength(1);
    expect(data.ads.conversions).toEqual([
      expect.objectContaining({ event_id: 'privacy-1', email: person.email, phone: person.phone }),
    ]);
  });

  it('erases the person in every module, keeping the record of the erasure and the sale', async () => {
    // The scan finds the person before erasure: what it reports afterwards means something.
    const before = await personalDataLeft(app.runtime, traces);
    expect(before).toEqual(
      expect.arrayContaining([person.email, person.nationalId, person.firstName]),
    );

    const refused = await api('POST', `/api/v1/contacts/${contactId}/erasure`, { token: agent });
    expect(refused.status).toBe(403);
    const erased = await api('POST', `/api/v1/contacts/${contactId}/erasure`, {
      token: owner.token,
    });
    expect(erased.status).toBe(201);
    const erasure = await json<Erasure>(erased);
    expect(erasure).toMatchObject({ contact_id: contactId, requested_by: `user:${owner.userId}` });
    expect(erasure.erased_rows).toBeGreaterThan(3);

    // The contact is gone from every read; a second erasure finds nobody.
    expect((await api('GET', `/api/v1/contacts/${contactId}`, { token: owner.token })).status).toBe(
      404,
    );
    const again = await api('POST', `/api/v1/contacts/${contactId}/erasure`, {
      token: owner.token,
    });
    expect(again.status).toBe(404);
    expect((await json<Problem>(again)).detail).toBeDefined();

    // PromptAds erases its copy when crm.person-erased reaches it.
    await eventually(
      async () =>
        (
          await personalDataInAds(app.runtime, owner.orgId, {
            emails: [person.email],
            phones: [person.phone],
          })
        ).conversions,
      (conversions) => conversions.length === 0,
    );
    // Once delivered, the erasure event itself loses the identifiers it carried.
    await eventually(
      () => scrubErasedIdentifiers(app.runtime, new Date(Date.now() + 60_000)),
      (scrubbed) => scrubbed === 1,
    );
    expect(await personalDataLeft(app.runtime, traces)).toEqual([]);

    // What stays describes no one: the sale (amount, attribution) and the erasure record.
    const deal = await json<{ contact_id: string; amount: { amount_minor: number } }>(
      await api('GET', `/api/v1/deals/${dealId}`, { token: owner.token }),
    );
    expect(deal).toMatchObject({ contact_id: contactId, amount: { amount_minor: 45_000 } });
    const erasures = await json<Page<Erasure>>(
      await api('GET', '/api/v1/erasures', { token: owner.token }),
    );
    expect(erasures.data).toEqual([
      expect.objectContaining({ id: erasure.id, contact_id: contactId }),
    ]);
    expect((await api('GET', '/api/v1/erasures', { token: agent })).status).toBe(403);
  });
});
