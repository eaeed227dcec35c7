import { createHash, randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Mailer } from '../../../platform/messaging/mailer.js';
import type { MessageChannel } from '../domain/crm-events.js';
import type { DeliveryResult, MessageAdapter, OutboundMessage } from '../domain/message-adapter.js';

/** Email through the platform mailer: SMTP (nodemailer) when `SMTP_URL` is set, else the log inbox. */
export class EmailAdapter implements MessageAdapter {
  readonly channel = 'email' as const;
  readonly provider: string;

  constructor(
    private readonly mailer: Mailer,
    smtp: boolean,
  ) {
    this.provider = smtp ? 'smtp' : 'log-inbox';
  }

  async send(message: OutboundMessage): Promise<DeliveryResult> {
    try {
      await this.mailer.send({
        to: message.to,
        subject: message.subject ?? '(no subject)',
        text: message.body,
      });
      return { status: 'sent', providerMessageId: null };
    } catch (error) {
      return { status: 'failed', providerMessageId: null, error: (error as Error).message };
    }
  }
}

export interface SimulationOptions {
  /** Latency range of the simulated provider call, in ms. */
  latencyMs: [number, number];
  /** Share of messages the simulated provider refuses (deterministic per recipient and text). */
  failureRate: number;
}

const defaultSimulation: SimulationOptions = { latencyMs: [20, 120], failureRate: 0.02 };

/**
 * A simulated phone-number channel (WhatsApp Business Cloud API, SMS, voice): realistic latency,
 * a small deterministic share of failures, and — like providers' test numbers — numbers ending in
 * `000` are always undeliverable. Nothing leaves the machine.
 */
class SimulatedPhoneChannel implements MessageAdapter {
  constructor(
    readonly channel: MessageChannel,
    readonly provider: string,
    private readonly prefix: string,
    private readonly options: SimulationOptions,
  ) {}

  async send(message: OutboundMessage): Promise<DeliveryResult> {
    const digest = createHash('sha256').update(`${message.to}\n${message.body}`).digest();
    const [min, max] = this.options.latencyMs;
    await sleep(min + (digest[0]! / 255) * (max - min));
    if (!/^\+?\d{7,15}$/.test(message.to))
      return { status: 'failed', providerMessageId: null, error: 'invalid phone number' };
    if (message.to.endsWith('000'))
      return { status: 'failed', providerMessageId: null, error: 'recipient unreachable' };
    if (digest.readUInt16BE(1) / 65_536 < this.options.failureRate)
      return {
        status: 'failed',
        providerMessageId: null,
        error: 'provider temporarily unavailable',
      };
    return { status: 'delivered', providerMessageId: `${this.prefix}${randomUUID()}` };
  }
}

export class SimulatedWhatsAppCloudAdapter extends SimulatedPhoneChannel {
  constructor(options: SimulationOptions = defaultSimulation) {
    super('whatsapp', 'simulated-whatsapp-cloud-api', 'wamid.', options);
  }
}

export class SimulatedSmsAdapter extends SimulatedPhoneChannel {
  constructor(options: SimulationOptions = defaultSimulation) {
    super('sms', 'simulated-sms', 'SM', options);
  }
}

export class SimulatedVoiceAdapter extends SimulatedPhoneChannel {
  constructor(options: SimulationOptions = defaultSimulation) {
    super('voice', 'simulated-voice', 'CA', options);
  }
}
