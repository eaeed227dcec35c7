import { setTimeout as sleep } from 'node:timers/promises';

export interface LatencyRange {
  minMs: number;
  maxMs: number;
}

/**
 * The offline providers wait a little, like a network call would, so callers and benchmarks see
 * realistic interleaving. Zero in unit tests. Honours the gateway's abort signal.
 */
export async function simulateLatency(range: LatencyRange, signal?: AbortSignal): Promise<void> {
  const ms = range.minMs + Math.random() * Math.max(0, range.maxMs - range.minMs);
  if (ms <= 0) return;
  await sleep(ms, undefined, { signal });
}
