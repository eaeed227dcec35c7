import { z } from 'zod';
import { defineJob, type JobDefinition } from '../../../platform/jobs/job-definition.js';
import type { Runtime } from '../../../platform/runtime.js';
import { rightsAlertDays } from '../domain/usage-rights.js';
import { markExpiringRights } from '../infrastructure/assets.repository.js';

/** The event an asset's expiring usage rights raise, once per asset and expiry date. */
export const rightsExpiringEvent = 'content.asset-rights-expiring';

export interface RightsExpiringPayload {
  assetId: string;
  title: string;
  licence: string | null;
  expiresAt: string;
  daysLeft: number;
}

/** Assets alerted per transaction: a mark and its event are written together. */
const batchSize = 200;

/**
 * Raises the expiring-rights alerts due at `now`: every asset whose licence lapses within
 * `rightsAlertDays` and was not alerted for that expiry gets `content.asset-rights-expiring`
 * (through the outbox) and a mark the API shows (`usage_rights.alerted_at`, `?rights=alerted`).
 * Idempotent: a second run finds nothing; a changed expiry date is alerted again.
 */
export async function raiseRightsAlerts(runtime: Runtime, now = new Date()): Promise<number> {
  const until = new Date(now.getTime() + rightsAlertDays * 86_400_000).toISOString();
  let raised = 0;
  for (;;) {
    const marked = await runtime.db.transaction(async (tx) => {
      const rows = await markExpiringRights(tx, {
        now: now.toISOString(),
        until,
        limit: batchSize,
      });
      for (const row of rows) {
        const expiresAt = new Date(row.rightsExpiresAt!).toISOString();
        await runtime.events.publish<RightsExpiringPayload>(tx, {
          type: rightsExpiringEvent,
          orgId: row.orgId,
          payload: {
            assetId: row.id,
            title: row.title,
            licence: row.licence,
            expiresAt,
            daysLeft: Math.ceil((Date.parse(expiresAt) - now.getTime()) / 86_400_000),
          },
        });
      }
      return rows.length;
    });
    raised += marked;
    if (marked < batchSize) return raised;
  }
}

/** Daily, before the working day in Europe: the expiring-rights alerts. */
export function rightsExpiryAlertsJob(runtime: Runtime): JobDefinition<Record<string, never>> {
  return defineJob({
    name: 'content.rights-expiry-alerts',
    payload: z.object({}).strict() as z.ZodType<Record<string, never>>,
    cron: '15 5 * * *',
    retryLimit: 2,
    async handle(_payload, context) {
      const raised = await raiseRightsAlerts(runtime);
      context.log.info({ raised, windowDays: rightsAlertDays }, 'usage-rights alerts raised');
    },
  });
}
