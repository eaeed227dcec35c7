import type { LinkedInConfig } from '../../../platform/config/config.js';
import type { LinkedInRestClient } from './linkedin-rest-client.js';

/** Read ad accounts, manage campaigns and creatives, read reports. */
export const linkedinScopes = ['r_ads', 'rw_ads', 'r_ads_reporting'] as const;

export interface LinkedInToken {
  accessToken: string;
  /** Only Marketing Developer Platform partners get refresh tokens. */
  refreshToken: string | null;
  expiresAt: string | null;
  scopes: string[];
}

interface TokenAnswer {
  access_token: string;
  expires_in?: number;
  refresh_token?: string;
  refresh_token_expires_in?: number;
  scope?: string;
}

const tokenOf = (
  answer: TokenAnswer,
  now: Date,
  previousRefresh: string | null,
): LinkedInToken => ({
  accessToken: answer.access_token,
  refreshToken: answer.refresh_token ?? previousRefresh,
  expiresAt: answer.expires_in
    ? new Date(now.getTime() + answer.expires_in * 1000).toISOString()
    : null,
  scopes: (answer.scope ?? '').split(/[\s,]+/).filter((scope) => scope !== ''),
});

/**
 * The consent screen for one authorization. LinkedIn's web flow takes no PKCE challenge (PKCE
 * is for its native clients); the one-use state and the client secret protect the exchange.
 */
export function linkedinAuthorizationUrl(
  config: LinkedInConfig,
  redirectUri: string,
  state: string,
): string {
  const url = new URL(`${config.oauthUrl}/authorization`);
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('client_id', config.clientId);
  url.searchParams.set('redirect_uri', redirectUri);
  url.searchParams.set('state', state);
  url.searchParams.set('scope', linkedinScopes.join(' '));
  return url.toString();
}

export async function exchangeLinkedInCode(
  client: LinkedInRestClient,
  config: LinkedInConfig,
  code: string,
  redirectUri: string,
  now: Date,
): Promise<LinkedInToken> {
  const answer = await client.oauth<TokenAnswer>('accessToken', {
    grant_type: 'authorization_code',
    code,
    redirect_uri: redirectUri,
    client_id: config.clientId,
    client_secret: config.clientSecret,
  });
  return tokenOf(answer, now, null);
}

export async function refreshLinkedInToken(
  client: LinkedInRestClient,
  config: LinkedInConfig,
  refreshToken: string,
  now: Date,
): Promise<LinkedInToken> {
  const answer = await client.oauth<TokenAnswer>('accessToken', {
    grant_type: 'refresh_token',
    refresh_token: refreshToken,
    client_id: config.clientId,
    client_secret: config.clientSecret,
  });
  return tokenOf(answer, now, refreshToken);
}

export async function revokeLinkedInToken(
  client: LinkedInRestClient,
  config: LinkedInConfig,
  token: string,
): Promise<void> {
  await client.oauth('revoke', {
    client_id: config.clientId,
    client_secret: config.clientSecret,
    token,
  });
}

export interface LinkedInAdAccount {
  id: number;
  name: string;
  currency: string;
  status: string;
}

/** The active ad accounts the member can use, every page (`pageToken` cursor). */
export async function linkedinAdAccounts(
  client: LinkedInRestClient,
  token: string,
): Promise<LinkedInAdAccount[]> {
  const accounts: LinkedInAdAccount[] = [];
  let pageToken: string | undefined;
  for (let page = 0; page < 20; page++) {
    const answer = await client.once<{
      elements: LinkedInAdAccount[];
      metadata?: { nextPageToken?: string };
    }>(token, {
      method: 'GET',
      path: 'adAccounts',
      query: `q=search&search=(status:(values:List(ACTIVE)))&pageSize=100${
        pageToken ? `&pageToken=${encodeURIComponent(pageToken)}` : ''
      }`,
    });
    accounts.push(...answer.body.elements);
    pageToken = answer.body.metadata?.nextPageToken;
    if (!pageToken) break;
  }
  return accounts;
}
