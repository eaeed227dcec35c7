import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../errors/app-error.js';
import type { AuthContext } from './auth-context.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Reachable without a bearer token (sign-up, login, public forms, discovery). */
    public?: boolean;
  }
}

/**
 * Turns a request's credentials into an AuthContext. Returns null when the request carries no
 * credentials; throws `unauthenticated` when it carries bad ones. The identity module provides it.
 */
export type Authenticator = (request: FastifyRequest) => Promise<AuthContext | null>;

/** Paths where every route needs a principal unless its config says `public: true`. */
export function isProtectedPath(url: string): boolean {
  return (
    url.startsWith('/api/v1/') ||
    url === '/mcp' ||
    url.startsWith('/mcp?') ||
    url.startsWith('/mcp/')
  );
}

export function authenticationHook(authenticator: Authenticator | undefined) {
  return async function authenticate(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    if (!isProtectedPath(request.url)) return;
    const isPublic = request.routeOptions.config.public === true;
    // A public route still rejects forged credentials rather than silently ignoring them.
    request.auth = authenticator ? await authenticator(request) : null;
    if (!isPublic && !request.auth) {
      void reply.header('www-authenticate', 'Bearer');
      throw new AppError(
        'unauthenticated',
        'A valid bearer token is required (Authorization: Bearer <token>)',
      );
    }
  };
}

/** The caller, for a route that is not public (the hook guarantees one). */
export function authOf(request: FastifyRequest): AuthContext {
  if (!request.auth) throw new AppError('unauthenticated', 'A valid bearer token is required');
  return request.auth;
}

/** Throws 403 unless the caller holds every listed permission. */
export function assertPermissions(auth: AuthContext, permissions: readonly string[]): void {
  const missing = permissions.filter((permission) => !auth.permissions.has(permission));
  if (missing.length > 0) {
    throw new AppError(
      'forbidden',
      `Your role does not allow this: it needs ${missing.join(', ')}`,
      {
        required: missing,
      },
    );
  }
}

/**
 * preHandler: the caller must hold every listed permission. Callback style: nearly every route
 * has one, and the check is synchronous, so it costs no promise per request.
 */
export function requirePermission(...permissions: string[]) {
  return function checkPermission(
    request: FastifyRequest,
    _reply: FastifyReply,
    done: (error?: Error) => void,
  ): void {
    try {
      assertPermissions(authOf(request), permissions);
    } catch (error) {
      return done(error as Error);
    }
    done();
  };
}
