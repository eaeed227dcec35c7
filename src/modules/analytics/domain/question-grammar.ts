import type { Language } from '../../../platform/i18n/locale.js';
import { isMoneyMetric, metricNamed, type DimensionName } from './catalog.js';
import {
  betweenPeriod,
  previousPeriod,
  resolvePeriod,
  type Period,
  type PeriodKind,
} from './relative-period.js';
import { reportQuerySchema, type ReportQuery } from './report-query.js';

/**
 * The documented grammar of analytics questions the platform understands without a language
 * model, in English and Spanish (docs/analytics.md, "Asking in plain language"): a metric, an
 * optional breakdown ("by country", "por canal", "which channel"), an optional ranking ("top 5",
 * "best", "los 3 mejores") and a period ("last month", "el mes pasado"). A question that names
 * something outside it is refused, never guessed.
 */

export type QuestionIntent = 'breakdown' | 'ranking' | 'sentimentDrop';

export interface UnderstoodQuestion {
  understood: true;
  language: Language;
  intent: QuestionIntent;
  /** The metric the answer is about first, then the ones shown beside it. */
  metrics: string[];
  dimension: DimensionName | null;
  period: Period;
  direction: 'asc' | 'desc';
  limit: number;
  /** An ISO 4217 code the question named ("in EUR"), else null. */
  currency: string | null;
}

export interface MisunderstoodQuestion {
  understood: false;
  language: Language;
  reason: { en: string; es: string };
}

export type ParsedQuestion = UnderstoodQuestion | MisunderstoodQuestion;

/** Lower case, no accents, single spaces: "¿Cuál canal?" → "cual canal". */
export function normaliseQuestion(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[¿?¡!,;:.]+(?=\s|$)/g, ' ')
    .replace(/[¿¡]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

const spanishWords =
  /\b(que|cual|cuales|por|el|la|los|las|del|en|de|con|donde|ventas|canal|campanas?|pais|ultimos|dias|mes|pasado|trimestre|ano|ayer|hoy|semana|mejor|mejores|cayeron)\b/g;
const englishWords =
  /\b(what|which|by|the|in|of|with|where|sales|channel|campaigns?|country|last|days|month|quarter|year|yesterday|today|week|best|top|fell)\b/g;

export function languageOfQuestion(normalised: string): Language {
  const es = normalised.match(spanishWords)?.length ?? 0;
  const en = normalised.match(englishWords)?.length ?? 0;
  return es > en ? 'es' : 'en';
}

/** Checked in order: specific phrases ("conversion rate") before the words inside them. */
const metricPatterns: [RegExp, string[]][] = [
  [
    /negative (sentiment|comments)|sentimiento negativo|comentarios negativos/,
    ['commentsNegative', 'commentsPositive', 'commentsNeutral'],
  ],
  [
    /\broas\b|return on ad spend|retorno (de la )?inversion publicitaria/,
    ['roas', 'spend', 'revenueWon'],
  ],
  [/\bctr\b|click.?through|tasa de clics?/, ['ctr', 'clicks', 'impressions']],
  [/conversion rate|tasa de conversion/, ['conversionRate', 'conversions', 'clicks']],
  [/\bcpc\b|cost per click|(coste|costo) por clic/, ['cpc', 'spend', 'clicks']],
  [
    /\bcpa\b|cost per (acquisition|conversion)|(coste|costo) por (adquisicion|conversion)/,
    ['cpa', 'spend', 'conversions'],
  ],
  [/win rate|lead.to.deal|tasa de cierre/, ['winRate', 'dealsWon', 'leads']],
  [/deals won|won deals|negocios ganados|tratos ganados|cierres/, ['dealsWon', 'revenueWon']],
  [/\bsales\b|\brevenue\b|\bventas\b|\bingresos\b|facturacion/, ['revenueWon', 'dealsWon']],
  [/\bspend\b|\bspent\b|\bgasto\b|\bgastamos\b|\binversion\b|\binvertimos\b/, ['spend']],
  [/\bleads?\b|\bprospectos?\b/, ['leads']],
  [/\bconversions?\b|\bconversiones\b/, ['conversions']],
  [/\bclicks?\b|\bclics?\b/, ['clicks']],
  [/\bimpressions?\b|\bimpresiones\b/, ['impressions']],
  [/\breach\b|\balcance\b/, ['reach']],
  [/\breactions?\b|\breacciones\b/, ['reactions']],
];

const dimensionPatterns: [RegExp, DimensionName][] = [
  [/\bchannels?\b|\bcanal(es)?\b/, 'channel'],
  [/\bcountr(y|ies)\b|\bpais(es)?\b|\bmarkets?\b|\bmercados?\b/, 'country'],
  [/\bcit(y|ies)\b|\bciudad(es)?\b/, 'city'],
  [/\bcampaigns?\b|\bcampanas?\b/, 'campaign'],
  [/\b(by|per|each) day\b|\bdaily\b|\bpor dia\b|\bdiari[oa]s?\b/, 'day'],
  [/\b(by|per|each) week\b|\bweekly\b|\bpor semana\b|\bsemanal(es)?\b/, 'week'],
  [/\b(by|per|each) month\b|\bmonthly\b|\bpor mes\b|\bmensual(es)?\b/, 'month'],
];

/** Words after "by"/"por" that are not a breakdown ("por favor", "by the end"). */
const notABreakdown = new Set([
  'favor',
  'ejemplo',
  'the',
  'a',
  'an',
  'ciento',
  'lo',
  'el',
  'la',
  'los',
  'las',
]);
const breakdownWords = new Set([
  'channel',
  'channels',
  'canal',
  'canales',
  'country',
  'countries',
  'pais',
  'paises',
  'market',
  'markets',
  'mercado',
  'mercados',
  'city',
  'cities',
  'ciudad',
  'ciudades',
  'campaign',
  'campaigns',
  'campana',
  'campanas',
  'day',
  'dia',
  'week',
  'semana',
  'month',
  'mes',
]);

const periodPatterns: [RegExp, Exclude<PeriodKind, 'lastDays' | 'between'>][] = [
  [/\byesterday\b|\bayer\b/, 'yesterday'],
  [/\btoday\b|\bhoy\b/, 'today'],
  [/\bthis week\b|\besta semana\b/, 'thisWeek'],
  [/\blast week\b|\bprevious week\b|\bsemana pasada\b|\bsemana anterior\b/, 'lastWeek'],
  [/\bthis month\b|\beste mes\b|\bmonth to date\b/, 'thisMonth'],
  [/\blast month\b|\bprevious month\b|\bmes pasado\b|\bmes anterior\b/, 'lastMonth'],
  [/\bthis quarter\b|\beste trimestre\b/, 'thisQuarter'],
  [
    /\blast quarter\b|\bprevious quarter\b|\btrimestre pasado\b|\btrimestre anterior\b/,
    'lastQuarter',
  ],
  [/\bthis year\b|\byear to date\b|\beste ano\b|\bva del ano\b/, 'thisYear'],
  [/\blast year\b|\bprevious year\b|\bano pasado\b|\bano anterior\b/, 'lastYear'],
];

const knownCurrencies = ['EUR', 'USD', 'MXN', 'COP', 'ARS', 'CLP', 'PEN', 'BRL', 'GBP', 'CAD'];

/** The period the question names; null when it names none. */
function periodOf(text: string, today: string): Period | 'invalid' | null {
  const explicit = /\b(\d{4}-\d{2}-\d{2})\b.*?\b(\d{4}-\d{2}-\d{2})\b/.exec(text);
  if (explicit) {
    const [from, to] = [explicit[1]!, explicit[2]!];
    return Number.isNaN(Date.parse(from)) || Number.isNaN(Date.parse(to)) || to < from
      ? 'invalid'
      : betweenPeriod(from, to);
  }
  const days = /\b(?:last|past|previous) (\d{1,3}) days\b|\bultimos (\d{1,3}) dias\b/.exec(text);
  if (days) {
    const count = Number(days[1] ?? days[2]);
    return count >= 1 && count <= 366 ? resolvePeriod('lastDays', today, count) : 'invalid';
  }
  for (const [pattern, kind] of periodPatterns)
    if (pattern.test(text)) return resolvePeriod(kind, today);
  return null;
}

function currencyOf(text: string): string | null {
  if (/\beuros?\b/.test(text)) return 'EUR';
  if (/\b(us )?dollars?\b|\bdolares\b/.test(text)) return 'USD';
  if (/\bpesos mexicanos\b/.test(text)) return 'MXN';
  const code = knownCurrencies.find((candidate) =>
    new RegExp(`\\b${candidate.toLowerCase()}\\b`).test(text),
  );
  return code ?? null;
}

const cannot = (language: Language, en: string, es: string): MisunderstoodQuestion => ({
  understood: false,
  language,
  reason: { en, es },
});

/** Cost metrics, where "best" means lowest. */
const lowerIsBetter = new Set(['cpc', 'cpa', 'spend']);

/**
 * Parses a question against the grammar. `today` is the organisation's calendar day
 * (YYYY-MM-DD) the relative periods are counted from.
 */
export function parseQuestion(question: string, today: string): ParsedQuestion {
  const text = normaliseQuestion(question);
  const language = languageOfQuestion(text);

  const named = periodOf(text, today);
  if (named === 'invalid')
    return cannot(
      language,
      'The period in the question is not a valid range of days.',
      'El periodo de la pregunta no es un rango de días válido.',
    );

  // Campaigns with negative sentiment whose influencer reactions fell: a comparison of periods.
  // Negative sentiment alone is a plain metric (negative comments) below.
  const negative = /negative (sentiment|comments)|sentimiento negativo|comentarios negativos/;
  const fell =
    /\b(fell|fall|falling|dropped|drop|declin\w*|decreas\w*|cayeron|cayo|caen|bajaron|bajo|disminuy\w*)\b/;
  if (negative.test(text) && fell.test(text) && /influencer/.test(text)) {
    return {
      understood: true,
      language,
      intent: 'sentimentDrop',
      metrics: ['commentsNegative', 'commentsPositive', 'commentsNeutral', 'influencerReactions'],
      dimension: 'campaign',
      // Sentiment moves week to week: without a period, the last 7 days against the 7 before.
      period: named ?? resolvePeriod('lastDays', today, 7),
      direction: 'desc',
      limit: 100,
      currency: null,
    };
  }

  const metricMatch = metricPatterns.find(([pattern]) => pattern.test(text));
  if (!metricMatch)
    return cannot(
      language,
      'The question names no metric of the analytics catalogue (sales, spend, ROAS, conversions, clicks, leads…).',
      'La pregunta no nombra ninguna métrica del catálogo (ventas, gasto, ROAS, conversiones, clics, leads…).',
    );
  const metrics = metricMatch[1];

  // "by product", "por producto": a breakdown the store does not hold; refuse rather than ignore.
  for (const match of text.matchAll(/\b(?:by|per|por) ([a-z]+)/g)) {
    const word = match[1]!;
    if (notABreakdown.has(word) || breakdownWords.has(word)) continue;
    // "top 5 campaigns by conversions": ranked by a metric, not broken down by it.
    const rest = text.slice(match.index + match[0].length - word.length);
    if (metricPatterns.some(([pattern]) => pattern.exec(rest)?.index === 0)) continue;
    return cannot(
      language,
      `The analytics store cannot break figures down by "${word}"; it can by channel, country, city, campaign, day, week or month.`,
      `El almacén de analítica no puede desglosar por "${word}"; puede por canal, país, ciudad, campaña, día, semana o mes.`,
    );
  }

  const topN = /\btop (\d{1,3})\b|\b(?:los|las)? ?(\d{1,3}) (?:mejores|principales|peores)\b/.exec(
    text,
  );
  const good = /\b(best|top|mejor(es)?|principales)\b/.test(text);
  const bad = /\b(worst|peor(es)?)\b/.test(text);
  const high = /\b(highest|most|mayor(es)?|mas alt[oa]s?)\b/.test(text);
  const low = /\b(lowest|least|fewest|menor(es)?|menos|mas baj[oa]s?)\b/.test(text);
  const ranking = topN !== null || good || bad || high || low;
  let dimension = dimensionPatterns.find(([pattern]) => pattern.test(text))?.[1] ?? null;
  // "the best ROAS" needs something to rank: campaigns unless the question says otherwise.
  if (ranking && dimension === null) dimension = 'campaign';

  // No period named: the last 30 days, which the answer states.
  const period = named ?? resolvePeriod('lastDays', today, 30);
  const primary = metrics[0]!;
  // Highest/lowest are literal; best/worst depend on the metric: for a cost, best is lowest.
  const direction: 'asc' | 'desc' = lowerIsBetter.has(primary)
    ? high || bad
      ? 'desc'
      : low || good
        ? 'asc'
        : 'desc'
    : low || bad
      ? 'asc'
      : 'desc';
  const limit = topN ? Math.min(Math.max(Number(topN[1] ?? topN[2]), 1), 100) : 100;

  return {
    understood: true,
    language,
    intent: ranking ? 'ranking' : 'breakdown',
    metrics,
    dimension,
    period,
    direction,
    limit,
    currency: currencyOf(text),
  };
}

/**
 * The report query for an understood question. `currency` orders rows by a money metric (money
 * is per currency, so one must be chosen); null orders by the breakdown itself.
 */
export function queryForQuestion(
  question: UnderstoodQuestion,
  currency: string | null,
): ReportQuery {
  const primary = metricNamed(question.metrics[0]!)!;
  const orderable = question.dimension !== null && (!isMoneyMetric(primary) || currency !== null);
  return reportQuerySchema.parse({
    metrics: question.metrics,
    dimensions: question.dimension ? [question.dimension] : [],
    dateRange: { from: question.period.from, to: question.period.to },
    ...(question.intent === 'sentimentDrop'
      ? { compareDateRange: previousPeriod(question.period) }
      : {}),
    orderBy:
      orderable && question.dimension && !['day', 'week', 'month'].includes(question.dimension)
        ? [
            {
              field: primary.name,
              direction: question.direction,
              ...(isMoneyMetric(primary) ? { currency } : {}),
            },
          ]
        : [],
    limit: question.limit,
  });
}
