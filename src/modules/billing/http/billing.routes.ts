import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import '../../../platform/http/audit.js';
import { requirePermission } from '../../../platform/http/authentication.js';
import { tenantOf } from '../../../platform/http/tenant.js';
import type { Runtime } from '../../../platform/runtime.js';
import { changeSubscription } from '../application/change-subscription.js';
import { subscriptionOf } from '../application/entitlements.js';
import { factsOf } from '../application/quota-guard.js';
import { usageReport } from '../application/usage.js';
import { catalogueVersion, plans } from '../domain/catalogue.js';
import { accessOf } from '../domain/subscription.js';
import type { SubscriptionRow } from '../infrastructure/subscriptions.repository.js';
import {
  planSchema,
  subscriptionChangeBody,
  subscriptionSchema,
  toPlan,
  toSubscription,
  toUsage,
  usageSchema,
} from './billing-schemas.js';
import { checkoutRoutes } from './checkout.routes.js';
import { invoicesRoutes } from './invoices.routes.js';
import { stripeWebhookRoutes } from './stripe-webhook.routes.js';

/** Plans (public), the organisation's subscription, usage against its quotas, and invoices. */
export const billingRoutes: FastifyPluginAsyncZod<{ runtime: Runtime }> = async (
  app,
  { runtime },
) => {
  const present = (row: SubscriptionRow) =>
    toSubscription(row, accessOf(factsOf(row), runtime.config.billing.graceDays, new Date()));

  app.get(
    '/billing/plans',
    {
      config: { public: true },
      schema: {
        tags: ['billing'],
        summary:
          'The plans on sale: prices per interval and currency (minor units), features, quotas',
        response: {
          200: z.object({
            object: z.literal('list'),
            catalogue_version: z.string(),
            data: z.array(planSchema),
          }),
        },
      },
    },
    async () => ({
      object: 'list' as const,
      catalogue_version: catalogueVersion,
      data: plans.map(toPlan),
    }),
  );

  app.get(
    '/billing/subscription',
    {
      preHandler: requirePermission('billing:read'),
      schema: {
        tags: ['billing'],
        summary: "The organisation's subscription (a trial of the bundle until it subscribes)",
        response: { 200: subscriptionSchema },
      },
    },
    async (request) => present(await subscriptionOf(runtime, tenantOf(request))),
  );

  app.put(
    '/billing/subscription',
    {
      preHandler: requirePermission('billing:manage'),
      config: { audit: 'billing.subscription_changed' },
      schema: {
        tags: ['billing'],
        summary:
          'Subscribe, change plan, interval or seats (prorated), cancel at period end, resume, or pay what is overdue',
        description:
          'Without a running subscription, `plan_id` starts a checkout at the payment gateway (`checkout.url`); the simulated gateway completes it at once. A plan, interval or seat change is prorated and invoiced at once. `payment_method` replaces the payment method and pays open invoices.',
        body: subscriptionChangeBody,
        response: {
          200: subscriptionSchema.extend({
            checkout: z
              .object({ id: z.string(), url: z.string(), completed: z.boolean() })
              .nullable(),
          }),
        },
      },
    },
    async (request) => {
      const body = request.body;
      const outcome = await changeSubscription(runtime, tenantOf(request), {
        planId: body.plan_id,
        interval: body.interval,
        currency: body.currency,
        seats: body.seats,
        cancelAtPeriodEnd: body.cancel_at_period_end,
        paymentMethodRef: body.payment_method,
      });
      request.auditContext = { target: outcome.subscription.planId };
      return { ...present(outcome.subscription), checkout: outcome.checkout };
    },
  );

  app.get(
    '/billing/usage',
    {
      preHandler: requirePermission('billing:read'),
      schema: {
        tags: ['billing'],
        summary:
          "Usage of each quota against the plan's limit, per-period quotas over the current month of the period",
        response: {
          200: z.object({
            object: z.literal('list'),
            plan_id: z.string(),
            data: z.array(usageSchema),
          }),
        },
      },
    },
    async (request) => {
      const orgId = tenantOf(request);
      const [row, usage] = await Promise.all([
        subscriptionOf(runtime, orgId),
        usageReport(runtime, orgId),
      ]);
      return { object: 'list' as const, plan_id: row.planId, data: usage.map(toUsage) };
    },
  );

  await app.register(checkoutRoutes, { runtime });
  await app.register(invoicesRoutes, { runtime });
  await app.register(stripeWebhookRoutes, { runtime });
};
