import { AppError } from '../../../platform/errors/app-error.js';
import type { Runtime } from '../../../platform/runtime.js';
import { compareVariants, type AbTestOutcome } from '../domain/ab-test.js';
import type { PerformanceTotals } from '../domain/performance-metrics.js';
import { findAdSet, listAds } from '../infrastructure/campaigns.repository.js';
import { queryPerformance } from './performance-query.js';

export type VariantMetric = 'ctr' | 'conversion_rate';

export interface VariantComparison {
  adSetId: string;
  metric: VariantMetric;
  variants: { adId: string; variant: string; trials: number; successes: number; rate: number }[];
  /** The two best variants tested against each other; null with fewer than two. */
  test: (AbTestOutcome & { a: string; b: string }) | null;
}

const trialsOf = (t: PerformanceTotals, metric: VariantMetric) =>
  metric === 'ctr' ? t.impressions : t.clicks;
const successesOf = (t: PerformanceTotals, metric: VariantMetric) =>
  metric === 'ctr' ? t.clicks : t.conversions;

/**
 * Per-variant results of an ad set and a two-proportion z-test between the two best: a winner is
 * named only when the difference is significant (p < 0.05) on enough trials.
 */
export async function compareAdSetVariants(
  runtime: Runtime,
  orgId: string,
  adSetId: string,
  metric: VariantMetric,
  range: { from: string; to: string },
): Promise<VariantComparison> {
  const adSet = await findAdSet(runtime.db, orgId, adSetId);
  if (!adSet) throw AppError.notFound('Ad set', adSetId);
  const ads = await listAds(runtime.db, orgId, { adSetId, limit: 100 });
  const performance = await queryPerformance(
    runtime,
    { orgId, campaignId: adSet.campaignId, ...range },
    'ad',
  );
  const byAd = new Map(performance.rows.map((row) => [row.key.ad, row.totals]));
  const variants = ads
    .map((ad) => {
      const totals = byAd.get(ad.id);
      const trials = totals ? trialsOf(totals, metric) : 0;
      const successes = totals ? successesOf(totals, metric) : 0;
      return {
        adId: ad.id,
        variant: ad.variant,
        trials,
        successes,
        rate: trials > 0 ? successes / trials : 0,
      };
    })
    .sort((x, y) => y.rate - x.rate || x.variant.localeCompare(y.variant));
  const [first, second] = variants;
  const test =
    first && second
      ? {
          a: first.variant,
          b: second.variant,
          ...compareVariants(
            { variant: first.variant, trials: first.trials, successes: first.successes },
            { variant: second.variant, trials: second.trials, successes: second.successes },
          ),
        }
      : null;
  return { adSetId, metric, variants, test };
}
