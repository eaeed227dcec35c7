import { setTimeout as sleep } from 'node:timers/promises';
import { TransientChannelError } from '../domain/channel-adapter.js';

/** Retries a channel call on transient failures (a few quick attempts with backoff). */
export async function withChannelRetry<T>(call: () => Promise<T>, attempts = 4): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      if (!(error instanceof TransientChannelError) || attempt >= attempts) throw error;
      await sleep(50 * 2 ** attempt);
    }
  }
}
