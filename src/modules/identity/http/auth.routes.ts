import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { authOf } from '../../../platform/http/authentication.js';
import '../../../platform/http/audit.js';
import { AppError } from '../../../platform/errors/app-error.js';
import type { Runtime } from '../../../platform/runtime.js';
import { checkAuthAttemptLimit } from '../application/auth-attempt-limit.js';
import { resendVerificationEmail, verifyEmail } from '../application/email-verification.js';
import { identityServices } from '../application/identity-services.js';
import { logIn } from '../application/log-in.js';
import { requestPasswordReset, resetPassword } from '../application/password-reset.js';
import { signUp } from '../application/sign-up.js';
import { tokenServiceFor } from '../application/token-service.js';

const email = z.email().max(254).describe('Email address (case-insensitive)');
const tokenSet = z.object({
  access_token: z.string(),
  refresh_token: z.string(),
  token_type: z.literal('Bearer'),
  expires_in: z.number().int(),
});
const oneTimeToken = z.string().min(16).max(128).describe('The token from the emailed link');

/** Sign-up, password login, email verification and password reset. */
export const authRoutes: FastifyPluginAsyncZod<{ runtime: Runtime }> = async (app, { runtime }) => {
  const services = identityServices(runtime);
  const tokens = () => tokenServiceFor(runtime);

  app.post(
    '/auth/signup',
    {
      config: { public: true, idempotent: true, audit: 'auth.signed_up' },
      schema: {
        tags: ['identity'],
        summary: 'Create an organisation and its owner account',
        description:
          'Creates the organisation (with a unique slug), the user and the owner membership in one ' +
          'transaction, sends a verification email, and returns tokens so the new owner is signed in. ' +
          'Passwords: at least 12 characters, two kinds of characters, not containing the email name, ' +
          'not a common password or an easy variant of one.',
        body: z.object({
          organization: z.string().trim().min(2).max(100).describe('Organisation name'),
          name: z.string().trim().min(1).max(100).describe('Your name'),
          email,
          password: z.string().max(256),
        }),
        response: {
          201: tokenSet.extend({
            user_id: z.uuid(),
            organization_id: z.uuid(),
            organization_slug: z.string(),
            email_verified: z.boolean(),
          }),
        },
      },
    },
    async (request, reply) => {
      await checkAuthAttemptLimit(
        runtime,
        'signup',
        request.ip,
        services.emailLookup(request.body.email),
      );
      const result = await signUp(services, request.body);
      request.auditContext = {
        orgId: result.orgId,
        actor: `user:${result.userId}`,
        target: result.orgId,
      };
      const issued = await (
        await tokens()
      ).issueForUser({
        userId: result.userId,
        orgId: result.orgId,
        roles: ['owner'],
      });
      return reply.code(201).send({
        ...issued,
        user_id: result.userId,
        organization_id: result.orgId,
        organization_slug: result.slug,
        email_verified: false,
      });
    },
  );

  app.post(
    '/auth/login',
    {
      config: { public: true, audit: 'auth.logged_in' },
      schema: {
        tags: ['identity'],
        summary: 'Log in with email and password',
        description:
          'Returns an access token (JWT) and a refresh token for one organisation: the one named, ' +
          'else the first you joined. After repeated failures from one network the account is ' +
          'throttled there for a while (429 with Retry-After), never everywhere; the answer never ' +
          'tells whether an email is registered.',
        body: z.object({
          email,
          password: z.string().min(1).max(256),
          organization_id: z.uuid().optional(),
        }),
        response: { 200: tokenSet },
      },
    },
    async (request) => {
      await checkAuthAttemptLimit(
        runtime,
        'login',
        request.ip,
        services.emailLookup(request.body.email),
      );
      const session = await logIn(services, {
        email: request.body.email,
        password: request.body.password,
        ip: request.ip,
        organizationId: request.body.organization_id,
      });
      request.auditContext = {
        orgId: session.orgId,
        actor: `user:${session.userId}`,
        target: session.userId,
      };
      return (await tokens()).issueForUser({
        userId: session.userId,
        orgId: session.orgId,
        roles: [session.role],
      });
    },
  );

  app.post(
    '/auth/verify-email/request',
    {
      schema: {
        tags: ['identity'],
        summary: 'Send a new email verification link to the signed-in user',
        response: { 202: z.object({ status: z.enum(['sent', 'already_verified']) }) },
      },
    },
    async (request, reply) => {
      const { userId } = authOf(request);
      if (!userId)
        throw new AppError('forbidden', 'Only a user (not an API client) has an email to verify');
      const { alreadyVerified } = await resendVerificationEmail(services, userId);
      return reply.code(202).send({ status: alreadyVerified ? 'already_verified' : 'sent' });
    },
  );

  app.post(
    '/auth/verify-email',
    {
      config: { public: true },
      schema: {
        tags: ['identity'],
        summary: 'Confirm an email address with the emailed token (single use, 24 hours)',
        body: z.object({ token: oneTimeToken }),
        response: { 200: z.object({ verified: z.literal(true), user_id: z.uuid() }) },
      },
    },
    async (request) => {
      const userId = await verifyEmail(services, request.body.token);
      return { verified: true as const, user_id: userId };
    },
  );

  app.post(
    '/auth/password-reset/request',
    {
      config: { public: true },
      schema: {
        tags: ['identity'],
        summary: 'Email a password reset link (the answer is the same whether the email exists)',
        body: z.object({ email }),
        response: { 202: z.object({ status: z.literal('accepted') }) },
      },
    },
    async (request, reply) => {
      await checkAuthAttemptLimit(
        runtime,
        'reset',
        request.ip,
        services.emailLookup(request.body.email),
      );
      await requestPasswordReset(services, request.body.email);
      return reply.code(202).send({ status: 'accepted' as const });
    },
  );

  app.post(
    '/auth/password-reset',
    {
      config: { public: true },
      schema: {
        tags: ['identity'],
        summary: 'Set a new password with the emailed token (single use, 1 hour)',
        description:
          'Also lifts any lockout and voids the sessions issued before the reset (see docs/security.md).',
        body: z.object({ token: oneTimeToken, password: z.string().max(256) }),
        response: { 200: z.object({ reset: z.literal(true) }) },
      },
    },
    async (request) => {
      await resetPassword(services, request.body);
      return { reset: true as const };
    },
  );
};
