import { describe, expect, it } from 'vitest';
import {
  describeFailure,
  durationMs,
  isRateLimited,
  isTransient,
  isUnauthenticated,
  parseGoogleAdsFailure,
} from './google-ads-failure.js';

const failure = (code: number, status: string, errors: unknown[]) => ({
  error: {
    code,
    message: 'm',
    status,
    details: [
      {
        '@type': 'type.googleapis.com/google.ads.googleads.v22.errors.GoogleAdsFailure',
        errors,
        requestId: 'req-1',
      },
    ],
  },
});

describe('Google Ads failures', () => {
  it('reads error codes, messages, the request id and the quota retry delay', () => {
    const parsed = parseGoogleAdsFailure(
      429,
      failure(429, 'RESOURCE_EXHAUSTED', [
        {
          errorCode: { quotaError: 'RESOURCE_TEMPORARILY_EXHAUSTED' },
          message: 'Too many requests.',
          details: { quotaErrorDetails: { rateScope: 'ACCOUNT', retryDelay: '30s' } },
        },
      ]),
    );
    expect(parsed).toMatchObject({
      httpStatus: 429,
      status: 'RESOURCE_EXHAUSTED',
      errorCodes: ['quotaError:RESOURCE_TEMPORARILY_EXHAUSTED'],
      errorMessages: ['Too many requests.'],
      retryDelayMs: 30_000,
      requestId: 'req-1',
    });
    expect(isRateLimited(parsed)).toBe(true);
    expect(isTransient(parsed)).toBe(true);
    expect(describeFailure(parsed)).toContain('quotaError:RESOURCE_TEMPORARILY_EXHAUSTED');
  });

  it('falls back to Retry-After, and reads protobuf durations', () => {
    expect(parseGoogleAdsFailure(429, {}, '7').retryDelayMs).toBe(7000);
    expect(parseGoogleAdsFailure(503, 'not json').message).toBe('HTTP 503');
    expect(durationMs('1.5s')).toBe(1500);
    expect(durationMs('soon')).toBeUndefined();
  });

  it('treats expired or revoked OAuth tokens as unauthenticated, but not other 401s', () => {
    const expired = parseGoogleAdsFailure(
      401,
      failure(401, 'UNAUTHENTICATED', [
        { errorCode: { authenticationError: 'OAUTH_TOKEN_EXPIRED' } },
      ]),
    );
    expect(isUnauthenticated(expired)).toBe(true);
    expect(isTransient(expired)).toBe(false);
    expect(
      isUnauthenticated(parseGoogleAdsFailure(401, { error: { status: 'UNAUTHENTICATED' } })),
    ).toBe(true);
    const project = parseGoogleAdsFailure(
      401,
      failure(401, 'UNAUTHENTICATED', [
        { errorCode: { authenticationError: 'ORGANIZATION_NOT_APPROVED' } },
      ]),
    );
    expect(isUnauthenticated(project)).toBe(false);
  });

  it('retries Google’s own failures but not bad requests or prohibited quota', () => {
    expect(isTransient(parseGoogleAdsFailure(500, failure(500, 'INTERNAL', [])))).toBe(true);
    expect(isTransient(parseGoogleAdsFailure(503, {}))).toBe(true);
    const invalid = parseGoogleAdsFailure(
      400,
      failure(400, 'INVALID_ARGUMENT', [
        { errorCode: { campaignError: 'DUPLICATE_CAMPAIGN_NAME' } },
      ]),
    );
    expect(isTransient(invalid)).toBe(false);
    const prohibited = parseGoogleAdsFailure(
      403,
      failure(403, 'PERMISSION_DENIED', [{ errorCode: { quotaError: 'ACCESS_PROHIBITED' } }]),
    );
    expect(isRateLimited(prohibited)).toBe(false);
  });
});
