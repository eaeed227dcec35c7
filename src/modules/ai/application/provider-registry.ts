import { LRUCache } from 'lru-cache';
import type { Cache } from '../../../platform/cache/cache.js';
import type { AiConfig } from '../../../platform/config/config.js';
import type { Database } from '../../../platform/db/database.js';
import type { Logger } from '../../../platform/logging/logger.js';
import type { FieldCrypto } from '../../../platform/security/field-crypto.js';
import type { AiProvider } from '../domain/provider.js';
import { OfflineProvider } from '../infrastructure/offline/offline-provider.js';
import { OpenAiCompatibleProvider } from '../infrastructure/openai-compatible-provider.js';
import { ProviderGuard } from '../infrastructure/provider-guard.js';
import {
  findProviderSettings,
  type ProviderSettingsRow,
} from '../infrastructure/provider-settings.repository.js';

/** A provider with its own resilience policies (breaker and concurrency limit per endpoint). */
export interface ProviderEntry {
  /** Stable per endpoint: part of the result-cache key. */
  id: string;
  provider: AiProvider;
  guard: ProviderGuard;
}

export interface ProviderRegistryDeps {
  config: AiConfig;
  db: Database;
  cache: Cache;
  crypto: FieldCrypto;
  log: Logger;
}

/** Settings rows (the key still sealed) are cached this long; saving one invalidates it. */
const settingsTtlSeconds = 30;

/**
 * Which provider serves an organisation: its own settings when it has saved some, else the global
 * configuration. Providers and their guards are built once and reused, so the circuit breaker and
 * concurrency limit of an endpoint see all of its traffic in this process.
 */
export class ProviderRegistry {
  private global: ProviderEntry | undefined;
  private readonly perOrg = new LRUCache<string, ProviderEntry>({ max: 1000 });

  constructor(private readonly deps: ProviderRegistryDeps) {}

  async forOrg(orgId: string): Promise<ProviderEntry> {
    const { row } = await this.deps.cache.getOrLoad(
      settingsKey(orgId),
      settingsTtlSeconds,
      async () => ({
        row: await findProviderSettings(this.deps.db, orgId),
      }),
    );
    if (!row) return this.globalEntry();
    const fingerprint = `${orgId}:${row.updatedAt}`;
    let entry = this.perOrg.get(fingerprint);
    if (!entry) {
      entry = this.build(
        `org:${orgId}:${row.provider}:${row.baseUrl ?? ''}`,
        this.providerFor(row),
      );
      this.perOrg.set(fingerprint, entry);
    }
    return entry;
  }

  async invalidate(orgId: string): Promise<void> {
    await this.deps.cache.delete(settingsKey(orgId));
  }

  private globalEntry(): ProviderEntry {
    if (!this.global) {
      const { config } = this.deps;
      const provider =
        config.provider === 'offline'
          ? new OfflineProvider(config.offlineLatency)
          : new OpenAiCompatibleProvider({
              kind: config.provider,
              baseUrl: config.baseUrl,
              apiKey: config.apiKey,
              textModel: config.textModel,
              imageModel: config.imageModel,
              embeddingModel: config.embeddingModel,
              azure: config.azure.endpoint
                ? { endpoint: config.azure.endpoint, apiVersion: config.azure.apiVersion }
                : undefined,
              timeoutMs: config.timeoutMs,
            });
      this.global = this.build(
        `global:${config.provider}:${config.baseUrl ?? config.azure.endpoint ?? ''}`,
        provider,
      );
    }
    return this.global;
  }

  private providerFor(row: ProviderSettingsRow): AiProvider {
    const { config, crypto } = this.deps;
    if (row.provider === 'offline') return new OfflineProvider(config.offlineLatency);
    const kind = row.provider === 'azure-openai' ? 'azure-openai' : 'openai';
    return new OpenAiCompatibleProvider({
      kind,
      baseUrl: kind === 'openai' ? (row.baseUrl ?? undefined) : undefined,
      apiKey: row.apiKeyCiphertext ? crypto.decrypt(row.apiKeyCiphertext) : undefined,
      textModel: row.textModel ?? config.textModel,
      imageModel: row.imageModel ?? config.imageModel,
      embeddingModel: row.embeddingModel ?? config.embeddingModel,
      azure:
        kind === 'azure-openai' && row.baseUrl
          ? { endpoint: row.baseUrl, apiVersion: row.azureApiVersion ?? config.azure.apiVersion }
          : undefined,
      timeoutMs: config.timeoutMs,
    });
  }

  private build(id: string, provider: AiProvider): ProviderEntry {
    const { config, log } = this.deps;
    const guard = new ProviderGuard(
      {
        timeoutMs: config.timeoutMs,
        maxRetries: config.maxRetries,
        retryBaseMs: config.retryBaseMs,
        breakerThreshold: config.breakerThreshold,
        breakerCooldownMs: config.breakerCooldownMs,
        maxConcurrency: config.maxConcurrency,
        maxQueue: config.maxConcurrency * 20,
      },
      {
        onBreak: () => log.warn({ provider: id }, 'AI provider circuit opened: failing fast'),
        onReset: () => log.info({ provider: id }, 'AI provider circuit closed again'),
        onRetry: (attempt, delayMs, error) =>
          log.debug(
            { provider: id, attempt, delayMs, kind: error.kind },
            'retrying AI provider call',
          ),
      },
    );
    return { id, provider, guard };
  }
}

function settingsKey(orgId: string): string {
  return `ai:settings:v1:${orgId}`;
}
