import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../../platform/errors/app-error.js';
import type { Runtime } from '../../../platform/runtime.js';
import { adsServicesFor } from '../application/ads-services.js';
import { recordConversion } from '../application/conversions.js';
import { resolveLink, type ResolvedLink } from '../application/tracked-links.js';
import { currencyCode } from './ads-schemas.js';
import { channelWebhookRoutes } from './channel-webhooks.routes.js';

/** A 1×1 transparent GIF. */
const pixel = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');

/**
 * Public routes: the short-link redirect, the conversion pixel and the channels' signed webhooks
 * (no bearer token).
 */
export const redirectRoutes: FastifyPluginAsyncZod<{ runtime: Runtime }> = async (
  app,
  { runtime },
) => {
  // Its own scope: it reads JSON bodies as raw text for signature checks.
  await app.register(channelWebhookRoutes, { runtime });

  app.get(
    '/t/p.gif',
    {
      schema: {
        tags: ['ads'],
        summary: 'Conversion pixel (unsigned; deduplicated by event id)',
        querystring: z.object({
          org: z.uuid(),
          event_id: z.string().min(1).max(200),
          ad: z.uuid().optional(),
          code: z.string().min(1).max(40).optional(),
          value: z.coerce.number().int().min(0).max(1e12).default(0),
          currency: currencyCode.default('USD'),
        }),
      },
    },
    async (request, reply) => {
      const q = request.query;
      try {
        await recordConversion(
          runtime,
          q.org,
          {
            eventId: q.event_id,
            adId: q.ad,
            linkCode: q.code,
            kind: 'other',
            valueMinor: q.value,
            currency: q.currency,
          },
          'pixel',
        );
      } catch (error) {
        // A pixel always answers an image; a refused event is only logged.
        request.log.info({ err: error }, 'ads: pixel conversion refused');
      }
      return reply.header('cache-control', 'no-store').type('image/gif').send(pixel);
    },
  );

  // Its own scope: the hot path's logger and limits differ from the rest (see below).
  await app.register(trackedLinkRedirect, { runtime });
};

/**
 * `GET /t/{code}`, the hottest route (each ad click): an in-process hit answers without awaiting
 * anything, and the click goes to the batch writer. The route skips the per-IP rate limit (many
 * people behind one carrier NAT click the same SMS or social link; the answer is a cached
 * look-up and the click a buffered append) and the per-request child logger (it logs nothing
 * itself; a 5xx is still logged by the error handler, without the request id binding).
 */
const trackedLinkRedirect: FastifyPluginAsyncZod<{ runtime: Runtime }> = async (
  app,
  { runtime },
) => {
  const services = adsServicesFor(runtime);
  app.setChildLoggerFactory((logger) => logger);

  const answer = (request: FastifyRequest, reply: FastifyReply, link: ResolvedLink) => {
    services.clicks.record({
      orgId: link.orgId,
      linkId: link.linkId,
      adId: link.adId,
      campaignId: link.campaignId,
      channel: link.channel,
      utm: link.utm,
      userAgent: request.headers['user-agent']?.slice(0, 400) ?? null,
      referrer: request.headers.referer?.slice(0, 2000) ?? null,
      occurredAt: Date.now(),
    });
    return reply.header('cache-control', 'no-store').redirect(link.location, 302);
  };

  app.get(
    '/t/:code',
    {
      config: { rateLimit: false },
      schema: {
        tags: ['ads'],
        summary: 'Tracked link: 302 to the destination with UTM parameters; records the click',
        params: z.object({ code: z.string().min(1).max(40) }),
      },
    },
    (request, reply) => {
      const { code } = request.params;
      const hit = services.links.get(code);
      if (hit) return answer(request, reply, hit);
      return resolveLink(runtime, code).then((link) => {
        if (!link) throw AppError.notFound('Tracked link');
        return answer(request, reply, link);
      });
    },
  );
};
