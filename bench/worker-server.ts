import { allModules } from '../src/app/modules.js';
import { loadConfig } from '../src/platform/config/config.js';
import { createLogger } from '../src/platform/logging/logger.js';
import { closeRuntime, createRuntime, startBackgroundWork } from '../src/platform/runtime.js';
import { benchModule } from './bench-module.js';
import { reportStartupFailure, serveParent } from './ipc.js';

/**
 * The worker under test, started by bench/run.ts beside bench/app-server.ts when a scenario asks
 * for one: what `promptsales worker` runs (job handlers, schedules, event delivery; no API), with
 * the bench module's jobs too. The app server has already migrated the database and made the bench
 * tables, and runs with JOBS_IN_PROCESS=false, so every job runs here.
 */
async function main() {
  const config = loadConfig(process.env);
  const runtime = await createRuntime(config, [...allModules, benchModule], {
    logger: createLogger(config.logLevel),
  });
  try {
    await startBackgroundWork(runtime, true);
  } catch (error) {
    await closeRuntime(runtime);
    throw error;
  }
  serveParent({
    stats: async () => ({ worksJobs: true }),
    close: () => closeRuntime(runtime),
  });
}

main().catch(reportStartupFailure);
