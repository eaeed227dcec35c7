import { TikTokApiClient } from '../infrastructure/tiktok-api-client.js';
import { TikTokChannelAdapter } from '../infrastructure/tiktok-channel-adapter.js';
import { tiktokConnectionProvider } from '../infrastructure/tiktok-connection-provider.js';
import type { IntegrationFactory } from './live-integration.js';

/** TikTok through the Business API, with a TikTok app (TIKTOK_APP_ID/SECRET). */
export const tiktokIntegration: IntegrationFactory = ({ runtime, connections, simulated }) => {
  const config = runtime.config.tiktok;
  if (!config) return undefined;
  const client = new TikTokApiClient(config);
  return {
    provider: tiktokConnectionProvider(config, client),
    adapters: [
      new TikTokChannelAdapter({
        config,
        client,
        store: connections,
        db: runtime.db,
        publicUrl: runtime.config.publicUrl,
        log: runtime.log,
        fallback: simulated('tiktok'),
      }),
    ],
  };
};
