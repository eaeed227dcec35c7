import type { Reference } from '../../../platform/references.js';

/**
 * The ids a contact, company or deal body may name outside its own table: the PromptAds
 * campaign and ad it is attributed to and the member who owns it. Each must be the caller's
 * organisation's (`assertReferences`); a company is checked with the contact, in its transaction.
 */
export function attributionReferences(body: {
  campaign_id?: string | null;
  ad_id?: string | null;
  owner_user_id?: string | null;
}): Reference[] {
  return [
    { field: 'body.campaign_id', kind: 'ads.campaign', id: body.campaign_id },
    { field: 'body.ad_id', kind: 'ads.ad', id: body.ad_id },
    { field: 'body.owner_user_id', kind: 'identity.member', id: body.owner_user_id },
  ];
}

/** Rows an automation names: the segment that triggers it, the owner and stage its steps set. */
export function flowReferences(body: {
  trigger?: { type: string; segment_id?: string };
  steps?: readonly { action: string; user_id?: string; stage_id?: string }[];
}): Reference[] {
  const references: Reference[] = [
    { field: 'body.trigger.segment_id', kind: 'crm.segment', id: body.trigger?.segment_id },
  ];
  body.steps?.forEach((step, index) => {
    references.push(
      { field: `body.steps.${index}.user_id`, kind: 'identity.member', id: step.user_id },
      { field: `body.steps.${index}.stage_id`, kind: 'crm.stage', id: step.stage_id },
    );
  });
  return references;
}
