import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';
import {
  defineJob,
  type JobContext,
  type JobDefinition,
} from '../../../platform/jobs/job-definition.js';
import { isTransientError } from '../../../platform/db/transient-error.js';
import { userFacingReason } from '../../../platform/errors/user-facing-reason.js';
import { retryTransient } from '../../../platform/jobs/retry-transient.js';
import type { Runtime } from '../../../platform/runtime.js';
import { expectedRoas, type Channel } from '../../ads/index.js';
import { aiGatewayFor, type CopyChannel } from '../../ai/index.js';
import { contentFacadeFor, type ContentRequestStatus } from '../../content/index.js';
import { segmentSummary } from '../../crm/index.js';
import { contentChannelOf } from '../domain/campaign-request.js';
import {
  daysBetween,
  splitBudget,
  type Proposal,
  type ProposedAdSet,
  type ProposedVariant,
} from '../domain/proposal.js';
import {
  findCampaignRequest,
  moveCampaignRequest,
  type CampaignRequestRow,
} from '../infrastructure/campaign-requests.repository.js';
import { draftCampaignRequest } from './draft-campaign-request.js';
import { contentBriefs, inputOfRow } from './draft-plan.js';
import { approvalNeededText, planningFailedText } from '../domain/notice-texts.js';
import { approversOf, notify } from './notify.js';
import { suggestionsFor } from './suggestions.js';

const payload = z.object({ orgId: z.uuid(), requestId: z.uuid() });
export type PlanningPayload = z.infer<typeof payload>;

/** Attempts after the first for a failure that may be the request's own (the AI, content). */
const ownFailureRetries = 2;
/** Retries for a passing outage (database away, pool exhausted, deadlock), backed off to 1 min. */
const retryLimit = 10;
/** How long planning waits for PromptContent's banners before proposing without them. */
const contentWaitMs = 15_000;
const averageOrderMinor = 6_000;

/** The planning job: the AI proposal of a campaign request (see docs/campaign-requests.md). */
export function planningJob(runtime: Runtime): JobDefinition<PlanningPayload> {
  return defineJob({
    name: 'portal.plan-campaign-request',
    payload,
    retryLimit,
    retryDelaySeconds: 2,
    retryDelayMaxSeconds: 60,
    // I/O bound: the provider and PromptContent do the work. Only the draft is a transaction, and
    // it makes no provider call and takes no second connection.
    concurrency: 64,
    waitsOn: 'provider',
    expireInSeconds: 120,
    async handle({ orgId, requestId }, context) {
      try {
        await planCampaignRequest(runtime, orgId, requestId, context);
      } catch (error) {
        if (retryTransient(error, context)) throw error;
        if (!isTransientError(error) && context.attempt < ownFailureRetries) throw error;
        context.log.error({ err: error, requestId }, 'campaign request planning failed');
        const reason = userFacingReason(error);
        const failed = await moveCampaignRequest(runtime.db, orgId, requestId, ['planning'], {
          status: 'failed',
          failureReason: `Planning failed after ${context.attempt + 1} attempts: ${reason}`,
          planningStage: 'failed',
          planningFinishedAt: new Date().toISOString(),
        });
        if (failed)
          await notify(runtime, orgId, await approversOf(runtime, orgId), {
            kind: 'request_failed',
            text: (reader) =>
              planningFailedText({ name: failed.name, reason: failed.failureReason ?? '' }, reader),
            requestId,
          });
      }
    },
  });
}

/** Plans one request; a request no longer in `planning` is left alone (redelivery, retry race). */
export async function planCampaignRequest(
  runtime: Runtime,
  orgId: string,
  requestId: string,
  context: Pick<JobContext, 'signal'>,
): Promise<void> {
  const started = performance.now();
  const found = await findCampaignRequest(runtime.db, orgId, requestId);
  if (!found || found.status !== 'planning') return;
  await stage(runtime, found, 'drafting', {
    attempts: found.attempts + 1,
    planningStartedAt: new Date().toISOString(),
  });
  const row = await draftCampaignRequest(runtime, found);
  await stage(runtime, row, 'copy');
  const input = inputOfRow(row);
  const gateway = aiGatewayFor(runtime);

  const aiStarted = performance.now();
  const copies = await Promise.all(
    row.draft.map((item) =>
      gateway.generateMarketingCopy({
        orgId,
        userId: row.createdBy?.startsWith('user:') ? row.createdBy.slice(5) : null,
        purpose: 'portal.plan-campaign',
        requestId,
        signal: context.signal,
        brief: {
          product: row.product,
          audience: row.audiences[item.audience]!.name,
          language: input.language,
          channel: (contentChannelOf[item.channel] ?? 'web') as CopyChannel,
          objective: row.objective as 'leads' | 'sales' | 'awareness',
          benefits: row.messages.slice(0, 8),
          variants: Math.max(2, item.adIds.length),
        },
      }),
    ),
  );
  const aiMs = performance.now() - aiStarted;

  await stage(runtime, row, 'content');
  const waitStarted = performance.now();
  const content = await waitForContent(runtime, row, context.signal);
  const waitMs = performance.now() - waitStarted;
  const briefs = contentBriefs(input, row.id);
  const assetOfChannel = new Map<string, string>();
  briefs.forEach((brief, index) => {
    const status = content.get(row.contentRequestIds[index] ?? '');
    const asset = status?.assets.find((a) => a.type === 'image') ?? status?.assets[0];
    if (asset && !assetOfChannel.has(brief.channel)) assetOfChannel.set(brief.channel, asset.id);
  });

  await stage(runtime, row, 'budget');
  const segments = await Promise.all(
    row.segmentIds.map((segmentId) => segmentSummary(runtime, orgId, segmentId)),
  );
  const days = daysBetween(row.startsAt, row.endsAt);
  const mix = splitBudget(
    row.channels.map((channel) => ({
      channel,
      expectedRoas: Number(expectedRoas(channel as Channel, averageOrderMinor).toFixed(3)),
    })),
  );
  const shareOf = new Map(mix.map((m) => [m.channel, m.share]));
  const adSets: ProposedAdSet[] = row.draft.map((item) => {
    const share = (shareOf.get(item.channel) ?? 0) / row.audiences.length;
    const budgetMinor = Math.floor(row.budgetMinor * share);
    return {
      adSetId: item.adSetId,
      name: `${row.audiences[item.audience]!.name} · ${item.channel}`,
      channel: item.channel,
      audience: row.audiences[item.audience]!.name,
      share: Number(share.toFixed(4)),
      budgetMinor,
      dailyBudgetMinor: Math.max(1, Math.floor(budgetMinor / days)),
    };
  });
  const contentVariants: ProposedVariant[] = row.draft.flatMap((item, index) => {
    const { copy } = copies[index]!;
    const channel = contentChannelOf[item.channel] ?? 'web';
    return item.adIds.map((adId, i) => ({
      adId,
      adSetId: item.adSetId,
      channel: item.channel,
      variant: String.fromCharCode(65 + i),
      headline: copy.headlines[i % copy.headlines.length]!.slice(0, 300),
      body: copy.body.slice(0, 5000),
      callToAction: copy.callToAction.slice(0, 60),
      hashtags: copy.hashtags,
      contentAssetId: assetOfChannel.get(channel) ?? null,
    }));
  });
  const totalMs = performance.now() - started;
  const proposal: Proposal = {
    generatedAt: new Date().toISOString(),
    provider: copies[0]?.provider ?? 'none',
    model: copies[0]?.model ?? 'none',
    channelMix: mix,
    audienceSegments: segments.flatMap((segment) =>
      segment
        ? [{ segmentId: segment.id, name: segment.name, memberCount: segment.memberCount }]
        : [],
    ),
    adSets,
    contentVariants,
    timing: {
      startsAt: row.startsAt,
      endsAt: row.endsAt,
      days,
      pacing: days <= 7 ? 'accelerated' : 'standard',
    },
    suggestions: suggestionsFor(row, adSets, content),
    serverMs: Math.round(totalMs - aiMs - waitMs),
    providerMs: Math.round(aiMs + waitMs),
  };
  const proposed = await moveCampaignRequest(runtime.db, orgId, requestId, ['planning'], {
    status: 'awaiting_approval',
    proposal,
    planningStage: 'done',
    failureReason: null,
    planningFinishedAt: new Date().toISOString(),
  });
  if (proposed)
    await notify(runtime, orgId, await approversOf(runtime, orgId), {
      kind: 'approval_needed',
      text: (reader) =>
        approvalNeededText(
          {
            name: row.name,
            adSets: adSets.length,
            contentVariants: contentVariants.length,
            days,
            budgetMinor: row.budgetMinor,
            currency: row.currency,
            startsAt: row.startsAt,
            endsAt: row.endsAt,
          },
          reader,
        ),
      requestId,
    });
}

async function stage(
  runtime: Runtime,
  row: CampaignRequestRow,
  planningStage: string,
  fields: { attempts?: number; planningStartedAt?: string } = {},
) {
  await moveCampaignRequest(runtime.db, row.orgId, row.id, ['planning'], {
    status: 'planning',
    planningStage,
    ...fields,
  });
}

/** PromptContent's requests once finished (or as they are when the wait runs out). */
async function waitForContent(
  runtime: Runtime,
  row: CampaignRequestRow,
  signal: AbortSignal,
): Promise<Map<string, ContentRequestStatus>> {
  const facade = contentFacadeFor(runtime);
  const deadline = Date.now() + contentWaitMs;
  const seen = new Map<string, ContentRequestStatus>();
  for (;;) {
    const pending = row.contentRequestIds.filter((id) => {
      const status = seen.get(id)?.status;
      return status !== 'completed' && status !== 'failed';
    });
    const statuses = await Promise.all(pending.map((id) => facade.requestStatus(row.orgId, id)));
    for (const status of statuses) if (status) seen.set(status.requestId, status);
    const unfinished = statuses.filter(
      (s) => s && s.status !== 'completed' && s.status !== 'failed',
    );
    if (unfinished.length === 0 || Date.now() > deadline || signal.aborted) return seen;
    await sleep(200);
  }
}
