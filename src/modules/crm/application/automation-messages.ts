import { isAppError } from '../../../platform/errors/app-error.js';
import type { Runtime } from '../../../platform/runtime.js';
import type { MessageChannel } from '../domain/crm-events.js';
import { sendMessage } from './messages.js';

export interface OutboundMessage {
  orgId: string;
  contactId: string;
  channel: MessageChannel;
  subject?: string;
  body: string;
  /** A reply the person asked for (the chatbot) needs no marketing consent; a flow's message does. */
  transactional: boolean;
}

/**
 * Sends a flow's or the chatbot's message through the CRM's messaging interface, which records
 * the outbound interaction. Expected refusals (no consent, no address, a channel without outbound
 * adapter) are outcomes to log, not failures to retry; a provider failure throws (the job retries).
 */
export async function sendToContact(
  runtime: Runtime,
  message: OutboundMessage,
): Promise<{ interactionId: string | null; detail: string }> {
  if (message.channel === 'chat' || message.channel === 'voice')
    return { interactionId: null, detail: `not sent: no outbound adapter for ${message.channel}` };
  try {
    const row = await sendMessage(runtime, message.orgId, message.contactId, {
      channel: message.channel,
      subject: message.subject,
      body: message.body,
      transactional: message.transactional,
    });
    if (row.status === 'failed')
      throw new Error(
        `${message.channel} provider refused the message: ${row.error ?? 'no reason'}`,
      );
    return { interactionId: row.id, detail: `${message.channel} ${row.status} (${row.id})` };
  } catch (error) {
    if (isAppError(error) && (error.code === 'conflict' || error.code === 'not_found'))
      return { interactionId: null, detail: `not sent: ${error.message}` };
    throw error;
  }
}
