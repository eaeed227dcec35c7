import { describe, expect, it } from 'vitest';
import { LinkedInApiError } from './linkedin-rest-client.js';
import { TikTokApiError } from './tiktok-api-client.js';

describe('TikTok and LinkedIn error rules', () => {
  it('classifies TikTok envelope codes', () => {
    const error = (code: number, status = 200) => new TikTokApiError('x', status, code, 'req');
    expect(error(40100).rateLimited).toBe(true);
    expect(error(40100).transient).toBe(true);
    expect(error(40102).tokenExpired).toBe(true);
    expect(error(40102).transient).toBe(false);
    for (const code of [40104, 40105]) expect(error(code).tokenInvalid).toBe(true);
    expect(error(40002).transient).toBe(false);
    expect(error(50000).transient).toBe(true);
    expect(error(40001, 503).transient).toBe(true);
  });

  it('classifies LinkedIn answers, and does not wait out a long Retry-After in the call', () => {
    const error = (status: number, code?: string, service?: number, retryAfterMs?: number) =>
      new LinkedInApiError('x', status, code, service, retryAfterMs);
    expect(error(401, 'EXPIRED_ACCESS_TOKEN', 65601).tokenExpired).toBe(true);
    expect(error(401, undefined, 65601).tokenExpired).toBe(true);
    expect(error(401, 'REVOKED_ACCESS_TOKEN', 65602).tokenInvalid).toBe(true);
    expect(error(401, 'REVOKED_ACCESS_TOKEN', 65602).tokenExpired).toBe(false);
    expect(error(429, 'TOO_MANY_REQUESTS', 101, 1_000).transient).toBe(true);
    expect(error(429, 'TOO_MANY_REQUESTS', 101, 3_600_000).transient).toBe(false);
    expect(error(503).transient).toBe(true);
    expect(error(400, 'FIELD_VALUE_DENIED').transient).toBe(false);
  });
});
