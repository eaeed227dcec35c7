import { campaignNames } from '../../ads/index.js';
import { assetTitles } from '../../content/index.js';
import { aiGatewayFor } from '../../ai/index.js';
import { organizationPreferences } from '../../identity/index.js';
import type { Runtime } from '../../../platform/runtime.js';
import { composeAnswer, type ValueNames } from '../domain/answer-text.js';
import { isMoneyMetric, metricNamed } from '../domain/catalog.js';
import {
  languageOfQuestion,
  normaliseQuestion,
  parseQuestion,
  queryForQuestion,
  type UnderstoodQuestion,
} from '../domain/question-grammar.js';
import { betweenPeriod, todayIn } from '../domain/relative-period.js';
import { queryErrors, reportQuerySchema, type ReportQuery } from '../domain/report-query.js';
import { queryFromModel } from './model-question.js';
import { reportResponse, type ReportResponse } from './report-response.js';
import { audiencesOf, runQuery } from './run-query.js';

/** Questions the grammar answers, shown to whoever asks something it cannot. */
export const exampleQuestions = {
  en: [
    'sales by country last month',
    'which channel had the best ROAS in the last 7 days',
    'top 5 campaigns by conversions this quarter',
    'campaigns with negative sentiment where influencer reactions fell',
    'spend by channel yesterday',
    'leads by campaign this year',
  ],
  es: [
    'ventas por país el mes pasado',
    '¿qué canal tuvo el mejor ROAS en los últimos 7 días?',
    'las 5 mejores campañas por conversiones este trimestre',
    'campañas con sentimiento negativo donde cayeron las reacciones de influencers',
    'gasto por canal ayer',
    'leads por campaña este año',
  ],
};

export interface AskContext {
  orgId: string;
  userId: string | null;
  permissions: ReadonlySet<string>;
  /** The instant "today" is taken from (tests pin it). */
  now?: Date;
}

export type AskAnswer =
  | {
      understood: true;
      question: string;
      language: 'en' | 'es';
      /** How the question became a query: the documented grammar, or the configured model. */
      source: 'grammar' | 'model';
      period: { from: string; to: string };
      /** The currency money figures in the answer are given in; null when none is involved. */
      currency: string | null;
      answer: string;
      query: ReportQuery;
      report: ReportResponse;
    }
  | {
      understood: false;
      question: string;
      language: 'en' | 'es';
      source: null;
      answer: string;
      examples: string[];
    };

/**
 * The currency to rank and state money figures in: the one the question named, else the one
 * with the largest total of the metric's money part over the period (spend for ratios).
 */
async function currencyFor(
  runtime: Runtime,
  context: AskContext,
  question: UnderstoodQuestion,
): Promise<string | null> {
  const metric = metricNamed(question.metrics[0]!)!;
  if (!isMoneyMetric(metric)) return null;
  if (question.currency) return question.currency;
  const basis = metric.kind === 'sum' ? metric.name : 'spend';
  const { report } = await runQuery(
    runtime,
    context.orgId,
    context.permissions,
    reportQuerySchema.parse({
      metrics: [basis],
      dateRange: { from: question.period.from, to: question.period.to },
    }),
  );
  const totals = report.totals[basis];
  if (!totals || typeof totals !== 'object') return null;
  const [largest] = Object.entries(totals)
    .filter(([, value]) => (value ?? 0) > 0)
    .sort(([a, x], [b, y]) => (y ?? 0) - (x ?? 0) || a.localeCompare(b));
  return largest?.[0] ?? null;
}

/** A model's query read back as a question, so the answer is composed the same way. */
function questionOfQuery(query: ReportQuery, language: 'en' | 'es'): UnderstoodQuestion {
  const order = query.orderBy[0];
  return {
    understood: true,
    language,
    intent: order ? 'ranking' : 'breakdown',
    metrics: query.metrics,
    dimension: query.dimensions[0] ?? null,
    period: betweenPeriod(query.dateRange.from, query.dateRange.to),
    direction: order?.direction ?? 'desc',
    limit: query.limit,
    currency: order?.currency ?? null,
  };
}

function refusal(question: string, language: 'en' | 'es', reason: string): AskAnswer {
  const intro =
    language === 'es'
      ? 'No puedo responder esa pregunta con el catálogo de analítica, así que no doy ninguna cifra.'
      : 'I cannot answer that question from the analytics catalogue, so I give no figure.';
  const offer =
    language === 'es'
      ? `Puedo responder preguntas como: ${exampleQuestions.es.map((q) => `"${q}"`).join(', ')}.`
      : `I can answer questions such as: ${exampleQuestions.en.map((q) => `"${q}"`).join(', ')}.`;
  return {
    understood: false,
    question,
    language,
    source: null,
    answer: `${intro} ${reason} ${offer}`,
    examples: exampleQuestions[language],
  };
}

/**
 * Answers a question in Spanish or English. The documented grammar is tried first (deterministic,
 * the same answer every time, no AI cost); a question outside it goes to the organisation's
 * language model when one is configured, whose query is validated against the catalogue. Either
 * way the figures come from `runQuery` — the same as `POST /analytics/query` — and the answer
 * text is composed from them.
 */
export async function askQuestion(
  runtime: Runtime,
  context: AskContext,
  question: string,
): Promise<AskAnswer> {
  const { timeZone } = await organizationPreferences(runtime, context.orgId);
  const today = todayIn(timeZone, context.now ?? new Date());
  const parsed = parseQuestion(question, today);

  let understood: UnderstoodQuestion;
  let source: 'grammar' | 'model' = 'grammar';
  let modelQuery: ReportQuery | null = null;
  if (parsed.understood) understood = parsed;
  else {
    const language = languageOfQuestion(normaliseQuestion(question));
    const provider = await aiGatewayFor(runtime).providerKind(context.orgId);
    const fromModel =
      provider === 'offline'
        ? null
        : await queryFromModel(
            runtime,
            { ...context, audiences: audiencesOf(context.permissions) },
            question,
            today,
          ).catch((error: unknown) => {
            runtime.log.warn({ err: error, orgId: context.orgId }, 'analytics ask: model failed');
            return null;
          });
    if (!fromModel) return refusal(question, language, parsed.reason[language]);
    understood = questionOfQuery(fromModel.query, language);
    source = 'model';
    modelQuery = fromModel.query;
  }

  // Metrics the caller's role may not read are refused before any figure is read.
  const audiences = audiencesOf(context.permissions);
  const forbidden = queryErrors(modelQuery ?? queryForQuestion(understood, null), audiences).filter(
    (error) => error.field.startsWith('metrics'),
  );
  if (forbidden.length > 0)
    return refusal(
      question,
      understood.language,
      forbidden.map((error) => `${error.message}.`).join(' '),
    );
  const currency = await currencyFor(runtime, context, understood);
  const query = modelQuery ?? queryForQuestion(understood, currency);
  const result = await runQuery(runtime, context.orgId, context.permissions, query);
  const names = await valueNames(runtime, context.orgId, query.dimensions, result.report.rows);
  return {
    understood: true,
    question,
    language: understood.language,
    source,
    period: { from: query.dateRange.from, to: query.dateRange.to },
    currency,
    answer: composeAnswer(understood, result.report, currency, result.compare, names),
    query,
    report: reportResponse(query, result),
  };
}

/** Campaigns and content assets read by name in an answer, not by id. */
async function valueNames(
  runtime: Runtime,
  orgId: string,
  dimensions: readonly string[],
  rows: readonly { dimensions: Partial<Record<string, string>> }[],
): Promise<ValueNames> {
  const valuesOf = (dimension: 'campaign' | 'asset') =>
    dimensions.includes(dimension)
      ? rows.map((row) => row.dimensions[dimension] ?? '').filter(Boolean)
      : [];
  const [campaigns, assets] = await Promise.all([
    campaignNames(runtime, orgId, valuesOf('campaign')),
    assetTitles(runtime, orgId, valuesOf('asset')),
  ]);
  return new Map([...campaigns, ...assets]);
}
