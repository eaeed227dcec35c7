import type { MetaConfig } from '../../../platform/config/config.js';
import {
  ConnectionRefusedError,
  type OAuthConnectionProvider,
} from '../domain/connection-provider.js';
import {
  describeMetaGrant,
  exchangeMetaCode,
  metaAuthorizationUrl,
  revokeMetaGrant,
} from './meta-accounts.js';
import type { MetaGraphClient } from './meta-graph-client.js';

/** Scopes without which the platform can neither publish nor read reports. */
const requiredScopes = ['ads_management', 'ads_read'];

/**
 * Meta (Facebook and Instagram) through Facebook Login: the code is exchanged for a long-lived
 * user token; the account is the ad account asked for, else the first active one; the first
 * page the user manages (and its Instagram account) is who the ads are published as.
 */
export function metaConnectionProvider(
  config: MetaConfig,
  client: MetaGraphClient,
): OAuthConnectionProvider {
  return {
    id: 'meta',
    label: 'Meta',
    credentialKind: 'oauth',
    channels: ['facebook', 'instagram'],
    accountIdProblem: (accountId) =>
      /^(act_)?\d{1,30}$/.test(accountId)
        ? undefined
        : 'must be a Meta ad account id, e.g. act_1234',
    authorizationUrl: ({ redirectUri, state, codeChallenge }) =>
      metaAuthorizationUrl(config, redirectUri, state, codeChallenge),
    async completeAuthorization({ code, redirectUri, codeVerifier, externalAccountId, now }) {
      const token = await exchangeMetaCode(
        client,
        config,
        { code, redirectUri, codeVerifier },
        now,
      ).catch((error: unknown) => {
        throw new ConnectionRefusedError(
          `Meta refused the authorization code: ${(error as Error).message}`,
        );
      });
      const grant = await describeMetaGrant(client, token.accessToken);
      const account = externalAccountId
        ? grant.accounts.find(
            (a) => a.id === externalAccountId || a.id === `act_${externalAccountId}`,
          )
        : grant.accounts.find((a) => a.account_status === 1);
      if (!account)
        throw new ConnectionRefusedError(
          externalAccountId
            ? `The Meta user cannot manage ad account ${externalAccountId}`
            : 'The Meta user manages no active ad account',
        );
      const missing = requiredScopes.filter((scope) => !grant.scopes.includes(scope));
      if (missing.length > 0)
        throw new ConnectionRefusedError(`Meta did not grant ${missing.join(', ')}`);
      return {
        externalAccountId: account.id,
        accountName: account.name,
        currency: account.currency,
        accessToken: token.accessToken,
        refreshToken: null,
        tokenExpiresAt: token.expiresAt,
        scopes: grant.scopes,
        settings: {
          ...(grant.page ? { pageId: grant.page.id, pageName: grant.page.name } : {}),
          ...(grant.page?.instagram_business_account
            ? { instagramActorId: grant.page.instagram_business_account.id }
            : {}),
        },
      };
    },
    revoke: (connection) => revokeMetaGrant(client, connection.accessToken),
  };
}
