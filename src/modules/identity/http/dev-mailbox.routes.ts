import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { LogMailer } from '../../../platform/messaging/log-mailer.js';
import type { Runtime } from '../../../platform/runtime.js';
import { identityServices } from '../application/identity-services.js';

/**
 * The embedded mode's inbox (`GET /dev/mailbox?to=`): verification, reset and invitation mails
 * for trying the product without SMTP. Only in embedded mode outside production, where the same
 * messages are in the log anyway.
 */
export const devMailboxRoutes: FastifyPluginAsyncZod<{ runtime: Runtime }> = async (
  app,
  { runtime },
) => {
  const { mailer } = identityServices(runtime);
  const enabled =
    runtime.config.mode === 'embedded' &&
    runtime.config.env !== 'production' &&
    mailer instanceof LogMailer;
  if (!enabled) return;
  app.get(
    '/dev/mailbox',
    {
      schema: {
        hide: true,
        querystring: z.object({ to: z.string().max(254).optional() }),
      },
    },
    async (request) => ({ data: [...mailer.sent(request.query.to)].reverse() }),
  );
};
