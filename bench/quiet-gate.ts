import os from 'node:os';
import { setTimeout } from 'node:timers/promises';

/** Below this 1-minute load average the machine counts as quiet (docs/architecture.md §11). */
export const quietLoadAverage = 1;

export interface QuietGate {
  /** The 1-minute load average when the benchmark started its first scenario. */
  loadAverage: number;
  quiet: boolean;
  waitedSeconds: number;
}

/**
 * Waits, up to `maxWaitSeconds`, for the 1-minute load average to drop below 1: two cores shared
 * with builds and test runs give figures that mean nothing. Starts anyway when the time is up; the
 * report then says the machine was not quiet.
 */
export async function waitForQuietMachine(
  maxWaitSeconds: number,
  onWaiting: (loadAverage: number) => void,
  pollMs = 5_000,
): Promise<QuietGate> {
  const startedAt = Date.now();
  const deadline = startedAt + maxWaitSeconds * 1000;
  let loadAverage = oneMinuteLoad();
  if (loadAverage >= quietLoadAverage && Date.now() < deadline) onWaiting(loadAverage);
  while (loadAverage >= quietLoadAverage && Date.now() < deadline) {
    await setTimeout(Math.min(pollMs, deadline - Date.now()));
    loadAverage = oneMinuteLoad();
  }
  return {
    loadAverage,
    quiet: loadAverage < quietLoadAverage,
    waitedSeconds: Math.round((Date.now() - startedAt) / 1000),
  };
}

function oneMinuteLoad(): number {
  return os.loadavg()[0] ?? 0;
}

/** The report's line about the gate: the load average the run started with, and what it means. */
export function describeQuietGate(gate: QuietGate): string {
  const waited = gate.waitedSeconds > 0 ? ` after waiting ${gate.waitedSeconds} s` : '';
  return gate.quiet
    ? `load average ${gate.loadAverage.toFixed(2)} at start${waited}: quiet: true`
    : `load average ${gate.loadAverage.toFixed(2)} at start${waited}: quiet: false ` +
        `(≥ ${quietLoadAverage}: other work shares the CPUs, so these figures mean little)`;
}
