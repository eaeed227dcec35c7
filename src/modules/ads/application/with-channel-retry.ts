import { ExponentialBackoff, handleType, retry, type IBackoffFactory } from 'cockatiel';
import { TransientChannelError } from '../domain/channel-adapter.js';

/**
 * Exponential back-off from about 100 ms with decorrelated jitter (cockatiel's default
 * generator), so deliveries that failed together against one channel do not retry in lockstep.
 */
const channelBackoff = new ExponentialBackoff({ initialDelay: 100, maxDelay: 2_000 });

/** Retries a channel call on transient failures only: three retries after the first attempt. */
export function withChannelRetry<T>(
  call: () => Promise<T>,
  backoff: IBackoffFactory<unknown> = channelBackoff,
): Promise<T> {
  return retry(handleType(TransientChannelError), { maxAttempts: 3, backoff }).execute(() =>
    call(),
  );
}
