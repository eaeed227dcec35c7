import { index, jsonb, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { identitySchema } from './identity.tables.js';

const instant = () => timestamp({ withTimezone: true, mode: 'string' });

/**
 * Everything the OpenID Provider persists (grants, authorization codes, refresh tokens, sessions,
 * interactions…), one row per model instance, as oidc-provider's adapter contract expects: a
 * payload by model name and id, looked up also by grant id, user code or uid. Not tenant-owned
 * (a grant belongs to a user or a client, not to one organisation's data), hence no org_id key;
 * `org_id` is recorded on Grant rows so that every token of the grant carries its organisation.
 */
export const oidcPayloads = identitySchema.table(
  'oidc_payloads',
  {
    model: text().notNull(),
    id: text().notNull(),
    payload: jsonb().$type<Record<string, unknown>>().notNull(),
    grantId: text(),
    userCode: text(),
    uid: text(),
    orgId: uuid(),
    expiresAt: instant(),
    consumedAt: instant(),
  },
  (table) => [
    primaryKey({ columns: [table.model, table.id] }),
    index('oidc_payloads_grant_idx').on(table.grantId),
    index('oidc_payloads_uid_idx').on(table.uid),
    index('oidc_payloads_user_code_idx').on(table.userCode),
    index('oidc_payloads_expires_idx').on(table.expiresAt),
  ],
);

/**
 * The provider's signing keys. The private JWK is sealed with FieldCrypto (AES-256-GCM under a key
 * derived from the master key); only `kid`, algorithm and times are readable in the database.
 * A key is published from `created_at`, signs from `activates_at`, and is deleted once a newer key
 * has been signing for longer than any token lives.
 */
export const oidcSigningKeys = identitySchema.table('oidc_signing_keys', {
  kid: text().primaryKey(),
  alg: text().notNull(),
  privateJwkCiphertext: text().notNull(),
  createdAt: instant().notNull().defaultNow(),
  activatesAt: instant().notNull(),
});
