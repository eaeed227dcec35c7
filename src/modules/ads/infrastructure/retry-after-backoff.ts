import type { IBackoff, IBackoffFactory, IRetryBackoffContext } from 'cockatiel';

/** Longest wait a vendor's `Retry-After` may impose before a retry (beyond it, fail transient). */
export const maxRetryAfterMs = 60_000;

/**
 * Cockatiel backoff that honours the vendor's `Retry-After`: each wait is the longer of what the
 * failed call's error asks for (`retryAfterMs`) and an exponential delay from `baseMs` with
 * jitter (half fixed, half random), so concurrent callers do not retry in step.
 */
export class RetryAfterBackoff implements IBackoffFactory<IRetryBackoffContext<unknown>> {
  constructor(
    private readonly baseMs: number,
    private readonly attempt = 0,
    private readonly random: () => number = Math.random,
  ) {}

  next(context: IRetryBackoffContext<unknown>): IBackoff<IRetryBackoffContext<unknown>> {
    const error = 'error' in context.result ? context.result.error : undefined;
    const asked =
      typeof error === 'object' && error !== null && 'retryAfterMs' in error
        ? Number(error.retryAfterMs) || 0
        : 0;
    const exponential = this.baseMs * 2 ** this.attempt;
    const jittered = exponential / 2 + (this.random() * exponential) / 2;
    const following = new RetryAfterBackoff(this.baseMs, this.attempt + 1, this.random);
    return {
      duration: Math.min(Math.max(asked, jittered), maxRetryAfterMs),
      next: (next) => following.next(next),
    };
  }
}

/** `Retry-After` as milliseconds: delta seconds or an HTTP date; undefined when absent or bad. */
export function retryAfterMs(header: string | null, now = Date.now()): number | undefined {
  if (!header) return undefined;
  const trimmed = header.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}
