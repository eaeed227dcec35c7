import { AppError } from '../../../platform/errors/app-error.js';
import type { Runtime } from '../../../platform/runtime.js';

export interface AutomationMessage {
  orgId: string;
  contactId: string;
  channel: 'email' | 'whatsapp' | 'sms';
  subject?: string;
  body: string;
  idempotencyKey: string;
}

/** Sends a flow's message through the CRM's messaging interface; says what happened. */
export async function sendAutomationMessage(
  _runtime: Runtime,
  message: AutomationMessage,
): Promise<string> {
  throw new AppError('dependency_unavailable', `messaging for ${message.channel} is not wired yet`);
}
