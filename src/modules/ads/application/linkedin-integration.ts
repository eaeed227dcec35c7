import { LinkedInChannelAdapter } from '../infrastructure/linkedin-channel-adapter.js';
import { linkedinConnectionProvider } from '../infrastructure/linkedin-connection-provider.js';
import { LinkedInRestClient } from '../infrastructure/linkedin-rest-client.js';
import type { IntegrationFactory } from './live-integration.js';

/** LinkedIn through the Marketing API, with a LinkedIn app (LINKEDIN_CLIENT_ID/SECRET). */
export const linkedinIntegration: IntegrationFactory = ({ runtime, connections, simulated }) => {
  const config = runtime.config.linkedin;
  if (!config) return undefined;
  const client = new LinkedInRestClient(config);
  return {
    provider: linkedinConnectionProvider(config, client),
    adapters: [
      new LinkedInChannelAdapter({
        config,
        client,
        store: connections,
        db: runtime.db,
        publicUrl: runtime.config.publicUrl,
        log: runtime.log,
        fallback: simulated('linkedin'),
      }),
    ],
  };
};
