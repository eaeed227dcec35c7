import Fastify from 'fastify';
import { AppError } from '../../../platform/errors/app-error.js';
import type { AuthContext } from '../../../platform/http/auth-context.js';
import type { Authenticator } from '../../../platform/http/authentication.js';

interface Verified extends Omit<AuthContext, 'permissions'> {
  permissions: string[];
}

/**
 * Verifies a bearer token outside HTTP (stdio) with the very authenticator `/mcp` uses. That
 * authenticator reads a Fastify request, so the token is presented to it in a real one, injected
 * into a private, never-listening Fastify instance: no fake request objects, no second code path.
 */
export function bearerTokenVerifier(authenticator: Authenticator) {
  const app = Fastify({ logger: false });
  app.get('/', async (request): Promise<Verified> => {
    const auth = await authenticator(request);
    if (!auth) throw new AppError('unauthenticated', 'The token was not recognised');
    return { ...auth, permissions: [...auth.permissions] };
  });
  app.setErrorHandler(async (error, _request, reply) => {
    const message = error instanceof Error ? error.message : String(error);
    return reply.code(401).send({ message });
  });

  return async function verify(token: string): Promise<AuthContext> {
    const response = await app.inject({
      method: 'GET',
      url: '/',
      headers: { authorization: `Bearer ${token}` },
    });
    if (response.statusCode !== 200) {
      const { message } = response.json<{ message: string }>();
      throw new AppError('unauthenticated', message);
    }
    const verified = response.json<Verified>();
    return { ...verified, permissions: new Set(verified.permissions) };
  };
}
