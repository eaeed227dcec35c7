import { uuidv7 } from 'uuidv7';
import type { Runtime } from '../../../platform/runtime.js';
import { etlBatches } from '../domain/etl-batches.js';
import { mergeFactRows, type FactScope } from '../domain/fact-row.js';
import type { SourceCounts } from '../infrastructure/analytics.tables.js';
import {
  databaseNow,
  finishRun,
  saveWatermark,
  startRun,
  watermarkOf,
} from '../infrastructure/etl-runs.repository.js';
import { replaceSourceFacts } from '../infrastructure/facts.repository.js';
import { etlSources, type EtlSource } from './etl-sources.js';
import { forgetDataVersions } from './data-version.js';

/**
 * How far back each run reads before its watermark. `updated_at` is the writing transaction's
 * start: a row written by a transaction that committed after the previous run's read carries an
 * earlier time than that run's watermark. Re-reading is harmless (cells are recomputed), missing
 * is not, so transactions up to this long are covered.
 */
export const watermarkOverlapMs = 5 * 60_000;
/**
 * Scopes recomputed per statement and transaction. The embedded database runs each statement on
 * the serving thread: there, small batches keep every request answered within 200 ms while the
 * first start's demo is summarised.
 */
const scopesPerBatch = (runtime: Runtime) =>
  runtime.config.database.kind === 'postgres' ? 500 : 50;
/** Changed source rows per batch: dense campaign-days (city-level markets) make smaller batches. */
const rowsPerBatch = (runtime: Runtime) =>
  runtime.config.database.kind === 'postgres' ? 20_000 : 2_000;
const epoch = '1970-01-01T00:00:00.000Z';

export interface EtlRunResult {
  runId: string;
  sources: Record<string, SourceCounts>;
}

type OrgCounts = Map<string, Record<string, SourceCounts>>;

function addCount(byOrg: OrgCounts, orgId: string, source: string, read: number, written: number) {
  const sources = byOrg.get(orgId) ?? {};
  const counts = sources[source] ?? { rowsRead: 0, rowsWritten: 0 };
  counts.rowsRead += read;
  counts.rowsWritten += written;
  sources[source] = counts;
  byOrg.set(orgId, sources);
}

/** Thrown between batches when the process stops: the run ends, the next one resumes. */
class EtlStopped extends Error {
  constructor() {
    super('Stopped before the end (shutdown); the next run reads the same changes again');
  }
}

async function runSource(
  runtime: Runtime,
  source: EtlSource,
  until: string,
  byOrg: OrgCounts,
  signal: AbortSignal | undefined,
): Promise<SourceCounts> {
  const watermark = await watermarkOf(runtime.db, source.name);
  const since = watermark
    ? new Date(Date.parse(watermark) - watermarkOverlapMs).toISOString()
    : epoch;
  const changed = await source.changed(since, until);
  const total: SourceCounts = { rowsRead: 0, rowsWritten: 0 };
  for (const scope of changed) {
    addCount(byOrg, scope.orgId, source.name, scope.rows, 0);
    total.rowsRead += scope.rows;
  }
  for (const batch of etlBatches(changed, scopesPerBatch(runtime), rowsPerBatch(runtime))) {
    // The watermark stays where it was: what was written is right, the rest is read again.
    if (signal?.aborted) throw new EtlStopped();
    const scopes: FactScope[] = batch;
    const rows = mergeFactRows(await source.facts(scopes));
    const { writtenByOrg } = await replaceSourceFacts(runtime.db, source.measures, scopes, rows);
    for (const [orgId, written] of writtenByOrg) {
      addCount(byOrg, orgId, source.name, 0, written);
      total.rowsWritten += written;
    }
    await forgetDataVersions(runtime, [...writtenByOrg.keys()]);
  }
  await saveWatermark(runtime.db, source.name, until);
  return total;
}

/**
 * One ETL pass over every source: reads the rows changed since the source's watermark, recomputes
 * the cells they belong to from the source and writes only what differs. Returns null when a
 * scheduled run of the same period already exists, or when `signal` stopped it between batches.
 */
export async function runEtl(
  runtime: Runtime,
  options: { trigger: 'schedule' | 'manual' | 'seed'; slot?: number; signal?: AbortSignal },
): Promise<EtlRunResult | null> {
  const runId = uuidv7();
  const started = await startRun(runtime.db, {
    id: runId,
    trigger: options.trigger,
    slot: options.slot ?? null,
  });
  if (!started) return null;
  const until = await databaseNow(runtime.db);
  const sources: Record<string, SourceCounts> = {};
  const byOrg: OrgCounts = new Map();
  try {
    for (const source of etlSources(runtime))
      sources[source.name] = await runSource(runtime, source, until, byOrg, options.signal);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    await finishRun(runtime.db, runId, { status: 'failed', sources, byOrg, error: message });
    if (error instanceof EtlStopped) {
      runtime.log.warn({ runId }, 'analytics ETL run stopped by shutdown');
      return null;
    }
    runtime.log.error({ err: error, runId }, 'analytics ETL run failed');
    throw error;
  }
  await finishRun(runtime.db, runId, { status: 'succeeded', sources, byOrg });
  runtime.log.info({ runId, sources }, 'analytics ETL run finished');
  return { runId, sources };
}

/**
 * Recomputes chosen scopes of one source at once (domain events between runs). Watermarks stay:
 * the next run reads the same rows again and finds nothing to change.
 */
export async function refreshScopes(
  runtime: Runtime,
  sourceName: string,
  scopes: readonly FactScope[],
): Promise<void> {
  const source = etlSources(runtime).find((candidate) => candidate.name === sourceName);
  if (!source) throw new Error(`Unknown analytics source ${sourceName}`);
  const rows = mergeFactRows(await source.facts(scopes));
  const { writtenByOrg } = await replaceSourceFacts(runtime.db, source.measures, scopes, rows);
  await forgetDataVersions(runtime, [...writtenByOrg.keys()]);
}
