import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { AppError } from '../errors/app-error.js';
import type { Cache } from '../cache/cache.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Honour the `Idempotency-Key` header on this route (every POST that creates something). */
    idempotent?: boolean;
  }
  interface FastifyRequest {
    idempotencyKey?: string;
  }
}

interface StoredResponse {
  state: 'done';
  fingerprint: string;
  status: number;
  contentType: string | undefined;
  body: string;
}

interface Pending {
  state: 'pending';
  fingerprint: string;
}

const keyPattern = /^[\x21-\x7e]{1,255}$/;
const replayTtlSeconds = 24 * 60 * 60;
const pendingTtlSeconds = 60;

function fingerprintOf(request: FastifyRequest): string {
  return createHash('sha256')
    .update(
      `${request.method} ${request.routeOptions.url ?? request.url}\n${JSON.stringify(request.body ?? null)}`,
    )
    .digest('base64url');
}

function storageKey(request: FastifyRequest, key: string): string {
  const principal = request.auth?.principalId ?? `ip:${request.ip}`;
  return `idem:${principal}:${request.method}:${request.routeOptions.url}:${key}`;
}

/**
 * Stripe-style idempotency: the first request with a key runs; retries with the same key and body
 * get the stored response (header `idempotent-replayed: true`); the same key with another body is
 * a 422; a retry while the first is still running is a 409. Server errors and 429s are not stored,
 * so the client may retry them. Keys live 24 hours.
 */
export const idempotencyPlugin = fp<{ cache: Cache }>(async (app: FastifyInstance, { cache }) => {
  app.addHook('preHandler', async (request: FastifyRequest, reply: FastifyReply) => {
    if (!request.routeOptions.config.idempotent) return;
    const header = request.headers['idempotency-key'];
    if (header === undefined) return;
    if (typeof header !== 'string' || !keyPattern.test(header)) {
      throw AppError.validation(
        'The Idempotency-Key header must be 1 to 255 printable ASCII characters',
        [
          {
            field: 'headers.idempotency-key',
            message: 'must be 1 to 255 printable ASCII characters',
          },
        ],
      );
    }
    const key = storageKey(request, header);
    const fingerprint = fingerprintOf(request);
    const existing = await cache.get<StoredResponse | Pending>(key);
    if (existing) {
      if (existing.fingerprint !== fingerprint) {
        throw new AppError(
          'idempotency_key_reused',
          'This Idempotency-Key was already used with a different request; use a new key for a new request',
        );
      }
      if (existing.state === 'pending') {
        throw new AppError(
          'conflict',
          'A request with this Idempotency-Key is still being processed; retry shortly',
          {
            retryAfterSeconds: 1,
          },
        );
      }
      void reply.header('idempotent-replayed', 'true');
      if (existing.contentType) void reply.type(existing.contentType);
      return reply.code(existing.status).send(existing.body);
    }
    const claimed = await cache.setIfAbsent<Pending>(
      key,
      { state: 'pending', fingerprint },
      pendingTtlSeconds,
    );
    if (!claimed) {
      throw new AppError(
        'conflict',
        'A request with this Idempotency-Key is still being processed; retry shortly',
        {
          retryAfterSeconds: 1,
        },
      );
    }
    request.idempotencyKey = key;
  });

  app.addHook('onSend', async (request, reply, payload) => {
    const key = request.idempotencyKey;
    if (!key) return payload;
    // 5xx and 429 (a quota or limit that will reset) invite a retry: a stored copy would replay
    // the refusal for 24 hours, so they release the key instead.
    if (reply.statusCode >= 500 || reply.statusCode === 429 || typeof payload !== 'string') {
      await cache.delete(key);
      return payload;
    }
    const stored: StoredResponse = {
      state: 'done',
      fingerprint: fingerprintOf(request),
      status: reply.statusCode,
      contentType: reply.getHeader('content-type')?.toString(),
      body: payload,
    };
    await cache.set(key, stored, replayTtlSeconds);
    return payload;
  });
});
