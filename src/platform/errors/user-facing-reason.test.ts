import { describe, expect, it } from 'vitest';
import { AppError } from './app-error.js';
import { userFacingReason } from './user-facing-reason.js';

describe('user-facing failure reasons', () => {
  it('never shows SQL or driver messages', () => {
    const sqlError = new Error('Failed query: insert into "content"."assets" … duplicate key', {
      cause: Object.assign(new Error('duplicate key value'), { code: '23505' }),
    });
    expect(userFacingReason(sqlError)).not.toMatch(/insert|duplicate|content/);
    expect(userFacingReason(new TypeError('x is undefined'))).toMatch(/unexpected error/);
  });

  it('says a transient outage is temporary', () => {
    const restart = Object.assign(new Error('terminating connection'), { code: '57P01' });
    expect(userFacingReason(restart)).toMatch(/temporary outage/);
  });

  it('keeps messages written for users', () => {
    expect(userFacingReason(new AppError('conflict', 'The brand kit was deleted'))).toBe(
      'The brand kit was deleted',
    );
    const refusal = Object.assign(new Error('The AI provider rejected the API key'), {
      userFacing: true as const,
    });
    expect(userFacingReason(refusal)).toBe('The AI provider rejected the API key');
  });
});
