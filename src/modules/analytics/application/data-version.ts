import type { Runtime } from '../../../platform/runtime.js';
import { dataVersionOf } from '../infrastructure/facts.repository.js';

const versionKey = (orgId: string) => `analytics:version:${orgId}`;
/** Bounds staleness should a write's cache delete be lost (Redis briefly unreachable). */
const versionTtlSeconds = 60;
/**
 * Each process answers the version from its own copy for a second: a cached query then costs no
 * round trip at all, and another replica's change shows here within a second.
 */
const versionNearMs = 1_000;

/** The organisation's data version: query results are cached under it. */
export function dataVersion(runtime: Runtime, orgId: string): Promise<number> {
  return runtime.cache.getOrLoad(
    versionKey(orgId),
    versionTtlSeconds,
    () => dataVersionOf(runtime.db, orgId),
    { nearMs: versionNearMs },
  );
}

/** After facts changed (the version was bumped in the database): read it afresh. */
export async function forgetDataVersions(runtime: Runtime, orgIds: readonly string[]) {
  if (orgIds.length > 0) await runtime.cache.delete(...orgIds.map(versionKey));
}
