/** One day of a campaign's channel numbers (PromptAds' daily facts, summed over ads and markets). */
export interface DayKpis {
  /** YYYY-MM-DD */
  day: string;
  impressions: number;
  clicks: number;
  conversions: number;
  costMinor: number;
}

export type KpiMetric = 'ctr' | 'conversion_rate' | 'spend' | 'delivery';

export interface KpiAnomaly {
  metric: KpiMetric;
  /** The latest day's value: a rate as a fraction, spend in minor units, delivery in impressions. */
  value: number;
  /** The same over the baseline days: rates weighted by volume, spend and delivery per day. */
  baseline: number;
  /** (value − baseline) / baseline in percent, one decimal. */
  changePercent: number;
}

export const anomalyRules = {
  baselineDays: 7,
  /** Fewer baseline days or impressions than this is noise, not a baseline. */
  minBaselineDays: 3,
  minBaselineImpressions: 1_000,
  ctrDropPercent: 40,
  conversionRateDropPercent: 50,
  overspendPercent: 150,
  /** Rates of a day this small swing by chance; the rate rules skip it. */
  minLatestImpressions: 100,
  minLatestClicks: 20,
  minBaselineConversions: 5,
} as const;

const addDays = (day: string, days: number) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

const change = (value: number, baseline: number) =>
  Math.round(((value - baseline) / baseline) * 1000) / 10;

/**
 * Compares a running campaign's latest complete day with the seven days before it. A missing day
 * counts as a day without delivery. Rates are compared as ratios of the baseline's sums (so a quiet
 * day does not weigh as much as a busy one); spend against the mean spend of the baseline days.
 * No baseline worth the name (too few days or impressions), no anomalies.
 */
export function detectKpiAnomalies(days: readonly DayKpis[], latestDay: string): KpiAnomaly[] {
  const rules = anomalyRules;
  const from = addDays(latestDay, -rules.baselineDays);
  const baselineDays = days.filter((d) => d.day >= from && d.day < latestDay);
  const sum = (key: keyof Omit<DayKpis, 'day'>) => baselineDays.reduce((s, d) => s + d[key], 0);
  const base = {
    impressions: sum('impressions'),
    clicks: sum('clicks'),
    conversions: sum('conversions'),
    costMinor: sum('costMinor'),
  };
  if (
    baselineDays.length < rules.minBaselineDays ||
    base.impressions < rules.minBaselineImpressions
  ) {
    return [];
  }
  const latest = days.find((d) => d.day === latestDay) ?? {
    day: latestDay,
    impressions: 0,
    clicks: 0,
    conversions: 0,
    costMinor: 0,
  };
  const anomalies: KpiAnomaly[] = [];
  if (latest.impressions === 0) {
    const perDay = base.impressions / baselineDays.length;
    anomalies.push({ metric: 'delivery', value: 0, baseline: perDay, changePercent: -100 });
  }
  const baseCtr = base.clicks / base.impressions;
  if (latest.impressions >= rules.minLatestImpressions && baseCtr > 0) {
    const ctr = latest.clicks / latest.impressions;
    if (change(ctr, baseCtr) <= -rules.ctrDropPercent) {
      anomalies.push({
        metric: 'ctr',
        value: ctr,
        baseline: baseCtr,
        changePercent: change(ctr, baseCtr),
      });
    }
  }
  if (latest.clicks >= rules.minLatestClicks && base.conversions >= rules.minBaselineConversions) {
    const rate = latest.conversions / latest.clicks;
    const baseRate = base.conversions / base.clicks;
    if (change(rate, baseRate) <= -rules.conversionRateDropPercent) {
      anomalies.push({
        metric: 'conversion_rate',
        value: rate,
        baseline: baseRate,
        changePercent: change(rate, baseRate),
      });
    }
  }
  const baseSpend = base.costMinor / baselineDays.length;
  if (baseSpend > 0 && latest.costMinor >= (baseSpend * rules.overspendPercent) / 100) {
    anomalies.push({
      metric: 'spend',
      value: latest.costMinor,
      baseline: baseSpend,
      changePercent: change(latest.costMinor, baseSpend),
    });
  }
  return anomalies;
}

const labels: Record<KpiMetric, string> = {
  ctr: 'CTR',
  conversion_rate: 'Conversion rate',
  spend: 'Spend',
  delivery: 'Delivery',
};

/** The alert's wording: a title naming the metrics, one body line per anomaly. */
export function describeKpiAnomalies(
  campaignName: string,
  day: string,
  currency: string,
  anomalies: readonly KpiAnomaly[],
): { title: string; body: string } {
  const money = new Intl.NumberFormat('en', { style: 'currency', currency });
  const minorPerUnit = 10 ** (money.resolvedOptions().maximumFractionDigits ?? 2);
  const percent = (rate: number) => `${(rate * 100).toFixed(2)} %`;
  const line = (a: KpiAnomaly) => {
    switch (a.metric) {
      case 'delivery':
        return `Delivery stalled: no impressions on ${day}, against ${Math.round(a.baseline)} a day before.`;
      case 'spend':
        return `Spend ${money.format(a.value / minorPerUnit)} on ${day}, ${a.changePercent} % above the ${money.format(a.baseline / minorPerUnit)} a day before.`;
      default:
        return `${labels[a.metric]} ${percent(a.value)} on ${day}, ${Math.abs(a.changePercent)} % below the ${percent(a.baseline)} of the 7 days before.`;
    }
  };
  return {
    title: `KPI anomaly in ${campaignName}: ${anomalies.map((a) => labels[a.metric]).join(', ')}`,
    body: anomalies.map(line).join('\n'),
  };
}
