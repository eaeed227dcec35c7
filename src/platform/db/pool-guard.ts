import type pg from 'pg';

/**
 * Keeps a pg pool healthy through a restart or failover of PostgreSQL.
 *
 * - A client checked out of the pool (every Drizzle transaction) has no 'error' listener: pg-pool
 *   removes its own on checkout. When the server ends the socket under it (57P01, "Connection
 *   terminated unexpectedly") the client emits 'error' and, unheard, that kills the process.
 * - Drizzle's `transaction()` releases its client only after a successful `begin`: a `begin` that
 *   meets the dead connection leaks the client, and after a few restarts the pool has no
 *   connections left to give (every request then waits out the connection timeout) and `end()`
 *   never returns.
 *
 * So a client that loses its connection while checked out is handed back to the pool at once,
 * marked broken (the pool discards it), and whoever holds it may still call `release()`: that
 * second call does nothing instead of throwing.
 */
export function guardPool(pool: pg.Pool): void {
  const checkedOut = new WeakSet<pg.PoolClient>();
  pool.on('acquire', (client) => checkedOut.add(client));
  pool.on('release', (_error, client) => checkedOut.delete(client));
  pool.on('connect', (client) => {
    client.on('error', (error) => {
      const holder = client as pg.PoolClient;
      if (!checkedOut.has(holder)) return;
      const release = holder.release;
      holder.release = () => undefined;
      release(error);
    });
  });
  // A broken idle connection must not crash the process either; the pool replaces it.
  pool.on('error', () => undefined);
}
