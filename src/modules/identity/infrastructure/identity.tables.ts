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
    /** Tokens issued before this instant are void (set by a password reset). */
    sessionsRevokedAt: timestamp({ withTimezone: true, mode: 'string' }),
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
    // A user's organisations are looked up by equality only: a hash index offers no order, so
    // the member list (one organisation, by user id) always reads the primary key.
    index('memberships_user_idx').using('hash', table.userId),
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
    // The client list (active ones by default), newest first.
    index('api_clients_active_idx')
      .on(table.orgId, table.id)
      .where(sql`${table.revokedAt} is null`),
  ],
);

/**
 * Single-use email tokens (verification, password reset). Only a SHA-256 hash of the token is
 * kept, so a database leak does not hand out working links.
 */
export const userTokens = identitySchema.table(
  'user_tokens',
  {
    id: uuid().primaryKey(),
    userId: uuid().notNull(),
    purpose: text().notNull(),
    tokenHash: text().notNull(),
    expiresAt: timestamp({ withTimezone: true, mode: 'string' }).notNull(),
    usedAt: timestamp({ withTimezone: true, mode: 'string' }),
    createdAt: createdAt(),
  },
  (table) => [
    uniqueIndex('user_tokens_hash_idx').on(table.tokenHash),
    index('user_tokens_user_idx').on(table.userId, table.purpose),
  ],
);

/** Invitations to join an organisation, by email; the token (hashed here) travels by email. */
export const invitations = identitySchema.table(
  'invitations',
  {
    orgId: uuid().notNull(),
    id: uuid().notNull(),
    emailLookup: text().notNull(),
    emailCiphertext: text().notNull(),
    role: text().notNull(),
    tokenHash: text().notNull(),
    invitedBy: uuid(),
    expiresAt: timestamp({ withTimezone: true, mode: 'string' }).notNull(),
    acceptedAt: timestamp({ withTimezone: true, mode: 'string' }),
    acceptedBy: uuid(),
    revokedAt: timestamp({ withTimezone: true, mode: 'string' }),
    createdAt: createdAt(),
  },
  (table) => [
    primaryKey({ columns: [table.orgId, table.id] }),
    uniqueIndex('invitations_token_hash_idx').on(table.tokenHash),
    // The pending list, newest first (expired ones are filtered out of these few).
    index('invitations_pending_idx')
      .on(table.orgId, table.id)
      .where(sql`${table.acceptedAt} is null and ${table.revokedAt} is null`),
  ],
);

/** Who changed what, kept 90 days. Append-only; written in batches off the request path. */
export const auditLog = identitySchema.table(
  'audit_log',
  {
    orgId: uuid().notNull(),
    id: uuid().notNull(),
    occurredAt: timestamp({ withTimezone: true, mode: 'string' }).notNull(),
    /** `user:<id>`, `client:<client_id>` or `anonymous`. */
    actor: text().notNull(),
    /** Friendly name from the route config (`member.role_changed`), else `<METHOD> <route>`. */
    action: text().notNull(),
    method: text().notNull(),
    route: text().notNull(),
    status: integer().notNull(),
    target: text(),
    ip: text(),
    requestId: text().notNull(),
  },
  (table) => [
    primaryKey({ columns: [table.orgId, table.id] }),
    index('audit_log_time_idx').on(table.occurredAt),
    // List filters: organisation, filter, then the keyset sort key (newest first).
    index('audit_log_actor_idx').on(table.orgId, table.actor, table.id),
    index('audit_log_action_idx').on(table.orgId, table.action, table.id),
    index('audit_log_target_idx').on(table.orgId, table.target, table.id),
  ],
);
