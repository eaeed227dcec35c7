import type { ModuleDefinition } from '../../platform/module.js';
import { etlJob } from './application/etl.job.js';
import { liveRefreshHandlers } from './application/live-refresh.js';
import { runEtl } from './application/run-etl.js';
import { analyticsRoutes } from './http/analytics.routes.js';
import { registerAnalyticsMcp } from './mcp/analytics.mcp.js';

export { runEtl, type EtlRunResult } from './application/run-etl.js';

/**
 * Analytics: the summary store (facts by organisation × day × campaign × channel × market ×
 * content asset × currency) fed by a delta ETL every 11 minutes and by domain events between runs,
 * the report query API with its catalogue, and the same over MCP with plain-language questions.
 */
export const analyticsModule: ModuleDefinition = {
  name: 'analytics',
  routes: analyticsRoutes,
  jobs: (runtime) => [etlJob(runtime)],
  eventHandlers: liveRefreshHandlers,
  mcp: registerAnalyticsMcp,
  // After the other modules' demo data: the store is filled at once, not 11 minutes later.
  seed: async (runtime, signal) => {
    await runEtl(runtime, { trigger: 'seed', signal });
  },
};
