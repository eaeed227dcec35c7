import {
  BrokenCircuitError,
  BulkheadRejectedError,
  CircuitState,
  ConsecutiveBreaker,
  DelegateBackoff,
  TaskCancelledError,
  TimeoutStrategy,
  bulkhead,
  circuitBreaker,
  handleWhen,
  retry,
  timeout,
  type IRetryBackoffContext,
} from 'cockatiel';
import { countsAgainstBreaker, isRetryable, ProviderError } from '../domain/provider-error.js';

export interface GuardSettings {
  /** Per attempt. */
  timeoutMs: number;
  /** Retries after the first attempt. */
  maxRetries: number;
  /** First back-off; doubles per retry, with full jitter. */
  retryBaseMs: number;
  /** Consecutive failures that open the circuit. */
  breakerThreshold: number;
  /** How long the circuit stays open before one trial call. */
  breakerCooldownMs: number;
  /** Calls in flight to this provider at once; more wait in a queue. */
  maxConcurrency: number;
  maxQueue: number;
}

export interface GuardEvents {
  onBreak?: () => void;
  onReset?: () => void;
  onRetry?: (attempt: number, delayMs: number, error: ProviderError) => void;
}

/** The longest Retry-After we honour; a provider asking for more gets the error passed on. */
const maxRetryAfterMs = 20_000;

/**
 * The resilience policies of one provider endpoint, composed outside-in:
 * retry (429/5xx/timeouts, exponential back-off with jitter, honouring Retry-After)
 * → circuit breaker (opens after consecutive server failures; fails fast while open)
 * → bulkhead (concurrency limit + queue) → timeout per attempt (aborts the HTTP request).
 * Retries wait outside the bulkhead, so back-off never holds a concurrency slot.
 */
export class ProviderGuard {
  private readonly retryPolicy;
  private readonly breaker;
  private readonly bulkhead;
  private readonly timeout;

  constructor(settings: GuardSettings, events: GuardEvents = {}) {
    this.timeout = timeout(settings.timeoutMs, TimeoutStrategy.Aggressive);
    this.bulkhead = bulkhead(settings.maxConcurrency, settings.maxQueue);
    this.breaker = circuitBreaker(
      handleWhen((error) => error instanceof ProviderError && countsAgainstBreaker(error.kind)),
      {
        halfOpenAfter: settings.breakerCooldownMs,
        breaker: new ConsecutiveBreaker(settings.breakerThreshold),
      },
    );
    this.retryPolicy = retry(
      handleWhen(
        (error) => error instanceof ProviderError && isRetryable(error.kind) && retryAllowed(error),
      ),
      {
        maxAttempts: settings.maxRetries,
        backoff: new DelegateBackoff((context: IRetryBackoffContext<unknown>) => {
          const exponential = settings.retryBaseMs * 2 ** (context.attempt - 1);
          const jittered = exponential / 2 + Math.random() * (exponential / 2);
          const error = 'error' in context.result ? context.result.error : undefined;
          const asked = error instanceof ProviderError ? (error.details.retryAfterMs ?? 0) : 0;
          return Math.max(jittered, asked);
        }),
      },
    );
    this.breaker.onBreak(() => events.onBreak?.());
    this.breaker.onReset(() => events.onReset?.());
    this.retryPolicy.onRetry((event) => {
      if ('error' in event && event.error instanceof ProviderError) {
        events.onRetry?.(event.attempt, event.delay, event.error);
      }
    });
  }

  state(): 'closed' | 'open' | 'half-open' {
    const state = this.breaker.state;
    return state === CircuitState.Closed
      ? 'closed'
      : state === CircuitState.HalfOpen
        ? 'half-open'
        : 'open';
  }

  async execute<T>(
    operation: (signal: AbortSignal) => Promise<T>,
    signal?: AbortSignal,
  ): Promise<T> {
    try {
      return await this.retryPolicy.execute(
        ({ signal: retrySignal }) =>
          this.breaker.execute(
            ({ signal: breakerSignal }) =>
              this.bulkhead.execute(async ({ signal: slotSignal }) => {
                try {
                  // The slot's signal chains breaker, retry and caller: an abort anywhere stops the attempt.
                  return await this.timeout.execute(
                    (context) => operation(context.signal),
                    slotSignal,
                  );
                } catch (error) {
                  if (error instanceof TaskCancelledError) {
                    throw new ProviderError('timeout', 'The AI provider did not answer in time');
                  }
                  throw error;
                }
              }, breakerSignal),
            retrySignal,
          ),
        // A signal of its own per call: without one, cockatiel hangs every call's abort listener
        // on one shared never-aborted signal (hundreds at once under load).
        signal ?? new AbortController().signal,
      );
    } catch (error) {
      if (error instanceof BrokenCircuitError) {
        throw new ProviderError(
          'circuit_open',
          'The AI provider is failing; calls are paused for a moment',
        );
      }
      if (error instanceof BulkheadRejectedError) {
        throw new ProviderError('overloaded', 'Too many AI calls are waiting for this provider');
      }
      throw error;
    }
  }
}

function retryAllowed(error: ProviderError): boolean {
  return (error.details.retryAfterMs ?? 0) <= maxRetryAfterMs;
}
