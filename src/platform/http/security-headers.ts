import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import helmet, { type HelmetOptions } from 'helmet';

/**
 * Helmet's security headers, computed once. @fastify/helmet rebuilds the helmet middleware on
 * every request (about 8% of a cached read's CPU); our headers never vary per request, so the
 * middleware runs once against a recording response and the result is set on each reply.
 */
export function securityHeaders(options: HelmetOptions): Record<string, string> {
  const headers: Record<string, string> = {};
  const recorder = {
    setHeader: (name: string, value: string | number | readonly string[]) => {
      headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
    },
    removeHeader: (name: string) => {
      delete headers[name.toLowerCase()];
    },
  };
  let failure: unknown;
  helmet(options)(
    {} as IncomingMessage,
    recorder as unknown as ServerResponse,
    (error?: unknown) => {
      failure = error;
    },
  );
  if (failure) throw failure instanceof Error ? failure : new Error(String(failure));
  return headers;
}

const apiPaths = ['/api/v1/', '/mcp'];

/**
 * What an API answer (JSON, never rendered as a page) needs, after OWASP's REST Security Cheat
 * Sheet: no caching anywhere (answers carry personal data and tokens), no framing, no sniffing,
 * HTTPS only, and a policy that lets the body load nothing. Helmet's page headers (DNS prefetch,
 * download options, cross-domain policies, opener policy…) say nothing to a JSON reader and
 * doubled every answer's header bytes. A route that answers a page or a cacheable file (an
 * invoice's HTML, media) sets its own `content-security-policy` or `cache-control`.
 */
export const apiSecurityHeaders: Readonly<Record<string, string>> = {
  'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
  'strict-transport-security': 'max-age=31536000; includeSubDomains',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cross-origin-resource-policy': 'same-origin',
  'cache-control': 'no-store',
};

/** API answers get `apiSecurityHeaders`; pages, the web app and the docs get helmet's with `pageOptions`. */
export function registerSecurityHeaders(app: FastifyInstance, pageOptions: HelmetOptions): void {
  const pageHeaders = securityHeaders(pageOptions);
  app.addHook('onRequest', (request, reply, done) => {
    void reply.headers(
      apiPaths.some((path) => request.url.startsWith(path)) ? apiSecurityHeaders : pageHeaders,
    );
    done();
  });
}
