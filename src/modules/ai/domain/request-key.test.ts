import { describe, expect, it } from 'vitest';
import { requestKey } from './request-key.js';

const base = { operation: 'text' as const, orgId: 'org-1', providerId: 'global', model: 'm' };

describe('result cache key', () => {
  it('is the same for requests that differ only in key order and surrounding whitespace', () => {
    const a = requestKey({
      ...base,
      payload: { temperature: 0.2, messages: [{ role: 'user', content: 'Hi ' }] },
    });
    const b = requestKey({
      ...base,
      payload: { messages: [{ content: 'Hi', role: 'user' }], temperature: 0.2 },
    });
    expect(a).toBe(b);
  });

  it('differs by organisation, model and parameters', () => {
    const payload = { messages: [{ role: 'user', content: 'Hi' }] };
    const key = requestKey({ ...base, payload });
    expect(requestKey({ ...base, orgId: 'org-2', payload })).not.toBe(key);
    expect(requestKey({ ...base, model: 'other', payload })).not.toBe(key);
    expect(requestKey({ ...base, payload: { ...payload, temperature: 1 } })).not.toBe(key);
  });
});
