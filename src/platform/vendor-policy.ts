import {
  BrokenCircuitError,
  ConsecutiveBreaker,
  DelegateBackoff,
  circuitBreaker,
  handleWhen,
  retry,
  wrap,
  type IPolicy,
  type IRetryBackoffContext,
} from 'cockatiel';

export interface VendorPolicyOptions {
  /** The vendor's name, for the error a caller sees when the circuit is open. */
  vendor: string;
  /** First backoff; later ones double, with jitter. */
  retryBaseMs: number;
  /** Rate limits, timeouts, 5xx: worth another attempt. */
  isTransient(error: unknown): boolean;
  /** The wait the vendor asked for (Retry-After), if it said one. */
  retryAfterMs?(error: unknown): number | undefined;
  /** The longest wait before one retry (default 60 s): the caller's next run catches up instead. */
  maxDelayMs?: number;
  /** The error a caller gets while the account's circuit is open (the caller's own kind). */
  circuitOpen(message: string): Error;
}

/**
 * Retry and circuit breaker per vendor account (cockatiel), shared by every vendor adapter (ad
 * networks, messaging, CRMs): up to three attempts of transient failures, waiting what the vendor
 * asked for in Retry-After when it did, else exponential backoff with jitter (so accounts do not
 * retry in step); after five consecutive transient failures the account's calls stop for 30 s.
 */
export class VendorPolicies {
  private readonly policies = new Map<string, IPolicy>();

  constructor(private readonly options: VendorPolicyOptions) {}

  async execute<T>(accountKey: string, work: () => Promise<T>): Promise<T> {
    try {
      return await this.policyFor(accountKey).execute(work);
    } catch (error) {
      if (error instanceof BrokenCircuitError)
        throw this.options.circuitOpen(
          `${this.options.vendor} calls for this account are paused after repeated failures (circuit open)`,
        );
      throw error;
    }
  }

  private policyFor(accountKey: string): IPolicy {
    let policy = this.policies.get(accountKey);
    if (!policy) {
      const { retryBaseMs, isTransient, retryAfterMs, maxDelayMs = 60_000 } = this.options;
      const transient = handleWhen(isTransient);
      const backoff = new DelegateBackoff<IRetryBackoffContext<unknown>>((context) => {
        const asked = 'error' in context.result ? retryAfterMs?.(context.result.error) : undefined;
        if (asked !== undefined) return Math.min(asked, maxDelayMs);
        const ceiling = Math.min(retryBaseMs * 2 ** (context.attempt - 1), maxDelayMs);
        return retryBaseMs / 2 + Math.random() * ceiling;
      });
      policy = wrap(
        retry(transient, { maxAttempts: 3, backoff }),
        circuitBreaker(transient, { halfOpenAfter: 30_000, breaker: new ConsecutiveBreaker(5) }),
      );
      this.policies.set(accountKey, policy);
    }
    return policy;
  }
}
