import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, json, type Page } from './support/http.js';
import { createMemberAccount, signUp, type SignedUp } from './support/identity.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { eventually } from './support/eventually.js';

interface Reply {
  contact_id: string;
  inbound_interaction_id: string;
  outbound_interaction_id: string | null;
  intent: string;
  handed_off: boolean;
  faq_entry_id: string | null;
  reply: string | null;
}
interface Preview {
  intent: string;
  action: string;
  handoff_reason: string | null;
  faq_entry_id: string | null;
  reply: string;
}
interface Interaction {
  id: string;
  channel: string;
  direction: string;
  body: string | null;
}

const shippingAnswer =
  'El envío dentro de Costa Rica cuesta 3 500 colones y tarda de 2 a 3 días hábiles. Es gratis en compras de más de 40 000 colones.';

describe('CRM chatbot auto-replies through the HTTP API', () => {
  let app: TestApp;
  let api: ReturnType<typeof apiClient>;
  let owner: SignedUp;
  let agentId: string;
  const faq: Record<string, string> = {};

  async function inbound(from: string, body: string, token = owner.token) {
    const response = await api('POST', '/api/v1/inbound-messages', {
      token,
      body: { channel: 'whatsapp', from, body },
    });
    expect(response.status).toBe(201);
    return json<{ interaction: { id: string }; contact_id: string }>(response);
  }
  const replyTo = (interactionId: string) =>
    eventually(
      async () =>
        (
          await json<Page<Reply>>(
            await api('GET', '/api/v1/chatbot/replies?limit=100', { token: owner.token }),
          )
        ).data.find(
          (reply) =>
            reply.inbound_interaction_id === interactionId &&
            reply.outbound_interaction_id !== null,
        ),
      (reply) => reply !== undefined,
    ).then((reply) => reply!);

  beforeAll(async () => {
    app = await startTestApp();
    api = apiClient(app.url);
    owner = await signUp(app);
    agentId = (await createMemberAccount(app, owner.token, 'sales_agent')).userId;
    for (const [key, question, answer] of [
      ['shipping', '¿Cuánto cuesta el envío y cuánto tarda?', shippingAnswer],
      [
        'returns',
        '¿Puedo devolver un producto?',
        'Aceptamos devoluciones dentro de 30 días con la factura.',
      ],
      ['hours', 'What are your opening hours?', 'We are open Monday to Saturday, 9 am to 6 pm.'],
    ] as const) {
      const response = await api('POST', '/api/v1/chatbot/faq', {
        token: owner.token,
        body: { question, answer },
      });
      expect(response.status).toBe(201);
      faq[key] = (await json<{ id: string }>(response)).id;
    }
  });
  afterAll(async () => app?.close());

  it('previews a grounded answer in the customer’s language from the closest FAQ entry', async () => {
    const spanish = await json<Preview>(
      await api('POST', '/api/v1/chatbot/preview', {
        token: owner.token,
        body: { message: 'Hola, ¿cuánto cuesta el envío a Heredia?' },
      }),
    );
    expect(spanish).toMatchObject({
      intent: 'pricing',
      action: 'answer',
      faq_entry_id: faq.shipping,
    });
    expect(spanish.reply).toMatch(/^¡Hola!/);
    expect(spanish.reply).toContain('3 500 colones');

    const english = await json<Preview>(
      await api('POST', '/api/v1/chatbot/preview', {
        token: owner.token,
        body: { message: 'what are the opening hours on saturday?' },
      }),
    );
    expect(english).toMatchObject({ action: 'answer', faq_entry_id: faq.hours });
    expect(english.reply).toContain('Monday to Saturday');
  });

  it('answers an inbound WhatsApp message on the same channel and logs it on the timeline', async () => {
    const { interaction, contact_id: contactId } = await inbound(
      '+506 8888 0001',
      'Buenas, ¿cuánto cuesta el envío? Vivo en Cartago',
    );
    const reply = await replyTo(interaction.id);
    expect(reply).toMatchObject({
      intent: 'pricing',
      handed_off: false,
      faq_entry_id: faq.shipping,
    });
    expect(reply.reply).toContain('3 500 colones');

    const timeline = await json<Page<Interaction>>(
      await api('GET', `/api/v1/contacts/${contactId}/interactions`, { token: owner.token }),
    );
    const outbound = timeline.data.find((item) => item.id === reply.outbound_interaction_id);
    expect(outbound).toMatchObject({
      channel: 'whatsapp',
      direction: 'outbound',
      body: reply.reply,
    });
  });

  it('hands a person who asks for someone, or wants to buy, to a sales agent', async () => {
    const human = await inbound('+506 8888 0002', 'Quiero hablar con una persona, por favor');
    const handedOff = await replyTo(human.interaction.id);
    expect(handedOff).toMatchObject({ intent: 'human', handed_off: true });
    expect(handedOff.reply).toContain('persona de nuestro equipo');
    const contact = await json<{ tags: string[]; owner_user_id: string | null }>(
      await api('GET', `/api/v1/contacts/${human.contact_id}`, { token: owner.token }),
    );
    expect(contact.tags).toContain('needs-human');
    expect(contact.owner_user_id).toBe(agentId);

    const buyer = await inbound('+506 8888 0003', 'I want to buy the premium plan today');
    expect(await replyTo(buyer.interaction.id)).toMatchObject({
      intent: 'purchase',
      handed_off: true,
    });

    const unknown = await json<Preview>(
      await api('POST', '/api/v1/chatbot/preview', {
        token: owner.token,
        body: { message: 'Do you sponsor football teams in Guanacaste?' },
      }),
    );
    expect(unknown).toMatchObject({ action: 'handoff', handoff_reason: 'no_answer' });
  });

  it('changes, lists and deletes FAQ entries; a changed question is matched by its new wording', async () => {
    const created = await json<{ id: string }>(
      await api('POST', '/api/v1/chatbot/faq', {
        token: owner.token,
        body: { question: 'Do you have gift cards?', answer: 'Yes, from 10 000 colones.' },
      }),
    );
    const invalid = await api('PATCH', `/api/v1/chatbot/faq/${created.id}`, {
      token: owner.token,
      body: { question: '' },
    });
    expect(invalid.status).toBe(400);
    const changed = await api('PATCH', `/api/v1/chatbot/faq/${created.id}`, {
      token: owner.token,
      body: { question: 'Do you offer installment payments?', answer: 'Yes, in 3 or 6 months.' },
    });
    expect(changed.status).toBe(200);
    expect(await json<{ question: string; answer: string }>(changed)).toMatchObject({
      question: 'Do you offer installment payments?',
      answer: 'Yes, in 3 or 6 months.',
    });
    const preview = await json<Preview>(
      await api('POST', '/api/v1/chatbot/preview', {
        token: owner.token,
        body: { message: 'do you offer installment payments?' },
      }),
    );
    expect(preview).toMatchObject({ action: 'answer', faq_entry_id: created.id });

    const page = await json<Page<{ id: string }>>(
      await api('GET', '/api/v1/chatbot/faq?limit=2', { token: owner.token }),
    );
    expect(page.data.map((entry) => entry.id)).toEqual([created.id, faq.hours]);
    expect(page.next_cursor).toBeTruthy();

    const deleted = await api('DELETE', `/api/v1/chatbot/faq/${created.id}`, {
      token: owner.token,
    });
    expect(deleted.status).toBe(204);
    expect(
      (await api('GET', `/api/v1/chatbot/faq/${created.id}`, { token: owner.token })).status,
    ).toBe(404);
  });

  it('stays quiet for an organisation without an FAQ, and keeps FAQs apart', async () => {
    const other = await signUp(app);
    const message = await inbound('+506 7777 0001', '¿Cuánto cuesta el envío?', other.token);
    // Once the message's other reactions have run (its score), the chatbot's has too.
    await eventually(
      async () =>
        json<{ score: number | null }>(
          await api('GET', `/api/v1/contacts/${message.contact_id}/score`, { token: other.token }),
        ),
      (value) => value.score !== null,
    );
    const replies = await json<Page<Reply>>(
      await api('GET', '/api/v1/chatbot/replies', { token: other.token }),
    );
    expect(replies.data).toEqual([]);
    expect(
      (await api('GET', `/api/v1/chatbot/faq/${faq.shipping}`, { token: other.token })).status,
    ).toBe(404);
    expect(
      (await api('DELETE', `/api/v1/chatbot/faq/${faq.shipping}`, { token: other.token })).status,
    ).toBe(404);
  });
});
