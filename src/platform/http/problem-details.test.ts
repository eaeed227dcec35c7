import { describe, expect, it } from 'vitest';
import { AppError } from '../errors/app-error.js';
import { toAppError } from './problem-details.js';

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

  it('answers 503 with a short Retry-After for a deadlock', () => {
    const appError = toAppError(Object.assign(new Error('deadlock detected'), { code: '40P01' }));
    expect(appError.status).toBe(503);
    expect(appError.details.retryAfterSeconds).toBe(1);
  });

  it('keeps real bugs as 500s', () => {
    expect(toAppError(Object.assign(new Error('duplicate key'), { code: '23505' })).status).toBe(
      500,
    );
    expect(toAppError(new TypeError('boom')).status).toBe(500);
    expect(toAppError(AppError.notFound('Thing')).status).toBe(404);
  });
});
