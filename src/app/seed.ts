import { seedCrmAtScale, type CrmSeedReport } from '../modules/crm/index.js';
import type { Runtime } from '../platform/runtime.js';

/**
 * Runs every module's idempotent demo seed, in module order (identity first); `signal` stops it
 * between steps (shutdown during a background seed).
 */
export async function seedDemoData(runtime: Runtime, signal?: AbortSignal): Promise<void> {
  for (const module of runtime.modules) {
    if (!module.seed || signal?.aborted) continue;
    const started = performance.now();
    await module.seed(runtime, signal);
    runtime.log.debug(
      { module: module.name, ms: Math.round(performance.now() - started) },
      'demo data ready',
    );
  }
}

/**
 * `promptsales seed --scale <contacts>`: the demo, then the case's volume of CRM clients (400–1,000
 * per PromptAds demo campaign, more campaigns created as needed), written in batches.
 */
export async function seedAtScale(
  runtime: Runtime,
  contacts: number,
): Promise<CrmSeedReport | undefined> {
  await seedDemoData(runtime);
  return seedCrmAtScale(runtime, contacts);
}
