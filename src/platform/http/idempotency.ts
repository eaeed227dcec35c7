import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { AppError } from '../errors/app-error.js';
import type { IdempotencyStore, KeyState } from './idempotency-store.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * Honour the `Idempotency-Key` header on this route (every POST that creates something).
     * `true`: the key is claimed before the handler and its response stored after it.
     * `'in-transaction'`: the handler records key and response in its own write transaction
     * (from `request.idempotency`), so the write and the key commit together.
     */
    idempotent?: boolean | 'in-transaction';
  }
  interface FastifyRequest {
    /** The scoped key and request fingerprint, when the request carries an Idempotency-Key. */
    idempotency?: { key: string; fingerprint: string };
  }
}

const keyPattern = /^[\x21-\x7e]{1,255}$/;

function fingerprintOf(request: FastifyRequest): string {
  return createHash('sha256')
    .update(
      `${request.method} ${request.routeOptions.url ?? request.url}\n${JSON.stringify(request.body ?? null)}`,
    )
    .digest('base64url');
}

function scopedKey(request: FastifyRequest, key: string): string {
  const principal = request.auth?.principalId ?? `ip:${request.ip}`;
  return `${principal}:${request.method}:${request.routeOptions.url}:${key}`;
}

/** Answers a request whose key belongs to an earlier one: its response, or why not. */
export function replyToUsedKey(
  reply: FastifyReply,
  state: Exclude<KeyState, { kind: 'claimed' }>,
): FastifyReply {
  if (state.kind === 'mismatch')
    throw new AppError(
      'idempotency_key_reused',
      'This Idempotency-Key was already used with a different request; use a new key for a new request',
    );
  if (state.kind === 'in_flight')
    throw new AppError(
      'conflict',
      'A request with this Idempotency-Key is still being processed; retry shortly',
      { retryAfterSeconds: 1 },
    );
  void reply.header('idempotent-replayed', 'true');
  if (state.response.contentType) void reply.type(state.response.contentType);
  return reply.code(state.response.status).send(state.response.body);
}

/**
 * Stripe-style idempotency, kept in the database: the first request with a key runs; retries with
 * the same key and body get the stored response (header `idempotent-replayed: true`); the same key
 * with another body is a 422; a retry while the first is still running is a 409. Only successful
 * responses are stored: a refused request (validation, a limit, a server error) frees its key, so
 * the corrected request may use it. Keys live 24 hours.
 */
export const idempotencyPlugin = fp<{ store: IdempotencyStore }>(
  async (app: FastifyInstance, { store }) => {
    app.addHook('preHandler', async (request: FastifyRequest, reply: FastifyReply) => {
      const mode = request.routeOptions.config.idempotent;
      if (!mode) return;
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
      const idempotency = { key: scopedKey(request, header), fingerprint: fingerprintOf(request) };
      if (mode === 'in-transaction') {
        request.idempotency = idempotency;
        return;
      }
      const state = await store.claim(idempotency.key, idempotency.fingerprint);
      if (state.kind !== 'claimed') return replyToUsedKey(reply, state);
      request.idempotency = idempotency;
    });

    app.addHook('onSend', async (request, reply, payload) => {
      const { idempotency } = request;
      if (!idempotency || request.routeOptions.config.idempotent !== true) return payload;
      if (reply.statusCode >= 300 || typeof payload !== 'string') {
        await store.release(idempotency.key);
        return payload;
      }
      await store.complete(idempotency.key, {
        status: reply.statusCode,
        contentType: reply.getHeader('content-type')?.toString() ?? null,
        body: payload,
      });
      return payload;
    });
  },
);
