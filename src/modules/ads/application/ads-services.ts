import { LRUCache } from 'lru-cache';
import type { Runtime } from '../../../platform/runtime.js';
import { FieldCrypto } from '../../../platform/security/field-crypto.js';
import type { ChannelAdapter } from '../domain/channel-adapter.js';
import type { Channel } from '../domain/channels.js';
import type {
  ConnectionProvider,
  ConnectionProviderDefinition,
} from '../domain/connection-provider.js';
import { ConnectionStore } from '../infrastructure/connection-store.js';
import {
  simulatedAdapters,
  simulatedWebhookSecret,
} from '../infrastructure/simulated-channel-adapter.js';
import { ClickRecorder } from './click-recorder.js';
import { ConversionCounter } from './conversion-counter.js';
import { liveIntegrations } from './live-integrations.js';
import type { ResolvedLink } from './tracked-links.js';

export interface AdsServices {
  adapters: Map<Channel, ChannelAdapter>;
  clicks: ClickRecorder;
  conversions: ConversionCounter;
  crypto: FieldCrypto;
  connections: ConnectionStore;
  /** The vendors an organisation can connect here: those the platform has app credentials for. */
  providers: Map<ConnectionProvider, ConnectionProviderDefinition>;
  /**
   * Resolved tracked links in process, in front of the shared cache: a link never changes, so
   * the redirect's hot path needs no network round trip (misses are not kept here).
   */
  links: LRUCache<string, ResolvedLink>;
  /**
   * Decrypted conversion signing secrets per organisation, for a minute: a rotation clears this
   * process's entry at once; other processes accept the new secret within the minute (the
   * previous one stays valid meanwhile).
   */
  signingSecrets: LRUCache<string, string[]>;
  /** Ads conversions named by id (`org:ad` → ad and campaign), for a minute. */
  conversionAds: LRUCache<string, { id: string; campaignId: string }>;
}

const services = new WeakMap<Runtime, AdsServices>();

/** The module's per-process services: channel adapters and the batched tracking writers. */
export function adsServicesFor(runtime: Runtime): AdsServices {
  let existing = services.get(runtime);
  if (!existing) {
    const crypto = new FieldCrypto(runtime.masterKey);
    const connections = new ConnectionStore(runtime.db, crypto);
    const adapters = simulatedAdapters({
      webhookSecret: (channel) => simulatedWebhookSecret(runtime.masterKey, channel),
    });
    const providers = new Map<ConnectionProvider, ConnectionProviderDefinition>();
    const simulated = new Map(adapters);
    // A connected vendor's adapters replace the simulated ones of its channels; organisations
    // without a connection keep the simulated channel (the live adapter delegates to it).
    for (const integration of liveIntegrations({
      runtime,
      connections,
      simulated: (channel) => simulated.get(channel)!,
    })) {
      providers.set(integration.provider.id, integration.provider);
      for (const adapter of integration.adapters) adapters.set(adapter.channel, adapter);
    }
    existing = {
      adapters,
      clicks: new ClickRecorder(runtime),
      conversions: new ConversionCounter(runtime),
      crypto,
      connections,
      providers,
      links: new LRUCache({ max: 50_000, ttl: 10 * 60_000 }),
      signingSecrets: new LRUCache({ max: 10_000, ttl: 60_000 }),
      conversionAds: new LRUCache({ max: 50_000, ttl: 60_000 }),
    };
    services.set(runtime, existing);
  }
  return existing;
}

export function adapterFor(runtime: Runtime, channel: Channel): ChannelAdapter {
  const adapter = adsServicesFor(runtime).adapters.get(channel);
  if (!adapter) throw new Error(`No adapter for channel ${channel}`);
  return adapter;
}

export async function stopAdsServices(runtime: Runtime): Promise<void> {
  const existing = services.get(runtime);
  if (existing) await Promise.all([existing.clicks.stop(), existing.conversions.stop()]);
}
