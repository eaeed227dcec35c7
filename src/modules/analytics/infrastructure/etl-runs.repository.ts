import { and, desc, eq, lt, or, sql } from 'drizzle-orm';
import type { Database } from '../../../platform/db/database.js';
import { rowsOf } from '../../../platform/db/raw-result.js';
import { etlRunOrgs, etlRuns, watermarks, type SourceCounts } from './analytics.tables.js';

export type EtlRunRow = typeof etlRuns.$inferSelect;

/** Records a run as started; null when a run of the same slot exists (another worker has it). */
export async function startRun(
  db: Database,
  run: { id: string; trigger: string; slot: number | null },
): Promise<string | null> {
  const rows = await db
    .insert(etlRuns)
    .values({ ...run, status: 'running', startedAt: sql`now()` })
    .onConflictDoNothing()
    .returning({ startedAt: etlRuns.startedAt });
  return rows[0]?.startedAt ?? null;
}

export async function finishRun(
  db: Database,
  id: string,
  outcome: {
    status: 'succeeded' | 'failed';
    sources: Record<string, SourceCounts>;
    byOrg: Map<string, Record<string, SourceCounts>>;
    error?: string;
  },
): Promise<void> {
  await db.transaction(async (tx) => {
    await tx
      .update(etlRuns)
      .set({
        status: outcome.status,
        // A failed run gives its period back: the job's retry or the next minute's firing runs it.
        ...(outcome.status === 'failed' ? { slot: null } : {}),
        sources: outcome.sources,
        error: outcome.error ?? null,
        finishedAt: sql`now()`,
        durationMs: sql`(extract(epoch from now() - ${etlRuns.startedAt}) * 1000)::int`,
      })
      .where(eq(etlRuns.id, id));
    const orgs = [...outcome.byOrg].map(([orgId, sources]) => ({ orgId, runId: id, sources }));
    for (let from = 0; from < orgs.length; from += 500)
      await tx.insert(etlRunOrgs).values(orgs.slice(from, from + 500));
  });
}

/** The database's clock: watermarks compare with `updated_at` values it wrote. */
export async function databaseNow(db: Database): Promise<string> {
  const rows = rowsOf<{ now: string }>(
    await db.execute(
      sql`select to_char(now() at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as now`,
    ),
  );
  return rows[0]!.now;
}

export async function watermarkOf(db: Database, source: string): Promise<string | null> {
  const [row] = await db.select().from(watermarks).where(eq(watermarks.source, source));
  return row?.watermark ?? null;
}

export async function saveWatermark(db: Database, source: string, watermark: string) {
  await db
    .insert(watermarks)
    .values({ source, watermark })
    .onConflictDoUpdate({
      target: watermarks.source,
      set: { watermark, updatedAt: sql`now()` },
    });
}

export interface RunForOrg extends EtlRunRow {
  orgSources: Record<string, SourceCounts> | null;
}

/** Runs newest first, each with the organisation's own counts (none when it had no changes). */
export async function runsForOrg(
  db: Database,
  orgId: string,
  limit: number,
  before: { startedAt: string; id: string } | null,
): Promise<RunForOrg[]> {
  const rows = await db
    .select({ run: etlRuns, orgSources: etlRunOrgs.sources })
    .from(etlRuns)
    .leftJoin(etlRunOrgs, and(eq(etlRunOrgs.runId, etlRuns.id), eq(etlRunOrgs.orgId, orgId)))
    .where(
      before
        ? or(
            lt(etlRuns.startedAt, before.startedAt),
            and(eq(etlRuns.startedAt, before.startedAt), lt(etlRuns.id, before.id)),
          )
        : undefined,
    )
    .orderBy(desc(etlRuns.startedAt), desc(etlRuns.id))
    .limit(limit);
  return rows.map(({ run, orgSources }) => ({ ...run, orgSources }));
}

/** The latest run started, whatever its outcome. */
export async function lastRun(db: Database): Promise<EtlRunRow | null> {
  const [row] = await db.select().from(etlRuns).orderBy(desc(etlRuns.startedAt)).limit(1);
  return row ?? null;
}
