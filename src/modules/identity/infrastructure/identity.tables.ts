import { sql } from 'drizzle-orm';
import {
  index,
  integer,
  pgSchema,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

export const identitySchema = pgSchema('identity');

const createdAt = () => timestamp({ withTimezone: true, mode: 'string' }).notNull().defaultNow();

/** Tenants: a marketing agency or a company. */
export const organizations = identitySchema.table('organizations', {
  id: uuid().primaryKey(),
  name: text().notNull(),
  slug: text().notNull().unique(),
  createdAt: createdAt(),
});

/**
 * People who log in. The email is personal data: stored encrypted, found by keyed hash.
 * Users are global (one person may belong to several organisations).
 */
export const users = identitySchema.table(
  'users',
  {
    id: uuid().primaryKey(),
    emailLookup: text().notNull(),
    emailCiphertext: text().notNull(),
    name: text().notNull(),
    passwordHash: text().notNull(),
    emailVerifiedAt: timestamp({ withTimezone: true, mode: 'string' }),
    failedLogins: integer().notNull().default(0),
    lockedUntil: timestamp({ withTimezone: true, mode: 'string' }),
    createdAt: createdAt(),
    updatedAt: createdAt(),
  },
  (table) => [uniqueIndex('users_email_lookup_idx').on(table.emailLookup)],
);

/** A user's role in an organisation. */
export const memberships = identitySchema.table(
  'memberships',
  {
    orgId: uuid().notNull(),
    userId: uuid().notNull(),
    role: text().notNull(),
    createdAt: createdAt(),
  },
  (table) => [
    primaryKey({ columns: [table.orgId, table.userId] }),
    index('memberships_user_idx').on(table.userId),
  ],
);

/** Service accounts: OAuth clients of one organisation using client_credentials. */
export const apiClients = identitySchema.table(
  'api_clients',
  {
    orgId: uuid().notNull(),
    id: uuid().notNull(),
    name: text().notNull(),
    /** Public OAuth client_id, `psc_…`; unique across organisations. */
    clientId: text().notNull(),
    /** Hash of the secret; the secret itself is shown once at creation. */
    secretHash: text().notNull(),
    scopes: text().array().notNull(),
    createdBy: uuid(),
    createdAt: createdAt(),
    lastUsedAt: timestamp({ withTimezone: true, mode: 'string' }),
    revokedAt: timestamp({ withTimezone: true, mode: 'string' }),
  },
  (table) => [
    primaryKey({ columns: [table.orgId, table.id] }),
    uniqueIndex('api_clients_client_id_idx').on(table.clientId),
    index('api_clients_active_idx')
      .on(table.orgId)
      .where(sql`${table.revokedAt} is null`),
  ],
);
