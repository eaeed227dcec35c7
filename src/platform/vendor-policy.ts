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
 * networks, messaging, CRMs): up to three retries of a transient failure, each after
 * `retryDelayMs` (what the vendor asked for in Retry-After, at least an exponential delay with
 * jitter); after five consecutive transient failures the account's calls stop for 30 s.
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
      const backoff = new DelegateBackoff<IRetryBackoffContext<unknown>>((context) =>
        retryDelayMs({
          attempt: context.attempt,
          baseMs: retryBaseMs,
          askedMs: 'error' in context.result ? retryAfterMs?.(context.result.error) : undefined,
          maxDelayMs,
        }),
      );
      policy = wrap(
        retry(transient, { maxAttempts: 3, backoff }),
        circuitBreaker(transient, { halfOpenAfter: 30_000, breaker: new ConsecutiveBreaker(5) }),
      );
      this.policies.set(accountKey, policy);
    }
    return policy;
  }
}

/**
 * The wait before retry `attempt` (1 for the first): the longer of what the vendor asked for and
 * an exponential delay from `baseMs` with jitter over its upper half (so accounts throttled
 * together spread out), never over `maxDelayMs`.
 */
export function retryDelayMs(input: {
  attempt: number;
  baseMs: number;
  askedMs: number | undefined;
  maxDelayMs: number;
  random?: () => number;
}): number {
  const exponential = input.baseMs * 2 ** (input.attempt - 1);
  const jittered = exponential / 2 + ((input.random ?? Math.random)() * exponential) / 2;
  return Math.min(Math.max(input.askedMs ?? 0, jittered), input.maxDelayMs);
}
