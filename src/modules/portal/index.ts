import { portalUsageMeters } from './infrastructure/usage-meters.js';
import type { ModuleDefinition } from '../../platform/module.js';
import { advanceJob } from './application/advance-campaign-requests.job.js';
import { seedPortalDemo } from './application/demo-seed.js';
import { agendaRemindersJob } from './application/agenda-reminders.job.js';
import { kpiAnomaliesJob } from './application/kpi-anomalies.job.js';
import { planningJob } from './application/plan-campaign-request.job.js';
import { portalRoutes } from './http/portal.routes.js';
import { registerPortalMcp } from './mcp/portal.mcp.js';

/**
 * The PromptSales portal: strategies and campaign requests (strategy → AI proposal → human
 * approval → PromptAds campaign with PromptContent assets and a PromptCRM segment), the execution
 * agenda with reminders, KPI anomaly alerts and calendar feeds, and in-app notifications.
 */
export const portalModule: ModuleDefinition = {
  name: 'portal',
  routes: portalRoutes,
  usage: portalUsageMeters,
  // Job payload types differ; the platform checks each payload against its own schema.
  jobs: (runtime) => [
    planningJob(runtime),
    advanceJob(runtime),
    agendaRemindersJob(runtime),
    kpiAnomaliesJob(runtime),
  ],
  mcp: registerPortalMcp,
  seed: seedPortalDemo,
};
