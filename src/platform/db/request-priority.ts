import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * Requests before background work on the embedded database. PGlite runs each statement
 * synchronously on the serving thread, so a job's statement that starts while a request is
 * between two of its I/O turns (a static file's open, read and close; a handler's queries) makes
 * that request wait for it. Background statements therefore start only once no request is being
 * served, or after `maxWaitMs` so that a steady stream of requests cannot starve the jobs.
 * Statements issued while serving a request (inside `serveRequest`) never wait.
 */
export class RequestPriority {
  private readonly serving = new AsyncLocalStorage<true>();
  private inFlight = 0;
  private readonly waiting = new Set<() => void>();

  constructor(private readonly maxWaitMs: number) {}

  /**
   * Runs `handle` as a request's work and counts the request until `release` is called
   * (idempotent): when the response is done, or when it becomes a long-lived stream.
   */
  serveRequest(handle: (release: () => void) => void): void {
    this.inFlight += 1;
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      this.inFlight -= 1;
      if (this.inFlight === 0) for (const wake of [...this.waiting]) wake();
    };
    this.serving.run(true, handle, release);
  }

  /** Resolves at once for a request's own statement; else when no request is served (or later). */
  turnOf(): Promise<void> | undefined {
    if (this.inFlight === 0 || this.serving.getStore()) return undefined;
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        this.waiting.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, this.maxWaitMs);
      this.waiting.add(wake);
    });
  }
}

/**
 * The process's one priority: the HTTP server counts requests into it, the embedded database
 * asks it before each background statement. 50 ms keeps jobs moving under constant traffic.
 */
export const requestPriority = new RequestPriority(50);
