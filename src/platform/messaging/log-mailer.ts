import type { Logger } from '../logging/logger.js';
import type { MailMessage, Mailer, SentMail } from './mailer.js';

/**
 * The embedded mode's "inbox": logs each message in full (it is the developer's inbox, so links
 * and tokens stay readable) and keeps the last `capacity` messages in memory for tests and the
 * dev mailbox endpoint.
 */
export class LogMailer implements Mailer {
  private readonly messages: SentMail[] = [];

  constructor(
    private readonly log: Logger,
    private readonly from: string,
    private readonly capacity = 200,
  ) {}

  async send(message: MailMessage): Promise<void> {
    const sent: SentMail = { ...message, from: this.from, sentAt: new Date().toISOString() };
    this.messages.push(sent);
    if (this.messages.length > this.capacity) this.messages.shift();
    this.log.info({ mail: { to: sent.to, subject: sent.subject, text: sent.text } }, 'email');
  }

  /** Newest last; optionally only those sent to one address. */
  sent(to?: string): readonly SentMail[] {
    const wanted = to?.toLowerCase();
    return wanted ? this.messages.filter((m) => m.to.toLowerCase() === wanted) : [...this.messages];
  }

  async close(): Promise<void> {}
}
