import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { uuidv7 } from 'uuidv7';
import { AppError, type ErrorCode } from '../errors/app-error.js';
import { frameworkErrorMessage } from './framework-error-messages.js';
import { problemFor, problemTitles, problemTypeBase } from './problem-details.js';

function frameworkAppError(error: FastifyError): AppError {
  if (error.code === 'FST_ERR_MAX_PARAM_LENGTH') {
    return new AppError('uri_too_long', frameworkErrorMessage(error, 'URI too long'));
  }
  if (error.code === 'FST_ERR_BAD_URL') {
    return new AppError('bad_request', frameworkErrorMessage(error, 'Bad request'));
  }
  return new AppError('internal', 'An unexpected error occurred; it has been logged.');
}

/**
 * Fastify's `frameworkErrors` option: errors raised while routing, before any hook runs (bad
 * percent-encoding, an over-long path parameter). They answer problem+json like every other error,
 * without `instance`, which would repeat the offending URL.
 */
export function sendFrameworkError(
  error: FastifyError,
  request: FastifyRequest,
  reply: FastifyReply,
): void {
  const appError = frameworkAppError(error);
  if (appError.status >= 500) request.log.error({ err: error }, 'routing failed');
  const { instance: _echo, ...problem } = problemFor(appError, request);
  void reply
    .code(appError.status)
    .header('x-request-id', request.id)
    .type('application/problem+json')
    .send(problem);
}

/** Connection-level refusals Node's HTTP parser raises before there is a request. */
const clientErrors: Record<string, { status: number; code: ErrorCode; detail: string }> = {
  HPE_HEADER_OVERFLOW: {
    status: 431,
    code: 'headers_too_large',
    detail: 'The request line and headers exceed the size the server accepts',
  },
  ERR_HTTP_REQUEST_TIMEOUT: {
    status: 408,
    code: 'bad_request',
    detail: 'The request was not received in time',
  },
};

/**
 * Fastify's `clientErrorHandler`: a malformed request or oversized headers never reach routing,
 * so the answer is written on the socket directly, as problem+json, then the connection closes.
 */
export function sendClientError(error: NodeJS.ErrnoException, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const known = clientErrors[error.code ?? ''];
  const status = known?.status ?? 400;
  const code: ErrorCode = known?.code ?? 'bad_request';
  const body = JSON.stringify({
    type: `${problemTypeBase}${code}`,
    title: problemTitles[code],
    status,
    detail: known?.detail ?? 'The request is not valid HTTP',
    code,
    request_id: uuidv7(),
  });
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Bad Request'}\r\n` +
        `Content-Type: application/problem+json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
        'Connection: close\r\n\r\n' +
        body,
    );
  }
  socket.destroy(error);
}
