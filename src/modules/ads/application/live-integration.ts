import type { Runtime } from '../../../platform/runtime.js';
import type { ChannelAdapter } from '../domain/channel-adapter.js';
import type { Channel } from '../domain/channels.js';
import type { ConnectionProviderDefinition } from '../domain/connection-provider.js';
import type { ConnectionStore } from '../infrastructure/connection-store.js';

/** What a vendor integration is built from. */
export interface IntegrationContext {
  runtime: Runtime;
  connections: ConnectionStore;
  /** A channel's simulated adapter: organisations without a connection keep delivering there. */
  simulated(channel: Channel): ChannelAdapter;
}

/** A vendor the platform can go live with: how to connect to it, and its channels' adapters. */
export interface LiveIntegration {
  provider: ConnectionProviderDefinition;
  /** Replace the simulated adapters of these channels (each delegates when not connected). */
  adapters: ChannelAdapter[];
}

/** Builds a vendor's integration, or nothing when the platform has no credentials for it. */
export type IntegrationFactory = (context: IntegrationContext) => LiveIntegration | undefined;
