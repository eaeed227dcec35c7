/** Longest wait a vendor's `Retry-After` may impose before a retry (beyond it, fail transient). */
export const maxRetryAfterMs = 60_000;

/** `Retry-After` as milliseconds: delta seconds or an HTTP date; undefined when absent or bad. */
export function retryAfterMs(header: string | null, now = Date.now()): number | undefined {
  if (!header) return undefined;
  const trimmed = header.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}
