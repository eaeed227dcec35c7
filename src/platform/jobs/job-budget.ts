import { ConfigError } from '../config/config-error.js';

/**
 * How a working process shares its database pool between its job queues.
 *
 * A handler of a `database` queue holds a connection for most of its run, so database runs of all
 * queues together pass a gate as wide as the connections left for jobs: more of them at once would
 * only wait on the pool (and, past its acquire timeout, fail with "timeout exceeded when trying to
 * connect"). No database queue is granted more jobs at once than that gate lets through, so it
 * fetches no more jobs than it can start. A `provider` queue mostly waits on something else (an AI
 * provider) and holds a connection only for short statements between those waits, so it may run
 * wider than the pool: its statements queue for a connection (the pool is their bounded gate, with
 * a long acquire timeout in the worker) instead of each run holding one throughout.
 */
export type JobWaitsOn = 'database' | 'provider';

export interface QueueDemand {
  name: string;
  /** Jobs of the queue the definition asks to run at once in one process. */
  concurrency: number;
  waitsOn: JobWaitsOn;
}

export interface QueueGrant extends QueueDemand {
  /** Jobs of the queue this process runs at once. */
  granted: number;
}

export interface JobBudget {
  /** Connections in the process's pool (DATABASE_POOL_MAX). */
  connections: number;
  /** Connections kept for work outside job handlers (the outbox relay, probes, metrics). */
  reserved: number;
  /** Database-queue runs at once across all queues (the gate's width): connections − reserved. */
  forJobs: number;
  queues: QueueGrant[];
}

/** The outbox relay's batch transaction and a readiness probe or metrics scrape. */
export const reservedConnections = 2;

/** The pool has no connection for jobs beside the reserved ones. */
export class PoolTooSmallError extends ConfigError {
  constructor(connections: number) {
    super([
      `DATABASE_POOL_MAX: ${connections} is too small for a process that works jobs: it needs ` +
        `at least ${reservedConnections + 1} (${reservedConnections} for the outbox relay and ` +
        'probes, the rest for jobs)',
    ]);
  }
}

/** Caps each database queue at the gate's width; provider queues keep their concurrency. */
export function planJobBudget(connections: number, demands: readonly QueueDemand[]): JobBudget {
  const forJobs = connections - reservedConnections;
  if (forJobs < 1) throw new PoolTooSmallError(connections);
  return {
    connections,
    reserved: reservedConnections,
    forJobs,
    queues: demands.map((demand) => ({
      ...demand,
      granted:
        demand.waitsOn === 'database' ? Math.min(demand.concurrency, forJobs) : demand.concurrency,
    })),
  };
}

/** Database queues whose concurrency the budget lowered. */
export function scaledQueues(budget: JobBudget): QueueGrant[] {
  return budget.queues.filter((queue) => queue.granted < queue.concurrency);
}

/** The start-up line that states the budget, e.g. for `kubectl logs`. */
export function describeJobBudget(budget: JobBudget): string {
  const wide = budget.queues
    .filter((queue) => queue.waitsOn === 'provider')
    .map((queue) => `${queue.name} ${queue.granted}`)
    .join(', ');
  const capped = scaledQueues(budget)
    .map((queue) => `${queue.name} ${queue.concurrency}→${queue.granted}`)
    .join(', ');
  return (
    `job budget: ${budget.connections} pool connections, ${budget.reserved} reserved, ` +
    `database-bound jobs run ${budget.forJobs} at once at most` +
    (capped ? ` (capped to fit: ${capped}; raise DATABASE_POOL_MAX for more)` : '') +
    (wide ? `; provider-bound queues queue for a connection per statement (${wide})` : '')
  );
}
