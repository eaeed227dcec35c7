import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import '../../../platform/http/audit.js';
import { requirePermission } from '../../../platform/http/authentication.js';
import { tenantOf } from '../../../platform/http/tenant.js';
import type { Runtime } from '../../../platform/runtime.js';
import { openPortal, startCheckout } from '../application/checkout.js';
import { currencies, intervals } from '../domain/catalogue.js';
import { paymentMethodField, planIds } from './billing-schemas.js';

const checkoutBody = z.object({
  plan_id: z.enum(planIds),
  interval: z.enum(intervals),
  currency: z.enum(currencies),
  seats: z.number().int().min(1).max(100_000).optional(),
  payment_method: paymentMethodField
    .optional()
    .describe(
      'The simulated gateway only: the test card its hosted page is paid with (pm_card_visa by default; pm_card_chargeDeclined declines). Stripe collects the card on its own page.',
    ),
});

/** The gateway's hosted pages: Checkout for a first subscription, the customer portal. */
export const checkoutRoutes: FastifyPluginAsyncZod<{ runtime: Runtime }> = async (
  app,
  { runtime },
) => {
  app.post(
    '/billing/checkout-sessions',
    {
      preHandler: requirePermission('billing:manage'),
      config: { audit: 'billing.checkout_started' },
      schema: {
        tags: ['billing'],
        summary:
          "A hosted checkout for a first subscription: the gateway's page to send the customer to",
        description:
          'With Stripe, `url` is a Stripe Checkout page (card data never touches PromptSales) and the subscription becomes active when Stripe confirms it by webhook; `completed` is false. The simulated gateway completes the checkout at once (`completed: true`). 409 when the organisation already has a running subscription (change it with PUT /billing/subscription).',
        body: checkoutBody,
        response: { 201: z.object({ url: z.string(), completed: z.boolean() }) },
      },
    },
    async (request, reply) => {
      const body = request.body;
      const session = await startCheckout(runtime, tenantOf(request), {
        planId: body.plan_id,
        interval: body.interval,
        currency: body.currency,
        seats: body.seats,
        paymentMethodRef: body.payment_method,
      });
      request.auditContext = { target: body.plan_id };
      return reply.code(201).send({ url: session.url, completed: session.completed });
    },
  );

  app.post(
    '/billing/portal-sessions',
    {
      preHandler: requirePermission('billing:manage'),
      schema: {
        tags: ['billing'],
        summary:
          "The gateway's customer portal (payment methods, invoices), returning to the billing page",
        description:
          'With Stripe, a Stripe customer portal session. The simulated gateway has no portal: its `url` is the billing page itself.',
        response: { 201: z.object({ url: z.string() }) },
      },
    },
    async (request, reply) => reply.code(201).send(await openPortal(runtime, tenantOf(request))),
  );
};
