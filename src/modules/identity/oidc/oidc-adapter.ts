import { and, eq, gt, isNull, lt, or, sql } from 'drizzle-orm';
import type { Adapter, AdapterPayload } from 'oidc-provider';
import type { Database } from '../../../platform/db/database.js';
import { apiClients } from '../infrastructure/identity.tables.js';
import { oidcPayloads } from '../infrastructure/oidc.tables.js';
import { apiClientMetadata } from './api-client-metadata.js';

const notExpired = () => or(isNull(oidcPayloads.expiresAt), gt(oidcPayloads.expiresAt, sql`now()`));

/**
 * oidc-provider's persistence contract over one PostgreSQL table (works on PGlite alike).
 * The `Client` model is special: OAuth clients other than the built-in web app are the
 * organisations' API clients, read live from identity.api_clients so a revocation counts at once.
 */
export class DatabaseOidcAdapter implements Adapter {
  constructor(
    private readonly db: Database,
    private readonly model: string,
    /** JWT access tokens are not stored: revoking them by grant is left to the resource server. */
    private readonly onAccessTokensRevoked?: (grantId: string) => Promise<void>,
  ) {}

  async upsert(id: string, payload: AdapterPayload, expiresIn?: number): Promise<void> {
    const expiresAt = expiresIn ? new Date(Date.now() + expiresIn * 1000).toISOString() : null;
    const row = {
      payload: payload as Record<string, unknown>,
      grantId: payload.grantId ?? null,
      userCode: payload.userCode ?? null,
      uid: payload.uid ?? null,
      expiresAt,
    };
    await this.db
      .insert(oidcPayloads)
      .values({ model: this.model, id, ...row })
      .onConflictDoUpdate({ target: [oidcPayloads.model, oidcPayloads.id], set: row });
  }

  async find(id: string): Promise<AdapterPayload | undefined> {
    if (this.model === 'Client') return this.findApiClient(id);
    const [row] = await this.db
      .select({ payload: oidcPayloads.payload, consumedAt: oidcPayloads.consumedAt })
      .from(oidcPayloads)
      .where(and(eq(oidcPayloads.model, this.model), eq(oidcPayloads.id, id), notExpired()));
    return row ? this.withConsumed(row) : undefined;
  }

  async findByUid(uid: string): Promise<AdapterPayload | undefined> {
    const [row] = await this.db
      .select({ payload: oidcPayloads.payload, consumedAt: oidcPayloads.consumedAt })
      .from(oidcPayloads)
      .where(and(eq(oidcPayloads.model, this.model), eq(oidcPayloads.uid, uid), notExpired()));
    return row ? this.withConsumed(row) : undefined;
  }

  async findByUserCode(userCode: string): Promise<AdapterPayload | undefined> {
    const [row] = await this.db
      .select({ payload: oidcPayloads.payload, consumedAt: oidcPayloads.consumedAt })
      .from(oidcPayloads)
      .where(
        and(eq(oidcPayloads.model, this.model), eq(oidcPayloads.userCode, userCode), notExpired()),
      );
    return row ? this.withConsumed(row) : undefined;
  }

  async consume(id: string): Promise<void> {
    await this.db
      .update(oidcPayloads)
      .set({ consumedAt: sql`now()` })
      .where(and(eq(oidcPayloads.model, this.model), eq(oidcPayloads.id, id)));
  }

  async destroy(id: string): Promise<void> {
    await this.db
      .delete(oidcPayloads)
      .where(and(eq(oidcPayloads.model, this.model), eq(oidcPayloads.id, id)));
  }

  /** The provider calls this per model when it revokes a grant (e.g. on refresh-token reuse). */
  async revokeByGrantId(grantId: string): Promise<void> {
    if (this.model === 'AccessToken') await this.onAccessTokensRevoked?.(grantId);
    await this.db
      .delete(oidcPayloads)
      .where(and(eq(oidcPayloads.model, this.model), eq(oidcPayloads.grantId, grantId)));
  }

  private withConsumed(row: { payload: Record<string, unknown>; consumedAt: string | null }) {
    const payload = row.payload as AdapterPayload;
    return row.consumedAt
      ? { ...payload, consumed: Math.floor(new Date(row.consumedAt).getTime() / 1000) }
      : payload;
  }

  private async findApiClient(clientId: string): Promise<AdapterPayload | undefined> {
    const [row] = await this.db
      .select({
        orgId: apiClients.orgId,
        clientId: apiClients.clientId,
        name: apiClients.name,
        secretHash: apiClients.secretHash,
        scopes: apiClients.scopes,
      })
      .from(apiClients)
      .where(and(eq(apiClients.clientId, clientId), isNull(apiClients.revokedAt)));
    return row ? apiClientMetadata(row) : undefined;
  }
}

/** Removes rows past their expiry (the purge job); returns how many went. */
export async function purgeExpiredOidcPayloads(db: Database): Promise<number> {
  const removed = await db
    .delete(oidcPayloads)
    .where(lt(oidcPayloads.expiresAt, sql`now()`))
    .returning({ id: oidcPayloads.id });
  return removed.length;
}

/** Records which organisation a grant acts in; every access token of the grant carries it. */
export async function setGrantOrganisation(db: Database, grantId: string, orgId: string) {
  await db
    .update(oidcPayloads)
    .set({ orgId })
    .where(and(eq(oidcPayloads.model, 'Grant'), eq(oidcPayloads.id, grantId)));
}

export async function grantOrganisation(
  db: Database,
  grantId: string,
): Promise<string | undefined> {
  const [row] = await db
    .select({ orgId: oidcPayloads.orgId })
    .from(oidcPayloads)
    .where(and(eq(oidcPayloads.model, 'Grant'), eq(oidcPayloads.id, grantId)));
  return row?.orgId ?? undefined;
}

/**
 * Grants whose JWT access tokens must be refused (refresh-token reuse, revocation, sign-out) are
 * kept as rows of their own model until every token they issued has expired; the hourly purge of
 * expired rows removes them.
 */
const revokedGrants = (db: Database) => new DatabaseOidcAdapter(db, 'RevokedGrant');

export async function recordRevokedGrant(db: Database, grantId: string, ttlSeconds: number) {
  await revokedGrants(db).upsert(grantId, {}, ttlSeconds);
}

export async function isGrantRevoked(db: Database, grantId: string): Promise<boolean> {
  return (await revokedGrants(db).find(grantId)) !== undefined;
}
