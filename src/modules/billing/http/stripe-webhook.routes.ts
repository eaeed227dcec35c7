import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Runtime } from '../../../platform/runtime.js';
import { receiveWebhook } from '../application/receive-webhook.js';

/** Stripe delivers in bursts (a checkout is four events); far more than that is not Stripe. */
const webhooksPerMinute = 600;
const webhookBodyLimit = 512 * 1024;

/**
 * `POST /billing/webhooks/stripe`: public (Stripe signs instead), the body kept raw because the
 * signature covers its exact bytes. A bad signature is a 400; a replay answers 200 and changes
 * nothing, so Stripe stops redelivering it.
 */
export const stripeWebhookRoutes: FastifyPluginAsyncZod<{ runtime: Runtime }> = async (
  app,
  { runtime },
) => {
  // This scope only: every content type arrives as the bytes Stripe signed.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser(
    '*',
    { parseAs: 'buffer', bodyLimit: webhookBodyLimit },
    (_r, body, done) => done(null, body),
  );

  app.post(
    '/billing/webhooks/stripe',
    {
      config: {
        public: true,
        rateLimit: { max: webhooksPerMinute, timeWindow: 60_000 },
      },
      bodyLimit: webhookBodyLimit,
      schema: {
        tags: ['billing'],
        summary: 'Stripe webhooks (verified by Stripe-Signature; each event applied exactly once)',
        description:
          'Configure in Stripe with the events checkout.session.completed, customer.subscription.created/updated/deleted, invoice.finalized, invoice.paid and invoice.payment_failed. 400 on a missing or bad signature; 404 when Stripe is not configured; `duplicate: true` for an event applied before.',
        headers: z.object({ 'stripe-signature': z.string().max(2_000).optional() }),
        response: {
          200: z.object({ received: z.literal(true), duplicate: z.boolean() }),
        },
      },
    },
    async (request) => {
      const outcome = await receiveWebhook(
        runtime,
        request.body as Buffer,
        request.headers['stripe-signature'],
      );
      return { received: true as const, duplicate: outcome === 'duplicate' };
    },
  );
};
