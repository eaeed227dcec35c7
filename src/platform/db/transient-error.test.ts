import { describe, expect, it } from 'vitest';
import { isTransientError, transientKind } from './transient-error.js';

const withCode = (code: string, message = 'x') => Object.assign(new Error(message), { code });

describe('transient database errors', () => {
  it('recognises a restart, a failover and a lost connection, also wrapped by the ORM', () => {
    expect(transientKind(withCode('57P01', 'terminating connection'))).toBe('unavailable');
    expect(transientKind(withCode('57P03', 'the database system is starting up'))).toBe(
      'unavailable',
    );
    expect(transientKind(withCode('08006'))).toBe('unavailable');
    expect(transientKind(withCode('53300', 'too many clients'))).toBe('unavailable');
    const refused = withCode('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:5432');
    expect(transientKind(new Error('Failed query: select 1', { cause: refused }))).toBe(
      'unavailable',
    );
    expect(isTransientError(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(
      isTransientError(new Error('Client has encountered a connection error and is not queryable')),
    ).toBe(true);
  });

  it('recognises pool starvation', () => {
    expect(transientKind(new Error('timeout exceeded when trying to connect'))).toBe('unavailable');
  });

  it('recognises serialization failures and deadlocks as contention', () => {
    expect(transientKind(withCode('40001'))).toBe('contention');
    expect(transientKind(withCode('40P01'))).toBe('contention');
  });

  it('leaves errors that would fail again alone', () => {
    expect(isTransientError(withCode('23505', 'duplicate key'))).toBe(false);
    expect(isTransientError(withCode('42P01', 'relation does not exist'))).toBe(false);
    expect(isTransientError(new TypeError('x is undefined'))).toBe(false);
    expect(isTransientError(undefined)).toBe(false);
  });
});
