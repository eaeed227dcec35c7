import type { Logger as DrizzleLogger } from 'drizzle-orm';

/** Sees each statement Drizzle sends, with its parameters (e.g. a test that EXPLAINs them). */
export type QueryObserver = (query: string, params: unknown[]) => void;

/**
 * Drizzle's query logger, fanned out to observers added at run time. With none (production) it
 * costs one empty-set check per statement.
 */
export function createQueryObservers() {
  const observers = new Set<QueryObserver>();
  const logger: DrizzleLogger = {
    logQuery(query, params) {
      for (const observer of observers) observer(query, params);
    },
  };
  return {
    logger,
    /** Adds an observer; returns the function that removes it. */
    observe(observer: QueryObserver): () => void {
      observers.add(observer);
      return () => observers.delete(observer);
    },
  };
}
