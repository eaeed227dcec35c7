import type { FastifyPluginAsyncZod, ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../../platform/errors/app-error.js';
import type { Runtime } from '../../../platform/runtime.js';
import { receiveChannelWebhook } from '../application/channel-webhooks.js';
import { channels } from '../domain/channels.js';

/**
 * `POST /webhooks/ads/{channel}`: the platforms call it (no bearer token); each request is
 * verified by the channel adapter's signature scheme over the raw body bytes.
 */
export const channelWebhookRoutes: FastifyPluginAsyncZod<{ runtime: Runtime }> = async (
  app,
  { runtime },
) => {
  const rawBodies = new WeakMap<object, string>();
  // The signature covers the exact bytes received: this scope keeps the raw text, and leaves
  // parsing to the adapter (after verification).
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    rawBodies.set(request, body as string);
    done(null, undefined);
  });
  app.withTypeProvider<ZodTypeProvider>().post(
    '/webhooks/ads/:channel',
    {
      schema: {
        tags: ['ads'],
        summary: 'Channel webhook: comments and delivery status from an ad platform (signed)',
        description:
          'Verified per channel (simulated channels: `X-Simulated-Signature: t=<unix>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">`, at most 5 minutes old). Answers 401 when the signature does not verify; events for unknown ads are ignored.',
        params: z.object({ channel: z.enum(channels) }),
        response: {
          200: z.object({ received: z.number(), applied: z.number(), ignored: z.number() }),
        },
      },
    },
    async (request) => {
      const rawBody = rawBodies.get(request);
      if (rawBody === undefined)
        throw new AppError('bad_request', 'The webhook body must be application/json');
      return receiveChannelWebhook(runtime, request.params.channel, {
        headers: request.headers,
        rawBody,
        now: new Date(),
      });
    },
  );
};
