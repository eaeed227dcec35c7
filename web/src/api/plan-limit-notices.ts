import type { Problem } from './client';

/**
 * A 402 problem: past a plan's quota (`quota_exceeded`), a feature the plan lacks
 * (`feature_not_in_plan`) or read-only (`subscription_past_due`).
 */
export interface PlanLimitProblem extends Problem {
  quota?: string;
  feature?: string;
  limit?: number;
  usage?: number;
  /** The cheapest plan with more (its `limit` for a quota; none for a feature). */
  upgrade?: { plan: string; name: string; limit?: number } | null;
}

let latest: PlanLimitProblem | null = null;
const listeners = new Set<() => void>();

const planLimitCodes = new Set(['quota_exceeded', 'feature_not_in_plan', 'subscription_past_due']);

/**
 * Every API answer the app reads passes here when it fails: a plan limit is remembered so the
 * shell can say which limit was hit, whatever screen made the call.
 */
export function notePlanLimit(problem: Problem): void {
  if (problem.status !== 402 || !planLimitCodes.has(problem.code)) return;
  latest = problem;
  for (const listener of listeners) listener();
}

export function dismissPlanLimit(): void {
  latest = null;
  for (const listener of listeners) listener();
}

export function currentPlanLimit(): PlanLimitProblem | null {
  return latest;
}

export function subscribePlanLimit(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
