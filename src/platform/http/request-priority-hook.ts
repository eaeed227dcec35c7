import type { FastifyInstance } from 'fastify';
import type { ServerResponse } from 'node:http';
import { requestPriority } from '../db/request-priority.js';

const releases = new WeakMap<ServerResponse, () => void>();

/**
 * Counts every request as served from its first hook until its response closes, so that the
 * embedded database starts background statements between requests rather than inside one.
 * Registered first, so every later hook and the handler run as the request's work.
 */
export function registerRequestPriority(app: FastifyInstance): void {
  app.addHook('onRequest', (_request, reply, done) => {
    requestPriority.serveRequest((release) => {
      reply.raw.once('close', release);
      releases.set(reply.raw, release);
      done();
    });
  });
}

/** A response that becomes a long-lived stream stops holding background work back. */
export function releaseRequestPriority(response: ServerResponse): void {
  releases.get(response)?.();
}
