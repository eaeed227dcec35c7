import { z } from 'zod';
import { defineJob, type JobDefinition } from '../../../platform/jobs/job-definition.js';
import type { Runtime } from '../../../platform/runtime.js';
import { publishApprovedCampaign } from '../../ads/index.js';
import { dueAction, type RequestStatus } from '../domain/campaign-request.js';
import { approvedItems } from '../domain/proposal.js';
import { updateTasksOfRequest } from '../infrastructure/agenda.repository.js';
import {
  findCampaignRequest,
  moveCampaignRequest,
  requestsDue,
  type CampaignRequestRow,
} from '../infrastructure/campaign-requests.repository.js';

const payload = z.object({ orgId: z.uuid().optional(), requestId: z.uuid().optional() });
export type AdvancePayload = z.infer<typeof payload>;

const today = () => new Date().toISOString().slice(0, 10);

/**
 * Moves approved requests forward: publishes the approved campaign to PromptAds (scheduled),
 * activates it on its start date and completes it after its end date. Every minute by cron, and
 * for one request right after its approval.
 */
export function advanceJob(runtime: Runtime): JobDefinition<AdvancePayload> {
  const definition: JobDefinition<AdvancePayload> = defineJob({
    name: 'portal.advance-campaign-requests',
    payload,
    cron: '* * * * *',
    retryLimit: 3,
    retryDelaySeconds: 5,
    concurrency: 8,
    expireInSeconds: 120,
    async handle({ orgId, requestId }) {
      if (orgId && requestId) {
        await advanceRequest(runtime, orgId, requestId);
        return;
      }
      const due = await requestsDue(runtime.db, today(), 5000);
      await runtime.jobs.sendMany(
        definition,
        due.map((row) => ({ orgId: row.orgId, requestId: row.id })),
      );
    },
  });
  return definition;
}

export async function advanceRequest(runtime: Runtime, orgId: string, requestId: string) {
  let row = await findCampaignRequest(runtime.db, orgId, requestId);
  if (row?.status === 'approved') row = await publish(runtime, row);
  if (!row) return;
  const action = dueAction(row.status as RequestStatus, row.startsAt, row.endsAt, today());
  if (!action) return;
  const to = action === 'activate' ? 'active' : 'completed';
  await runtime.db.transaction(async (tx) => {
    const moved = await moveCampaignRequest(tx, orgId, requestId, [row.status], { status: to });
    if (!moved) return;
    if (to === 'active')
      await updateTasksOfRequest(tx, orgId, requestId, 'publishing', {
        status: 'done',
        completedAt: new Date().toISOString(),
      });
    await runtime.events.publish(tx, {
      type: `portal.campaign-request-${to}`,
      orgId,
      payload: { requestId, campaignId: row.campaignId, from: row.status, to },
    });
  });
}

/** The approved proposal reaches PromptAds: approved copy, assets and budgets; scheduled. */
async function publish(runtime: Runtime, row: CampaignRequestRow) {
  const { proposal, decisions, campaignId } = row;
  // A proposal exists only once planning drafted the campaign.
  if (!proposal || !decisions || !campaignId) return undefined;
  const kept = approvedItems(proposal, decisions);
  const keptSets = new Set(kept.adSets.map((s) => s.adSetId));
  const keptAds = new Set(kept.variants.map((v) => v.adId));
  await publishApprovedCampaign(
    runtime,
    row.orgId,
    campaignId,
    {
      ads: kept.variants.map((v) => ({
        adId: v.adId,
        headline: v.headline,
        body: v.body,
        callToAction: v.callToAction,
        contentAssetId: v.contentAssetId,
      })),
      adSets: kept.adSets.map((s) => ({
        adSetId: s.adSetId,
        dailyBudgetMinor: s.dailyBudgetMinor,
      })),
      rejectedAdIds: proposal.contentVariants
        .filter((v) => keptSets.has(v.adSetId) && !keptAds.has(v.adId))
        .map((v) => v.adId),
      rejectedAdSetIds: proposal.adSets
        .filter((s) => !keptSets.has(s.adSetId))
        .map((s) => s.adSetId),
    },
    row.decidedBy ?? 'portal',
  );
  return runtime.db.transaction(async (tx) => {
    const moved = await moveCampaignRequest(tx, row.orgId, row.id, ['approved'], {
      status: 'scheduled',
    });
    if (moved)
      await runtime.events.publish(tx, {
        type: 'portal.campaign-request-scheduled',
        orgId: row.orgId,
        payload: { requestId: row.id, campaignId: row.campaignId },
      });
    return moved;
  });
}
