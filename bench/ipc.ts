/**
 * The few messages between the benchmark (parent) and the server under test (child process).
 * The server runs in its own process so the load generator never shares its event loop.
 */

export interface ServerStats {
  /** Highest resident set size sampled while the server ran, in bytes. */
  peakRssBytes: number;
  rssBytes: number;
  /** Which cache answered (`redis` or `memory`); absent for the raw node:http ceiling. */
  cacheBackend?: string;
  cacheLoads?: number;
  writes?: number;
  /** Whether this process runs job handlers (false: a separate worker process runs them). */
  worksJobs?: boolean;
}

export type ChildMessage =
  /** `url` is absent for a process without an HTTP listener (the bench worker). */
  | { type: 'ready'; url?: string }
  | { type: 'stats'; stats: ServerStats }
  | { type: 'failed'; message: string };

export type ParentMessage = { type: 'stats' } | { type: 'stop' };

/**
 * Child side: reports `ready`, answers `stats`, and closes cleanly on `stop` (or when the parent
 * goes away, so no server outlives an interrupted benchmark).
 */
export function serveParent(options: {
  url?: string;
  stats: () => Promise<Omit<ServerStats, 'peakRssBytes' | 'rssBytes'>>;
  close: () => Promise<void>;
}): void {
  const send = (message: ChildMessage) => process.send?.(message);
  let peakRssBytes = process.memoryUsage.rss();
  const sampler = setInterval(() => {
    peakRssBytes = Math.max(peakRssBytes, process.memoryUsage.rss());
  }, 200);
  sampler.unref();

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    clearInterval(sampler);
    await options.close();
    process.disconnect?.();
    process.exit(0);
  };

  process.on('message', (message: ParentMessage) => {
    if (message.type === 'stop') {
      void stop();
      return;
    }
    options.stats().then(
      (extra) => {
        const rssBytes = process.memoryUsage.rss();
        peakRssBytes = Math.max(peakRssBytes, rssBytes);
        send({ type: 'stats', stats: { peakRssBytes, rssBytes, ...extra } });
      },
      (error: unknown) => send({ type: 'failed', message: String(error) }),
    );
  });
  process.on('disconnect', () => void stop());
  send({ type: 'ready', url: options.url });
}

/** Child side: a start-up failure is reported to the parent before the process exits. */
export function reportStartupFailure(error: unknown): never {
  const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
  process.send?.({ type: 'failed', message } satisfies ChildMessage);
  process.stderr.write(`${message}\n`);
  process.exit(1);
}
