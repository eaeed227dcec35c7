import { uuidv7 } from 'uuidv7';
import type { Runtime } from '../../../platform/runtime.js';
import { adsEventTypes } from '../domain/ads-events.js';
import { addTracking } from '../infrastructure/performance.repository.js';
import { insertClicks, type ClickRow } from '../infrastructure/tracking.repository.js';

export interface PendingClick {
  orgId: string;
  linkId: string;
  adId: string;
  campaignId: string;
  channel: string;
  utm: Record<string, string>;
  userAgent: string | null;
  referrer: string | null;
  /** Epoch milliseconds: turned into a timestamp in the batch, not on the redirect's path. */
  occurredAt: number;
}

/**
 * Records clicks off the redirect's path: the redirect only appends to a buffer, and flushes
 * every `intervalMs` (or at `maxBatch`) write the clicks, the live counters and one
 * `ads.click-recorded` event per click, a batch per transaction, up to `maxConcurrent` batches at
 * once. Past `maxBuffered` waiting clicks (the database far behind), new clicks are counted and
 * dropped rather than growing memory without bound: the redirect itself never waits.
 */
export class ClickRecorder {
  private buffer: PendingClick[] = [];
  private timer: NodeJS.Timeout | undefined;
  private readonly writes = new Set<Promise<void>>();
  private dropped = 0;

  constructor(
    private readonly runtime: Runtime,
    private readonly options = {
      intervalMs: 200,
      maxBatch: 1000,
      // Two: one batch is built and sent while the database writes the other.
      maxConcurrent: 2,
      maxBuffered: 200_000,
    },
  ) {}

  record(click: PendingClick): void {
    if (this.buffer.length >= this.options.maxBuffered) {
      if (this.dropped++ % 10_000 === 0)
        this.runtime.log.warn({ dropped: this.dropped }, 'ads: click buffer full, clicks dropped');
      return;
    }
    this.buffer.push(click);
    if (this.buffer.length >= this.options.maxBatch) void this.flush();
    else this.timer ??= setTimeout(() => void this.flush(), this.options.intervalMs);
  }

  /** Starts writing what is buffered (as many batches as allowed); resolves when those end. */
  flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    while (this.buffer.length > 0 && this.writes.size < this.options.maxConcurrent) {
      const batch = this.buffer.splice(0, this.options.maxBatch);
      const write = this.write(batch).finally(() => {
        this.writes.delete(write);
        if (this.buffer.length >= this.options.maxBatch) void this.flush();
      });
      this.writes.add(write);
    }
    if (this.buffer.length > 0)
      this.timer ??= setTimeout(() => void this.flush(), this.options.intervalMs);
    return Promise.all([...this.writes]).then(() => undefined);
  }

  /** Writes everything buffered (shutdown). */
  async stop(): Promise<void> {
    while (this.buffer.length > 0 || this.writes.size > 0) await this.flush();
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private async write(batch: PendingClick[]): Promise<void> {
    if (batch.length === 0) return;
    try {
      await this.runtime.db.transaction(async (tx) => {
        const rows: ClickRow[] = batch.map((click) => ({
          orgId: click.orgId,
          id: uuidv7(),
          linkId: click.linkId,
          adId: click.adId,
          utm: click.utm,
          userAgent: click.userAgent,
          referrer: click.referrer,
          occurredAt: new Date(click.occurredAt).toISOString(),
        }));
        await insertClicks(tx, rows);
        const counters = new Map<string, Parameters<typeof addTracking>[1][number]>();
        for (const [index, click] of batch.entries()) {
          const day = rows[index]!.occurredAt.slice(0, 10);
          const key = `${click.orgId}:${click.adId}:${day}`;
          const counter = counters.get(key) ?? {
            orgId: click.orgId,
            adId: click.adId,
            campaignId: click.campaignId,
            channel: click.channel,
            day,
            clicks: 0,
          };
          counter.clicks = (counter.clicks ?? 0) + 1;
          counters.set(key, counter);
        }
        // Sorted: batches written side by side lock shared counter rows in one order (no deadlock).
        await addTracking(
          tx,
          [...counters.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, row]) => row),
        );
        // One INSERT for the batch's events: per-click statements were most of the cost.
        await this.runtime.events.publishMany(
          tx,
          rows.map((row, index) => ({
            type: adsEventTypes.clickRecorded,
            orgId: row.orgId,
            payload: {
              clickId: row.id,
              linkId: row.linkId,
              adId: row.adId,
              campaignId: batch[index]!.campaignId,
              utm: row.utm,
              occurredAt: row.occurredAt,
            },
          })),
        );
      });
    } catch (error) {
      this.runtime.log.error({ err: error, clicks: batch.length }, 'ads: click batch not written');
    }
  }
}
