import { messagingAudienceOf } from '../../../platform/messaging-audience.js';
import { MessagingChannelAdapter } from '../infrastructure/messaging-channel-adapter.js';
import { TwilioGateway } from '../infrastructure/twilio-client.js';
import { twilioConnectionProvider, twilioSmsSender } from '../infrastructure/twilio-sms.js';
import type { IntegrationFactory } from './live-integration.js';

/** SMS through each organisation's own Twilio account, when the operator enables Twilio. */
export const twilioIntegration: IntegrationFactory = ({ runtime, connections, simulated }) => {
  const config = runtime.config.twilio;
  if (!config) return undefined;
  const gateway = new TwilioGateway(config);
  return {
    provider: twilioConnectionProvider(gateway),
    adapters: [
      new MessagingChannelAdapter(
        'sms',
        twilioSmsSender(gateway, connections, runtime.config.publicUrl),
        {
          store: connections,
          db: runtime.db,
          publicUrl: runtime.config.publicUrl,
          log: runtime.log,
          audience: () => messagingAudienceOf(runtime),
          fallback: simulated('sms'),
        },
      ),
    ],
  };
};
