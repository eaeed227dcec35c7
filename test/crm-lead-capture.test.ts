import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signConversionBody } from '../src/modules/ads/domain/conversion-signature.js';
import { captureLeadFromConversion } from '../src/modules/crm/application/conversion-leads.js';
import { formSubmissionsPerMinute } from '../src/modules/crm/http/form-submit.routes.js';
import { FieldCrypto } from '../src/platform/security/field-crypto.js';
import { apiClient, json, type Page, type Problem } from './support/http.js';
import { createMember, signUp, type SignedUp } from './support/identity.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { eventually } from './support/eventually.js';

interface Contact {
  id: string;
  first_name: string | null;
  email: string | null;
  phone: string | null;
  company_id: string | null;
  tags: string[];
  classification: string;
  source: string;
  medium: string | null;
  utm: Record<string, string>;
  campaign_id: string | null;
  ad_id: string | null;
}
interface ContactImport {
  id: string;
  status: string;
  total_rows: number;
  processed_rows: number;
  created: number;
  updated: number;
  rejected_count: number;
  rejected_rows: { row: number; reasons: string[] }[];
}

const inDays = (days: number) =>
  new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

describe('CRM lead capture from every source', () => {
  let app: TestApp;
  let api: ReturnType<typeof apiClient>;
  let owner: SignedUp;
  let agent: string;

  const findByEmail = async (email: string) =>
    (
      await json<Page<Contact>>(
        await api('GET', `/api/v1/contacts?email=${encodeURIComponent(email)}`, { token: agent }),
      )
    ).data;

  beforeAll(async () => {
    app = await startTestApp();
    api = apiClient(app.url);
    owner = await signUp(app);
    agent = await createMember(app, owner.token, 'sales_agent');
  });
  afterAll(async () => app?.close());

  it('turns a signed ads conversion into a classified lead attributed to its campaign and ad', async () => {
    const campaign = await json<{ id: string }>(
      await api('POST', '/api/v1/campaigns', {
        token: owner.token,
        body: {
          brand: 'Aurora',
          name: 'Lead capture',
          objective: 'leads',
          countries: ['CR'],
          budget: { amount_minor: 1_000_000, currency: 'USD' },
          start_date: inDays(0),
          end_date: inDays(30),
        },
      }),
    );
    const adSet = await json<{ id: string }>(
      await api('POST', '/api/v1/ad-sets', {
        token: owner.token,
        body: {
          campaign_id: campaign.id,
          name: 'Social',
          channel: 'facebook',
          targeting: { age_min: 21, age_max: 45, countries: ['CR'] },
          daily_budget_minor: 10_000,
        },
      }),
    );
    const ad = await json<{ id: string }>(
      await api('POST', '/api/v1/ads', {
        token: owner.token,
        body: {
          ad_set_id: adSet.id,
          variant: 'A',
          headline: 'Hi',
          body: 'Buy',
          call_to_action: 'Go',
        },
      }),
    );
    const { secret } = await json<{ secret: string }>(
      await api('POST', '/api/v1/conversion-signing-secret', { token: owner.token }),
    );
    const raw = JSON.stringify({
      organization_id: owner.orgId,
      event_id: `order-${Date.now()}`,
      ad_id: ad.id,
      kind: 'purchase',
      value_minor: 9_900,
      currency: 'USD',
      email: 'Buyer@Example.test',
    });
    const recorded = await fetch(`${app.url}/api/v1/conversions`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-promptsales-signature': signConversionBody(secret, raw),
      },
      body: raw,
    });
    expect(recorded.status).toBe(201);

    const [lead] = await eventually(
      () => findByEmail('buyer@example.test'),
      (found) => found.length === 1,
    );
    expect(lead).toMatchObject({
      source: 'ads',
      medium: 'paid',
      classification: 'hot',
      campaign_id: campaign.id,
      ad_id: ad.id,
      utm: { source: 'promptads', medium: 'paid', campaign: campaign.id },
    });

    // The same conversion delivered again (at-least-once) changes nothing.
    const again = await captureLeadFromConversion(app.runtime, {
      orgId: owner.orgId,
      conversionId: '00000000-0000-7000-8000-000000000001',
      adId: ad.id,
      campaignId: campaign.id,
      eventId: 'redelivered',
      kind: 'lead',
      valueMinor: 0,
      currency: 'USD',
      source: 'server',
      emailEncrypted: new FieldCrypto(app.runtime.masterKey).encrypt('redelivered@example.test'),
      occurredAt: new Date().toISOString(),
    });
    const twice = await captureLeadFromConversion(app.runtime, {
      orgId: owner.orgId,
      conversionId: '00000000-0000-7000-8000-000000000001',
      adId: ad.id,
      campaignId: campaign.id,
      eventId: 'redelivered',
      kind: 'lead',
      valueMinor: 0,
      currency: 'USD',
      source: 'server',
      emailEncrypted: new FieldCrypto(app.runtime.masterKey).encrypt('redelivered@example.test'),
      occurredAt: new Date().toISOString(),
    });
    expect([again, twice]).toEqual(['captured', 'duplicate']);
    expect(await findByEmail('redelivered@example.test')).toHaveLength(1);
  });

  it('accepts web form submissions (JSON and urlencoded) and drops honeypot ones', async () => {
    const created = await api('POST', '/api/v1/forms', {
      token: agent,
      body: {
        name: 'Contact us',
        tags: ['Website'],
        default_utm: { source: 'site', medium: 'organic' },
      },
    });
    expect(created.status).toBe(201);
    const form = await json<{ id: string; public_key: string; submit_path: string }>(created);
    expect(form.submit_path).toBe(`/f/${form.public_key}`);

    const submitted = await fetch(`${app.url}/f/${form.public_key}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        first_name: 'Form',
        email: 'form.lead@example.test',
        company: 'Acme Roasters',
        message: 'Please call me',
        consent: ['email', 'sms'],
        utm_source: 'instagram',
        utm_medium: 'social',
      }),
    });
    expect(submitted.status).toBe(202);
    const [lead] = await findByEmail('form.lead@example.test');
    expect(lead).toMatchObject({
      first_name: 'Form',
      source: 'web_form',
      medium: 'social',
      tags: ['website'],
      utm: { source: 'instagram', medium: 'social' },
    });
    expect(lead!.company_id).toBeTruthy();

    const plain = await fetch(`${app.url}/f/${form.public_key}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        email: 'plain@example.test',
        phone: '+506 7000 0000',
        consent: 'email',
      }).toString(),
    });
    expect(plain.status).toBe(202);
    const [plainLead] = await findByEmail('plain@example.test');
    expect(plainLead).toMatchObject({
      phone: '+50670000000',
      utm: { source: 'site', medium: 'organic' },
    });

    const bot = await fetch(`${app.url}/f/${form.public_key}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'bot@example.test', website: 'http://spam.example' }),
    });
    expect(bot.status).toBe(202);
    expect(await findByEmail('bot@example.test')).toHaveLength(0);

    const invalid = await fetch(`${app.url}/f/${form.public_key}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ first_name: 'No way to reach me' }),
    });
    expect(invalid.status).toBe(400);
    expect((await json<Problem>(invalid)).errors?.[0]?.field).toContain('email');
    expect(
      (
        await fetch(`${app.url}/f/fk_unknown`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ email: 'x@example.test' }),
        })
      ).status,
    ).toBe(404);
  });

  it('limits form submissions per IP address', async () => {
    const form = await json<{ public_key: string }>(
      await api('POST', '/api/v1/forms', { token: agent, body: { name: 'Flooded' } }),
    );
    const statuses: number[] = [];
    for (let i = 0; i <= formSubmissionsPerMinute; i++) {
      const response = await fetch(`${app.url}/f/${form.public_key}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: `flood${i}@example.test` }),
      });
      statuses.push(response.status);
    }
    expect(statuses.at(-1)).toBe(429);
    expect(statuses.filter((status) => status === 429).length).toBeGreaterThanOrEqual(1);
  });

  it('imports a CSV asynchronously: upserts by email/phone, reports rejected rows, streams progress', async () => {
    await api('POST', '/api/v1/leads', {
      token: agent,
      body: { email: 'existing@example.test', first_name: 'Existing' },
    });
    const csv = [
      'First_Name,Last_Name,Email,Phone,Company,Country,Tags,Consent',
      'Ana,Mora,ana.csv@example.test,+506 8000 0001,Acme Roasters,CR,vip;fair,email',
      'Existing,Person,EXISTING@example.test,,,,returning,',
      'Bad,Row,not-an-email,12,,Costa Rica,,',
      'Only,Name,,,,,,',
      ...Array.from({ length: 600 }, (_, i) => `Bulk${i},Lead,bulk${i}@example.test,,,MX,bulk,sms`),
    ].join('\n');
    const accepted = await api('POST', '/api/v1/contact-imports', { token: agent, body: { csv } });
    expect(accepted.status).toBe(202);
    const job = await json<ContactImport>(accepted);
    expect(job.status).toBe('queued');

    const stream = await fetch(`${app.url}/api/v1/contact-imports/${job.id}/events`, {
      headers: { authorization: `Bearer ${agent}` },
    });
    expect(stream.headers.get('content-type')).toContain('text/event-stream');
    const text = await stream.text();
    const events = text
      .split('\n\n')
      .filter((chunk) => chunk.includes('event: progress'))
      .map((chunk) => JSON.parse(chunk.split('\ndata: ')[1]!) as ContactImport);
    expect(events.at(-1)!.status).toBe('completed');

    const done = await json<ContactImport>(
      await api('GET', `/api/v1/contact-imports/${job.id}`, { token: agent }),
    );
    expect(done).toMatchObject({
      status: 'completed',
      total_rows: 604,
      processed_rows: 604,
      created: 601,
      updated: 1,
      rejected_count: 2,
    });
    expect(done.rejected_rows.map((row) => row.row)).toEqual([4, 5]);
    expect(done.rejected_rows[0]!.reasons.join(' ')).toMatch(/email.*phone.*country/s);
    expect(done.rejected_rows[1]!.reasons).toEqual(['email or phone is required']);

    const [existing] = await findByEmail('existing@example.test');
    expect(existing!.tags).toEqual(['returning']);
    const [ana] = await findByEmail('ana.csv@example.test');
    expect(ana).toMatchObject({
      source: 'csv_import',
      tags: ['vip', 'fair'],
      phone: '+50680000001',
    });
    expect(ana!.company_id).toBeTruthy();

    const noIdentifierColumn = await api('POST', '/api/v1/contact-imports', {
      token: agent,
      body: { csv: 'first_name,last_name\nA,B' },
    });
    expect(noIdentifierColumn.status).toBe(400);
    const other = await signUp(app);
    expect(
      (await api('GET', `/api/v1/contact-imports/${job.id}`, { token: other.token })).status,
    ).toBe(404);
  });
});
