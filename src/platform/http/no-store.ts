import type { FastifyInstance } from 'fastify';

const apiPaths = ['/api/v1/', '/mcp'];

/**
 * API answers carry personal data and tokens: no browser or shared cache may keep them
 * (`Cache-Control: no-store`). A route whose answer may be cached (media files) sets its own.
 */
export function registerNoStore(app: FastifyInstance): void {
  app.addHook('onRequest', (request, reply, done) => {
    if (apiPaths.some((path) => request.url.startsWith(path)))
      void reply.header('cache-control', 'no-store');
    done();
  });
}
