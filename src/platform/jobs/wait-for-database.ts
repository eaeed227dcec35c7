import { setTimeout as sleep } from 'node:timers/promises';
import type { DatabaseHandle } from '../db/database.js';

/**
 * Resolves once the database answers a ping, polling with a doubling pause (100 ms up to 2 s), or
 * when `timeoutMs` passes or `signal` aborts: whoever waits goes on either way, it only goes on
 * later when the database is away.
 */
export async function waitForDatabase(
  database: Pick<DatabaseHandle, 'ping'>,
  { timeoutMs, signal }: { timeoutMs: number; signal?: AbortSignal },
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (let pause = 100; ; pause = Math.min(pause * 2, 2_000)) {
    try {
      await database.ping();
      return;
    } catch {
      const left = deadline - Date.now();
      if (left <= 0 || signal?.aborted) return;
      await sleep(Math.min(pause, left), undefined, { signal }).catch(() => undefined);
    }
  }
}
