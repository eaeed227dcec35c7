import type { GoogleAdsConfig } from '../../../platform/config/config.js';
import {
  ConnectionRefusedError,
  type OAuthConnectionProvider,
} from '../domain/connection-provider.js';
import { chooseCustomer } from './google-ads-accounts.js';
import { GoogleAdsApiError, type GoogleAdsClient } from './google-ads-client.js';
import {
  exchangeGoogleCode,
  googleAdsScope,
  googleAuthorizationUrl,
  revokeGoogleToken,
} from './google-oauth.js';

/** `123-456-7890` or `1234567890` → `1234567890`. */
export const normalisedCustomerId = (id: string) => id.replaceAll('-', '');

/**
 * Google Ads through Google's OAuth 2.0 (offline access, so a refresh token comes with the code):
 * the account is the one asked for, else the first enabled account the user reaches directly;
 * its name and currency come from GAQL on `customer`.
 */
export function googleAdsConnectionProvider(
  config: GoogleAdsConfig,
  client: GoogleAdsClient,
): OAuthConnectionProvider {
  return {
    id: 'google_ads',
    label: 'Google Ads',
    credentialKind: 'oauth',
    channels: ['google_ads'],
    accountIdProblem: (accountId) =>
      /^\d{3}-?\d{3}-?\d{4}$/.test(accountId)
        ? undefined
        : 'must be a Google Ads customer id, e.g. 123-456-7890',
    authorizationUrl: (input) => googleAuthorizationUrl(config, input),
    async completeAuthorization({ code, redirectUri, codeVerifier, externalAccountId, now }) {
      const tokens = await exchangeGoogleCode(
        config,
        { code, redirectUri, codeVerifier },
        now,
      ).catch((error: unknown) => {
        throw new ConnectionRefusedError(
          `Google refused the authorization code: ${(error as Error).message}`,
        );
      });
      if (!tokens.scopes.includes(googleAdsScope))
        throw new ConnectionRefusedError('Google did not grant access to Google Ads (adwords)');
      if (!tokens.refreshToken)
        throw new ConnectionRefusedError(
          'Google gave no refresh token: the consent must allow offline access',
        );
      const requested = externalAccountId ? normalisedCustomerId(externalAccountId) : null;
      if (config.loginCustomerId && !requested)
        throw new ConnectionRefusedError(
          'Name the Google Ads customer id to connect (ad_account_id): accounts are reached through the platform’s manager account',
        );
      const chosen = await chooseCustomer(
        client,
        tokens.accessToken,
        requested,
        config.loginCustomerId,
      ).catch((error: unknown) => {
        // Permission and developer-token refusals are the owner's to fix, not the platform's.
        if (error instanceof GoogleAdsApiError && !error.transient)
          throw new ConnectionRefusedError(error.message);
        throw error;
      });
      if (!chosen)
        throw new ConnectionRefusedError(
          requested
            ? `The Google user cannot manage Google Ads account ${externalAccountId} (or it is not enabled)`
            : 'The Google user can reach no enabled Google Ads account (only manager accounts or none)',
        );
      const settings: Record<string, string> = {};
      if (chosen.loginCustomerId) settings.loginCustomerId = chosen.loginCustomerId;
      return {
        externalAccountId: chosen.customer.id,
        accountName: chosen.customer.descriptiveName ?? chosen.customer.id,
        currency: chosen.customer.currencyCode,
        accessToken: tokens.accessToken,
        refreshToken: tokens.refreshToken,
        tokenExpiresAt: tokens.expiresAt,
        scopes: tokens.scopes,
        settings,
      };
    },
    // Revoking the refresh token ends the whole grant (its access tokens too).
    revoke: (connection) =>
      revokeGoogleToken(config, connection.refreshToken ?? connection.accessToken),
  };
}
