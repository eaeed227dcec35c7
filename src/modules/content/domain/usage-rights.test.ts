import { describe, expect, it } from 'vitest';
import { rightsStatus } from './usage-rights.js';

describe('usage rights', () => {
  const now = new Date('2026-06-01T00:00:00Z');
  it('flags rights that expire within 30 days, and expired ones', () => {
    expect(rightsStatus(null, now)).toEqual({ expired: false, expiresSoon: false });
    expect(rightsStatus('2026-06-20T00:00:00Z', now)).toEqual({
      expired: false,
      expiresSoon: true,
    });
    expect(rightsStatus('2026-09-01T00:00:00Z', now)).toEqual({
      expired: false,
      expiresSoon: false,
    });
    expect(rightsStatus('2026-05-31T23:59:59Z', now)).toEqual({
      expired: true,
      expiresSoon: false,
    });
  });
});
