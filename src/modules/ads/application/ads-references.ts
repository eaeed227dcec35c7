import { existsIn, type ReferenceCheck } from '../../../platform/references.js';
import type { Runtime } from '../../../platform/runtime.js';
import { findAudience } from '../infrastructure/audiences.repository.js';
import { findAd, findAdSet, findCampaign } from '../infrastructure/campaigns.repository.js';

/** PromptAds rows other requests may name: `ads.campaign`, `ads.ad-set`, `ads.ad`, `ads.audience`. */
export function adsReferences(runtime: Runtime): Record<string, ReferenceCheck> {
  return {
    campaign: existsIn(runtime.db, findCampaign),
    'ad-set': existsIn(runtime.db, findAdSet),
    ad: existsIn(runtime.db, findAd),
    audience: existsIn(runtime.db, findAudience),
  };
}
