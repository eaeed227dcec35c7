import type { FastifyCorsOptions } from '@fastify/cors';

/** Every method the API routes use: a preflight for PUT, PATCH or DELETE must be allowed too. */
const apiMethods = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'];

/**
 * CORS for the API from `CORS_ORIGINS`. The API authenticates with bearer tokens, never cookies,
 * so `*` means the literal wildcard without credentials: reflecting any origin together with
 * `Access-Control-Allow-Credentials: true` would let every site read what a browser's cookies
 * unlock. A list of origins is matched exactly and may send credentials.
 */
export function corsOptions(origins: readonly string[]): FastifyCorsOptions {
  const exposedHeaders = ['x-request-id', 'retry-after', 'idempotent-replayed'];
  if (origins.length === 0) return { origin: false };
  if (origins.includes('*'))
    return { origin: '*', credentials: false, methods: apiMethods, exposedHeaders };
  return { origin: [...origins], credentials: true, methods: apiMethods, exposedHeaders };
}
