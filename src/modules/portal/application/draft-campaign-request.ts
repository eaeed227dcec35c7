import type { Runtime } from '../../../platform/runtime.js';
import { createDraftFromPlan } from '../../ads/index.js';
import { contentFacadeFor } from '../../content/index.js';
import { defineAudienceSegment } from '../../crm/index.js';
import {
  findCampaignRequest,
  recordDraft,
  type CampaignRequestRow,
} from '../infrastructure/campaign-requests.repository.js';
import { contentBriefs, draftItems, draftPlan, inputOfRow } from './draft-plan.js';

/** Thrown inside the draft's transaction to undo it when another run drafted the request first. */
class DraftedElsewhere extends Error {}

/**
 * The request's first planning step, as explicit steps in ONE transaction: one PromptCRM segment
 * per audience, the draft PromptAds campaign, the PromptContent requests, and their ids on the
 * request. Either all of it exists or none of it; a redelivered job finds the request drafted and
 * goes on. In a split deployment each step becomes a saga step with its compensation.
 */
export async function draftCampaignRequest(
  runtime: Runtime,
  row: CampaignRequestRow,
): Promise<CampaignRequestRow> {
  if (row.campaignId) return row;
  const input = inputOfRow(row);
  const content = contentFacadeFor(runtime);
  try {
    return await runtime.db.transaction(async (tx) => {
      const segmentIds: string[] = [];
      for (const audience of input.audiences) {
        const { segmentId } = await defineAudienceSegment(
          runtime,
          row.orgId,
          {
            name: `${input.name} · ${audience.name}`.slice(0, 200),
            audiences: [audience],
            campaignRequestId: row.id,
          },
          { transaction: tx, createdBy: row.createdBy ?? undefined },
        );
        segmentIds.push(segmentId);
      }
      const plan = draftPlan(input, (index) => segmentIds[index] ?? null);
      const draft = await createDraftFromPlan(runtime, row.orgId, plan, {
        transaction: tx,
        createdBy: row.createdBy ?? undefined,
      });
      const contentRequestIds: string[] = [];
      for (const brief of contentBriefs(input, row.id)) {
        const requested = await content.requestContent({
          orgId: row.orgId,
          userId: userIdOf(row.createdBy),
          brief,
          transaction: tx,
        });
        contentRequestIds.push(requested.requestId);
      }
      const drafted = await recordDraft(tx, row.orgId, row.id, {
        campaignId: draft.campaignId,
        draft: draftItems(input, plan, draft),
        contentRequestIds,
        segmentIds,
      });
      if (!drafted) throw new DraftedElsewhere();
      return drafted;
    });
  } catch (error) {
    if (!(error instanceof DraftedElsewhere)) throw error;
    return (await findCampaignRequest(runtime.db, row.orgId, row.id)) ?? row;
  }
}

/** The user behind the request, or the API client's principal (PromptContent's requester). */
function userIdOf(actor: string | null): string | null {
  return actor?.startsWith('user:') ? actor.slice(5) : actor;
}
