import type { LinkedInConfig } from '../../../platform/config/config.js';
import {
  ConnectionRefusedError,
  type OAuthConnectionProvider,
} from '../domain/connection-provider.js';
import {
  exchangeLinkedInCode,
  linkedinAdAccounts,
  linkedinAuthorizationUrl,
  revokeLinkedInToken,
} from './linkedin-accounts.js';
import type { LinkedInRestClient } from './linkedin-rest-client.js';

/** Scopes without which the platform can neither publish nor read reports. */
const requiredScopes = ['rw_ads', 'r_ads_reporting'];

/**
 * LinkedIn through its OAuth 2.0 consent screen: the code is exchanged for a member token (60
 * days; partners also get a refresh token); the account is the ad account asked for, else the
 * first active one the member can use.
 */
export function linkedinConnectionProvider(
  config: LinkedInConfig,
  client: LinkedInRestClient,
): OAuthConnectionProvider {
  return {
    id: 'linkedin',
    label: 'LinkedIn',
    credentialKind: 'oauth',
    channels: ['linkedin'],
    accountIdProblem: (accountId) =>
      /^(urn:li:sponsoredAccount:)?\d{1,20}$/.test(accountId)
        ? undefined
        : 'must be a LinkedIn ad account id, e.g. 507404993',
    authorizationUrl: ({ redirectUri, state }) =>
      linkedinAuthorizationUrl(config, redirectUri, state),
    async completeAuthorization({ code, redirectUri, externalAccountId, now }) {
      const token = await exchangeLinkedInCode(client, config, code, redirectUri, now).catch(
        (error: unknown) => {
          throw new ConnectionRefusedError(
            `LinkedIn refused the authorization code: ${(error as Error).message}`,
          );
        },
      );
      const missing = requiredScopes.filter((scope) => !token.scopes.includes(scope));
      if (missing.length > 0)
        throw new ConnectionRefusedError(`LinkedIn did not grant ${missing.join(', ')}`);
      const wanted = externalAccountId?.replace('urn:li:sponsoredAccount:', '');
      const accounts = await linkedinAdAccounts(client, token.accessToken);
      const account = wanted
        ? accounts.find((a) => String(a.id) === wanted)
        : accounts.find((a) => a.status === 'ACTIVE');
      if (!account)
        throw new ConnectionRefusedError(
          wanted
            ? `The LinkedIn member cannot use ad account ${wanted}`
            : 'The LinkedIn member can use no active ad account',
        );
      return {
        externalAccountId: String(account.id),
        accountName: account.name,
        currency: account.currency,
        accessToken: token.accessToken,
        refreshToken: token.refreshToken,
        tokenExpiresAt: token.expiresAt,
        scopes: token.scopes,
        settings: {},
      };
    },
    revoke: (connection) => revokeLinkedInToken(client, config, connection.accessToken),
  };
}
