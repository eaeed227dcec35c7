import type { Runtime } from '../platform/runtime.js';

/** Runs every module's idempotent demo seed, in module order (identity first). */
export async function seedDemoData(runtime: Runtime): Promise<void> {
  for (const module of runtime.modules) {
    if (!module.seed) continue;
    const started = performance.now();
    await module.seed(runtime);
    runtime.log.debug(
      { module: module.name, ms: Math.round(performance.now() - started) },
      'demo data ready',
    );
  }
}
