import { createHash } from 'node:crypto';
import { and, eq, isNull, lt, or } from 'drizzle-orm';
import { AppError } from '../../../platform/errors/app-error.js';
import type { Runtime } from '../../../platform/runtime.js';
import {
  WebhookSignatureError,
  type ChannelComment,
  type WebhookDelivery,
} from '../domain/channel-adapter.js';
import type { Channel } from '../domain/channels.js';
import { ads, webhookReceipts } from '../infrastructure/ads.tables.js';
import { findAdByExternalId } from '../infrastructure/campaigns.repository.js';
import { adapterFor } from './ads-services.js';
import { receiveChannelLead } from './channel-leads.js';
import { recordComments, type CommentedAd } from './comment-sentiment.js';
import { applyMessagingEvent } from './messaging-webhook-events.js';

/** Receipts are kept a week: platforms redeliver within hours (Meta: up to 36). */
const receiptDays = 7;

/**
 * Channels whose ads one webhook subscription reports on: a Meta app has one callback per object
 * (the ad account), so Facebook and Instagram ads arrive through the same one.
 */
function sameAccounts(channel: Channel): readonly Channel[] {
  if (channel === 'facebook' || channel === 'instagram') return ['facebook', 'instagram'];
  return [channel];
}

export interface WebhookOutcome {
  received: number;
  applied: number;
  ignored: number;
}

/**
 * A channel's webhook: verified by its adapter (401 otherwise), then each event applied to the
 * ad the platform names. Comments are stored and classified like fetched ones (a redelivered
 * comment counts once); a delivery status is kept on the ad unless a newer one is already there,
 * and published as `ads.ad-channel-status`; a lead from a channel's own form goes to the CRM
 * (`receiveChannelLead`). Reactions are ignored: the daily metrics count them.
 * Events for ads we do not know are ignored (the platform may serve other integrations).
 * A delivery already processed (same channel and body digest: platforms redeliver) is ignored
 * whole; its receipt is written after processing, and every step above is idempotent on its
 * own, so two copies racing in change nothing twice either.
 */
export async function receiveChannelWebhook(
  runtime: Runtime,
  channel: Channel,
  delivery: WebhookDelivery,
): Promise<WebhookOutcome> {
  let events;
  try {
    events = await adapterFor(runtime, channel).receiveWebhook(delivery);
  } catch (error) {
    if (error instanceof WebhookSignatureError)
      throw new AppError('unauthenticated', error.message);
    throw error;
  }
  const digest = createHash('sha256').update(delivery.rawBody).digest('base64url');
  const [seen] = await runtime.db
    .select({ digest: webhookReceipts.digest })
    .from(webhookReceipts)
    .where(and(eq(webhookReceipts.channel, channel), eq(webhookReceipts.digest, digest)));
  if (seen) return { received: events.length, applied: 0, ignored: events.length };
  const outcome: WebhookOutcome = { received: events.length, applied: 0, ignored: 0 };
  const commentsByAd = new Map<string, { ad: CommentedAd; found: ChannelComment[] }>();
  for (const event of events) {
    if (event.kind === 'message_status' || event.kind === 'opt_out') {
      if (await applyMessagingEvent(runtime, channel, event)) outcome.applied += 1;
      else outcome.ignored += 1;
      continue;
    }
    if (event.kind === 'lead') {
      if (await receiveChannelLead(runtime, sameAccounts(channel), event)) outcome.applied += 1;
      else outcome.ignored += 1;
      continue;
    }
    const ad =
      event.kind === 'unknown' || event.kind === 'reaction' || !event.externalAdId
        ? undefined
        : await findAdByExternalId(runtime.db, sameAccounts(channel), event.externalAdId);
    if (!ad || (event.kind !== 'comment' && event.kind !== 'delivery_status')) {
      outcome.ignored += 1;
      continue;
    }
    if (event.kind === 'comment') {
      const entry = commentsByAd.get(ad.id) ?? {
        ad: { orgId: ad.orgId, adId: ad.id, campaignId: ad.campaignId, channel: ad.channel },
        found: [],
      };
      entry.found.push(event.comment);
      commentsByAd.set(ad.id, entry);
      continue;
    }
    const applied = await runtime.db.transaction(async (tx) => {
      const [row] = await tx
        .update(ads)
        .set({ channelStatus: event.status, channelStatusAt: event.occurredAt })
        .where(
          and(
            eq(ads.orgId, ad.orgId),
            eq(ads.id, ad.id),
            or(isNull(ads.channelStatusAt), lt(ads.channelStatusAt, event.occurredAt)),
          ),
        )
        .returning({ id: ads.id });
      if (!row) return false;
      await runtime.events.publish(tx, {
        type: 'ads.ad-channel-status',
        orgId: ad.orgId,
        payload: {
          adId: ad.id,
          campaignId: ad.campaignId,
          channel,
          status: event.status,
          reason: event.reason,
          occurredAt: event.occurredAt,
        },
      });
      return true;
    });
    if (applied) outcome.applied += 1;
    else outcome.ignored += 1;
  }
  for (const { ad, found } of commentsByAd.values()) {
    const inserted = await recordComments(runtime, ad, found);
    outcome.applied += inserted;
    outcome.ignored += found.length - inserted;
  }
  await runtime.db.insert(webhookReceipts).values({ channel, digest }).onConflictDoNothing();
  await runtime.db
    .delete(webhookReceipts)
    .where(
      lt(webhookReceipts.receivedAt, new Date(Date.now() - receiptDays * 86_400_000).toISOString()),
    );
  return outcome;
}
