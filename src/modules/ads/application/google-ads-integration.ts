import { GoogleAdsChannelAdapter } from '../infrastructure/google-ads-channel-adapter.js';
import { GoogleAdsClient } from '../infrastructure/google-ads-client.js';
import { googleAdsConnectionProvider } from '../infrastructure/google-ads-connection-provider.js';
import { GoogleAdsSessions } from '../infrastructure/google-ads-session.js';
import type { IntegrationFactory } from './live-integration.js';

/** Google Ads (Search) through the Google Ads API, with an OAuth client (GOOGLE_ADS_CLIENT_ID/SECRET). */
export const googleAdsIntegration: IntegrationFactory = ({ runtime, connections, simulated }) => {
  const config = runtime.config.googleAds;
  if (!config) return undefined;
  const client = new GoogleAdsClient(config);
  return {
    provider: googleAdsConnectionProvider(config, client),
    adapters: [
      new GoogleAdsChannelAdapter({
        config,
        sessions: new GoogleAdsSessions({ config, client, store: connections }),
        db: runtime.db,
        publicUrl: runtime.config.publicUrl,
        log: runtime.log,
        fallback: simulated('google_ads'),
      }),
    ],
  };
};
