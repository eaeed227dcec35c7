import { useRef } from 'react';

/**
 * The Idempotency-Key for a create: the same key while the same body is retried (a double click,
 * a lost answer), a new one as soon as the body changes, so a corrected form is not refused as
 * "Idempotency-Key already used".
 */
export function useIdempotencyKey(): (body: unknown) => string {
  const last = useRef<{ body: string; key: string }>(undefined);
  return (body) => {
    const text = JSON.stringify(body);
    if (last.current?.body !== text) last.current = { body: text, key: crypto.randomUUID() };
    return last.current.key;
  };
}
