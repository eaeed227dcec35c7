import { describe, expect, it } from 'vitest';
import { AppError } from '../errors/app-error.js';
import { isDependencyOutage, toAppError } from './problem-details.js';

describe('database outages', () => {
  it('answers 503 with Retry-After for a refused connection wrapped by the ORM', () => {
    const driverError = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), {
      code: 'ECONNREFUSED',
    });
    const wrapped = new Error('Failed query: select 1', { cause: driverError });
    const appError = toAppError(wrapped);
    expect(appError.status).toBe(503);
    expect(appError.code).toBe('dependency_unavailable');
    expect(appError.details.retryAfterSeconds).toBe(5);
  });

  it('recognises PostgreSQL shutdown and connection-exception states', () => {
    expect(isDependencyOutage(Object.assign(new Error('terminating'), { code: '57P01' }))).toBe(
      true,
    );
    expect(isDependencyOutage(Object.assign(new Error('no connection'), { code: '08006' }))).toBe(
      true,
    );
    expect(isDependencyOutage(new Error('timeout exceeded when trying to connect'))).toBe(true);
  });

  it('keeps real bugs as 500s', () => {
    expect(isDependencyOutage(new TypeError('x is undefined'))).toBe(false);
    expect(isDependencyOutage(Object.assign(new Error('duplicate key'), { code: '23505' }))).toBe(
      false,
    );
    expect(toAppError(new TypeError('boom')).status).toBe(500);
    expect(toAppError(AppError.notFound('Thing')).status).toBe(404);
  });
});
