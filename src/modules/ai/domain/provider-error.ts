/**
 * Why a provider call failed, in the few kinds the gateway treats differently: which are retried
 * (rate_limited, server, timeout, network), which count against the circuit breaker (server,
 * timeout, network), and which are the caller's or the configuration's fault (bad_request, auth).
 */
export type ProviderFailureKind =
  | 'rate_limited'
  | 'server'
  | 'timeout'
  | 'network'
  | 'auth'
  | 'bad_request'
  | 'invalid_response'
  | 'circuit_open'
  | 'overloaded';

export class ProviderError extends Error {
  /** Its messages say in plain words what the provider did: fit for a request's failure reason. */
  readonly userFacing = true as const;

  constructor(
    readonly kind: ProviderFailureKind,
    message: string,
    readonly details: { status?: number; retryAfterMs?: number } = {},
  ) {
    super(message);
    this.name = 'ProviderError';
  }
}

export function isRetryable(kind: ProviderFailureKind): boolean {
  return kind === 'rate_limited' || kind === 'server' || kind === 'timeout' || kind === 'network';
}

/** A rate limit is the provider working as designed, not failing: it does not trip the breaker. */
export function countsAgainstBreaker(kind: ProviderFailureKind): boolean {
  return kind === 'server' || kind === 'timeout' || kind === 'network';
}

/**
 * Milliseconds a `Retry-After` / `retry-after-ms` header asks us to wait, or undefined. OpenAI
 * sends `retry-after-ms`; RFC 9110 `Retry-After` is seconds or an HTTP date.
 */
export function retryAfterMs(
  header: (name: string) => string | null | undefined,
  now: number = Date.now(),
): number | undefined {
  const ms = Number(header('retry-after-ms'));
  if (header('retry-after-ms') && Number.isFinite(ms) && ms >= 0) return ms;
  const value = header('retry-after');
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
