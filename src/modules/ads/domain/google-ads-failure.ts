/**
 * Google Ads API errors as the REST interface returns them: a google.rpc.Status
 * (`{ error: { code, message, status, details } }`) whose details carry a `GoogleAdsFailure`
 * (`errors[].errorCode` as `{ "<category>Error": "<CODE>" }`, `requestId`), and for quota errors a
 * retry delay (`errors[].details.quotaErrorDetails.retryDelay`, a protobuf Duration such as "30s").
 */

export interface GoogleAdsFailure {
  httpStatus: number;
  /** The gRPC status name: INVALID_ARGUMENT, UNAUTHENTICATED, RESOURCE_EXHAUSTED… */
  status: string | undefined;
  message: string;
  /** Each error as `category:CODE`, e.g. `quotaError:RESOURCE_EXHAUSTED`. */
  errorCodes: string[];
  /** Each error's own message (what the operator reads in the logs). */
  errorMessages: string[];
  /** How long Google asks to wait before the next call (ms), when it says. */
  retryDelayMs: number | undefined;
  requestId: string | undefined;
}

interface StatusBody {
  error?: {
    code?: number;
    message?: string;
    status?: string;
    details?: {
      '@type'?: string;
      errors?: {
        errorCode?: Record<string, string>;
        message?: string;
        details?: { quotaErrorDetails?: { retryDelay?: string } };
      }[];
      requestId?: string;
      retryDelay?: string;
    }[];
  };
}

/** A protobuf Duration in JSON (`"30s"`, `"1.500s"`) → milliseconds. */
export function durationMs(duration: string | undefined): number | undefined {
  const match = /^(\d+(?:\.\d+)?)s$/.exec(duration ?? '');
  return match ? Math.round(Number.parseFloat(match[1]!) * 1000) : undefined;
}

/** An HTTP `Retry-After` in seconds → milliseconds (dates are not used by Google here). */
function retryAfterMs(header: string | null): number | undefined {
  if (!header || !/^\d+$/.test(header)) return undefined;
  return Number.parseInt(header, 10) * 1000;
}

/** Reads an error answer (any JSON, or none) into a GoogleAdsFailure. */
export function parseGoogleAdsFailure(
  httpStatus: number,
  body: unknown,
  retryAfter: string | null = null,
): GoogleAdsFailure {
  const error = (body as StatusBody | undefined)?.error;
  const errorCodes: string[] = [];
  const errorMessages: string[] = [];
  let retryDelayMs: number | undefined;
  let requestId: string | undefined;
  for (const detail of error?.details ?? []) {
    requestId ??= detail.requestId;
    // google.rpc.RetryInfo, which some Google APIs send beside the failure.
    retryDelayMs = Math.max(retryDelayMs ?? 0, durationMs(detail.retryDelay) ?? 0) || undefined;
    for (const item of detail.errors ?? []) {
      for (const [category, code] of Object.entries(item.errorCode ?? {}))
        errorCodes.push(`${category}:${code}`);
      if (item.message) errorMessages.push(item.message);
      const delay = durationMs(item.details?.quotaErrorDetails?.retryDelay);
      if (delay !== undefined) retryDelayMs = Math.max(retryDelayMs ?? 0, delay);
    }
  }
  return {
    httpStatus,
    status: error?.status,
    message: error?.message ?? `HTTP ${httpStatus}`,
    errorCodes,
    errorMessages,
    retryDelayMs: retryDelayMs ?? retryAfterMs(retryAfter),
    requestId,
  };
}

const transientStatuses = new Set(['UNAVAILABLE', 'INTERNAL', 'DEADLINE_EXCEEDED', 'ABORTED']);

/** Too many requests: 429, RESOURCE_EXHAUSTED, or a quota error other than a prohibition. */
export function isRateLimited(failure: GoogleAdsFailure): boolean {
  return (
    failure.httpStatus === 429 ||
    failure.status === 'RESOURCE_EXHAUSTED' ||
    failure.errorCodes.some(
      (code) => code.startsWith('quotaError:') && code !== 'quotaError:ACCESS_PROHIBITED',
    )
  );
}

/**
 * The access token is expired, revoked or not accepted: refresh it, then re-authorize. A 401
 * naming other errors (a customer the user cannot reach, a Cloud project not approved) is not
 * the token's fault and is not treated as one.
 */
export function isUnauthenticated(failure: GoogleAdsFailure): boolean {
  if (failure.errorCodes.some((code) => code.startsWith('authenticationError:OAUTH_TOKEN')))
    return true;
  return (
    failure.errorCodes.length === 0 &&
    (failure.httpStatus === 401 || failure.status === 'UNAUTHENTICATED')
  );
}

/** Worth retrying: rate limits and Google's own failures (5xx, UNAVAILABLE, INTERNAL…). */
export function isTransient(failure: GoogleAdsFailure): boolean {
  return (
    isRateLimited(failure) ||
    failure.httpStatus >= 500 ||
    (failure.status !== undefined && transientStatuses.has(failure.status))
  );
}

/** One line for logs and errors: the message, the error codes and the request id. */
export function describeFailure(failure: GoogleAdsFailure): string {
  const codes = failure.errorCodes.length > 0 ? ` [${failure.errorCodes.join(', ')}]` : '';
  const detail = failure.errorMessages.length > 0 ? `: ${failure.errorMessages.join('; ')}` : '';
  const request = failure.requestId ? ` (request ${failure.requestId})` : '';
  return `Google Ads: ${failure.message}${codes}${detail}${request}`;
}
