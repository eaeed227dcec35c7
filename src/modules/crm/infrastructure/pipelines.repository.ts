import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import type { Database } from '../../../platform/db/database.js';
import { defaultStages, type StageTemplate } from '../domain/deal-state.js';
import { pipelines, stages } from './crm.tables.js';

export type PipelineRow = typeof pipelines.$inferSelect;
export type StageRow = typeof stages.$inferSelect;

export async function insertPipeline(
  db: Database,
  orgId: string,
  name: string,
  templates: readonly StageTemplate[],
  isDefault: boolean,
): Promise<{ pipeline: PipelineRow; stages: StageRow[] }> {
  const id = uuidv7();
  const [pipeline] = await db.insert(pipelines).values({ orgId, id, name, isDefault }).returning();
  const stageRows = await db
    .insert(stages)
    .values(
      templates.map((stage, position) => ({
        orgId,
        id: uuidv7(),
        pipelineId: id,
        name: stage.name,
        position,
        kind: stage.kind,
        probability: stage.probability,
      })),
    )
    .returning();
  return { pipeline: pipeline!, stages: stageRows.sort((a, b) => a.position - b.position) };
}

/**
 * The organisation's default pipeline, created on first use. A transaction-scoped advisory lock
 * on the organisation keeps two first uses from creating two.
 */
export async function ensureDefaultPipeline(db: Database, orgId: string): Promise<PipelineRow> {
  const [existing] = await db
    .select()
    .from(pipelines)
    .where(and(eq(pipelines.orgId, orgId), eq(pipelines.isDefault, true)))
    .limit(1);
  if (existing) return existing;
  return db.transaction(async (tx) => {
    // hashtext is stable across PostgreSQL versions; the lock ends with the transaction.
    await tx.execute(
      sql`select pg_advisory_xact_lock(hashtext(${`crm.default-pipeline:${orgId}`}))`,
    );
    const again = (
      await tx
        .select()
        .from(pipelines)
        .where(and(eq(pipelines.orgId, orgId), eq(pipelines.isDefault, true)))
        .limit(1)
    )[0];
    if (again) return again;
    return (await insertPipeline(tx, orgId, 'Sales', defaultStages, true)).pipeline;
  });
}

export async function listPipelines(db: Database, orgId: string): Promise<PipelineRow[]> {
  return db.select().from(pipelines).where(eq(pipelines.orgId, orgId)).orderBy(asc(pipelines.id));
}

export async function findPipeline(db: Database, orgId: string, id: string) {
  const [row] = await db
    .select()
    .from(pipelines)
    .where(and(eq(pipelines.orgId, orgId), eq(pipelines.id, id)));
  return row;
}

export async function stagesOf(
  db: Database,
  orgId: string,
  pipelineIds: readonly string[],
): Promise<StageRow[]> {
  if (pipelineIds.length === 0) return [];
  return db
    .select()
    .from(stages)
    .where(and(eq(stages.orgId, orgId), inArray(stages.pipelineId, [...pipelineIds])))
    .orderBy(asc(stages.pipelineId), asc(stages.position));
}

export async function findStage(db: Database, orgId: string, id: string) {
  const [row] = await db
    .select()
    .from(stages)
    .where(and(eq(stages.orgId, orgId), eq(stages.id, id)));
  return row;
}
