import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allModules } from '../src/app/modules.js';
import type { DomainEvent } from '../src/platform/events/domain-event.js';
import type { ModuleDefinition } from '../src/platform/module.js';
import { apiClient, json, type Page, type Problem } from './support/http.js';
import { signUp, type SignedUp } from './support/identity.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { eventually } from './support/eventually.js';
import { startSmtpInbox, type ReceivedMail, type SmtpInbox } from './support/smtp-inbox.js';

interface Interaction {
  id: string;
  contact_id: string;
  channel: string;
  direction: string;
  body: string | null;
  status: string;
  provider_message_id: string | null;
  error: string | null;
}
interface Contact {
  id: string;
  email: string | null;
  phone: string | null;
  tags: string[];
  source: string;
  merged_into_id: string | null;
}

const received: DomainEvent[] = [];
const eventCapture: ModuleDefinition = {
  name: 'crm-event-capture',
  eventHandlers: [
    {
      name: 'test.capture-crm.message-received',
      eventType: 'crm.message-received',
      handle: async (event: DomainEvent) => {
        received.push(event);
      },
    },
  ],
};

describe('CRM interactions timeline and messaging', () => {
  let smtp: SmtpInbox;
  let inbox: ReceivedMail[];
  let app: TestApp;
  let api: ReturnType<typeof apiClient>;
  let owner: SignedUp;
  let agent: string;

  beforeAll(async () => {
    smtp = await startSmtpInbox();
    inbox = smtp.messages;
    app = await startTestApp({
      modules: [...allModules, eventCapture],
      env: { SMTP_URL: smtp.url },
    });
    api = apiClient(app.url);
    owner = await signUp(app);
    // The test helpers' invitations read the log inbox; with SMTP configured, the owner acts.
    agent = owner.token;
  });
  afterAll(async () => {
    await app?.close();
    await smtp?.close();
  });

  const newContact = async (body: Record<string, unknown>) =>
    json<Contact>(await api('POST', '/api/v1/contacts', { token: agent, body }));

  it('sends email over SMTP to a consenting contact and records it on the timeline', async () => {
    const contact = await newContact({ first_name: 'Mail', email: 'mail.me@example.test' });
    const refused = await api('POST', `/api/v1/contacts/${contact.id}/messages`, {
      token: agent,
      body: { channel: 'email', subject: 'Offer', body: 'Half price this week' },
    });
    expect(refused.status).toBe(409);

    const consent = await api('PUT', `/api/v1/contacts/${contact.id}/consents/email`, {
      token: agent,
      body: { status: 'granted', source: 'phone call 2026-11-25' },
    });
    expect(consent.status).toBe(200);
    const sent = await api('POST', `/api/v1/contacts/${contact.id}/messages`, {
      token: agent,
      body: { channel: 'email', subject: 'Offer', body: 'Half price this week' },
    });
    expect(sent.status).toBe(201);
    expect((await json<Interaction>(sent)).status).toBe('sent');
    const mail = await eventually(
      async () => inbox.find((m) => m.to.includes('mail.me@example.test')),
      (found) => found !== undefined,
    );
    expect(mail!.raw).toContain('Subject: Offer');
    expect(mail!.raw).toContain('Half price this week');

    await api('PUT', `/api/v1/contacts/${contact.id}/consents/email`, {
      token: agent,
      body: { status: 'withdrawn', source: 'unsubscribe link' },
    });
    const afterWithdrawal = await api('POST', `/api/v1/contacts/${contact.id}/messages`, {
      token: agent,
      body: { channel: 'email', subject: 'Again', body: 'Still half price' },
    });
    expect(afterWithdrawal.status).toBe(409);
    const transactional = await api('POST', `/api/v1/contacts/${contact.id}/messages`, {
      token: agent,
      body: { channel: 'email', subject: 'Your receipt', body: 'Thanks', transactional: true },
    });
    expect(transactional.status).toBe(201);
  });

  it('lets an automation send an email the SMTP server receives, and log a refusal without consent', async () => {
    const flow = await api('POST', '/api/v1/automations', {
      token: agent,
      body: {
        name: 'Welcome on consent',
        enabled: true,
        trigger: { type: 'event', event: 'crm.consent-changed' },
        steps: [
          {
            action: 'send_message',
            channel: 'email',
            subject: 'Bienvenida, {{first_name}}',
            body: 'Hola {{first_name}}, gracias por escribirnos desde {{city}}.',
          },
        ],
      },
    });
    expect(flow.status).toBe(201);
    const flowId = (await json<{ id: string }>(flow)).id;
    // Only this contact's runs: earlier tests' consent events may still be arriving.
    const runs = async () =>
      (
        await json<Page<{ contact_id: string; status: string; log: { detail?: string }[] }>>(
          await api('GET', `/api/v1/automations/${flowId}/runs`, { token: agent }),
        )
      ).data.filter((run) => run.contact_id === contact.id);

    const contact = await newContact({
      first_name: 'Lucia',
      email: 'lucia.flow@example.test',
      city: 'Heredia',
    });
    await api('PUT', `/api/v1/contacts/${contact.id}/consents/email`, {
      token: agent,
      body: { status: 'granted', source: 'web form checkbox' },
    });
    const mail = await eventually(
      async () => inbox.find((m) => m.to.includes('lucia.flow@example.test')),
      (found) => found !== undefined,
    );
    expect(mail!.raw).toContain('Hola Lucia, gracias por escribirnos desde Heredia.');
    const [sent] = await eventually(runs, (list) => list[0]?.status === 'completed');
    expect(sent!.log[0]!.detail).toMatch(/^email sent/);
    const timeline = await json<Page<Interaction>>(
      await api('GET', `/api/v1/contacts/${contact.id}/interactions`, { token: agent }),
    );
    expect(timeline.data[0]).toMatchObject({ channel: 'email', direction: 'outbound' });

    await api('PUT', `/api/v1/contacts/${contact.id}/consents/email`, {
      token: agent,
      body: { status: 'withdrawn', source: 'unsubscribe link' },
    });
    const after = await eventually(
      runs,
      (list) => list.length === 2 && list.every((run) => run.status === 'completed'),
    );
    expect(after[0]!.log[0]!.detail).toMatch(/^not sent: .*consent/);
    expect(inbox.filter((m) => m.to.includes('lucia.flow@example.test'))).toHaveLength(1);
  });

  it('sends WhatsApp and SMS through simulated adapters with delivery status', async () => {
    const reachable = await newContact({ first_name: 'Wa', phone: '+506 8123 4567' });
    const unreachable = await newContact({ first_name: 'Nope', phone: '+506 8123 4000' });
    const whatsapp = await json<Interaction>(
      await api('POST', `/api/v1/contacts/${reachable.id}/messages`, {
        token: agent,
        body: { channel: 'whatsapp', body: 'Your order ships today', transactional: true },
      }),
    );
    expect(whatsapp.status).toBe('delivered');
    expect(whatsapp.provider_message_id).toMatch(/^wamid\./);
    const sms = await json<Interaction>(
      await api('POST', `/api/v1/contacts/${unreachable.id}/messages`, {
        token: agent,
        body: { channel: 'sms', body: 'Code 1234', transactional: true },
      }),
    );
    expect(sms).toMatchObject({ status: 'failed', error: 'recipient unreachable' });

    const timeline = await json<Page<Interaction>>(
      await api('GET', `/api/v1/contacts/${reachable.id}/interactions`, { token: agent }),
    );
    expect(timeline.data.map((i) => [i.channel, i.direction, i.status])).toEqual([
      ['whatsapp', 'outbound', 'delivered'],
    ]);
  });

  it('records inbound messages (API and simulated WhatsApp webhook) and publishes crm.message-received', async () => {
    const known = await newContact({ first_name: 'Known', email: 'known@example.test' });
    const inbound = await api('POST', '/api/v1/inbound-messages', {
      token: agent,
      body: {
        channel: 'email',
        from: 'KNOWN@example.test',
        subject: 'Question',
        body: 'Do you ship to Panama?',
      },
    });
    expect(inbound.status).toBe(201);
    const result = await json<{ contact_id: string; new_lead: boolean; interaction: Interaction }>(
      inbound,
    );
    expect(result).toMatchObject({ contact_id: known.id, new_lead: false });

    const webhook = await api('POST', '/api/v1/simulated/whatsapp-webhook', {
      token: agent,
      body: {
        object: 'whatsapp_business_account',
        entry: [
          {
            changes: [
              {
                value: {
                  messages: [
                    {
                      from: '50670001234',
                      id: 'wamid.in-1',
                      type: 'text',
                      text: { body: 'Hola, ¿precio?' },
                    },
                  ],
                },
              },
            ],
          },
        ],
      },
    });
    expect((await json<{ received: number }>(webhook)).received).toBe(1);
    const [stranger] = (
      await json<Page<Contact>>(
        await api('GET', `/api/v1/contacts?phone=${encodeURIComponent('+50670001234')}`, {
          token: agent,
        }),
      )
    ).data;
    expect(stranger).toMatchObject({ source: 'chat', phone: '+50670001234' });

    const events = await eventually(
      async () => received.filter((e) => e.orgId === owner.orgId),
      (found) => found.length === 2,
    );
    expect(events.map((e) => e.payload)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          contactId: known.id,
          channel: 'email',
          body: 'Do you ship to Panama?',
        }),
        expect.objectContaining({
          contactId: stranger!.id,
          channel: 'whatsapp',
          body: 'Hola, ¿precio?',
        }),
      ]),
    );
  });

  it('suggests duplicates and merges one into another keeping its interactions and deals', async () => {
    const company = await json<{ id: string }>(
      await api('POST', '/api/v1/companies', { token: agent, body: { name: 'Dup Co' } }),
    );
    const survivor = await newContact({
      first_name: 'José',
      last_name: 'Pérez',
      company_id: company.id,
      email: 'jose@dup.example',
      tags: ['a'],
    });
    const similar = await newContact({
      first_name: 'Jose',
      last_name: 'Peres',
      company_id: company.id,
      phone: '+506 8999 1111',
      tags: ['b'],
    });
    const sameEmail = await newContact({ first_name: 'J.', email: 'JOSE@dup.example' });

    const suggestions = await json<{ data: { contact: Contact; reasons: string[] }[] }>(
      await api('GET', `/api/v1/contacts/${survivor.id}/duplicates`, { token: agent }),
    );
    expect(Object.fromEntries(suggestions.data.map((s) => [s.contact.id, s.reasons]))).toEqual({
      [similar.id]: ['similar_name_same_company'],
      [sameEmail.id]: ['same_email'],
    });
    const groups = await json<{ data: { reason: string; contact_ids: string[] }[] }>(
      await api('GET', '/api/v1/contact-duplicates', { token: agent }),
    );
    expect(groups.data).toContainEqual({
      reason: 'same_email',
      contact_ids: [survivor.id, sameEmail.id].sort(),
    });

    await api('POST', `/api/v1/contacts/${similar.id}/interactions`, {
      token: agent,
      body: { channel: 'voice', direction: 'outbound', body: 'Called about pricing' },
    });
    const deal = await json<{ id: string }>(
      await api('POST', '/api/v1/deals', {
        token: agent,
        body: { title: 'Dup deal', contact_id: similar.id, amount_minor: 5000, currency: 'USD' },
      }),
    );
    const merged = await api('POST', `/api/v1/contacts/${survivor.id}/merge`, {
      token: agent,
      body: { duplicate_id: similar.id },
    });
    expect(merged.status).toBe(200);
    const result = await json<{
      survivor: Contact;
      moved_interactions: number;
      moved_deals: number;
    }>(merged);
    expect(result).toMatchObject({ moved_interactions: 1, moved_deals: 1 });
    expect(result.survivor).toMatchObject({ email: 'jose@dup.example', phone: '+50689991111' });
    expect(result.survivor.tags.sort()).toEqual(['a', 'b']);

    const timeline = await json<Page<Interaction>>(
      await api('GET', `/api/v1/contacts/${survivor.id}/interactions`, { token: agent }),
    );
    expect(timeline.data.map((i) => i.body)).toEqual(['Called about pricing']);
    const movedDeal = await json<{ contact_id: string }>(
      await api('GET', `/api/v1/deals/${deal.id}`, { token: agent }),
    );
    expect(movedDeal.contact_id).toBe(survivor.id);
    const old = await json<Contact>(
      await api('GET', `/api/v1/contacts/${similar.id}`, { token: agent }),
    );
    expect(old).toMatchObject({ merged_into_id: survivor.id, phone: null });
    const again = await api('POST', `/api/v1/contacts/${survivor.id}/merge`, {
      token: agent,
      body: { duplicate_id: similar.id },
    });
    expect(again.status).toBe(400);
    expect((await json<Problem>(again)).errors?.map((e) => e.field)).toEqual(['body.duplicate_id']);
  });
});
