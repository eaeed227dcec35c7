import { setTimeout as sleep } from 'node:timers/promises';
import {
  TransientChannelError,
  type ChannelAdapter,
  type ChannelMetricsRow,
  type ChannelWebhookEvent,
  type DeliverableAd,
} from '../domain/channel-adapter.js';
import { channels, type Channel } from '../domain/channels.js';
import { simulateDay } from '../domain/simulated-metrics.js';

export interface SimulationOptions {
  /** Latency range of a call, like a real API's (ms). */
  latencyMs?: readonly [number, number];
  /** Share of calls that fail with a transient error (rate limit, 503). */
  failureRate?: number;
  random?: () => number;
}

function* days(from: string, to: string): Generator<string> {
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += 86_400_000)
    yield new Date(t).toISOString().slice(0, 10);
}

/**
 * A channel without credentials: it accepts ads and reports deterministic, realistic metrics
 * (see simulateDay), with an API's latency and occasional transient failures.
 */
export class SimulatedChannelAdapter implements ChannelAdapter {
  readonly mode = 'simulated' as const;
  private readonly latency: readonly [number, number];
  private readonly failureRate: number;
  private readonly random: () => number;

  constructor(
    readonly channel: Channel,
    options: SimulationOptions = {},
  ) {
    this.latency = options.latencyMs ?? [5, 40];
    this.failureRate = options.failureRate ?? 0.02;
    this.random = options.random ?? Math.random;
  }

  private async call(what: string): Promise<void> {
    const [low, high] = this.latency;
    await sleep(low + (high - low) * this.random());
    if (this.random() < this.failureRate) {
      throw new TransientChannelError(`simulated ${this.channel}: ${what} answered 503, try again`);
    }
  }

  async publish(ad: DeliverableAd): Promise<{ externalId: string }> {
    await this.call('publish');
    return { externalId: `sim-${this.channel}-${ad.adId}` };
  }

  async pause(): Promise<void> {
    await this.call('pause');
  }

  async resume(): Promise<void> {
    await this.call('resume');
  }

  async fetchMetrics(
    ad: DeliverableAd,
    from: string,
    to: string,
    now: Date,
  ): Promise<ChannelMetricsRow[]> {
    await this.call('insights');
    const today = now.toISOString().slice(0, 10);
    const rows: ChannelMetricsRow[] = [];
    for (const day of days(from, to)) {
      if (day > today) break;
      const elapsed =
        day < today ? 1 : (now.getTime() - Date.parse(`${today}T00:00:00Z`)) / 86_400_000;
      for (const { market, metrics } of simulateDay({
        seed: ad.adId,
        channel: ad.channel,
        day,
        dailyBudgetMinor: ad.dailyBudgetMinor,
        pacing: ad.pacing,
        markets: ad.markets,
        elapsed,
      })) {
        rows.push({ market, day, metrics });
      }
    }
    return rows;
  }

  parseWebhook(body: unknown): ChannelWebhookEvent[] {
    const events = Array.isArray(body) ? body : [body];
    return events.map((event) => {
      const data = (event && typeof event === 'object' ? event : {}) as Record<string, unknown>;
      const kind = data.kind;
      return {
        kind:
          kind === 'delivery_status' || kind === 'comment' || kind === 'reaction'
            ? kind
            : 'unknown',
        externalAdId: typeof data.ad_id === 'string' ? data.ad_id : null,
        data,
      };
    });
  }
}

/** The adapter per channel: simulated until live adapters with credentials exist. */
export function simulatedAdapters(options: SimulationOptions = {}): Map<Channel, ChannelAdapter> {
  return new Map(
    channels.map((channel) => [channel, new SimulatedChannelAdapter(channel, options)]),
  );
}
