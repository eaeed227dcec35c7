import { sql } from 'drizzle-orm';
import type { Database } from '../../../platform/db/database.js';
import type { Runtime } from '../../../platform/runtime.js';
import type { UsageMeters } from '../../../platform/usage-meter.js';
import { assetVersions } from './content.tables.js';

/** Billing's megabyte: decimal, as storage is sold. */
export const bytesPerMb = 1_000_000;

/**
 * Bytes of the media the organisation stores: every image and storyboard frame of every version
 * still in the library, each stored file counted once (a version that keeps a file names the same
 * key). Read from the sizes recorded in the versions, not from the storage backend.
 */
export async function storedMediaBytes(db: Database, orgId: string): Promise<number> {
  const result = await db.execute(sql`
    select coalesce(sum(bytes), 0) as bytes from (
      select distinct file ->> 'mediaKey' as key, (file ->> 'bytes')::bigint as bytes from (
        select v.content -> 'image' as file from ${assetVersions} v
          where v.org_id = ${orgId} and v.content ->> 'kind' = 'image'
        union all
        select scene -> 'frame' from ${assetVersions} v,
          jsonb_array_elements(v.content -> 'scenes') scene
          where v.org_id = ${orgId} and v.content ->> 'kind' = 'video'
      ) files where file ->> 'mediaKey' is not null
    ) media`);
  const [row] = (result as unknown as { rows: { bytes: number | string }[] }).rows;
  return Number(row?.bytes ?? 0);
}

/** Media storage in MB (rounded up: any stored byte starts a megabyte). */
export function contentUsageMeters(runtime: Runtime): UsageMeters {
  return {
    media_storage_mb: async (orgId) =>
      Math.ceil((await storedMediaBytes(runtime.db, orgId)) / bytesPerMb),
  };
}
