import { z } from 'zod';
import { requireOrgId } from '../../../platform/mcp/mcp-caller.js';
import type { McpRegistry } from '../../../platform/mcp/mcp-registry.js';
import { askQuestion, exampleQuestions } from '../application/ask-question.js';
import { catalogView } from '../application/catalog-view.js';
import { reportResponse } from '../application/report-response.js';
import { runQuery } from '../application/run-query.js';
import { reportQuerySchema } from '../domain/report-query.js';

export const analyticsCatalogUri = 'promptsales://analytics/catalog';
export const analyticsQuestionsUri = 'promptsales://analytics/questions';

const questionsGuide = [
  '# Questions analytics_ask understands without a language model',
  '',
  'A metric, optionally a breakdown, a ranking and a period, in English or Spanish.',
  '',
  '- Metrics: sales/ventas (revenue won), deals won, spend/gasto, ROAS, CTR, CPC, CPA,',
  '  conversion rate, conversions, clicks/clics, impressions, reach/alcance, reactions, leads,',
  '  win rate/tasa de cierre, negative sentiment/comentarios negativos; and "campaigns with',
  '  negative sentiment where influencer reactions fell" (the period against the one before).',
  '- Breakdowns: by/por channel, country, city, campaign, day, week, month; "which channel".',
  '- Rankings: top N, best/mejor, worst/peor (for costs such as CPA, best means lowest).',
  '- Periods (in the organisation time zone): today/hoy, yesterday/ayer, last N days/últimos N',
  '  días (the N whole days before today), this/last week, this/last month (el mes pasado),',
  '  this/last quarter (este trimestre), this/last year, or "YYYY-MM-DD and YYYY-MM-DD".',
  '  Without one: the last 30 days (7 for the sentiment question, against the 7 before).',
  '- Money is per currency: ranked in the currency the question names ("in EUR") or else the',
  '  one with the largest amount in the period; the answer names it.',
  '',
  'Examples:',
  ...[...exampleQuestions.en, ...exampleQuestions.es].map((question) => `- ${question}`),
].join('\n');

const periodArg = z
  .string()
  .max(60)
  .optional()
  .describe('A period as analytics_ask reads it: "last 7 days", "el mes pasado"…');
const languageArg = z
  .enum(['en', 'es'])
  .optional()
  .describe('Language of the report: en (default) or es');

/** Analytics for agents: the structured query, questions in plain language, the catalogue. */
export function registerAnalyticsMcp(registry: McpRegistry): void {
  registry.tool({
    name: 'analytics_query',
    title: 'Analytics report query',
    description:
      'Runs a report over the analytics store, as POST /api/v1/analytics/query (GA4 runReport style): metrics by up to 4 dimensions over a dateRange (YYYY-MM-DD, inclusive), with filters, an optional compareDateRange, orderBy and limit. Count metrics add up; money metrics (spend, revenueWon, cpc, cpa, roas) are objects keyed by ISO 4217 currency, in minor units, never summed across currencies. Read the resource promptsales://analytics/catalog for the metrics and dimensions.',
    input: reportQuerySchema.shape,
    readOnly: true,
    permission: 'analytics:read',
    run: async (input, { runtime, caller }) => {
      const query = reportQuerySchema.parse(input);
      const result = await runQuery(runtime, requireOrgId(caller), caller.permissions, query);
      return reportResponse(query, result);
    },
  });

  registry.tool({
    name: 'analytics_ask',
    title: 'Ask the analytics a question',
    description:
      'Answers a question about marketing and sales figures in English or Spanish ("ventas por país el mes pasado", "which channel had the best ROAS in the last 7 days", "top 5 campaigns by conversions this quarter"). Returns the structured query it ran (the same analytics_query would run), its report, and a short answer composed from those figures that states the period and the currency. A question it cannot map is answered with what it can answer, never with an invented figure. See promptsales://analytics/questions.',
    input: {
      question: z.string().trim().min(2).max(500).describe('The question, in English or Spanish'),
    },
    readOnly: true,
    permission: 'analytics:read',
    run: async ({ question }, { runtime, caller }) =>
      askQuestion(
        runtime,
        { orgId: requireOrgId(caller), userId: caller.userId, permissions: caller.permissions },
        question,
      ),
  });

  registry.resource({
    name: 'analytics_catalog',
    uri: analyticsCatalogUri,
    title: 'Analytics catalogue',
    description:
      'Every metric (definition, unit, whether per currency, whether your role may read it) and dimension an analytics query may name, and the limits; as GET /api/v1/analytics/catalog.',
    mimeType: 'application/json',
    permission: 'analytics:read',
    read: async ({ caller }) => JSON.stringify(catalogView(caller.permissions), null, 2),
  });

  registry.resource({
    name: 'analytics_questions',
    uri: analyticsQuestionsUri,
    title: 'Questions analytics_ask understands',
    description:
      'The documented grammar of plain-language questions (metrics, breakdowns, rankings, periods in English and Spanish) with examples.',
    mimeType: 'text/markdown',
    permission: 'analytics:read',
    read: () => Promise.resolve(questionsGuide),
  });

  registry.prompt({
    name: 'analytics_weekly_report',
    title: 'Weekly marketing and sales report',
    description:
      'Asks the model for a weekly report: spend, conversions, ROAS, leads and sales of the last 7 days against the 7 before, by channel, from analytics_query.',
    args: { language: languageArg },
    render: ({ language = 'en' }) =>
      [
        'Write the weekly marketing and sales report of this organisation',
        language === 'es' ? 'in Spanish.' : 'in English.',
        `Read ${analyticsCatalogUri} first. Then call analytics_query with metrics spend,`,
        'conversions, roas, leads, dealsWon and revenueWon, dimensions ["channel"], dateRange the',
        'last 7 whole days and compareDateRange the 7 days before, and once more without',
        'dimensions for the totals. Report each figure with its change against the previous week;',
        'money per currency as the report gives it (never add currencies together), stating the',
        'period. Use only figures the tool returned. End with three recommendations.',
      ].join(' '),
  });

  registry.prompt({
    name: 'analytics_channel_comparison',
    title: 'Compare advertising channels',
    description:
      'Asks the model to compare channels on spend, CTR, conversions, CPA and ROAS over a period, from analytics_query.',
    args: { period: periodArg, language: languageArg },
    render: ({ period = 'the last 30 days', language = 'en' }) =>
      [
        `Compare the advertising channels of this organisation over ${period}`,
        language === 'es' ? '(answer in Spanish).' : '(answer in English).',
        'Call analytics_query with metrics impressions, clicks, ctr, conversions, spend, cpa and',
        'roas and dimensions ["channel"] for that period (dates YYYY-MM-DD). Rank the channels by',
        'ROAS within each currency, point out the cheapest conversions (lowest CPA) and any',
        'channel that spends without converting. State the period and the currency of every',
        'money figure, and use only figures the tool returned.',
      ].join(' '),
  });

  registry.prompt({
    name: 'analytics_geography_review',
    title: 'Review results by geography',
    description:
      'Asks the model to review reach, conversions, leads and sales by country (and the main cities) over a period, from analytics_query.',
    args: { period: periodArg, language: languageArg },
    render: ({ period = 'the last 30 days', language = 'en' }) =>
      [
        `Review this organisation's results by geography over ${period}`,
        language === 'es' ? '(answer in Spanish).' : '(answer in English).',
        'Call analytics_query with metrics impressions, reach, conversions, leads, dealsWon and',
        'revenueWon and dimensions ["country"] for that period, then with dimensions',
        '["country", "city"] limited to the 20 rows with the most conversions. Name the strongest',
        'and weakest markets, where leads do not turn into deals, and where to invest more.',
        'Rows with an empty country are figures without a known market (tracking, sentiment).',
        'State the period and the currency of money figures; use only figures the tool returned.',
      ].join(' '),
  });
}
