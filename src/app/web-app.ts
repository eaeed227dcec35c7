import fs from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { AppError } from '../platform/errors/app-error.js';
import { projectRoot } from '../platform/project-root.js';

export const webDistDir = path.join(projectRoot, 'web', 'dist');

const apiPrefixes = ['/api/', '/mcp', '/.well-known/', '/oidc/', '/t/'];

/**
 * Serves the portal (web/dist, built by `npm run build`) at `/`. Unknown paths that are not API
 * paths get index.html so the single-page app's own routes survive a reload.
 */
export async function registerWebApp(app: FastifyInstance): Promise<void> {
  if (!fs.existsSync(path.join(webDistDir, 'index.html'))) {
    app.log.warn({ webDistDir }, 'web app not built (run `npm run build`); serving the API only');
    return;
  }
  await app.register(fastifyStatic, {
    root: webDistDir,
    wildcard: false,
    maxAge: '1h',
    immutable: false,
  });
  app.get('/*', { schema: { hide: true } }, async (request, reply) => {
    if (apiPrefixes.some((prefix) => request.url.startsWith(prefix))) {
      throw new AppError('not_found', `No route ${request.method} ${request.url.split('?')[0]}`);
    }
    return reply.header('cache-control', 'no-cache').sendFile('index.html');
  });
}
