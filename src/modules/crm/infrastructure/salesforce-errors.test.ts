import { describe, expect, it } from 'vitest';
import {
  SalesforceAuthError,
  isTransientSalesforceError,
  salesforceErrorOf,
} from './salesforce-errors.js';

describe('Salesforce errors', () => {
  it('reads the error array and retries the request limit and outages', () => {
    const limited = salesforceErrorOf(403, [
      { message: 'TotalRequests Limit exceeded.', errorCode: 'REQUEST_LIMIT_EXCEEDED' },
    ]);
    expect(limited.message).toBe(
      'Salesforce answered 403: REQUEST_LIMIT_EXCEEDED: TotalRequests Limit exceeded.',
    );
    expect(isTransientSalesforceError(limited)).toBe(true);
    expect(isTransientSalesforceError(salesforceErrorOf(503, undefined))).toBe(true);
  });

  it('never retries a refused session or another 403 or 400', () => {
    const refused = salesforceErrorOf(401, [
      { message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' },
    ]);
    expect(refused).toBeInstanceOf(SalesforceAuthError);
    expect(isTransientSalesforceError(refused)).toBe(false);
    expect(
      isTransientSalesforceError(
        salesforceErrorOf(403, [{ errorCode: 'INSUFFICIENT_ACCESS', message: 'no' }]),
      ),
    ).toBe(false);
    expect(
      isTransientSalesforceError(
        salesforceErrorOf(400, [{ errorCode: 'MALFORMED_QUERY', message: 'bad', fields: [] }]),
      ),
    ).toBe(false);
  });
});
