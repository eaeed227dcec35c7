import { setImmediate as nextTurn } from 'node:timers/promises';
import type { PGlite, Transaction } from '@electric-sql/pglite';
import { requestPriority } from './request-priority.js';

/**
 * PGlite runs every statement synchronously on this thread, and its promises resolve as
 * microtasks: a chain of awaited statements (the demo seed, a job's batch of writes) never lets
 * the event loop reach its I/O phase, so no request is even accepted until the chain ends — the
 * first start once left `/healthz` unanswered for minutes while the demo was generated. Waiting
 * one event-loop turn before each statement lets requests in between any two statements; a
 * request then waits at most for the statement (or, for its own queries, the transaction) that
 * is running, which is why long writers also keep their statements and transactions small.
 * A statement or transaction that starts outside any request also waits until no request is
 * being served (see RequestPriority); statements inside a transaction only take their turn, as
 * the transaction already holds the database.
 */
export function yieldBeforeStatements(client: PGlite): void {
  const transaction = client.transaction.bind(client);
  client.query = afterRequests(client.query.bind(client)) as PGlite['query'];
  client.exec = afterRequests(client.exec.bind(client));
  client.transaction = afterRequests((callback: (tx: Transaction) => Promise<unknown>) =>
    transaction((tx) =>
      callback(
        Object.assign(tx, {
          query: afterATurn(tx.query.bind(tx)) as Transaction['query'],
          exec: afterATurn(tx.exec.bind(tx)),
        }),
      ),
    ),
  ) as PGlite['transaction'];
}

function afterATurn<Args extends unknown[], Result>(
  run: (...args: Args) => Promise<Result>,
): (...args: Args) => Promise<Result> {
  return async (...args) => {
    await nextTurn();
    return run(...args);
  };
}

function afterRequests<Args extends unknown[], Result>(
  run: (...args: Args) => Promise<Result>,
): (...args: Args) => Promise<Result> {
  return async (...args) => {
    await nextTurn();
    await requestPriority.turnOf();
    return run(...args);
  };
}
