import { z } from 'zod';
import { defineJob, type JobDefinition } from '../../../platform/jobs/job-definition.js';
import type { Runtime } from '../../../platform/runtime.js';
import { purgeAuditLog } from '../infrastructure/audit-log.repository.js';

export const auditRetentionDays = 90;

/** Daily: drops audit entries past the 90-day retention (REQUIREMENTS: audit log kept 90 days). */
export function purgeAuditLogJob(runtime: Runtime): JobDefinition<Record<string, never>> {
  return defineJob({
    name: 'identity.purge-audit-log',
    payload: z.object({}).strict() as z.ZodType<Record<string, never>>,
    cron: '17 3 * * *',
    retryLimit: 2,
    async handle(_payload, context) {
      const deleted = await purgeAuditLog(runtime.db, auditRetentionDays);
      context.log.info({ deleted, retentionDays: auditRetentionDays }, 'audit log purged');
    },
  });
}
