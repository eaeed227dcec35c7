import { describe, expect, it } from 'vitest';
import { retryAfterMs } from './provider-error.js';

const headers = (values: Record<string, string>) => (name: string) => values[name];

describe('Retry-After', () => {
  it('prefers OpenAI retry-after-ms, then seconds, then an HTTP date', () => {
    expect(retryAfterMs(headers({ 'retry-after-ms': '250', 'retry-after': '3' }))).toBe(250);
    expect(retryAfterMs(headers({ 'retry-after': '3' }))).toBe(3000);
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(retryAfterMs(headers({ 'retry-after': 'Thu, 01 Jan 2026 00:00:05 GMT' }), now)).toBe(
      5000,
    );
    expect(retryAfterMs(headers({}))).toBeUndefined();
  });
});
