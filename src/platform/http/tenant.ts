import type { FastifyRequest } from 'fastify';
import { authOf } from './authentication.js';

/**
 * The organisation a request acts for: always the authenticated principal's, never a value from
 * the body or path. Repositories take it as their first argument and filter every query by it.
 */
export function tenantOf(request: FastifyRequest): string {
  return authOf(request).orgId;
}
