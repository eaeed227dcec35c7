import type { Runtime } from '../runtime.js';
import { LogMailer } from './log-mailer.js';
import type { Mailer } from './mailer.js';
import { SmtpMailer } from './smtp-mailer.js';

const mailers = new WeakMap<Runtime, Mailer>();

/** The runtime's mailer (one per runtime): SMTP when `SMTP_URL` is set, else the log inbox. */
export function mailerFor(runtime: Runtime): Mailer {
  let mailer = mailers.get(runtime);
  if (!mailer) {
    const { smtpUrl, mailFrom } = runtime.config;
    mailer = smtpUrl
      ? new SmtpMailer(smtpUrl, mailFrom)
      : new LogMailer(runtime.log.child({ component: 'mailer' }), mailFrom);
    mailers.set(runtime, mailer);
  }
  return mailer;
}
