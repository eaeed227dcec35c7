import { uuidv7 } from 'uuidv7';
import type { Runtime } from '../../../platform/runtime.js';
import { createDraftFromPlan } from '../../ads/index.js';
import { contentFacadeFor } from '../../content/index.js';
import { defineAudienceSegment } from '../../crm/index.js';
import {
  insertCampaignRequest,
  type CampaignRequestRow,
} from '../infrastructure/campaign-requests.repository.js';
import { contentBriefs, draftItems, draftPlan, type CampaignRequestInput } from './draft-plan.js';
import { planningJob } from './plan-campaign-request.job.js';
import { checkRequestQuota } from './request-quota.js';

export interface SubmitContext {
  orgId: string;
  /** `user:<id>` or `client:<id>`. */
  actor: string;
  userId: string | null;
}

/**
 * The campaign request as explicit steps in ONE transaction: the audience segments (PromptCRM),
 * the draft campaign (PromptAds), the content requests (PromptContent), the request itself and
 * its planning job. Either all of it
 * exists or none of it; the planning job runs only after the commit. In a split deployment each
 * step becomes a saga step with its compensation (delete the draft, cancel the content request).
 */
export async function submitCampaignRequest(
  runtime: Runtime,
  context: SubmitContext,
  input: CampaignRequestInput,
): Promise<CampaignRequestRow> {
  checkRequestQuota(runtime, context.orgId);
  const id = uuidv7();
  const content = contentFacadeFor(runtime);
  const now = new Date().toISOString();
  return runtime.db.transaction(async (tx) => {
    // One PromptCRM segment per audience: each ad set is tied to its audience's segment.
    const segmentIds: string[] = [];
    for (const [index, audience] of input.audiences.entries()) {
      const { segmentId } = await defineAudienceSegment(
        runtime,
        context.orgId,
        {
          name: `${input.name} · ${audience.name}`.slice(0, 200),
          audiences: [audience],
          campaignRequestId: id,
        },
        { transaction: tx, createdBy: context.actor },
      );
      segmentIds[index] = segmentId;
    }
    const plan = draftPlan(input, (index) => segmentIds[index] ?? null);
    const draft = await createDraftFromPlan(runtime, context.orgId, plan, {
      transaction: tx,
      createdBy: context.actor,
    });
    const contentRequestIds: string[] = [];
    for (const brief of contentBriefs(input, id)) {
      const requested = await content.requestContent({
        orgId: context.orgId,
        userId: context.userId ?? context.actor,
        brief,
        transaction: tx,
      });
      contentRequestIds.push(requested.requestId);
    }
    const row: CampaignRequestRow = {
      orgId: context.orgId,
      id,
      strategyId: input.strategyId ?? null,
      name: input.name,
      objective: input.objective,
      product: input.product,
      messages: input.messages,
      audiences: input.audiences,
      channels: input.channels,
      language: input.language,
      budgetMinor: input.budget.amount,
      currency: input.budget.currency,
      startsAt: input.startsAt,
      endsAt: input.endsAt,
      status: 'planning',
      failureReason: null,
      campaignId: draft.campaignId,
      draft: draftItems(input, plan, draft),
      contentRequestIds,
      segmentIds,
      proposal: null,
      decisions: null,
      decidedBy: null,
      decidedAt: null,
      attempts: 0,
      planningStage: 'queued',
      planningStartedAt: null,
      planningFinishedAt: null,
      createdBy: context.actor,
      createdAt: now,
      updatedAt: now,
    };
    await insertCampaignRequest(tx, row);
    await runtime.jobs.send(
      planningJob(runtime),
      { orgId: context.orgId, requestId: id },
      { transaction: tx },
    );
    return row;
  });
}
