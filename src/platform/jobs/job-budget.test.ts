import { describe, expect, it } from 'vitest';
import {
  describeJobBudget,
  planJobBudget,
  PoolTooSmallError,
  scaledQueues,
  type QueueDemand,
} from './job-budget.js';

const database = (name: string, concurrency: number): QueueDemand => ({
  name,
  concurrency,
  waitsOn: 'database',
});
const provider = (name: string, concurrency: number): QueueDemand => ({
  name,
  concurrency,
  waitsOn: 'provider',
});

const grants = (connections: number, demands: QueueDemand[]) =>
  Object.fromEntries(
    planJobBudget(connections, demands).queues.map((queue) => [queue.name, queue.granted]),
  );

describe('the job budget', () => {
  it('leaves two connections to the outbox relay and the probes, the rest to jobs', () => {
    const budget = planJobBudget(20, [database('a', 8), database('b', 4), provider('ai', 512)]);
    expect(budget).toMatchObject({ connections: 20, reserved: 2, forJobs: 18 });
    expect(scaledQueues(budget)).toEqual([]);
    expect(budget.queues.map((queue) => queue.granted)).toEqual([8, 4, 512]);
  });

  it('caps a database queue at the connections for jobs: it fetches no job it cannot start', () => {
    const budget = planJobBudget(20, [database('events', 200), database('delivery', 4)]);
    expect(grants(20, budget.queues)).toEqual({ events: 18, delivery: 4 });
    expect(scaledQueues(budget)).toEqual([
      { name: 'events', concurrency: 200, waitsOn: 'database', granted: 18 },
    ]);
  });

  it('lets provider-bound queues run wider than the pool', () => {
    expect(grants(4, [database('a', 50), provider('ai', 512)])).toEqual({ a: 2, ai: 512 });
  });

  it('refuses a pool with no connection for jobs beside the reserved ones', () => {
    expect(() => planJobBudget(2, [database('a', 1)])).toThrow(PoolTooSmallError);
    expect(() => planJobBudget(2, [provider('ai', 8)])).toThrow(
      /DATABASE_POOL_MAX: 2 .* at least 3/,
    );
    expect(planJobBudget(3, [database('a', 4), database('b', 1)]).forJobs).toBe(1);
  });

  it('states the budget in one line', () => {
    const line = describeJobBudget(
      planJobBudget(20, [database('a', 40), database('b', 4), provider('ai', 512)]),
    );
    expect(line).toBe(
      'job budget: 20 pool connections, 2 reserved, database-bound jobs run 18 at once at most ' +
        '(capped to fit: a 40→18; raise DATABASE_POOL_MAX for more); provider-bound queues queue ' +
        'for a connection per statement (ai 512)',
    );
    expect(describeJobBudget(planJobBudget(8, [database('b', 4)]))).toBe(
      'job budget: 8 pool connections, 2 reserved, database-bound jobs run 6 at once at most',
    );
  });
});
