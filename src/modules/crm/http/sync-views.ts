import { z } from 'zod';
import type { SyncConnectionRow } from '../infrastructure/sync-connections.repository.js';
import type { SyncRunRow } from '../infrastructure/sync-state.repository.js';

const instant = (value: string) => new Date(value).toISOString();

type ConnectionRow = Omit<SyncConnectionRow, 'tokenEncrypted'>;

/** What every provider's connection shows (never the token). */
const connectionFields = {
  object: z.literal('crm_connection'),
  status: z.enum(['active', 'needs_attention']),
  last_error: z.string().nullable(),
  connected_by: z.string(),
  created_at: z.string(),
  updated_at: z.string(),
};

function commonView(row: ConnectionRow) {
  return {
    object: 'crm_connection' as const,
    status: row.status === 'active' ? ('active' as const) : ('needs_attention' as const),
    last_error: row.lastError,
    connected_by: row.connectedBy,
    created_at: instant(row.createdAt),
    updated_at: instant(row.updatedAt),
  };
}

export const connectionSchema = z.object({
  ...connectionFields,
  provider: z.literal('hubspot'),
  portal_id: z.string(),
  currency: z.string().nullable(),
});

export function connectionView(row: ConnectionRow): z.infer<typeof connectionSchema> {
  return {
    ...commonView(row),
    provider: 'hubspot',
    portal_id: row.externalAccountId,
    currency: row.currency,
  };
}

export const salesforceConnectionSchema = z.object({
  ...connectionFields,
  provider: z.literal('salesforce'),
  organization_id: z.string(),
  instance_url: z.string(),
});

export function salesforceConnectionView(
  row: ConnectionRow,
): z.infer<typeof salesforceConnectionSchema> {
  return {
    ...commonView(row),
    provider: 'salesforce',
    organization_id: row.externalAccountId,
    instance_url: row.instanceUrl ?? '',
  };
}

export const syncRunSchema = z.object({
  object: z.literal('crm_sync_run'),
  id: z.string(),
  provider: z.string(),
  trigger: z.enum(['schedule', 'manual', 'erasure']),
  status: z.enum(['running', 'succeeded', 'failed']),
  pulled: z.number().int(),
  pushed: z.number().int(),
  skipped: z.number().int(),
  erased: z.number().int(),
  failed: z.number().int(),
  errors: z.array(
    z.object({ stage: z.enum(['connect', 'pull', 'push', 'erase']), message: z.string() }),
  ),
  started_at: z.string(),
  finished_at: z.string().nullable(),
});

export function syncRunView(row: SyncRunRow): z.infer<typeof syncRunSchema> {
  return {
    object: 'crm_sync_run',
    id: row.id,
    provider: row.provider,
    trigger: syncRunSchema.shape.trigger.parse(row.trigger),
    status: syncRunSchema.shape.status.parse(row.status),
    pulled: row.pulled,
    pushed: row.pushed,
    skipped: row.skipped,
    erased: row.erased,
    failed: row.failed,
    errors: row.errors,
    started_at: instant(row.startedAt),
    finished_at: row.finishedAt ? instant(row.finishedAt) : null,
  };
}
