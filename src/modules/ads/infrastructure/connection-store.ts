import { and, eq, gt, inArray, lt, sql } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import type { Database } from '../../../platform/db/database.js';
import type { FieldCrypto } from '../../../platform/security/field-crypto.js';
import type {
  Connection,
  ConnectionProvider,
  ConnectionSummary,
  GrantedAccount,
} from '../domain/connection-provider.js';
import { adAccountConnections, channelObjects, oauthStates } from './ads.tables.js';

/** A connection to store: what the vendor granted, for whom, and who connected it. */
export interface NewConnection extends GrantedAccount {
  orgId: string;
  provider: ConnectionProvider;
  credentialKind: 'oauth' | 'api_key';
  connectedBy: string;
}

export interface OAuthStart {
  state: string;
  orgId: string;
  provider: ConnectionProvider;
  startedBy: string;
  codeVerifier: string | null;
  externalAccountId: string | null;
  expiresAt: string;
}

type Row = typeof adAccountConnections.$inferSelect;

function summary(row: Row): ConnectionSummary {
  return {
    id: row.id,
    orgId: row.orgId,
    provider: row.provider,
    status: row.status === 'needs_reauth' ? 'needs_reauth' : 'active',
    externalAccountId: row.externalAccountId,
    accountName: row.accountName,
    currency: row.currency,
    scopes: row.scopes,
    settings: row.settings,
    tokenExpiresAt: row.tokenExpiresAt,
    connectedBy: row.connectedBy,
    lastError: row.lastError,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

/**
 * Ad-account connections and OAuth authorizations in flight. Tokens, refresh tokens, API keys
 * and PKCE verifiers are stored encrypted (AES-256-GCM under the master key, like personal
 * data) and decrypted only when read for a vendor call. Every query names the organisation.
 */
export class ConnectionStore {
  constructor(
    private readonly db: Database,
    private readonly crypto: FieldCrypto,
  ) {}

  async list(orgId: string): Promise<ConnectionSummary[]> {
    const rows = await this.db
      .select()
      .from(adAccountConnections)
      .where(eq(adAccountConnections.orgId, orgId))
      .orderBy(adAccountConnections.provider);
    return rows.map(summary);
  }

  async find(orgId: string, provider: ConnectionProvider): Promise<Connection | undefined> {
    const [row] = await this.db
      .select()
      .from(adAccountConnections)
      .where(
        and(eq(adAccountConnections.orgId, orgId), eq(adAccountConnections.provider, provider)),
      );
    return row ? this.withCredentials(row) : undefined;
  }

  async findById(orgId: string, id: string): Promise<Connection | undefined> {
    const [row] = await this.db
      .select()
      .from(adAccountConnections)
      .where(and(eq(adAccountConnections.orgId, orgId), eq(adAccountConnections.id, id)));
    return row ? this.withCredentials(row) : undefined;
  }

  private withCredentials(row: Row): Connection {
    return {
      ...summary(row),
      credentialKind: row.credentialKind === 'api_key' ? 'api_key' : 'oauth',
      accessToken: this.crypto.decrypt(row.accessTokenEncrypted),
      refreshToken: row.refreshTokenEncrypted
        ? this.crypto.decrypt(row.refreshTokenEncrypted)
        : null,
    };
  }

  /** Connects (or reconnects: new account, fresh tokens, status active again). */
  async save(input: NewConnection): Promise<ConnectionSummary> {
    const values = {
      externalAccountId: input.externalAccountId,
      accountName: input.accountName,
      currency: input.currency,
      credentialKind: input.credentialKind,
      accessTokenEncrypted: this.crypto.encrypt(input.accessToken),
      refreshTokenEncrypted: input.refreshToken ? this.crypto.encrypt(input.refreshToken) : null,
      tokenExpiresAt: input.tokenExpiresAt,
      scopes: input.scopes,
      settings: input.settings,
      connectedBy: input.connectedBy,
      status: 'active',
      lastError: null,
    };
    const [row] = await this.db
      .insert(adAccountConnections)
      .values({ orgId: input.orgId, id: uuidv7(), provider: input.provider, ...values })
      .onConflictDoUpdate({
        target: [adAccountConnections.orgId, adAccountConnections.provider],
        set: { ...values, updatedAt: sql`now()` },
      })
      .returning();
    return summary(row!);
  }

  async updateTokens(
    orgId: string,
    id: string,
    tokens: { accessToken: string; refreshToken: string | null; tokenExpiresAt: string | null },
  ): Promise<void> {
    await this.db
      .update(adAccountConnections)
      .set({
        accessTokenEncrypted: this.crypto.encrypt(tokens.accessToken),
        refreshTokenEncrypted: tokens.refreshToken
          ? this.crypto.encrypt(tokens.refreshToken)
          : null,
        tokenExpiresAt: tokens.tokenExpiresAt,
        updatedAt: sql`now()`,
      })
      .where(and(eq(adAccountConnections.orgId, orgId), eq(adAccountConnections.id, id)));
  }

  /** The vendor refused the credentials: stop calling it until the owner connects again. */
  async markNeedsReauth(orgId: string, id: string, reason: string): Promise<void> {
    await this.db
      .update(adAccountConnections)
      .set({ status: 'needs_reauth', lastError: reason.slice(0, 500), updatedAt: sql`now()` })
      .where(and(eq(adAccountConnections.orgId, orgId), eq(adAccountConnections.id, id)));
  }

  /**
   * Removes the connection and the vendor objects created through it (their ids mean nothing to
   * another account); false when there was no such connection.
   */
  async remove(orgId: string, id: string, channels: readonly string[]): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      const removed = await tx
        .delete(adAccountConnections)
        .where(and(eq(adAccountConnections.orgId, orgId), eq(adAccountConnections.id, id)))
        .returning({ id: adAccountConnections.id });
      if (removed.length === 0) return false;
      if (channels.length > 0)
        await tx
          .delete(channelObjects)
          .where(
            and(eq(channelObjects.orgId, orgId), inArray(channelObjects.channel, [...channels])),
          );
      return true;
    });
  }

  async startAuthorization(start: OAuthStart): Promise<void> {
    await this.db.delete(oauthStates).where(lt(oauthStates.expiresAt, new Date().toISOString()));
    await this.db.insert(oauthStates).values({
      state: start.state,
      orgId: start.orgId,
      provider: start.provider,
      startedBy: start.startedBy,
      codeVerifierEncrypted: start.codeVerifier ? this.crypto.encrypt(start.codeVerifier) : null,
      externalAccountId: start.externalAccountId,
      expiresAt: start.expiresAt,
    });
  }

  /** The authorization `state` names, once: a replayed or expired state finds nothing. */
  async takeAuthorization(state: string, now: Date): Promise<OAuthStart | undefined> {
    const [row] = await this.db
      .delete(oauthStates)
      .where(and(eq(oauthStates.state, state), gt(oauthStates.expiresAt, now.toISOString())))
      .returning();
    if (!row) return undefined;
    return {
      state: row.state,
      orgId: row.orgId,
      provider: row.provider as ConnectionProvider,
      startedBy: row.startedBy,
      codeVerifier: row.codeVerifierEncrypted
        ? this.crypto.decrypt(row.codeVerifierEncrypted)
        : null,
      externalAccountId: row.externalAccountId,
      expiresAt: row.expiresAt,
    };
  }
}
