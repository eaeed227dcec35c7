import { uuidv7 } from 'uuidv7';
import type { Runtime } from '../../../platform/runtime.js';
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
  occurredAt: string;
}

/**
 * Records clicks off the redirect's path: the redirect only appends to a buffer, and a flush
 * every `intervalMs` (or at `maxBatch`) writes the clicks, the live counters and one
 * `ads.click-recorded` event per click in one transaction.
 */
export class ClickRecorder {
  private buffer: PendingClick[] = [];
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly runtime: Runtime,
    private readonly intervalMs = 200,
    private readonly maxBatch = 500,
  ) {}

  record(click: PendingClick): void {
    this.buffer.push(click);
    if (this.buffer.length >= this.maxBatch) void this.flush();
    else this.timer ??= setTimeout(() => void this.flush(), this.intervalMs);
  }

  flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.buffer;
    this.buffer = [];
    this.flushing = this.flushing.then(() => this.write(batch));
    return this.flushing;
  }

  async stop(): Promise<void> {
    await this.flush();
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
          occurredAt: click.occurredAt,
        }));
        await insertClicks(tx, rows);
        const counters = new Map<string, Parameters<typeof addTracking>[1][number]>();
        for (const click of batch) {
          const day = click.occurredAt.slice(0, 10);
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
        await addTracking(tx, [...counters.values()]);
        for (const [index, row] of rows.entries()) {
          await this.runtime.events.publish(tx, {
            type: 'ads.click-recorded',
            orgId: row.orgId,
            payload: {
              clickId: row.id,
              linkId: row.linkId,
              adId: row.adId,
              campaignId: batch[index]!.campaignId,
              utm: row.utm,
              occurredAt: row.occurredAt,
            },
          });
        }
      });
    } catch (error) {
      this.runtime.log.error({ err: error, clicks: batch.length }, 'ads: click batch not written');
    }
  }
}
