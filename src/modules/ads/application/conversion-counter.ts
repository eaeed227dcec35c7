import type { Runtime } from '../../../platform/runtime.js';
import { countPendingConversions } from '../infrastructure/performance.repository.js';

/**
 * Adds recorded conversions to the live counters shortly after they commit, many per statement:
 * with the counter updated inside each conversion's transaction, every conversion of an ad on a
 * day waited for the previous one's commit (one hot row), about 60 per second in all. A
 * conversion committed here but not yet counted (a crash in between) is counted by the next
 * flush of any process, since the flush takes every conversion without `counted_at`.
 */
export class ConversionCounter {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;

  constructor(
    private readonly runtime: Runtime,
    private readonly options = { delayMs: 100, batch: 5_000 },
  ) {}

  /** A conversion was committed: count it (and any others waiting) within `delayMs`. */
  nudge(): void {
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      void this.flush();
    }, this.options.delayMs);
  }

  /** Counts everything waiting; a call during a flush runs one more after it. */
  flush(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = this.drain().finally(() => {
      this.running = undefined;
      if (this.again) {
        this.again = false;
        void this.flush();
      }
    });
    return this.running;
  }

  async stop(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.running;
    await this.drain();
  }

  private async drain(): Promise<void> {
    try {
      let counted = this.options.batch;
      while (counted === this.options.batch)
        counted = await countPendingConversions(this.runtime.database, this.options.batch);
    } catch (error) {
      // The conversions stay uncounted: the next flush (the next conversion's) takes them.
      this.runtime.log.error({ err: error }, 'ads: conversions not added to the counters');
    }
  }
}
