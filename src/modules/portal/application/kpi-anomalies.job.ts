import { z } from 'zod';
import { defineJob, type JobDefinition } from '../../../platform/jobs/job-definition.js';
import type { Runtime } from '../../../platform/runtime.js';
import { campaignDailyKpis } from '../../ads/index.js';
import { membersWithRoles } from '../../identity/index.js';
import { anomalyRules, describeKpiAnomalies, detectKpiAnomalies } from '../domain/kpi-anomaly.js';
import { activeRequestsAfter } from '../infrastructure/campaign-requests.repository.js';
import { approverRoles, notify } from './notify.js';

const payload = z.object({});
const pageSize = 500;
const dedupeSeconds = 2 * 86_400;

const dayBefore = (day: string, days: number) =>
  new Date(Date.parse(`${day}T00:00:00Z`) - days * 86_400_000).toISOString().slice(0, 10);

/**
 * KPI anomaly alerts once a day, after the channels' overnight reports: each running campaign's
 * yesterday against the seven days before it, to its approvers and marketers in-app and by email.
 */
export function kpiAnomaliesJob(runtime: Runtime): JobDefinition<z.infer<typeof payload>> {
  return defineJob({
    name: 'portal.kpi-anomalies',
    payload,
    cron: '20 6 * * *',
    retryLimit: 2,
    concurrency: 1,
    expireInSeconds: 3_600,
    async handle() {
      await sendKpiAnomalyAlerts(runtime, new Date());
    },
  });
}

/** Alerts for `now`'s yesterday (UTC); returns the requests alerted. Once per request and day. */
export async function sendKpiAnomalyAlerts(runtime: Runtime, now: Date): Promise<number> {
  const latestDay = dayBefore(now.toISOString().slice(0, 10), 1);
  const fromDay = dayBefore(latestDay, anomalyRules.baselineDays);
  let sent = 0;
  let after: { orgId: string; id: string } | null = null;
  for (;;) {
    const page = await activeRequestsAfter(runtime.db, after, pageSize);
    for (const request of page) {
      const days = await campaignDailyKpis(
        runtime,
        request.orgId,
        request.campaignId,
        fromDay,
        latestDay,
      );
      const anomalies = detectKpiAnomalies(days, latestDay);
      if (anomalies.length === 0) continue;
      const key = `portal:kpi-anomaly:${request.id}:${latestDay}`;
      if (!(await runtime.cache.setIfAbsent(key, true, dedupeSeconds))) continue;
      const people = await membersWithRoles(runtime, request.orgId, [...approverRoles, 'marketer']);
      try {
        await notify(runtime, request.orgId, people, {
          kind: 'kpi_anomaly',
          text: (reader) =>
            describeKpiAnomalies(request.name, latestDay, request.currency, anomalies, reader),
          requestId: request.id,
        });
      } catch (error) {
        // Not recorded: let the job's retry alert this request again.
        await runtime.cache.delete(key);
        throw error;
      }
      sent += 1;
    }
    if (page.length < pageSize) return sent;
    const last = page.at(-1)!;
    after = { orgId: last.orgId, id: last.id };
  }
}
