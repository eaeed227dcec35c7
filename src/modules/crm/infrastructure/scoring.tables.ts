import {
  boolean,
  integer,
  jsonb,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { crmSchema } from './crm.tables.js';

export interface ScoringModelParameters {
  featureNames: string[];
  means: number[];
  scales: number[];
  weights: number[];
  intercept: number;
}

export interface ScoringModelMetrics {
  /** Area under the ROC curve on the holdout; null when the holdout lacks one class. */
  auc: number | null;
  accuracy: number | null;
  trainSize: number;
  holdoutSize: number;
  won: number;
  lost: number;
}

/**
 * An organisation's purchase-intent models, one row per fit (version 1, 2, …); the newest
 * `active` one scores. Contact scores live on the contact row (score, factors, scored_at).
 */
export const scoringModels = crmSchema.table(
  'scoring_models',
  {
    orgId: uuid().notNull(),
    id: uuid().notNull(),
    version: integer().notNull(),
    /** logistic | rules */
    kind: text().notNull(),
    parameters: jsonb().$type<ScoringModelParameters>(),
    metrics: jsonb().$type<ScoringModelMetrics>().notNull(),
    active: boolean().notNull().default(true),
    trainedBy: text(),
    trainedAt: timestamp({ withTimezone: true, mode: 'string' }).notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ columns: [table.orgId, table.id] }),
    uniqueIndex('scoring_models_version_idx').on(table.orgId, table.version),
  ],
);
