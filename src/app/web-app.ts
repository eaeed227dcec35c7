import fs from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { projectRoot } from '../platform/project-root.js';

export const webDistDir = path.join(projectRoot, 'web', 'dist');

/** Paths the server answers itself: never the web app's page, whatever follows. */
const serverPrefixes = [
  '/api/',
  '/mcp',
  '/.well-known/',
  '/oidc/',
  '/t/',
  '/metrics',
  '/healthz',
  '/readyz',
];

/**
 * Serves the portal (web/dist, built by `npm run build`) at `/`. Unknown GET paths that are not
 * the server's own get index.html, so the single-page app's routes survive a reload.
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
  app.setPageFallback((request, reply) =>
    serverPrefixes.some((prefix) => request.url.startsWith(prefix))
      ? undefined
      : reply.header('cache-control', 'no-cache').sendFile('index.html'),
  );
}
