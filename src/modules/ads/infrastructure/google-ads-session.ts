import type { GoogleAdsConfig } from '../../../platform/config/config.js';
import type { Connection } from '../domain/connection-provider.js';
import { GoogleAdsApiError, type GoogleAdsClient } from './google-ads-client.js';
import type { ConnectionStore } from './connection-store.js';
import { GoogleOAuthError, refreshGoogleToken } from './google-oauth.js';
import { ConnectionNeedsReauthError } from './meta-graph-client.js';

/** Refresh an access token (Google's live about an hour) when less than this is left. */
const refreshWithinMs = 5 * 60_000;

/** Calls for one connected organisation, with its current access token. */
export interface GoogleAdsSession {
  connection: Connection;
  call<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T>;
}

/**
 * Opens sessions on organisations' Google Ads connections and keeps their tokens fresh: refreshed
 * before they expire and once more when Google answers UNAUTHENTICATED; the new token is stored
 * encrypted. A refused refresh (or a refreshed token Google still refuses) marks the connection
 * `needs_reauth`, and it is not called again until an owner or admin connects again.
 */
export class GoogleAdsSessions {
  /** One refresh per connection at a time: concurrent calls share its outcome. */
  private readonly refreshing = new Map<string, Promise<Connection>>();

  constructor(
    private readonly deps: {
      config: GoogleAdsConfig;
      client: GoogleAdsClient;
      store: ConnectionStore;
    },
  ) {}

  /** The organisation's session (undefined: not connected, the caller simulates). */
  async open(orgId: string): Promise<GoogleAdsSession | undefined> {
    const found = await this.deps.store.find(orgId, 'google_ads');
    if (!found) return undefined;
    if (found.status === 'needs_reauth')
      throw new ConnectionNeedsReauthError(
        'The Google Ads connection needs to be authorized again by an owner or admin',
      );
    let connection = found;
    const expiresAt = found.tokenExpiresAt ? Date.parse(found.tokenExpiresAt) : Infinity;
    if (expiresAt - Date.now() < refreshWithinMs) connection = await this.refreshed(found);
    return {
      connection,
      call: async <T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> => {
        try {
          return await this.send<T>(connection, method, path, body);
        } catch (error) {
          if (!(error instanceof GoogleAdsApiError && error.unauthenticated)) throw error;
          connection = await this.refreshed(connection);
          try {
            return await this.send<T>(connection, method, path, body);
          } catch (again) {
            if (again instanceof GoogleAdsApiError && again.unauthenticated)
              throw await this.needsReauth(connection, again.message);
            throw again;
          }
        }
      },
    };
  }

  private send<T>(connection: Connection, method: 'GET' | 'POST', path: string, body: unknown) {
    return this.deps.client.call<T>(connection.externalAccountId, {
      method,
      path,
      accessToken: connection.accessToken,
      loginCustomerId: connection.settings.loginCustomerId,
      body,
    });
  }

  private refreshed(connection: Connection): Promise<Connection> {
    let pending = this.refreshing.get(connection.id);
    if (!pending) {
      pending = this.refresh(connection).finally(() => this.refreshing.delete(connection.id));
      this.refreshing.set(connection.id, pending);
    }
    return pending;
  }

  private async refresh(connection: Connection): Promise<Connection> {
    if (!connection.refreshToken)
      throw await this.needsReauth(connection, 'The Google Ads connection has no refresh token');
    let tokens;
    try {
      tokens = await refreshGoogleToken(this.deps.config, connection.refreshToken, new Date());
    } catch (error) {
      if (error instanceof GoogleOAuthError)
        throw await this.needsReauth(connection, error.message);
      throw error;
    }
    await this.deps.store.updateTokens(connection.orgId, connection.id, {
      accessToken: tokens.accessToken,
      refreshToken: tokens.refreshToken,
      tokenExpiresAt: tokens.expiresAt,
    });
    return {
      ...connection,
      accessToken: tokens.accessToken,
      refreshToken: tokens.refreshToken,
      tokenExpiresAt: tokens.expiresAt,
    };
  }

  private async needsReauth(connection: Connection, reason: string) {
    await this.deps.store.markNeedsReauth(connection.orgId, connection.id, reason);
    return new ConnectionNeedsReauthError(
      `The Google Ads connection needs to be authorized again by an owner or admin: ${reason}`,
    );
  }
}
