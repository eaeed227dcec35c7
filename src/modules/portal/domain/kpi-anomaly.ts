import {
  formatDay,
  formatMoney,
  languageOf,
  type Language,
} from '../../../platform/i18n/locale.js';

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

const labels: Record<Language, Record<KpiMetric, string>> = {
  en: { ctr: 'CTR', conversion_rate: 'Conversion rate', spend: 'Spend', delivery: 'Delivery' },
  es: {
    ctr: 'CTR',
    conversion_rate: 'Tasa de conversión',
    spend: 'Gasto',
    delivery: 'Entrega',
  },
};

/**
 * The alert's wording for one reader: a title naming the metrics, one body line per anomaly,
 * money from minor units and the day in the reader's conventions.
 */
export function describeKpiAnomalies(
  campaignName: string,
  day: string,
  currency: string,
  anomalies: readonly KpiAnomaly[],
  reader: { locale: string },
): { title: string; body: string } {
  const { locale } = reader;
  const language = languageOf(locale);
  const label = labels[language];
  const money = (minor: number) => formatMoney(Math.round(minor), currency, locale);
  const rate = new Intl.NumberFormat(locale, {
    style: 'percent',
    minimumFractionDigits: 2,
    maximumFractionDigits: 2,
  });
  const change = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 });
  const count = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
  const when = formatDay(day, locale);
  const es = language === 'es';
  const line = (a: KpiAnomaly) => {
    const by = change.format(Math.abs(a.changePercent) / 100);
    switch (a.metric) {
      case 'delivery':
        return es
          ? `Entrega detenida: ninguna impresión el ${when}, frente a ${count.format(a.baseline)} diarias antes.`
          : `Delivery stalled: no impressions on ${when}, against ${count.format(a.baseline)} a day before.`;
      case 'spend':
        return es
          ? `Gasto de ${money(a.value)} el ${when}, un ${by} por encima de los ${money(a.baseline)} diarios anteriores.`
          : `Spend ${money(a.value)} on ${when}, ${by} above the ${money(a.baseline)} a day before.`;
      default:
        return es
          ? `${label[a.metric]} de ${rate.format(a.value)} el ${when}, un ${by} por debajo del ${rate.format(a.baseline)} de los 7 días anteriores.`
          : `${label[a.metric]} ${rate.format(a.value)} on ${when}, ${by} below the ${rate.format(a.baseline)} of the 7 days before.`;
    }
  };
  const metrics = anomalies.map((a) => label[a.metric]).join(', ');
  return {
    title: es
      ? `Anomalía de KPI en ${campaignName}: ${metrics}`
      : `KPI anomaly in ${campaignName}: ${metrics}`,
    body: anomalies.map(line).join('\n'),
  };
}
