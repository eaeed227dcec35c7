import { and, eq } from 'drizzle-orm';
import type { Runtime } from '../../../platform/runtime.js';
import { adSets } from '../infrastructure/ads.tables.js';
import {
  deleteAd,
  deleteAdSet,
  findCampaign,
  updateAd,
} from '../infrastructure/campaigns.repository.js';
import { moveCampaign } from './campaign-workflow.js';

/** What people approved in the portal, applied to the draft campaign before it is published. */
export interface ApprovedCampaignContent {
  /** Approved ads with their final copy and the PromptContent asset attached. */
  ads: {
    adId: string;
    headline: string;
    body: string;
    callToAction: string;
    contentAssetId: string | null;
  }[];
  adSets: { adSetId: string; dailyBudgetMinor: number }[];
  rejectedAdIds: string[];
  rejectedAdSetIds: string[];
}

/**
 * The portal's approval reaching PromptAds: writes the approved copy, assets and budgets into the
 * draft, removes what was rejected, then submits and approves the campaign (scheduled; the
 * delivery job activates it on its start date). Safe to call again after a partial failure: the
 * steps already taken are skipped.
 */
export async function publishApprovedCampaign(
  runtime: Runtime,
  orgId: string,
  campaignId: string,
  content: ApprovedCampaignContent,
  actor: string,
): Promise<{ status: string }> {
  let campaign = await findCampaign(runtime.db, orgId, campaignId);
  if (!campaign) throw new Error(`Campaign ${campaignId} does not exist`);
  if (campaign.status === 'draft') {
    await runtime.db.transaction(async (tx) => {
      for (const id of content.rejectedAdIds) await deleteAd(tx, orgId, id);
      for (const id of content.rejectedAdSetIds) await deleteAdSet(tx, orgId, id);
      for (const ad of content.ads) {
        await updateAd(tx, orgId, ad.adId, {
          headline: ad.headline,
          body: ad.body,
          callToAction: ad.callToAction,
          contentAssetId: ad.contentAssetId,
        });
      }
      for (const set of content.adSets) {
        await tx
          .update(adSets)
          .set({ dailyBudgetMinor: set.dailyBudgetMinor, updatedAt: new Date().toISOString() })
          .where(and(eq(adSets.orgId, orgId), eq(adSets.id, set.adSetId)));
      }
    });
    campaign = await moveCampaign(runtime, orgId, campaignId, 'submit', actor);
  }
  if (campaign.status === 'pending_approval')
    campaign = await moveCampaign(runtime, orgId, campaignId, 'approve', actor);
  return { status: campaign.status };
}
