import { uuidv7 } from 'uuidv7';
import type { Database } from '../../../platform/db/database.js';
import type { Logger } from '../../../platform/logging/logger.js';
import type { UsageEntry } from '../domain/usage.js';
import { usageLog } from './ai.tables.js';

export interface UsageLogWriterOptions {
  /** Rows per INSERT. */
  maxBatch?: number;
  /** How long a row may wait for its batch. */
  flushIntervalMs?: number;
  /** Rows kept while the database is unreachable; beyond, the oldest are dropped (and logged). */
  maxBuffered?: number;
}

/**
 * Writes the usage log off the caller's path: `record` only appends to a buffer; rows go to the
 * database in multi-row INSERTs every `flushIntervalMs` or as soon as a batch fills. A generation
 * never waits for its log row, and 450 concurrent generations cost a handful of INSERTs, not 450.
 * The id (UUIDv7) and timestamp are taken at record time, so order and time are the call's.
 */
export class UsageLogWriter {
  private buffer: (typeof usageLog.$inferInsert)[] = [];
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> = Promise.resolve();
  private readonly maxBatch: number;
  private readonly flushIntervalMs: number;
  private readonly maxBuffered: number;
  private closed = false;

  constructor(
    private readonly db: Database,
    private readonly log: Logger,
    options: UsageLogWriterOptions = {},
  ) {
    this.maxBatch = options.maxBatch ?? 500;
    this.flushIntervalMs = options.flushIntervalMs ?? 200;
    this.maxBuffered = options.maxBuffered ?? 50_000;
  }

  record(entry: UsageEntry): void {
    if (this.buffer.length >= this.maxBuffered) {
      this.buffer.shift();
      this.log.warn('AI usage log buffer full (database unreachable?); dropping the oldest row');
    }
    this.buffer.push({ ...entry, id: uuidv7(), createdAt: new Date().toISOString() });
    if (this.closed) return;
    if (this.buffer.length >= this.maxBatch) void this.flush();
    else if (!this.timer) {
      this.timer = setTimeout(() => void this.flush(), this.flushIntervalMs);
      this.timer.unref();
    }
  }

  /** Writes everything recorded so far; resolves when it is in the database (or failed). */
  flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.flushing = this.flushing.then(() => this.drain());
    return this.flushing;
  }

  async close(): Promise<void> {
    await this.flush();
    this.closed = true;
  }

  private async drain(): Promise<void> {
    while (this.buffer.length > 0) {
      const batch = this.buffer.splice(0, this.maxBatch);
      try {
        await this.db.insert(usageLog).values(batch).onConflictDoNothing();
      } catch (error) {
        // Keep the rows for the next flush; the buffer cap bounds memory if the outage lasts.
        this.buffer.unshift(...batch);
        this.log.error({ err: error, rows: batch.length }, 'AI usage log write failed; will retry');
        if (!this.closed && !this.timer) {
          this.timer = setTimeout(() => void this.flush(), Math.max(1000, this.flushIntervalMs));
          this.timer.unref();
        }
        return;
      }
    }
  }
}
