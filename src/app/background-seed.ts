import type { Runtime } from '../platform/runtime.js';
import { seedDemoData } from './seed.js';

export interface BackgroundSeed {
  /** Settles when the seed has finished, failed (logged) or stopped. */
  done: Promise<void>;
  /** Asks the seed to stop at its next step and waits for it (before the database closes). */
  stop(): Promise<void>;
}

/**
 * The embedded start's demo data, generated while the server already answers: the demo users
 * exist within a second (identity seeds first), the rest fills in behind them, and every module's
 * seed counts what is present, so a restart or a stop midway resumes without duplicating.
 */
export function seedInBackground(runtime: Runtime): BackgroundSeed {
  const controller = new AbortController();
  const started = performance.now();
  const done = seedDemoData(runtime, controller.signal).then(
    () => {
      if (!controller.signal.aborted)
        runtime.log.info(
          { ms: Math.round(performance.now() - started) },
          'demo data ready (the ads history keeps growing in the background job)',
        );
    },
    (error: unknown) => {
      if (!controller.signal.aborted)
        runtime.log.error({ err: error }, 'demo data failed; the next start carries on');
    },
  );
  return {
    done,
    async stop() {
      controller.abort();
      await done;
    },
  };
}
