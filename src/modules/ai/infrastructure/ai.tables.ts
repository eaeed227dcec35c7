import {
  bigint,
  index,
  integer,
  pgSchema,
  primaryKey,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';

export const aiSchema = pgSchema('ai');

/**
 * An organisation's own AI endpoint, overriding the global configuration. The API key is sealed
 * with FieldCrypto (AES-256-GCM under a key derived from the master key); only its last four
 * characters are kept readable, to show which key is set.
 */
export const providerSettings = aiSchema.table('provider_settings', {
  orgId: uuid().primaryKey(),
  provider: text().notNull(),
  baseUrl: text(),
  apiKeyCiphertext: text(),
  apiKeyLast4: text(),
  textModel: text(),
  imageModel: text(),
  embeddingModel: text(),
  azureApiVersion: text(),
  updatedBy: text(),
  updatedAt: timestamp({ withTimezone: true, mode: 'string' }).notNull().defaultNow(),
});

/** One row per AI call (append-only): what billing meters and what the usage API reports. */
export const usageLog = aiSchema.table(
  'usage_log',
  {
    orgId: uuid().notNull(),
    id: uuid().notNull(),
    userId: text(),
    purpose: text().notNull(),
    provider: text().notNull(),
    model: text().notNull(),
    operation: text().notNull(),
    tokensIn: integer().notNull(),
    tokensOut: integer().notNull(),
    costMicros: bigint({ mode: 'number' }).notNull(),
    latencyMs: integer().notNull(),
    outcome: text().notNull(),
    requestId: text(),
    createdAt: timestamp({ withTimezone: true, mode: 'string' }).notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ columns: [table.orgId, table.id] }),
    index('usage_log_org_created_idx').on(table.orgId, table.createdAt),
    // List filters: organisation, filter, then the keyset sort key (newest first).
    index('usage_log_purpose_idx').on(table.orgId, table.purpose, table.id),
    index('usage_log_provider_idx').on(table.orgId, table.provider, table.id),
    index('usage_log_outcome_idx').on(table.orgId, table.outcome, table.id),
  ],
);
