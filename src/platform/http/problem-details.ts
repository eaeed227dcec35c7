import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import {
  hasZodFastifySchemaValidationErrors,
  isResponseSerializationError,
} from 'fastify-type-provider-zod';
import { transientKind } from '../db/transient-error.js';
import { AppError, errorCodes, type ErrorCode, type FieldError } from '../errors/app-error.js';
import { frameworkErrorMessage } from './framework-error-messages.js';

/** RFC 9457 problem details, as every error leaves the API. */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: ErrorCode;
  instance: string;
  request_id: string;
  errors?: FieldError[];
  [extension: string]: unknown;
}

export const problemTypeBase = 'https://docs.promptsales.dev/errors/';

export const problemTitles: Record<ErrorCode, string> = {
  validation_failed: 'Validation failed',
  bad_request: 'Bad request',
  unauthenticated: 'Authentication required',
  payment_required: 'Plan upgrade required',
  forbidden: 'Forbidden',
  not_found: 'Not found',
  method_not_allowed: 'Method not allowed',
  conflict: 'Conflict',
  strategy_name_taken: 'Strategy name taken',
  idempotency_key_reused: 'Idempotency key reused',
  unprocessable: 'Unprocessable request',
  precondition_failed: 'Precondition failed',
  payload_too_large: 'Payload too large',
  uri_too_long: 'URI too long',
  unsupported_media_type: 'Unsupported media type',
  quota_exceeded: 'Quota exceeded',
  feature_not_in_plan: 'Feature not in plan',
  subscription_past_due: 'Subscription past due',
  rate_limited: 'Too many requests',
  headers_too_large: 'Request headers too large',
  internal: 'Internal error',
  dependency_unavailable: 'Service temporarily unavailable',
};

function codeForStatus(status: number): ErrorCode {
  const match = (Object.entries(errorCodes) as [ErrorCode, number][]).find(([, s]) => s === status);
  return match?.[0] ?? (status >= 500 ? 'internal' : 'bad_request');
}

/** Maps anything thrown in a request to an AppError: our own, Fastify's, or unknown (a 500). */
export function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  if (hasZodFastifySchemaValidationErrors(error)) {
    const fields = error.validation.map((issue) => ({
      field: [error.validationContext, ...issue.instancePath.split('/').filter(Boolean)]
        .filter(Boolean)
        .join('.'),
      message: issue.message ?? 'is invalid',
    }));
    const summary = fields.map((f) => `${f.field}: ${f.message}`).join('; ');
    return AppError.validation(`The request is invalid: ${summary}`, fields);
  }
  if (isResponseSerializationError(error)) {
    return new AppError('internal', 'The server produced a response it could not serialise');
  }
  const fastifyError = error as Partial<FastifyError>;
  const status = fastifyError.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    const code: ErrorCode =
      fastifyError.code === 'FST_ERR_CTP_BODY_TOO_LARGE'
        ? 'payload_too_large'
        : fastifyError.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE'
          ? 'unsupported_media_type'
          : codeForStatus(status);
    return new AppError(code, frameworkErrorMessage(fastifyError, problemTitles[code]));
  }
  // A lost database or a cancelled transaction is the caller's cue to retry (503 + Retry-After),
  // not a bug (500).
  const transient = transientKind(error);
  if (transient === 'unavailable') {
    return new AppError(
      'dependency_unavailable',
      'The database is unreachable at the moment; retry shortly.',
      { retryAfterSeconds: 5 },
    );
  }
  if (transient === 'contention') {
    return new AppError(
      'dependency_unavailable',
      'The request collided with a concurrent change; retry it.',
      { retryAfterSeconds: 1 },
    );
  }
  return new AppError('internal', 'An unexpected error occurred; it has been logged.');
}

export function problemFor(error: AppError, request: FastifyRequest): ProblemDetails {
  const { fields, retryAfterSeconds: _retry, ...extensions } = error.details;
  return {
    type: `${problemTypeBase}${error.code}`,
    title: problemTitles[error.code],
    status: error.status,
    detail: error.message,
    code: error.code,
    instance: request.url,
    request_id: request.id,
    ...(fields ? { errors: fields } : {}),
    ...extensions,
  };
}

export function sendProblem(reply: FastifyReply, request: FastifyRequest, error: AppError) {
  if (error.details.retryAfterSeconds !== undefined) {
    void reply.header(
      'retry-after',
      String(Math.max(1, Math.ceil(error.details.retryAfterSeconds))),
    );
  }
  return reply.code(error.status).type('application/problem+json').send(problemFor(error, request));
}
