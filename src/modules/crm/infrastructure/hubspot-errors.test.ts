import { describe, expect, it } from 'vitest';
import {
  HubSpotAuthError,
  HubSpotRateLimitError,
  hubspotErrorOf,
  isTransientHubSpotError,
} from './hubspot-errors.js';

describe('HubSpot errors', () => {
  it('reads a 429 body with its policy and retries the rolling limit, not the daily one', () => {
    const secondly = hubspotErrorOf(429, {
      status: 'error',
      message: 'You have reached your ten_secondly_rolling limit.',
      correlationId: 'c-1',
      category: 'RATE_LIMITS',
      policyName: 'TEN_SECONDLY_ROLLING',
    });
    expect(secondly).toBeInstanceOf(HubSpotRateLimitError);
    expect(secondly).toMatchObject({ policyName: 'TEN_SECONDLY_ROLLING', correlationId: 'c-1' });
    expect(isTransientHubSpotError(secondly)).toBe(true);
    expect(isTransientHubSpotError(hubspotErrorOf(429, { policyName: 'DAILY' }))).toBe(false);
  });

  it('never retries a refused token or a bad request, always an outage', () => {
    const refused = hubspotErrorOf(401, { category: 'INVALID_AUTHENTICATION', message: 'no' });
    expect(refused).toBeInstanceOf(HubSpotAuthError);
    expect(isTransientHubSpotError(refused)).toBe(false);
    expect(isTransientHubSpotError(hubspotErrorOf(400, { category: 'VALIDATION_ERROR' }))).toBe(
      false,
    );
    expect(isTransientHubSpotError(hubspotErrorOf(502, undefined))).toBe(true);
  });
});
