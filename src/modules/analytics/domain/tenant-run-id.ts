import { createHash } from 'node:crypto';

/**
 * The id an organisation sees for an ETL run. Runs are platform-wide, but what one organisation
 * sees of a run (its own counts) is its own resource: another organisation never sees the same id
 * (the tenant-isolation test holds every list to that). A name-based UUIDv8 (RFC 9562, B.2: the
 * SHA-256 of the names): stable across requests, nothing stored.
 */
export function tenantRunId(orgId: string, runId: string): string {
  const hex = createHash('sha256').update(`analytics-etl-run:${orgId}:${runId}`).digest('hex');
  const variant = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  return [
    hex.slice(0, 8),
    hex.slice(8, 12),
    `8${hex.slice(13, 16)}`,
    `${variant}${hex.slice(17, 20)}`,
    hex.slice(20, 32),
  ].join('-');
}
