import { and, desc, eq, inArray, lt, sql, type SQL } from 'drizzle-orm';
import type { Database } from '../../../platform/db/database.js';
import type { RunLogEntry } from '../domain/automation-flow.js';
import type { SegmentRules } from '../domain/segment-rules.js';
import { automationFlows, automationRuns } from './automations.tables.js';
import { contacts, deals, stages } from './crm.tables.js';
import { matchingContacts } from './segments.repository.js';

export type FlowRow = typeof automationFlows.$inferSelect;
export type RunRow = typeof automationRuns.$inferSelect;
export type DealRow = typeof deals.$inferSelect;
type NewFlow = Omit<typeof automationFlows.$inferInsert, 'createdAt' | 'updatedAt'>;

export async function insertFlow(db: Database, flow: NewFlow): Promise<FlowRow> {
  const [row] = await db.insert(automationFlows).values(flow).returning();
  return row!;
}

export async function findFlow(db: Database, orgId: string, id: string) {
  const [row] = await db
    .select()
    .from(automationFlows)
    .where(and(eq(automationFlows.orgId, orgId), eq(automationFlows.id, id)));
  return row;
}

export async function listFlows(
  db: Database,
  orgId: string,
  filter: { beforeId?: string; limit: number },
) {
  const conditions: SQL[] = [eq(automationFlows.orgId, orgId)];
  if (filter.beforeId) conditions.push(lt(automationFlows.id, filter.beforeId));
  return db
    .select()
    .from(automationFlows)
    .where(and(...conditions))
    .orderBy(desc(automationFlows.id))
    .limit(filter.limit);
}

export async function updateFlow(
  db: Database,
  orgId: string,
  id: string,
  fields: Partial<Omit<FlowRow, 'orgId' | 'id' | 'createdAt' | 'updatedAt' | 'createdBy'>>,
) {
  const [row] = await db
    .update(automationFlows)
    .set({ ...fields, updatedAt: sql`now()` })
    .where(and(eq(automationFlows.orgId, orgId), eq(automationFlows.id, id)))
    .returning();
  return row;
}

export async function deleteFlow(db: Database, orgId: string, id: string): Promise<boolean> {
  const rows = await db
    .delete(automationFlows)
    .where(and(eq(automationFlows.orgId, orgId), eq(automationFlows.id, id)))
    .returning({ id: automationFlows.id });
  return rows.length > 0;
}

/** Enabled flows an occurrence starts (one indexed read by trigger key). */
export async function enabledFlows(db: Database, orgId: string, triggerKey: string) {
  return db
    .select()
    .from(automationFlows)
    .where(
      and(
        eq(automationFlows.orgId, orgId),
        eq(automationFlows.triggerKey, triggerKey),
        eq(automationFlows.enabled, true),
      ),
    );
}

/** Enabled scheduled flows of every organisation (the minute tick). */
export async function scheduledFlows(db: Database) {
  return db
    .select()
    .from(automationFlows)
    .where(and(eq(automationFlows.triggerKey, 'schedule'), eq(automationFlows.enabled, true)));
}

/** Of these contacts, the live ones that match the flow's conditions (all when none). */
export async function contactsMatching(
  db: Database,
  orgId: string,
  rules: SegmentRules | null,
  contactIds: readonly string[] | { limit: number },
): Promise<string[]> {
  const predicate = matchingContacts(orgId, rules ?? { match: 'all', conditions: [] });
  const query = db.select({ id: contacts.id }).from(contacts);
  if (Array.isArray(contactIds)) {
    if (contactIds.length === 0) return [];
    const rows = await query.where(and(predicate, inArray(contacts.id, [...contactIds])));
    return rows.map((row) => row.id);
  }
  const rows = await query.where(predicate).limit((contactIds as { limit: number }).limit);
  return rows.map((row) => row.id);
}

/** Creates runs, skipping occurrences that already have one; returns those created. */
export async function insertRuns(
  db: Database,
  runs: Omit<typeof automationRuns.$inferInsert, 'startedAt'>[],
): Promise<RunRow[]> {
  if (runs.length === 0) return [];
  return db.insert(automationRuns).values(runs).onConflictDoNothing().returning();
}

export async function findRun(db: Database, orgId: string, id: string) {
  const [row] = await db
    .select()
    .from(automationRuns)
    .where(and(eq(automationRuns.orgId, orgId), eq(automationRuns.id, id)));
  return row;
}

export async function listRuns(
  db: Database,
  orgId: string,
  flowId: string,
  filter: { beforeId?: string; limit: number },
) {
  const conditions: SQL[] = [eq(automationRuns.orgId, orgId), eq(automationRuns.flowId, flowId)];
  if (filter.beforeId) conditions.push(lt(automationRuns.id, filter.beforeId));
  return db
    .select()
    .from(automationRuns)
    .where(and(...conditions))
    .orderBy(desc(automationRuns.id))
    .limit(filter.limit);
}

/**
 * Records a step's outcome, only if the run is still at that step (a redelivered step job finds
 * it moved on and changes nothing). Returns the updated run, or undefined when it had moved.
 */
export async function advanceRun(
  db: Database,
  run: { orgId: string; id: string },
  step: number,
  change: { nextStep: number; status: string; entry: RunLogEntry; finished: boolean },
) {
  const [row] = await db
    .update(automationRuns)
    .set({
      nextStep: change.nextStep,
      status: change.status,
      log: sql`${automationRuns.log} || ${JSON.stringify([change.entry])}::jsonb`,
      ...(change.finished ? { finishedAt: sql`now()` } : {}),
    })
    .where(
      and(
        eq(automationRuns.orgId, run.orgId),
        eq(automationRuns.id, run.id),
        eq(automationRuns.nextStep, step),
        inArray(automationRuns.status, ['running', 'waiting']),
      ),
    )
    .returning();
  return row;
}

/** Appends a log entry without moving the run (a failed attempt that will be retried). */
export async function logAttempt(
  db: Database,
  run: { orgId: string; id: string },
  entry: RunLogEntry,
) {
  await db
    .update(automationRuns)
    .set({ log: sql`${automationRuns.log} || ${JSON.stringify([entry])}::jsonb` })
    .where(and(eq(automationRuns.orgId, run.orgId), eq(automationRuns.id, run.id)));
}

/** Adds a tag unless the contact has it already. */
export async function addContactTag(db: Database, orgId: string, contactId: string, tag: string) {
  await db
    .update(contacts)
    .set({
      tags: sql`array_append(${contacts.tags}, ${tag}::text)`,
      updatedAt: sql`now()`,
    })
    .where(
      and(
        eq(contacts.orgId, orgId),
        eq(contacts.id, contactId),
        sql`not (${tag}::text = any(${contacts.tags}))`,
      ),
    );
}

export async function assignContactOwner(
  db: Database,
  orgId: string,
  contactId: string,
  userId: string,
) {
  await db
    .update(contacts)
    .set({ ownerUserId: userId, updatedAt: sql`now()` })
    .where(and(eq(contacts.orgId, orgId), eq(contacts.id, contactId)));
}

/**
 * Moves the contact's newest open deal to a stage of the same pipeline. Returns the deal before
 * and after, or a reason it could not.
 */
export async function moveNewestOpenDeal(
  db: Database,
  orgId: string,
  contactId: string,
  stageId: string,
): Promise<
  | { ok: true; deal: DealRow; fromStageId: string; stageKind: string }
  | { ok: false; reason: string }
> {
  const [stage] = await db
    .select()
    .from(stages)
    .where(and(eq(stages.orgId, orgId), eq(stages.id, stageId)));
  if (!stage) return { ok: false, reason: 'the stage does not exist' };
  const [deal] = await db
    .select()
    .from(deals)
    .where(
      and(
        eq(deals.orgId, orgId),
        eq(deals.contactId, contactId),
        eq(deals.pipelineId, stage.pipelineId),
        eq(deals.status, 'open'),
      ),
    )
    .orderBy(desc(deals.id))
    .limit(1);
  if (!deal) return { ok: false, reason: 'the contact has no open deal in that pipeline' };
  const status = stage.kind === 'won' || stage.kind === 'lost' ? stage.kind : 'open';
  const [moved] = await db
    .update(deals)
    .set({
      stageId,
      status,
      ...(status === 'won' ? { wonAt: sql`now()` } : {}),
      ...(status === 'lost' ? { lostAt: sql`now()`, lostReason: 'automation' } : {}),
      updatedAt: sql`now()`,
    })
    .where(and(eq(deals.orgId, orgId), eq(deals.id, deal.id)))
    .returning();
  return { ok: true, deal: moved!, fromStageId: deal.stageId, stageKind: stage.kind };
}
