import type { Runtime } from '../../../platform/runtime.js';
import { sentimentLabel } from '../../ai/index.js';
import {
  findSentimentAlerts,
  type SentimentAlertRow,
} from '../infrastructure/sentiment.repository.js';

export interface SentimentAlertQuery {
  brand?: string;
  /** Length of each compared window, in days. */
  windowDays: number;
  /** Last day of the current window (YYYY-MM-DD); default yesterday, the last complete day. */
  asOf?: string;
  /** Mean comment sentiment at or below this is negative (default −0.05, the label's cut). */
  maxSentiment: number;
  minComments: number;
  /** Reactions must have fallen by more than this percentage. */
  minDropPercent: number;
  limit: number;
}

export interface SentimentWindows {
  current: { from: string; to: string };
  previous: { from: string; to: string };
}

const addDays = (day: string, days: number) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/** The current window ends on `asOf`; the previous one is the same number of days just before. */
export function sentimentWindows(asOf: string, windowDays: number): SentimentWindows {
  const currentFrom = addDays(asOf, -(windowDays - 1));
  return {
    current: { from: currentFrom, to: asOf },
    previous: { from: addDays(currentFrom, -windowDays), to: addDays(currentFrom, -1) },
  };
}

/**
 * "Ads of a brand whose social sentiment is negative and whose influencer reactions are falling":
 * the mean sentiment of the comments posted in the current window is negative, and the reactions
 * to the influencer's post in the current window are below those of the previous window.
 */
export async function sentimentAlerts(
  runtime: Runtime,
  orgId: string,
  query: SentimentAlertQuery,
): Promise<{ windows: SentimentWindows; rows: (SentimentAlertRow & { label: string })[] }> {
  const asOf = query.asOf ?? addDays(new Date().toISOString().slice(0, 10), -1);
  const windows = sentimentWindows(asOf, query.windowDays);
  const rows = await findSentimentAlerts(runtime.db, {
    orgId,
    brand: query.brand,
    previousFrom: windows.previous.from,
    currentFrom: windows.current.from,
    to: windows.current.to,
    maxSentiment: query.maxSentiment,
    minComments: query.minComments,
    minDropPercent: query.minDropPercent,
    limit: query.limit,
  });
  return { windows, rows: rows.map((row) => ({ ...row, label: sentimentLabel(row.sentiment) })) };
}
