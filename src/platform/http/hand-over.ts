import type { FastifyReply } from 'fastify';
import { releaseRequestPriority } from './request-priority-hook.js';

/**
 * Gives the raw response to code that writes it itself (event streams, the MCP transport). The
 * headers the platform's hooks already set — request id, CORS, rate limit, security headers,
 * cache policy — are copied first: after `hijack()` Fastify sends nothing of its own. The
 * response may now stay open for minutes, so it no longer counts as a request being served.
 */
export function handOverResponse(reply: FastifyReply): void {
  for (const [name, value] of Object.entries(reply.getHeaders())) {
    if (value !== undefined) reply.raw.setHeader(name, value);
  }
  reply.hijack();
  releaseRequestPriority(reply.raw);
}
