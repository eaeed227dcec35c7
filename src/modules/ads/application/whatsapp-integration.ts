import { messagingAudienceOf } from '../../../platform/messaging-audience.js';
import { MessagingChannelAdapter } from '../infrastructure/messaging-channel-adapter.js';
import {
  WhatsAppCloudClient,
  whatsappConnectionProvider,
  whatsappSender,
} from '../infrastructure/whatsapp-cloud.js';
import type { IntegrationFactory } from './live-integration.js';

/** WhatsApp template messages through each organisation's Business Account (WHATSAPP_APP_SECRET). */
export const whatsappIntegration: IntegrationFactory = ({ runtime, connections, simulated }) => {
  const config = runtime.config.whatsapp;
  if (!config) return undefined;
  const client = new WhatsAppCloudClient(config);
  return {
    provider: whatsappConnectionProvider(client),
    adapters: [
      new MessagingChannelAdapter('whatsapp', whatsappSender(client, config), {
        store: connections,
        db: runtime.db,
        publicUrl: runtime.config.publicUrl,
        log: runtime.log,
        audience: () => messagingAudienceOf(runtime),
        fallback: simulated('whatsapp'),
      }),
    ],
  };
};
