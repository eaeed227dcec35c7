import { timingSafeEqual } from 'node:crypto';
import type { FastifyPluginAsyncZod, ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../../platform/errors/app-error.js';
import type { Runtime } from '../../../platform/runtime.js';
import { receiveChannelWebhook } from '../application/channel-webhooks.js';
import { channels } from '../domain/channels.js';
import { linkedinChallengeResponse } from '../domain/linkedin-webhook.js';

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
  // Twilio and Mailchimp post form-encoded bodies; Twilio signs the parameters.
  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string' },
    (request, body, done) => {
      rawBodies.set(request, body as string);
      done(null, undefined);
    },
  );
  app.withTypeProvider<ZodTypeProvider>().get(
    '/webhooks/ads/:channel',
    {
      schema: {
        tags: ['ads'],
        summary:
          'Webhook verification handshakes (Meta: facebook, instagram, whatsapp; LinkedIn; Mailchimp)',
        description:
          'Meta calls it when the callback URL is registered: with `hub.mode=subscribe` and the configured `META_WEBHOOK_VERIFY_TOKEN` (`WHATSAPP_WEBHOOK_VERIFY_TOKEN` for whatsapp) it answers `hub.challenge` as text; otherwise 403. LinkedIn (`/webhooks/ads/linkedin?challengeCode=…`, with a LinkedIn app configured) gets `{ challengeCode, challengeResponse }`, the response being the hex HMAC-SHA256 of the code under the client secret. For email (Mailchimp, which checks a webhook URL with a GET) it answers 200 empty.',
        params: z.object({ channel: z.enum(channels) }),
        querystring: z.object({
          'hub.mode': z.string().max(40).optional(),
          'hub.verify_token': z.string().max(500).optional(),
          'hub.challenge': z.string().max(500).optional(),
          challengeCode: z.string().max(500).optional(),
        }),
        response: {
          200: z.union([
            z.string(),
            z.object({ challengeCode: z.string(), challengeResponse: z.string() }),
          ]),
        },
      },
    },
    async (request, reply) => {
      const { channel } = request.params;
      // Mailchimp checks a list webhook's URL with a plain GET before it saves it.
      if (channel === 'email') return reply.type('text/plain').send('');
      const query = request.query;
      const linkedin = runtime.config.linkedin;
      if (channel === 'linkedin' && linkedin && query.challengeCode !== undefined)
        return {
          challengeCode: query.challengeCode,
          challengeResponse: linkedinChallengeResponse(linkedin.clientSecret, query.challengeCode),
        };
      const expected =
        channel === 'whatsapp'
          ? runtime.config.whatsapp?.webhookVerifyToken
          : runtime.config.meta?.webhookVerifyToken;
      const given = Buffer.from(query['hub.verify_token'] ?? '');
      const matches =
        expected !== undefined &&
        given.length === Buffer.byteLength(expected) &&
        timingSafeEqual(given, Buffer.from(expected));
      if (
        (channel !== 'facebook' && channel !== 'instagram' && channel !== 'whatsapp') ||
        query['hub.mode'] !== 'subscribe' ||
        !matches ||
        query['hub.challenge'] === undefined
      )
        throw new AppError('forbidden', 'The webhook verification token does not match');
      return reply.type('text/plain').send(query['hub.challenge']);
    },
  );

  app.withTypeProvider<ZodTypeProvider>().post(
    '/webhooks/ads/:channel',
    {
      schema: {
        tags: ['ads'],
        summary:
          'Channel webhook: comments, delivery status and lead-form leads from an ad platform (signed)',
        description:
          'Verified per channel (Facebook and Instagram with a Meta app: `X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the raw body under META_APP_SECRET>`; WhatsApp likewise under WHATSAPP_APP_SECRET; LinkedIn with a LinkedIn app: `X-LI-Signature: <hex HMAC-SHA256 of "hmacsha256=" + the raw body under LINKEDIN_CLIENT_SECRET>`; SMS with Twilio: `X-Twilio-Signature` under the organisation’s auth token, form-encoded; email with Mailchimp: the per-connection secret in the URL, form-encoded; TikTok documents no signature, so only simulated ones are accepted there; simulated channels: `X-Simulated-Signature: t=<unix>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">`, at most 5 minutes old). Answers 401 when the signature does not verify; events for unknown ads are ignored. A Meta page `leadgen` notification for one of our ads has its lead read from the Graph API with the organisation’s connection and captured as a CRM lead of the ad’s campaign, once per `leadgen_id`.',
        params: z.object({ channel: z.enum(channels) }),
        response: {
          200: z.object({ received: z.number(), applied: z.number(), ignored: z.number() }),
        },
      },
    },
    async (request) => {
      const rawBody = rawBodies.get(request);
      if (rawBody === undefined)
        throw new AppError(
          'bad_request',
          'The webhook body must be application/json or application/x-www-form-urlencoded',
        );
      return receiveChannelWebhook(runtime, request.params.channel, {
        headers: request.headers,
        rawBody,
        now: new Date(),
        url: request.url,
      });
    },
  );
};
