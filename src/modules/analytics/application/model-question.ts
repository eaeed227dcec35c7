import { z } from 'zod';
import { aiGatewayFor } from '../../ai/index.js';
import type { Runtime } from '../../../platform/runtime.js';
import {
  dimensions,
  filterableDimensions,
  metrics,
  type MetricAudience,
} from '../domain/catalog.js';
import { queryErrors, reportQuerySchema, type ReportQuery } from '../domain/report-query.js';

/** What the model is asked to answer with: the report query's own JSON Schema. */
const querySchemaJson = JSON.stringify(z.toJSONSchema(reportQuerySchema, { io: 'input' }));

const catalogueText = [
  'Metrics:',
  ...metrics.map((metric) => `- ${metric.name}: ${metric.label}. ${metric.description}`),
  'Dimensions:',
  ...dimensions.map((dimension) => `- ${dimension.name}: ${dimension.description}`),
  `Filterable dimensions: ${filterableDimensions.join(', ')}.`,
].join('\n');

export interface ModelQuery {
  query: ReportQuery;
  model: string;
}

/**
 * A language model's reading of a question the grammar does not cover: asked for one JSON
 * object matching the report query's JSON Schema, then validated against the catalogue and the
 * caller's metric groups like any query. Null when the model says it cannot, or answers with
 * anything that does not validate: the model chooses the query, never the figures.
 */
export async function queryFromModel(
  runtime: Runtime,
  context: { orgId: string; userId: string | null; audiences: ReadonlySet<MetricAudience> },
  question: string,
  today: string,
): Promise<ModelQuery | null> {
  const generation = await aiGatewayFor(runtime).generateText({
    orgId: context.orgId,
    userId: context.userId,
    purpose: 'analytics.ask',
    json: true,
    temperature: 0,
    messages: [
      {
        role: 'system',
        content: [
          'You turn questions about marketing and sales figures into one report query for the',
          'PromptSales analytics store. Answer with a single JSON object matching this JSON',
          `Schema:\n${querySchemaJson}\n${catalogueText}`,
          `Today is ${today} in the organisation's time zone; dates are YYYY-MM-DD, inclusive.`,
          'Money metrics are per currency: ordering by one needs orderBy.currency (ISO 4217).',
          'If the question cannot be answered with these metrics and dimensions, answer',
          '{"unanswerable": true}. Never answer with figures.',
        ].join(' '),
      },
      { role: 'user', content: question },
    ],
  });
  let candidate: unknown;
  try {
    candidate = JSON.parse(generation.text);
  } catch {
    return null;
  }
  const parsed = reportQuerySchema.safeParse(candidate);
  if (!parsed.success || queryErrors(parsed.data, context.audiences).length > 0) return null;
  return { query: parsed.data, model: generation.model };
}
