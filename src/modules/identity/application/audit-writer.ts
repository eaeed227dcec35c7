import type { Logger } from '../../../platform/logging/logger.js';
import type { AuditEntry } from '../infrastructure/audit-log.repository.js';

export interface AuditWriterOptions {
  flushIntervalMs: number;
  maxBatch: number;
  /** Entries kept while the database is unreachable; beyond it the oldest are dropped (logged). */
  maxBuffered: number;
}

export const defaultAuditWriterOptions: AuditWriterOptions = {
  flushIntervalMs: 200,
  maxBatch: 500,
  maxBuffered: 50_000,
};

/**
 * Keeps audit writes off the request path: entries are buffered and inserted in one statement
 * every `flushIntervalMs` or `maxBatch` entries, whichever comes first, and on close.
 */
export class AuditWriter {
  private buffer: AuditEntry[] = [];
  private timer: NodeJS.Timeout | undefined;
  private inFlight: Promise<void> = Promise.resolve();

  constructor(
    /** Inserts one batch (one statement). */
    private readonly write: (entries: AuditEntry[]) => Promise<void>,
    private readonly log: Pick<Logger, 'error'>,
    private readonly options: AuditWriterOptions = defaultAuditWriterOptions,
  ) {}

  record(entry: AuditEntry): void {
    this.buffer.push(entry);
    if (this.buffer.length > this.options.maxBuffered) {
      this.buffer.shift();
      this.log.error('audit buffer full: dropped the oldest entry');
    }
    if (this.buffer.length >= this.options.maxBatch) void this.flush();
    else this.timer ??= setTimeout(() => void this.flush(), this.options.flushIntervalMs).unref();
  }

  /** Writes everything buffered so far; resolves when it is in the database. */
  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.buffer.splice(0, this.buffer.length);
    // Batches go one after another so their order and the database's load stay predictable.
    this.inFlight = this.inFlight.then(async () => {
      for (let i = 0; i < batch.length; i += this.options.maxBatch) {
        const chunk = batch.slice(i, i + this.options.maxBatch);
        try {
          await this.write(chunk);
        } catch (error) {
          // Most likely the database is down: keep the entries and try again shortly.
          this.log.error(
            { err: error, entries: chunk.length },
            'audit entries could not be written',
          );
          this.buffer.unshift(...batch.slice(i));
          this.timer ??= setTimeout(() => void this.flush(), 1000).unref();
          return;
        }
      }
    });
    return this.inFlight;
  }
}
