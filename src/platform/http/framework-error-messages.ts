import type { FastifyError } from 'fastify';

/**
 * Fastify's own messages for these errors quote the request (the URL, a path segment, the
 * content type). A problem never echoes input back, so they get fixed wording instead.
 */
const safeMessages: Record<string, string> = {
  FST_ERR_BAD_URL: 'The URL is not validly percent-encoded',
  FST_ERR_INVALID_URL: 'The URL is not valid',
  FST_ERR_MAX_PARAM_LENGTH: 'A path segment is longer than 100 characters',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'This route does not accept the content type of the request',
  FST_ERR_ROUTE_MISSING_CONTENT_TYPE: 'A Content-Type header is required',
  FST_ERR_ROUTE_MISSING_CONTENT: 'A request body is required',
};

/** The message of a Fastify 4xx error, without any part of the request in it. */
export function frameworkErrorMessage(error: Partial<FastifyError>, fallback: string): string {
  return (error.code ? safeMessages[error.code] : undefined) ?? error.message ?? fallback;
}
