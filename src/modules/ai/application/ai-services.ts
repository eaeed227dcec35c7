import type { Runtime } from '../../../platform/runtime.js';
import { FieldCrypto } from '../../../platform/security/field-crypto.js';
import { UsageLogWriter } from '../infrastructure/usage-log-writer.js';
import { summariseUsage } from '../infrastructure/usage-log.repository.js';
import { createAiGateway, type AiGateway } from './ai-gateway.js';
import { ProviderRegistry } from './provider-registry.js';

export interface AiServices {
  gateway: AiGateway;
  registry: ProviderRegistry;
  usage: UsageLogWriter;
  crypto: FieldCrypto;
}

const services = new WeakMap<Runtime, AiServices>();

/** The AI services of a runtime, built on first use: one gateway (and one set of breakers) per process. */
export function aiServicesFor(runtime: Runtime): AiServices {
  let existing = services.get(runtime);
  if (!existing) {
    const crypto = new FieldCrypto(runtime.masterKey);
    const log = runtime.log.child({ module: 'ai' });
    const registry = new ProviderRegistry({
      config: runtime.config.ai,
      db: runtime.db,
      cache: runtime.cache,
      crypto,
      log,
    });
    const usage = new UsageLogWriter(runtime.db, log);
    const gateway = createAiGateway({
      registry,
      cache: runtime.cache,
      usage,
      log,
      cacheTtlSeconds: runtime.config.ai.cacheTtlSeconds,
      summarise: (orgId, month) => summariseUsage(runtime.db, orgId, month),
    });
    existing = { gateway, registry, usage, crypto };
    services.set(runtime, existing);
  }
  return existing;
}

/** Flushes the usage log on shutdown, if the gateway was used at all. */
export async function stopAiServices(runtime: Runtime): Promise<void> {
  await services.get(runtime)?.usage.close();
}
