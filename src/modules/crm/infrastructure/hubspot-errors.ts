/**
 * HubSpot's error answers (`{status: "error", message, correlationId, category, policyName?}`) as
 * errors the sync can tell apart: a refused token stops the connection, a rate limit or an outage
 * is worth another attempt, anything else fails the call plainly.
 */
export class HubSpotError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly category: string | undefined,
    readonly correlationId: string | undefined,
  ) {
    super(message);
    this.name = 'HubSpotError';
  }
}

/** 401: the private-app token was deleted, rotated or never valid. */
export class HubSpotAuthError extends HubSpotError {}

/** 429 with the limit that was hit (`TEN_SECONDLY_ROLLING`, `DAILY`, …). */
export class HubSpotRateLimitError extends HubSpotError {
  constructor(
    message: string,
    readonly policyName: string | undefined,
    correlationId: string | undefined,
  ) {
    super(429, message, 'RATE_LIMITS', correlationId);
  }
}

/** The error of a non-2xx answer, from its status and HubSpot's error body when it has one. */
export function hubspotErrorOf(status: number, body: unknown): HubSpotError {
  const fields = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  const text = (key: string) => (typeof fields[key] === 'string' ? fields[key] : undefined);
  const message = `HubSpot answered ${status}: ${text('message') ?? 'no message'}`;
  if (status === 401)
    return new HubSpotAuthError(status, message, text('category'), text('correlationId'));
  if (status === 429)
    return new HubSpotRateLimitError(message, text('policyName'), text('correlationId'));
  return new HubSpotError(status, message, text('category'), text('correlationId'));
}

/**
 * Worth retrying: the per-second limit (private apps get 100 requests per 10 s) and HubSpot's own
 * outages. The daily limit is not: it resets at midnight in the account's time zone.
 */
export function isTransientHubSpotError(error: unknown): boolean {
  if (error instanceof HubSpotRateLimitError) return error.policyName !== 'DAILY';
  if (error instanceof HubSpotError) return error.status >= 500;
  // fetch itself failed: connection refused or reset.
  return error instanceof TypeError;
}
