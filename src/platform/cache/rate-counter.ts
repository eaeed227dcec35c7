import type { Cache } from './cache.js';

interface Window {
  /** The shared count as the cache last reported it. */
  shared: number;
  /** Hits counted here and not yet added to the shared count. */
  pending: number;
  /** Hits on their way to the shared count (an increment not yet answered). */
  sending: number;
  windowSeconds: number;
  endsAt: number;
}

/**
 * Rate-limit counters that answer at once from local state and add their hits to the shared
 * counter (Redis, when configured) in one increment per key every `flushMs`, instead of one round
 * trip per request. A decision sees every hit of this process and the other processes' hits up to
 * the last flush, so across N replicas a limit can be overshot by at most what the others serve in
 * one flush interval — the usual trade of gateway rate limiters. Exact counts (login lockouts) use
 * `Cache.increment` directly.
 */
export class RateCounter {
  private readonly windows = new Map<string, Window>();
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> | undefined;

  constructor(
    private readonly cache: Cache,
    private readonly flushMs = 50,
    private readonly now: () => number = Date.now,
  ) {}

  /** Counts one hit; returns the estimated count in the current window and its remaining time. */
  hit(key: string, windowSeconds: number): { count: number; ttlSeconds: number } {
    const now = this.now();
    let window = this.windows.get(key);
    if (!window || window.endsAt <= now) {
      window = {
        shared: 0,
        pending: 0,
        sending: 0,
        windowSeconds,
        endsAt: now + windowSeconds * 1000,
      };
      this.windows.set(key, window);
    }
    window.pending += 1;
    this.timer ??= setTimeout(() => void this.flush(), this.flushMs).unref();
    return {
      count: window.shared + window.sending + window.pending,
      ttlSeconds: Math.max(1, Math.ceil((window.endsAt - now) / 1000)),
    };
  }

  /** Adds pending hits to the shared counters and learns the other processes' counts. */
  async flush(): Promise<void> {
    this.timer = undefined;
    await this.flushing;
    const batch = [...this.windows].filter(([, window]) => window.pending > 0);
    this.flushing = Promise.all(
      batch.map(async ([key, window]) => {
        const delta = window.pending;
        window.pending = 0;
        // Still counted while the increment is under way: hits decided meanwhile see them.
        window.sending += delta;
        try {
          const { count, ttlSeconds } = await this.cache.increment(
            key,
            window.windowSeconds,
            delta,
          );
          window.sending -= delta;
          window.shared = count;
          // Align with a shared window that started earlier elsewhere, but never extend ours: the
          // cache reports whole seconds, and rounding up on every flush would keep it open forever.
          window.endsAt = Math.min(window.endsAt, this.now() + ttlSeconds * 1000);
        } catch {
          window.sending -= delta;
          window.pending += delta;
        }
      }),
    ).then(() => this.sweep());
    await this.flushing;
  }

  async close(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    await this.flush();
  }

  private sweep(): void {
    const now = this.now();
    for (const [key, window] of this.windows) {
      if (window.endsAt <= now && window.pending === 0) this.windows.delete(key);
    }
  }
}
