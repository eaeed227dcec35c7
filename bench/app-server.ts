import { createApplication } from '../src/app/application.js';
import { allModules } from '../src/app/modules.js';
import { loadConfig } from '../src/platform/config/config.js';
import { createLogger } from '../src/platform/logging/logger.js';
import { seedAdsBenchDemo } from './ads-scenarios.js';
import { fillAnalyticsBenchStore } from './analytics-scenarios.js';
import { analyticsScaleBenchModule, seedAnalyticsEvents } from './analytics-scale-module.js';
import { benchModule, prepareBenchTables, readBenchCounters } from './bench-module.js';
import { deliveryBenchModule } from './delivery-bench-module.js';
import { listBenchModule } from './list-bench-module.js';
import { reportStartupFailure, serveParent } from './ipc.js';

/**
 * The server under test, started by bench/run.ts as a child process: the real platform with
 * every module plus the bench-only module, configured from the environment the benchmark sets.
 */
async function main() {
  const config = loadConfig(process.env);
  const app = await createApplication({
    config,
    modules: [
      ...allModules,
      benchModule,
      deliveryBenchModule,
      listBenchModule,
      analyticsScaleBenchModule,
    ],
    logger: createLogger(config.logLevel),
    // The benchmark's scratch database starts empty; production would run `migrate` first.
    migrate: true,
  });
  await prepareBenchTables(app.runtime);
  // Asked for by a selected scenario (its beforeStart): the ads demo to query.
  const adsDemo = Number(process.env.BENCH_ADS_DEMO_CAMPAIGNS ?? 0);
  if (adsDemo > 0) await seedAdsBenchDemo(app.runtime, adsDemo);
  // Asked for by `analytics-10m`: the demo organisation's ad events at scale.
  const analyticsEvents = Number(process.env.BENCH_ANALYTICS_EVENTS ?? 0);
  if (analyticsEvents > 0) await seedAnalyticsEvents(app.runtime, analyticsEvents);
  // Asked for by the analytics scenarios: the summary store filled from that demo.
  if (process.env.BENCH_ANALYTICS_STORE === 'true') await fillAnalyticsBenchStore(app.runtime);
  const url = await app.http.listen({ port: 0, host: '127.0.0.1' });
  serveParent({
    url,
    stats: async () => ({
      cacheBackend: app.runtime.cache.backend(),
      worksJobs: config.jobsInProcess,
      ...(await readBenchCounters(app.runtime)),
    }),
    close: () => app.close(),
  });
}

main().catch(reportStartupFailure);
