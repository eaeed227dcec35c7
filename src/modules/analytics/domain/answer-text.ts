import type { Language } from '../../../platform/i18n/locale.js';
import { isMoneyMetric, metricNamed, type DimensionName } from './catalog.js';
import type { UnderstoodQuestion } from './question-grammar.js';
import { daysInRange } from './relative-period.js';
import type { MetricValue, Report, ReportRow } from './report.js';

/**
 * The short answer to a question, composed only from the figures of the report that answers it
 * (never from a model), naming the period and, for money, the currency.
 */

const metricLabels: Record<string, { en: string; es: string }> = {
  impressions: { en: 'impressions', es: 'impresiones' },
  reach: { en: 'reach', es: 'alcance' },
  clicks: { en: 'clicks', es: 'clics' },
  trackedClicks: { en: 'tracked clicks', es: 'clics rastreados' },
  conversions: { en: 'conversions', es: 'conversiones' },
  trackedConversions: { en: 'tracked conversions', es: 'conversiones rastreadas' },
  spend: { en: 'spend', es: 'gasto' },
  reactions: { en: 'reactions', es: 'reacciones' },
  commentsPositive: { en: 'positive comments', es: 'comentarios positivos' },
  commentsNeutral: { en: 'neutral comments', es: 'comentarios neutros' },
  commentsNegative: { en: 'negative comments', es: 'comentarios negativos' },
  influencerReactions: { en: 'influencer reactions', es: 'reacciones de influencers' },
  leads: { en: 'leads', es: 'leads' },
  dealsWon: { en: 'deals won', es: 'negocios ganados' },
  revenueWon: { en: 'sales (revenue won)', es: 'ventas (ingresos ganados)' },
  ctr: { en: 'CTR', es: 'CTR' },
  conversionRate: { en: 'conversion rate', es: 'tasa de conversión' },
  cpc: { en: 'CPC', es: 'CPC' },
  cpa: { en: 'CPA', es: 'CPA' },
  roas: { en: 'ROAS', es: 'ROAS' },
  winRate: { en: 'lead-to-deal rate', es: 'tasa de cierre' },
};

const dimensionLabels: Record<DimensionName, { en: [string, string]; es: [string, string] }> = {
  day: { en: ['day', 'days'], es: ['día', 'días'] },
  week: { en: ['week', 'weeks'], es: ['semana', 'semanas'] },
  month: { en: ['month', 'months'], es: ['mes', 'meses'] },
  campaign: { en: ['campaign', 'campaigns'], es: ['campaña', 'campañas'] },
  channel: { en: ['channel', 'channels'], es: ['canal', 'canales'] },
  country: { en: ['country', 'countries'], es: ['país', 'países'] },
  city: { en: ['city', 'cities'], es: ['ciudad', 'ciudades'] },
  asset: { en: ['content asset', 'content assets'], es: ['contenido', 'contenidos'] },
};

const localeOf = (language: Language) => (language === 'es' ? 'es-ES' : 'en-US');

const label = (metric: string, language: Language) => metricLabels[metric]?.[language] ?? metric;

/** Minor units → the currency's major units (JPY has none, EUR two). */
function majorUnits(minor: number, currency: string): number {
  const digits =
    new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions()
      .maximumFractionDigits ?? 2;
  return minor / 10 ** digits;
}

/** One figure as people read it: counts grouped, rates as percentages, money in major units. */
export function formatFigure(
  metric: string,
  value: number | null,
  currency: string | null,
  language: Language,
): string {
  if (value === null) return language === 'es' ? 'sin dato' : 'n/a';
  const locale = localeOf(language);
  const definition = metricNamed(metric)!;
  switch (definition.unit) {
    case 'count':
      return new Intl.NumberFormat(locale, { maximumFractionDigits: 0 }).format(value);
    case 'currency_minor':
    case 'currency_minor_per_unit':
      return new Intl.NumberFormat(locale, {
        style: 'currency',
        currency: currency ?? 'XXX',
        currencyDisplay: 'code',
      }).format(majorUnits(value, currency ?? 'XXX'));
    case 'ratio':
      return metric === 'roas'
        ? new Intl.NumberFormat(locale, { maximumFractionDigits: 2 }).format(value)
        : new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 2 }).format(
            value,
          );
  }
}

/** The metric's figure in a row: the chosen currency's for money metrics. */
export function figureOf(value: MetricValue | undefined, currency: string | null): number | null {
  if (value === undefined || value === null) return null;
  if (typeof value === 'number') return value;
  return currency ? (value[currency] ?? null) : null;
}

function periodText(question: UnderstoodQuestion): string {
  const { period, language } = question;
  // "in the last 7 days", but "last month", "este trimestre" stand alone.
  const preposition =
    period.kind === 'lastDays'
      ? language === 'es'
        ? 'en '
        : 'in '
      : period.kind === 'between'
        ? language === 'es'
          ? 'del '
          : 'from '
        : '';
  return language === 'es'
    ? `${preposition}${period.label.es} (del ${period.from} al ${period.to})`
    : `${preposition}${period.label.en} (${period.from} to ${period.to})`;
}

/** Display names of dimension values (campaign ids → campaign names); ids show as themselves. */
export type ValueNames = ReadonlyMap<string, string>;

function keyText(
  row: ReportRow,
  dimension: DimensionName,
  language: Language,
  names: ValueNames,
): string {
  const value = row.dimensions[dimension] ?? '';
  if (value === '') return language === 'es' ? '(sin dato)' : '(unknown)';
  return names.get(value) ?? value;
}

const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** Every currency's figure, for a money total without a chosen currency: "EUR 10.00; MXN 5.00". */
function perCurrency(metric: string, value: MetricValue, language: Language): string {
  if (value === null || typeof value === 'number')
    return formatFigure(metric, value, null, language);
  const entries = Object.entries(value);
  if (entries.length === 0) return language === 'es' ? 'sin dato' : 'n/a';
  return entries.map(([code, figure]) => formatFigure(metric, figure, code, language)).join('; ');
}

function noData(question: UnderstoodQuestion): string {
  const metric = label(question.metrics[0]!, question.language);
  return question.language === 'es'
    ? `No hay cifras de ${metric} ${periodText(question)}.`
    : `There are no ${metric} figures ${periodText(question)}.`;
}

function sentimentAnswer(
  question: UnderstoodQuestion,
  report: Report,
  compare: Report,
  names: ValueNames,
): string {
  const es = question.language === 'es';
  const before = new Map(
    compare.rows.map((row) => [row.dimensions.campaign ?? '', row.metrics.influencerReactions]),
  );
  const hits = report.rows.flatMap((row) => {
    const negative = figureOf(row.metrics.commentsNegative, null) ?? 0;
    const positive = figureOf(row.metrics.commentsPositive, null) ?? 0;
    const now = figureOf(row.metrics.influencerReactions, null) ?? 0;
    const then = figureOf(before.get(row.dimensions.campaign ?? ''), null) ?? 0;
    return negative > positive && now < then ? [{ row, negative, positive, now, then }] : [];
  });
  const range = previousPeriodText(question);
  if (hits.length === 0)
    return es
      ? `Ninguna campaña tuvo más comentarios negativos que positivos y reacciones de influencers en descenso ${periodText(question)}${range}.`
      : `No campaign had more negative than positive comments and falling influencer reactions ${periodText(question)}${range}.`;
  const list = hits
    .map(({ row, negative, positive, now, then }) => {
      const drop = then === 0 ? 0 : Math.round(((then - now) / then) * 1000) / 10;
      return es
        ? `${keyText(row, 'campaign', 'es', names)} (${negative} negativos, ${positive} positivos; reacciones de influencers ${then} → ${now}, −${drop} %)`
        : `${keyText(row, 'campaign', 'en', names)} (${negative} negative, ${positive} positive; influencer reactions ${then} → ${now}, −${drop}%)`;
    })
    .join('; ');
  return es
    ? `${hits.length} campaña(s) con más comentarios negativos que positivos y reacciones de influencers en descenso ${periodText(question)}${range}: ${list}.`
    : `${hits.length} campaign(s) with more negative than positive comments and falling influencer reactions ${periodText(question)}${range}: ${list}.`;
}

function previousPeriodText(question: UnderstoodQuestion) {
  const days = daysInRange(question.period.from, question.period.to);
  return question.language === 'es'
    ? ` frente a los ${days} días anteriores`
    : ` against the ${days} days before`;
}

/**
 * The answer text. `currency` is the one money figures are given in (null: every currency, or
 * no money involved); `compare` is the previous period for the sentiment question; `names`
 * shows campaigns by name.
 */
export function composeAnswer(
  question: UnderstoodQuestion,
  report: Report,
  currency: string | null,
  compare: Report | null,
  names: ValueNames = new Map(),
): string {
  const { language, dimension } = question;
  const es = language === 'es';
  if (question.intent === 'sentimentDrop' && compare)
    return sentimentAnswer(question, report, compare, names);
  const metric = question.metrics[0]!;
  const money = isMoneyMetric(metricNamed(metric)!);
  const metricLabel = label(metric, language);
  const inCurrency = money && currency ? (es ? `, en ${currency}` : `, in ${currency}`) : '';
  const total = report.totals[metric];
  const totalFigure = figureOf(total, money ? currency : null);
  if (report.rowCount === 0) return noData(question);

  if (!dimension) {
    if (money && !currency) {
      // No currency chosen: every currency's own figure, never a sum across them.
      const codes = total && typeof total === 'object' ? Object.keys(total) : [];
      if (codes.length === 0) return noData(question);
      return `${capitalise(metricLabel)} ${periodText(question)}: ${perCurrency(metric, total!, language)}.`;
    }
    return `${capitalise(metricLabel)} ${periodText(question)}${inCurrency}: ${formatFigure(
      metric,
      totalFigure,
      currency,
      language,
    )}.`;
  }

  const shown = report.rows.filter(
    (row) => figureOf(row.metrics[metric], money ? currency : null) !== null,
  );
  if (shown.length === 0) return noData(question);
  const [singular, plural] = dimensionLabels[dimension][language];
  const item = (row: ReportRow) =>
    `${keyText(row, dimension, language, names)}: ${formatFigure(
      metric,
      figureOf(row.metrics[metric], money ? currency : null),
      currency,
      language,
    )}`;
  const others =
    money && currency && total && typeof total === 'object'
      ? Object.keys(total).filter((code) => code !== currency)
      : [];
  const otherCurrencies =
    others.length === 0
      ? ''
      : es
        ? ` Hay también importes en ${others.join(', ')}, que no se suman.`
        : ` There are amounts in ${others.join(', ')} too, which are not added in.`;

  if (question.intent === 'ranking' && question.limit < 100) {
    const list = shown.map((row, index) => `${index + 1}. ${item(row)}`).join('; ');
    return es
      ? `Top ${question.limit} ${plural} por ${metricLabel} ${periodText(question)}${inCurrency}: ${list}.${otherCurrencies}`
      : `Top ${question.limit} ${plural} by ${metricLabel} ${periodText(question)}${inCurrency}: ${list}.${otherCurrencies}`;
  }
  if (question.intent === 'ranking') {
    const [first, ...rest] = shown;
    const next = rest.slice(0, 2).map(item).join('; ');
    const quality =
      question.direction === 'desc' ? (es ? 'más alto' : 'highest') : es ? 'más bajo' : 'lowest';
    return es
      ? `${capitalise(singular)} con el ${metricLabel} ${quality} ${periodText(question)}${inCurrency}: ${item(first!)}${next ? `; le siguen ${next}` : ''}.${otherCurrencies}`
      : `The ${singular} with the ${quality} ${metricLabel}${money && currency ? ` in ${currency}` : ''} ${periodText(question)} was ${item(first!)}${next ? `; then ${next}` : ''}.${otherCurrencies}`;
  }
  const list = shown.slice(0, 10).map(item).join('; ');
  const more =
    shown.length > 10
      ? es
        ? ` (y ${shown.length - 10} más)`
        : ` (and ${shown.length - 10} more)`
      : '';
  const totalText = `Total: ${
    money && !currency
      ? perCurrency(metric, total ?? null, language)
      : formatFigure(metric, totalFigure, currency, language)
  }.`;
  return es
    ? `${capitalise(metricLabel)} por ${singular} ${periodText(question)}${inCurrency}: ${list}${more}. ${totalText}${otherCurrencies}`
    : `${capitalise(metricLabel)} by ${singular} ${periodText(question)}${inCurrency}: ${list}${more}. ${totalText}${otherCurrencies}`;
}
