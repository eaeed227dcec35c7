import { createHmac, timingSafeEqual } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';
import {
  TransientChannelError,
  WebhookSignatureError,
  type ChannelAdapter,
  type ChannelComment,
  type ChannelMetricsRow,
  type ChannelWebhookEvent,
  type DeliverableAd,
  type WebhookDelivery,
} from '../domain/channel-adapter.js';
import { channels, type Channel } from '../domain/channels.js';
import { simulateComments } from '../domain/simulated-comments.js';
import { simulateDay } from '../domain/simulated-metrics.js';

export interface SimulationOptions {
  /** Latency range of a call, like a real API's (ms). */
  latencyMs?: readonly [number, number];
  /** Share of calls that fail with a transient error (rate limit, 503). */
  failureRate?: number;
  random?: () => number;
  /** Secret the simulated platform signs its webhooks with (see simulatedWebhookSecret). */
  webhookSecret?: (channel: Channel) => string;
}

/** Webhooks signed longer ago than this are refused (replays). */
const webhookToleranceSeconds = 300;

/**
 * The simulated platforms' webhook signing secret for a channel, derived from the master key: a
 * deployment has one per channel, as a real platform has one app secret per integration.
 */
export function simulatedWebhookSecret(masterKey: Buffer, channel: Channel): string {
  return `whsec_sim_${createHmac('sha256', masterKey).update(`ads-webhook:${channel}`).digest('base64url')}`;
}

/**
 * `X-Simulated-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">` — the scheme
 * of Stripe's webhooks: the timestamp is signed too, so an old request cannot be replayed.
 */
export function signSimulatedWebhook(secret: string, rawBody: string, at = new Date()): string {
  const t = Math.floor(at.getTime() / 1000);
  const v1 = createHmac('sha256', secret).update(`${t}.${rawBody}`).digest('hex');
  return `t=${t},v1=${v1}`;
}

const webhookBody = z.object({
  events: z
    .array(
      z.looseObject({
        type: z.string().min(1).max(60),
        ad_id: z.string().min(1).max(200).optional(),
      }),
    )
    .max(1000),
});

const commentEvent = z.object({
  id: z.string().min(1).max(200),
  author: z.string().min(1).max(200),
  text: z.string().min(1).max(2000),
  language: z.string().min(2).max(8).default('es'),
  reactions: z.number().int().min(0).max(1e9).default(0),
  created_at: z.iso.datetime({ offset: true }),
});

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

  private readonly webhookSecret: string | undefined;

  constructor(
    readonly channel: Channel,
    options: SimulationOptions = {},
  ) {
    this.latency = options.latencyMs ?? [5, 40];
    this.failureRate = options.failureRate ?? 0.02;
    this.random = options.random ?? Math.random;
    this.webhookSecret = options.webhookSecret?.(channel);
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
        startDate: ad.startDate,
      })) {
        rows.push({ market, day, metrics });
      }
    }
    return rows;
  }

  async fetchComments(
    ad: DeliverableAd,
    from: string,
    to: string,
    now: Date,
  ): Promise<ChannelComment[]> {
    await this.call('comments');
    const today = now.toISOString().slice(0, 10);
    const language = ad.language === 'en' ? 'en' : 'es';
    const found: ChannelComment[] = [];
    for (const day of days(from, to)) {
      if (day > today) break;
      const elapsed =
        day < today ? 1 : (now.getTime() - Date.parse(`${today}T00:00:00Z`)) / 86_400_000;
      const input = {
        seed: ad.adId,
        channel: ad.channel,
        day,
        dailyBudgetMinor: ad.dailyBudgetMinor,
        pacing: ad.pacing,
        markets: ad.markets,
        elapsed,
        startDate: ad.startDate,
      };
      const reactions = simulateDay(input).reduce((sum, row) => sum + row.metrics.reactions, 0);
      found.push(...simulateComments({ ...input, reactions, language }));
    }
    return found;
  }

  /** Verifies `X-Simulated-Signature` (see signSimulatedWebhook) and reads `{events: [...]}`. */
  receiveWebhook(delivery: WebhookDelivery): ChannelWebhookEvent[] {
    if (!this.webhookSecret) throw new WebhookSignatureError('No webhook secret configured');
    const header = delivery.headers['x-simulated-signature'];
    const parts = new Map(
      (typeof header === 'string' ? header : '').split(',').map((part) => {
        const [key = '', value = ''] = part.trim().split('=');
        return [key, value] as const;
      }),
    );
    const t = Number(parts.get('t'));
    const given = Buffer.from(parts.get('v1') ?? '', 'hex');
    const expected = createHmac('sha256', this.webhookSecret)
      .update(`${t}.${delivery.rawBody}`)
      .digest();
    if (
      !Number.isInteger(t) ||
      given.length !== expected.length ||
      !timingSafeEqual(given, expected)
    )
      throw new WebhookSignatureError('The X-Simulated-Signature header does not match the body');
    if (Math.abs(delivery.now.getTime() / 1000 - t) > webhookToleranceSeconds)
      throw new WebhookSignatureError('The webhook signature is too old (replay?)');
    let json: unknown;
    try {
      json = JSON.parse(delivery.rawBody);
    } catch {
      return [];
    }
    const body = webhookBody.safeParse(json);
    if (!body.success) return [];
    return body.data.events.map((event): ChannelWebhookEvent => {
      const externalAdId = event.ad_id ?? null;
      const occurredAt =
        typeof event.occurred_at === 'string' && !Number.isNaN(Date.parse(event.occurred_at))
          ? new Date(event.occurred_at).toISOString()
          : delivery.now.toISOString();
      if (externalAdId && event.type === 'comment') {
        const comment = commentEvent.safeParse(event.comment);
        if (comment.success)
          return {
            kind: 'comment',
            externalAdId,
            comment: {
              externalId: comment.data.id,
              author: comment.data.author,
              text: comment.data.text,
              language: comment.data.language,
              reactions: comment.data.reactions,
              postedAt: new Date(comment.data.created_at).toISOString(),
            },
          };
      }
      if (externalAdId && event.type === 'delivery_status' && typeof event.status === 'string')
        return {
          kind: 'delivery_status',
          externalAdId,
          status: event.status.slice(0, 40),
          reason: typeof event.reason === 'string' ? event.reason.slice(0, 500) : null,
          occurredAt,
        };
      if (externalAdId && event.type === 'reaction' && typeof event.count === 'number')
        return { kind: 'reaction', externalAdId, count: event.count, occurredAt };
      return { kind: 'unknown', externalAdId, type: event.type };
    });
  }
}

/** The adapter per channel: simulated until live adapters with credentials exist. */
export function simulatedAdapters(options: SimulationOptions = {}): Map<Channel, ChannelAdapter> {
  return new Map(
    channels.map((channel) => [channel, new SimulatedChannelAdapter(channel, options)]),
  );
}
