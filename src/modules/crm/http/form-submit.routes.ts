import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../../platform/errors/app-error.js';
import type { Runtime } from '../../../platform/runtime.js';
import { submitForm } from '../application/submit-form.js';
import { findFormByPublicKey } from '../infrastructure/forms.repository.js';
import { messageChannels, phoneSchema } from './crm-schemas.js';

/** Submissions one IP address may make per minute across all forms. */
export const formSubmissionsPerMinute = 20;

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .optional()
    .transform((value) => (value ? value : undefined));
const channelList = z
  .union([z.enum(messageChannels), z.array(z.enum(messageChannels)).max(5)])
  .optional()
  .transform((value) => (value === undefined ? [] : Array.isArray(value) ? value : [value]));

const submissionBody = z
  .object({
    first_name: optionalText(120),
    last_name: optionalText(120),
    email: z
      .email()
      .max(254)
      .optional()
      .or(z.literal('').transform(() => undefined)),
    phone: phoneSchema.optional().or(z.literal('').transform(() => undefined)),
    company: optionalText(200),
    message: optionalText(5000),
    consent: channelList.describe('Channels the visitor agreed to be contacted on'),
    utm_source: optionalText(200),
    utm_medium: optionalText(200),
    utm_campaign: optionalText(200),
    utm_term: optionalText(200),
    utm_content: optionalText(200),
    website: z.string().max(500).optional().describe('Honeypot: leave empty (hidden from people)'),
  })
  .superRefine((value, context) => {
    if (!value.email && !value.phone)
      context.addIssue({ code: 'custom', path: ['email'], message: 'give an email or a phone' });
  });

/** Bodies of browsers' plain HTML forms; repeated keys (checkboxes) become arrays. */
function parseUrlEncoded(body: string): Record<string, string | string[]> {
  const result: Record<string, string | string[]> = {};
  for (const [key, value] of new URLSearchParams(body)) {
    const existing = result[key];
    result[key] = existing === undefined ? value : [existing, value].flat();
  }
  return result;
}

/**
 * `POST /f/{formKey}`: public lead capture from web pages. Limited per IP address, with a honeypot
 * field bots fill in: such a submission gets the same answer and is dropped.
 */
export const formSubmitRoutes: FastifyPluginAsyncZod<{ runtime: Runtime }> = async (
  app,
  { runtime },
) => {
  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string', bodyLimit: 64 * 1024 },
    (_request, body, done) => done(null, parseUrlEncoded(body as string)),
  );

  app.post(
    '/f/:formKey',
    {
      config: {
        idempotent: true,
        rateLimit: { max: formSubmissionsPerMinute, timeWindow: 60_000 },
      },
      bodyLimit: 64 * 1024,
      schema: {
        tags: ['crm'],
        summary: 'Submit a web form (public; JSON or urlencoded)',
        params: z.object({ formKey: z.string().min(1).max(64) }),
        body: submissionBody,
        response: { 202: z.object({ status: z.literal('received') }) },
      },
    },
    async (request, reply) => {
      const form = await findFormByPublicKey(runtime.db, request.params.formKey);
      if (!form) throw AppError.notFound('Form', request.params.formKey);
      const body = request.body;
      if (body.website) {
        request.log.info({ formId: form.id }, 'crm: honeypot filled; submission dropped');
        return reply.status(202).send({ status: 'received' });
      }
      const utm: Record<string, string> = {};
      for (const key of ['source', 'medium', 'campaign', 'term', 'content'] as const) {
        const value = body[`utm_${key}`];
        if (value !== undefined) utm[key] = value;
      }
      await submitForm(runtime, form, {
        firstName: body.first_name,
        lastName: body.last_name,
        email: body.email,
        phone: body.phone,
        company: body.company,
        message: body.message,
        consents: body.consent,
        utm,
      });
      return reply.status(202).send({ status: 'received' });
    },
  );
};
