import { createHash } from 'node:crypto';

/**
 * The result-cache key of a request: a hash of everything that can change the answer (operation,
 * tenant, provider endpoint, model and parameters), with object keys sorted and strings trimmed so
 * that equivalent requests share one entry. The tenant is part of the key: one organisation's
 * prompts and answers are never served to another.
 */
export function requestKey(parts: {
  operation: 'text' | 'image' | 'embedding';
  orgId: string;
  providerId: string;
  model: string;
  payload: unknown;
}): string {
  return createHash('sha256').update(canonicalJson(parts)).digest('base64url');
}

export function canonicalJson(value: unknown): string {
  return JSON.stringify(normalise(value));
}

function normalise(value: unknown): unknown {
  if (typeof value === 'string') return value.trim().replace(/\r\n/g, '\n');
  if (Array.isArray(value)) return value.map(normalise);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .filter(([, item]) => item !== undefined)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([key, item]) => [key, normalise(item)]),
    );
  }
  return value;
}
