import { describe, expect, it } from 'vitest';
import { MetaApiError, regainAccessMinutes } from './meta-graph-client.js';

describe('Meta Graph client rules', () => {
  it('reads how long Meta asks an account to wait from X-Business-Use-Case-Usage', () => {
    expect(regainAccessMinutes(null)).toBe(0);
    expect(regainAccessMinutes('not json')).toBe(0);
    expect(
      regainAccessMinutes(
        JSON.stringify({ '1': [{ call_count: 40, estimated_time_to_regain_access: 0 }] }),
      ),
    ).toBe(0);
    expect(
      regainAccessMinutes(
        JSON.stringify({ '1': [{ call_count: 100, estimated_time_to_regain_access: 12 }] }),
      ),
    ).toBe(12);
    expect(regainAccessMinutes(JSON.stringify({ '1': [{ total_time: 100 }] }))).toBe(1);
  });

  it('classifies Graph error codes', () => {
    const error = (code: number, status = 400) =>
      new MetaApiError('x', status, code, undefined, undefined);
    for (const code of [4, 17, 613, 80_004]) expect(error(code).rateLimited).toBe(true);
    expect(error(190).tokenInvalid).toBe(true);
    expect(error(190).transient).toBe(false);
    expect(error(100).transient).toBe(false);
    expect(error(1, 500).transient).toBe(true);
  });
});
