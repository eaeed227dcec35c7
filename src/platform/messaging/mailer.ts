/** One outgoing email. `text` is always present so every client can read it. */
export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html?: string;
}

export interface SentMail extends MailMessage {
  from: string;
  sentAt: string;
}

/**
 * The messaging adapter: SMTP in production, a logging dev inbox in embedded mode. Use cases
 * depend on this interface only.
 */
export interface Mailer {
  send(message: MailMessage): Promise<void>;
  close(): Promise<void>;
}
