import type { TikTokConfig } from '../../../platform/config/config.js';
import {
  ConnectionRefusedError,
  type OAuthConnectionProvider,
} from '../domain/connection-provider.js';
import type { TikTokApiClient } from './tiktok-api-client.js';
import {
  exchangeTikTokCode,
  revokeTikTokToken,
  tiktokAdvertisers,
  tiktokAuthorizationUrl,
} from './tiktok-accounts.js';

/**
 * TikTok through its advertiser authorization page: the `auth_code` is exchanged for an
 * advertiser access token; the account is the advertiser asked for, else the first enabled one
 * among those that authorized the app. TikTok has no PKCE: the state and the app secret protect
 * the exchange.
 */
export function tiktokConnectionProvider(
  config: TikTokConfig,
  client: TikTokApiClient,
): OAuthConnectionProvider {
  return {
    id: 'tiktok',
    label: 'TikTok',
    credentialKind: 'oauth',
    channels: ['tiktok'],
    accountIdProblem: (accountId) =>
      /^\d{1,30}$/.test(accountId)
        ? undefined
        : 'must be a TikTok advertiser id (digits), e.g. 7001234567890123456',
    authorizationUrl: ({ redirectUri, state }) =>
      tiktokAuthorizationUrl(config, redirectUri, state),
    async completeAuthorization({ code, externalAccountId, now }) {
      const token = await exchangeTikTokCode(client, config, code, now).catch((error: unknown) => {
        throw new ConnectionRefusedError(
          `TikTok refused the authorization code: ${(error as Error).message}`,
        );
      });
      const advertisers = await tiktokAdvertisers(client, config, token.accessToken);
      const account = externalAccountId
        ? advertisers.find((a) => a.advertiserId === externalAccountId)
        : advertisers.find((a) => a.status === 'STATUS_ENABLE');
      if (!account)
        throw new ConnectionRefusedError(
          externalAccountId
            ? `TikTok advertiser ${externalAccountId} did not authorize this app`
            : 'No enabled TikTok advertiser authorized this app',
        );
      return {
        externalAccountId: account.advertiserId,
        accountName: account.name,
        currency: account.currency,
        accessToken: token.accessToken,
        refreshToken: token.refreshToken,
        tokenExpiresAt: token.expiresAt,
        scopes: token.scopes,
        settings: {},
      };
    },
    revoke: (connection) => revokeTikTokToken(client, config, connection.accessToken),
  };
}
