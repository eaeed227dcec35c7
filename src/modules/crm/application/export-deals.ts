import type { Runtime } from '../../../platform/runtime.js';
import type { ExportedDeal } from '../domain/deal-export.js';
import {
  dealSortValue,
  listDeals,
  type DealFilter,
  type DealPage,
} from '../infrastructure/deals.repository.js';
import { listPipelines, stagesOf } from '../infrastructure/pipelines.repository.js';

const batchSize = 1_000;

/**
 * The organisation's deals as export records, with the list's filters and order, a batch at a
 * time in keyset order so an export of any size streams in constant memory.
 */
export async function* exportDeals(
  runtime: Runtime,
  orgId: string,
  filter: DealFilter,
  sort: DealPage['sort'] = { field: 'created', descending: true },
): AsyncGenerator<ExportedDeal[]> {
  // An organisation has a handful of pipelines: their names are read once.
  const pipelines = await listPipelines(runtime.db, orgId);
  const stages = await stagesOf(
    runtime.db,
    orgId,
    pipelines.map((pipeline) => pipeline.id),
  );
  const pipelineName = new Map(pipelines.map((pipeline) => [pipeline.id, pipeline.name]));
  const stageName = new Map(stages.map((stage) => [stage.id, stage.name]));
  let after: DealPage['after'];
  for (;;) {
    const rows = await listDeals(runtime.db, orgId, filter, { sort, after, limit: batchSize });
    if (rows.length === 0) return;
    yield rows.map((row) => ({
      id: row.id,
      title: row.title,
      status: row.status,
      pipeline: pipelineName.get(row.pipelineId) ?? null,
      stage: stageName.get(row.stageId) ?? null,
      amount_minor: row.amountMinor,
      currency: row.currency,
      contact_id: row.contactId,
      company_id: row.companyId,
      campaign_id: row.campaignId,
      owner_user_id: row.ownerUserId,
      expected_close_on: row.expectedCloseOn,
      lost_reason: row.lostReason,
      won_at: row.wonAt && new Date(row.wonAt).toISOString(),
      lost_at: row.lostAt && new Date(row.lostAt).toISOString(),
      created_at: new Date(row.createdAt).toISOString(),
      updated_at: new Date(row.updatedAt).toISOString(),
    }));
    if (rows.length < batchSize) return;
    const last = rows.at(-1)!;
    after = { value: dealSortValue(last, sort.field), id: last.id };
  }
}
