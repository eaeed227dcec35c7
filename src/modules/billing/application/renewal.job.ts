import { z } from 'zod';
import { defineJob, type JobDefinition } from '../../../platform/jobs/job-definition.js';
import type { Runtime } from '../../../platform/runtime.js';
import {
  listDueSubscriptions,
  updateSubscription,
} from '../infrastructure/subscriptions.repository.js';
import { billingGatewayFor } from './billing-services.js';
import { refOf } from './change-subscription.js';
import { forgetSubscription } from './entitlements.js';

/** Subscriptions renewed per run; the next run (a minute later) takes the rest. */
const batch = 200;

/**
 * Every few minutes: periods that have ended are renewed through the gateway (charged, or past
 * due when the charge fails), subscriptions set to cancel end, and trials that ended without a
 * subscription become past due (full access through the grace period, then read-only).
 */
export function renewalJob(runtime: Runtime): JobDefinition<Record<string, never>> {
  return defineJob({
    name: 'billing.renew-subscriptions',
    payload: z.object({}).strict() as z.ZodType<Record<string, never>>,
    cron: '*/5 * * * *',
    retryLimit: 2,
    async handle(_payload, context) {
      const now = new Date();
      const due = await listDueSubscriptions(runtime.db, now, batch);
      const gateway = billingGatewayFor(runtime);
      for (const row of due) {
        if (!row.gatewaySubscriptionId) {
          if (row.status === 'past_due') continue;
          await updateSubscription(runtime.db, row.orgId, {
            status: 'past_due',
            pastDueSince: row.currentPeriodEnd,
          });
          await forgetSubscription(runtime, row.orgId);
          continue;
        }
        if (row.gateway !== gateway.kind) {
          // Made through another gateway (simulated, before Stripe was configured): it ends here
          // and the organisation subscribes again through this one, within the grace period.
          await updateSubscription(runtime.db, row.orgId, {
            status: 'past_due',
            pastDueSince: row.currentPeriodEnd,
            gateway: null,
            gatewayCustomerId: null,
            gatewaySubscriptionId: null,
          });
          await forgetSubscription(runtime, row.orgId);
          continue;
        }
        await gateway.renew(await refOf(runtime, row));
      }
      context.log.info({ renewed: due.length }, 'billing periods renewed');
    },
  });
}
