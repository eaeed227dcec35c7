import { messagingAudienceOf } from '../../../platform/messaging-audience.js';
import { MailchimpChannelAdapter } from '../infrastructure/mailchimp-channel-adapter.js';
import { MailchimpClient } from '../infrastructure/mailchimp-client.js';
import { mailchimpConnectionProvider } from '../infrastructure/mailchimp-connection-provider.js';
import type { IntegrationFactory } from './live-integration.js';

/** Email campaigns through each organisation's Mailchimp account, when MAILCHIMP_ENABLED. */
export const mailchimpIntegration: IntegrationFactory = ({ runtime, connections, simulated }) => {
  const config = runtime.config.mailchimp;
  if (!config) return undefined;
  const client = new MailchimpClient(config);
  return {
    provider: mailchimpConnectionProvider(client, runtime.config.publicUrl),
    adapters: [
      new MailchimpChannelAdapter({
        client,
        store: connections,
        db: runtime.db,
        publicUrl: runtime.config.publicUrl,
        masterKey: runtime.masterKey,
        log: runtime.log,
        audience: () => messagingAudienceOf(runtime),
        fallback: simulated('email'),
      }),
    ],
  };
};
