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

/** What an Idempotency-Key may be (also stated in the OpenAPI document). */
export const idempotencyKeyPattern = /^[\x21-\x7e]{1,255}$/;

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
    // Callback style on the way in and out: every request passes both hooks, and most carry no
    // key; only those that do pay for a promise.
    app.addHook('preHandler', (request, reply, done) => {
      if (
        !request.routeOptions.config.idempotent ||
        request.headers['idempotency-key'] === undefined
      )
        return done();
      // A replayed response is sent from here: then the chain stops, and `done` is not called.
      claimKey(request, reply).then((replied) => {
        if (!replied) done();
      }, done);
    });

    /** Claims the request's key; true when the key's earlier response was sent instead. */
    async function claimKey(request: FastifyRequest, reply: FastifyReply): Promise<boolean> {
      const mode = request.routeOptions.config.idempotent;
      const header = request.headers['idempotency-key'];
      if (typeof header !== 'string' || !idempotencyKeyPattern.test(header)) {
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
        return false;
      }
      const state = await store.claim(idempotency.key, idempotency.fingerprint);
      if (state.kind !== 'claimed') {
        void replyToUsedKey(reply, state);
        return true;
      }
      request.idempotency = idempotency;
      return false;
    }

    app.addHook('onSend', (request, reply, payload, done) => {
      const { idempotency } = request;
      if (!idempotency || request.routeOptions.config.idempotent !== true)
        return done(null, payload);
      const settled =
        reply.statusCode >= 300 || typeof payload !== 'string'
          ? store.release(idempotency.key)
          : store.complete(idempotency.key, {
              status: reply.statusCode,
              contentType: reply.getHeader('content-type')?.toString() ?? null,
              body: payload,
            });
      settled.then(() => done(null, payload), done);
    });
  },
);
