import { uuidv7 } from 'uuidv7';
import type { EventHandler } from '../../../platform/events/domain-event.js';
import type { Runtime } from '../../../platform/runtime.js';
import { aiGatewayFor, cosineSimilarity } from '../../ai/index.js';
import { membersWithRoles } from '../../identity/index.js';
import { decide, handoffNote, languageOf, replyPrompt, type FaqMatch } from '../domain/chatbot.js';
import { crmEventTypes, type MessageReceivedPayload } from '../domain/crm-events.js';
import { detectIntent } from '../domain/intent.js';
import { addContactTag, assignContactOwner } from '../infrastructure/automations.repository.js';
import {
  claimReply,
  completeReply,
  listFaq,
  releaseReply,
} from '../infrastructure/chatbot.repository.js';
import { findContact } from '../infrastructure/contacts.repository.js';
import { reevaluateContact } from '../infrastructure/segments.repository.js';
import { sendToContact } from './automation-messages.js';

/** The tag that flags a conversation waiting for a person. */
export const handoffTag = 'needs-human';

/**
 * Embeds FAQ questions (and incoming messages) through the AI gateway. A customer's message is
 * personal data: `cache: false` keeps it out of the AI result cache, which erasure cannot reach.
 */
export async function embedTexts(runtime: Runtime, orgId: string, texts: string[], cache = true) {
  const result = await aiGatewayFor(runtime).embed({
    orgId,
    purpose: 'crm.chatbot',
    texts,
    cache,
  });
  return { vectors: result.vectors, model: result.model };
}

/** The FAQ entry closest to the message, by embedding similarity. */
async function bestFaq(runtime: Runtime, orgId: string, message: string) {
  const entries = await listFaq(runtime.db, orgId);
  if (entries.length === 0) return { entries: 0, best: null };
  const { vectors, model } = await embedTexts(runtime, orgId, [message], false);
  const vector = vectors[0]!;
  let best: FaqMatch | null = null;
  for (const entry of entries) {
    // Vectors of another model (the provider changed) do not compare; re-saving re-embeds them.
    if (entry.embeddingModel !== model) continue;
    const similarity = cosineSimilarity(vector, entry.embedding);
    if (!best || similarity > best.similarity)
      best = { id: entry.id, question: entry.question, answer: entry.answer, similarity };
  }
  return { entries: entries.length, best };
}

/** Whom a handed-off conversation goes to: the contact's owner, else a sales agent, else an admin. */
async function handoffOwner(runtime: Runtime, orgId: string, contactId: string) {
  const contact = await findContact(runtime.db, orgId, contactId);
  if (contact?.ownerUserId) return contact.ownerUserId;
  for (const roles of [['sales_agent'], ['owner', 'admin']]) {
    const members = await membersWithRoles(runtime, orgId, roles);
    if (members.length > 0) {
      // Spread contacts over agents, the same contact always to the same agent.
      let hash = 0;
      for (const char of contactId) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
      return members[hash % members.length]!.userId;
    }
  }
  return null;
}

/** Intent, FAQ match, decision and the reply text for a message (nothing sent or stored). */
async function compose(runtime: Runtime, orgId: string, body: string) {
  const { entries, best } = await bestFaq(runtime, orgId, body);
  const intent = detectIntent(body);
  const decision = decide(intent, best);
  let reply: string;
  let generatedBy: string;
  try {
    const generation = await aiGatewayFor(runtime).generateText({
      orgId,
      purpose: 'crm.chatbot',
      messages: replyPrompt('our company', body, decision),
      temperature: 0.3,
      maxTokens: 200,
      cache: false,
    });
    reply = generation.text.trim();
    generatedBy = `${generation.provider}:${generation.model}`;
  } catch (error) {
    // The customer still gets the facts (or the hand-off note) when the AI provider is down.
    runtime.log.warn({ err: error, orgId }, 'crm chatbot: AI reply failed; answering verbatim');
    reply =
      decision.action === 'answer'
        ? decision.faq.answer
        : handoffNote(languageOf(body), decision.reason);
    generatedBy = 'fallback';
  }
  return { entries, best, intent, decision, reply, generatedBy };
}

export async function previewAnswer(runtime: Runtime, orgId: string, message: string) {
  const { best, intent, decision, reply } = await compose(runtime, orgId, message);
  return {
    intent: intent.intent,
    intent_confidence: intent.confidence,
    action: decision.action,
    handoff_reason: decision.action === 'handoff' ? decision.reason : null,
    faq_entry_id: decision.action === 'answer' ? decision.faq.id : null,
    similarity: best ? Number(best.similarity.toFixed(4)) : null,
    reply,
  };
}

/**
 * Answers an inbound message: detects its intent, finds the closest FAQ entry, and either replies
 * from it through the AI gateway or hands the conversation to a person (owner assigned, tagged
 * `needs-human`) with an acknowledgement. Replies go out on the channel the message came in on.
 * Active once the organisation has an FAQ; each inbound message is handled once.
 */
export async function answerInboundMessage(
  runtime: Runtime,
  message: MessageReceivedPayload,
): Promise<void> {
  const { orgId, contactId } = message;
  if ((await listFaq(runtime.db, orgId, { limit: 1 })).length === 0) return;
  const { best, intent, decision, reply, generatedBy } = await compose(
    runtime,
    orgId,
    message.body,
  );
  const claimed = await claimReply(runtime.db, {
    orgId,
    id: uuidv7(),
    contactId,
    inboundInteractionId: message.interactionId,
    channel: message.channel,
    intent: intent.intent,
    confidence: decision.confidence,
    faqEntryId: decision.action === 'answer' ? decision.faq.id : null,
    similarity: best?.similarity ?? null,
    handedOff: decision.action === 'handoff',
    details: {
      cues: intent.cues,
      intentConfidence: intent.confidence,
      generatedBy,
      ...(decision.action === 'handoff' ? { reason: decision.reason } : {}),
    },
  });
  if (!claimed) return;
  if (decision.action === 'handoff') {
    const ownerId = await handoffOwner(runtime, orgId, contactId);
    if (ownerId) await assignContactOwner(runtime.db, orgId, contactId, ownerId);
    await addContactTag(runtime.db, orgId, contactId, handoffTag);
    await reevaluateContact(runtime.db, orgId, contactId);
  }
  let sent: { interactionId: string | null; detail: string };
  try {
    sent = await sendToContact(runtime, {
      orgId,
      contactId,
      channel: message.channel,
      subject: message.channel === 'email' ? 'Re: your message' : undefined,
      body: reply,
      transactional: true,
    });
  } catch (error) {
    // Released so the redelivered event tries again.
    await releaseReply(runtime.db, orgId, claimed.id);
    throw error;
  }
  await completeReply(runtime.db, orgId, claimed.id, {
    reply,
    outboundInteractionId: sent.interactionId,
    details: { ...claimed.details, delivery: sent.detail },
  });
}

export function chatbotEventHandlers(runtime: Runtime): EventHandler<unknown>[] {
  const handler: EventHandler<MessageReceivedPayload> = {
    name: 'crm.chatbot-reply',
    eventType: crmEventTypes.messageReceived,
    handle: async (event) => answerInboundMessage(runtime, event.payload),
  };
  return [handler as EventHandler<unknown>];
}
