import { mailerFor } from '../../../platform/messaging/mailer-for.js';
import type { Runtime } from '../../../platform/runtime.js';
import { FieldCrypto } from '../../../platform/security/field-crypto.js';
import type { MessageChannel } from '../domain/crm-events.js';
import type { MessageAdapter } from '../domain/message-adapter.js';
import {
  EmailAdapter,
  SimulatedSmsAdapter,
  SimulatedVoiceAdapter,
  SimulatedWhatsAppCloudAdapter,
} from '../infrastructure/message-adapters.js';

export interface CrmServices {
  crypto: FieldCrypto;
  /** One adapter per outbound channel (chat replies go out through the chat widget, not here). */
  messaging: Map<MessageChannel, MessageAdapter>;
}

const services = new WeakMap<Runtime, CrmServices>();

/** The module's per-process services: field crypto and the messaging adapters. */
export function crmServicesFor(runtime: Runtime): CrmServices {
  let existing = services.get(runtime);
  if (!existing) {
    const adapters: MessageAdapter[] = [
      new EmailAdapter(mailerFor(runtime), Boolean(runtime.config.smtpUrl)),
      new SimulatedWhatsAppCloudAdapter(),
      new SimulatedSmsAdapter(),
      new SimulatedVoiceAdapter(),
    ];
    existing = {
      crypto: new FieldCrypto(runtime.masterKey),
      messaging: new Map(adapters.map((adapter) => [adapter.channel, adapter])),
    };
    services.set(runtime, existing);
  }
  return existing;
}
