import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Reads until `done` accepts the value: for effects that land asynchronously (jobs, outbox
 * handlers). Fails with the last value seen, so a timeout says how far things got.
 */
export async function eventually<T>(
  read: () => T | Promise<T>,
  done: (value: T) => boolean,
  timeoutMs = 25_000,
  intervalMs = 100,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let value = await read();
  while (!done(value)) {
    if (Date.now() > deadline) throw new Error(`Timed out; last value: ${JSON.stringify(value)}`);
    await sleep(intervalMs);
    value = await read();
  }
  return value;
}
