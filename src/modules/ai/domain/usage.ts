import type { ProviderFailureKind } from './provider-error.js';
import type { ProviderKind } from './provider.js';

/** `ok`, `cached` (answered from the result cache: no tokens, no cost) or `error:<kind>`. */
export type UsageOutcome = 'ok' | 'cached' | `error:${ProviderFailureKind}`;

/** One AI call as the usage log records it (billing meters these). */
export interface UsageEntry {
  orgId: string;
  userId: string | null;
  purpose: string;
  provider: ProviderKind;
  model: string;
  operation: 'text' | 'image' | 'embedding';
  tokensIn: number;
  tokensOut: number;
  /** micro-USD: 1 USD = 1,000,000. */
  costMicros: number;
  latencyMs: number;
  outcome: UsageOutcome;
  requestId: string | null;
}

export interface UsageTotals {
  calls: number;
  tokensIn: number;
  tokensOut: number;
  costMicros: number;
}

export interface UsageSummary {
  orgId: string;
  /** YYYY-MM, UTC. */
  month: string;
  totals: UsageTotals & { cached: number; errors: number };
  byPurpose: (UsageTotals & { purpose: string })[];
  byModel: (UsageTotals & { provider: string; model: string })[];
}

/** The UTC bounds [from, to) of a YYYY-MM month. */
export function monthBounds(month: string): { from: string; to: string } {
  const match = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(month);
  if (!match) throw new Error(`Not a YYYY-MM month: ${month}`);
  const year = Number(match[1]);
  const monthIndex = Number(match[2]) - 1;
  return {
    from: new Date(Date.UTC(year, monthIndex, 1)).toISOString(),
    to: new Date(Date.UTC(year, monthIndex + 1, 1)).toISOString(),
  };
}
