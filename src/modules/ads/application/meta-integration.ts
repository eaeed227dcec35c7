import { approvedImageOf } from '../../content/index.js';
import { MetaChannelAdapter } from '../infrastructure/meta-channel-adapter.js';
import { metaConnectionProvider } from '../infrastructure/meta-connection-provider.js';
import { MetaGraphClient } from '../infrastructure/meta-graph-client.js';
import type { IntegrationFactory } from './live-integration.js';

/** Facebook and Instagram through the Meta Marketing API, with a Meta app (META_APP_ID/SECRET). */
export const metaIntegration: IntegrationFactory = ({ runtime, connections, simulated }) => {
  const config = runtime.config.meta;
  if (!config) return undefined;
  const client = new MetaGraphClient(config);
  return {
    provider: metaConnectionProvider(config, client),
    adapters: (['facebook', 'instagram'] as const).map(
      (channel) =>
        new MetaChannelAdapter(channel, {
          config,
          client,
          store: connections,
          db: runtime.db,
          publicUrl: runtime.config.publicUrl,
          log: runtime.log,
          fallback: simulated(channel),
          imageOf: (orgId, assetId) => approvedImageOf(runtime, orgId, assetId),
        }),
    ),
  };
};
