import { and, eq } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import { AppError } from '../../../platform/errors/app-error.js';
import type { Runtime } from '../../../platform/runtime.js';
import {
  crmEventTypes,
  type MessageChannel,
  type MessageReceivedPayload,
  type MessageSentPayload,
} from '../domain/crm-events.js';
import { findContact } from '../infrastructure/contacts.repository.js';
import { consents } from '../infrastructure/crm.tables.js';
import {
  insertInteraction,
  updateInteraction,
  type InteractionRow,
} from '../infrastructure/interactions.repository.js';
import { captureLead } from './capture-lead.js';
import { viewOf } from './contact-fields.js';
import { crmServicesFor } from './crm-services.js';
import { lookupHashesOf } from './contact-fields.js';
import { findContactsByHashes } from '../infrastructure/contacts.repository.js';

export interface SendMessageInput {
  channel: Exclude<MessageChannel, 'chat'>;
  subject?: string;
  body: string;
  /**
   * Marketing messages need the contact's consent for the channel; a transactional message (a
   * reply the person asked for, an order confirmation) does not.
   */
  transactional?: boolean;
}

/**
 * Sends a message to a contact through the channel's adapter and records it on the timeline:
 * queued before the provider call (so a crash leaves a trace), then sent/delivered/failed with the
 * provider's id or error. Publishes `crm.message-sent`.
 */
export async function sendMessage(
  runtime: Runtime,
  orgId: string,
  contactId: string,
  input: SendMessageInput,
): Promise<InteractionRow> {
  const services = crmServicesFor(runtime);
  const contact = await findContact(runtime.db, orgId, contactId);
  if (!contact || contact.erasedAt || contact.mergedIntoId)
    throw AppError.notFound('Contact', contactId);
  const view = viewOf(contact, services.crypto);
  const to = input.channel === 'email' ? view.email : view.phone;
  if (!to)
    throw new AppError(
      'conflict',
      `The contact has no ${input.channel === 'email' ? 'email address' : 'phone number'}`,
    );
  if (!input.transactional) {
    const [consent] = await runtime.db
      .select({ status: consents.status })
      .from(consents)
      .where(
        and(
          eq(consents.orgId, orgId),
          eq(consents.contactId, contactId),
          eq(consents.channel, input.channel),
        ),
      );
    if (consent?.status !== 'granted')
      throw new AppError(
        'conflict',
        `The contact has not consented to ${input.channel} messages; record consent first or send a transactional message`,
      );
  }
  const adapter = services.messaging.get(input.channel);
  if (!adapter) throw new Error(`No messaging adapter for ${input.channel}`);
  const queued = await insertInteraction(runtime.db, {
    orgId,
    id: uuidv7(),
    contactId,
    channel: input.channel,
    direction: 'outbound',
    subject: input.subject ?? null,
    body: input.body,
    status: 'queued',
  });
  const result = await adapter.send({ to, subject: input.subject, body: input.body });
  return runtime.db.transaction(async (tx) => {
    const row = (await updateInteraction(tx, orgId, queued.id, {
      status: result.status,
      providerMessageId: result.providerMessageId,
      error: result.error ?? null,
    }))!;
    await runtime.events.publish<MessageSentPayload>(tx, {
      type: crmEventTypes.messageSent,
      orgId,
      payload: {
        orgId,
        contactId,
        interactionId: row.id,
        channel: input.channel,
        status: row.status,
      },
    });
    return row;
  });
}

export interface InboundMessage {
  channel: MessageChannel;
  /** Email address or phone number of the sender. */
  from: string;
  subject?: string;
  body: string;
  providerMessageId?: string;
}

/**
 * An inbound message: matched to the contact by email or phone hash (a stranger becomes a new
 * lead from `chat`), recorded on the timeline and published as `crm.message-received` (the chatbot
 * and automations react to it).
 */
export async function receiveMessage(
  runtime: Runtime,
  orgId: string,
  message: InboundMessage,
): Promise<{ interaction: InteractionRow; contactId: string; newLead: boolean }> {
  const crypto = crmServicesFor(runtime).crypto;
  const identity = message.channel === 'email' ? { email: message.from } : { phone: message.from };
  return runtime.db.transaction(async (tx) => {
    let [contact] = await findContactsByHashes(tx, orgId, lookupHashesOf(identity, crypto));
    let newLead = false;
    if (!contact) {
      contact = (
        await captureLead(
          runtime,
          tx,
          orgId,
          { ...identity, medium: message.channel },
          {
            source: 'chat',
            upsert: true,
          },
        )
      ).contact;
      newLead = true;
    }
    const interaction = await insertInteraction(tx, {
      orgId,
      id: uuidv7(),
      contactId: contact.id,
      channel: message.channel,
      direction: 'inbound',
      subject: message.subject ?? null,
      body: message.body,
      status: 'received',
      providerMessageId: message.providerMessageId ?? null,
    });
    await runtime.events.publish<MessageReceivedPayload>(tx, {
      type: crmEventTypes.messageReceived,
      orgId,
      payload: {
        orgId,
        contactId: contact.id,
        interactionId: interaction.id,
        channel: message.channel,
        body: message.body,
      },
    });
    return { interaction, contactId: contact.id, newLead };
  });
}
