import type { BaseMeasure } from './catalog.js';

/** Stands for "none" in key columns that hold ids (no campaign, no content asset). */
export const noId = '00000000-0000-0000-0000-000000000000';

/** One cell of the summary store with one source's sums. */
export interface FactRow {
  orgId: string;
  day: string;
  campaignId: string;
  channel: string;
  country: string;
  city: string;
  assetId: string;
  currency: string;
  sums: Partial<Record<BaseMeasure, number>>;
}

/** Cells a source recomputes: a campaign's day, or (day null) all of a campaign's days. */
export interface FactScope {
  orgId: string;
  campaignId: string;
  day: string | null;
}

const keyOf = (row: FactRow) =>
  [
    row.orgId,
    row.day,
    row.campaignId,
    row.channel,
    row.country,
    row.city,
    row.assetId,
    row.currency,
  ].join('|');

/**
 * Adds up rows that land in the same cell (two ads of a channel using one asset, two deals of one
 * day and market), so each cell is written once.
 */
export function mergeFactRows(rows: readonly FactRow[]): FactRow[] {
  const cells = new Map<string, FactRow>();
  for (const row of rows) {
    const key = keyOf(row);
    const cell = cells.get(key);
    if (!cell) {
      cells.set(key, { ...row, sums: { ...row.sums } });
      continue;
    }
    for (const [measure, value] of Object.entries(row.sums) as [BaseMeasure, number][])
      cell.sums[measure] = (cell.sums[measure] ?? 0) + value;
  }
  return [...cells.values()];
}
