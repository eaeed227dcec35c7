import { existsIn, type ReferenceCheck } from '../../../platform/references.js';
import type { Runtime } from '../../../platform/runtime.js';
import { findAsset } from '../infrastructure/assets.repository.js';
import { findBrandKit } from '../infrastructure/brand-kits.repository.js';

/** PromptContent rows other requests may name: `content.asset`, `content.brand-kit`. */
export function contentReferences(runtime: Runtime): Record<string, ReferenceCheck> {
  return {
    asset: existsIn(runtime.db, (db, orgId, id) => findAsset(db, orgId, id)),
    'brand-kit': existsIn(runtime.db, findBrandKit),
  };
}
