import type { MetaConfig } from '../../../platform/config/config.js';
import type { MetaGraphClient } from './meta-graph-client.js';

/**
 * Scopes the login dialog asks for: manage and read ads, the business, the page that posts, and
 * the leads its Lead Ads forms collect.
 */
export const metaScopes = [
  'ads_management',
  'ads_read',
  'business_management',
  'pages_show_list',
  'pages_read_engagement',
  'leads_retrieval',
] as const;

export interface MetaToken {
  accessToken: string;
  /** Null when Meta gives no expiry (system-user tokens do not expire). */
  expiresAt: string | null;
}

interface TokenAnswer {
  access_token: string;
  expires_in?: number;
}

const tokenOf = (answer: TokenAnswer, now: Date): MetaToken => ({
  accessToken: answer.access_token,
  expiresAt: answer.expires_in
    ? new Date(now.getTime() + answer.expires_in * 1000).toISOString()
    : null,
});

/** The login dialog's address for one authorization (PKCE S256 challenge included). */
export function metaAuthorizationUrl(
  config: MetaConfig,
  redirectUri: string,
  state: string,
  codeChallenge: string,
): string {
  const url = new URL(`${config.dialogUrl}/${config.graphVersion}/dialog/oauth`);
  url.searchParams.set('client_id', config.appId);
  url.searchParams.set('redirect_uri', redirectUri);
  url.searchParams.set('state', state);
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('scope', metaScopes.join(','));
  url.searchParams.set('code_challenge', codeChallenge);
  url.searchParams.set('code_challenge_method', 'S256');
  return url.toString();
}

/** Code → short-lived user token → long-lived token (about 60 days). */
export async function exchangeMetaCode(
  client: MetaGraphClient,
  config: MetaConfig,
  input: { code: string; redirectUri: string; codeVerifier: string | null },
  now: Date,
): Promise<MetaToken> {
  const short = await client.oauth<TokenAnswer>('oauth/access_token', {
    client_id: config.appId,
    client_secret: config.appSecret,
    redirect_uri: input.redirectUri,
    code: input.code,
    code_verifier: input.codeVerifier ?? undefined,
  });
  return extendMetaToken(client, config, short.access_token, now);
}

/**
 * Meta user tokens have no refresh token: a long-lived one is exchanged for a fresh long-lived
 * one (`fb_exchange_token`) while it is still valid. Once expired, only a new login helps.
 */
export async function extendMetaToken(
  client: MetaGraphClient,
  config: MetaConfig,
  token: string,
  now: Date,
): Promise<MetaToken> {
  const answer = await client.oauth<TokenAnswer>('oauth/access_token', {
    grant_type: 'fb_exchange_token',
    client_id: config.appId,
    client_secret: config.appSecret,
    fb_exchange_token: token,
  });
  return tokenOf(answer, now);
}

export interface MetaAdAccount {
  id: string;
  name: string;
  currency: string;
  /** 1 is active; 2 disabled, 3 unsettled, 7 pending review… */
  account_status: number;
}

interface Page<T> {
  data: T[];
  paging?: { cursors?: { after?: string }; next?: string };
}

/** Reads every page of a Graph edge (`{ data, paging }`), following the `after` cursor. */
export async function allPages<T>(
  fetchPage: (after: string | undefined) => Promise<Page<T>>,
  maxPages = 50,
): Promise<T[]> {
  const rows: T[] = [];
  let after: string | undefined;
  for (let page = 0; page < maxPages; page++) {
    const answer = await fetchPage(after);
    rows.push(...answer.data);
    after = answer.paging?.next ? answer.paging.cursors?.after : undefined;
    if (!after) break;
  }
  return rows;
}

/** What the token grants: ad accounts, granted scopes, and the first page (with its Instagram). */
export async function describeMetaGrant(client: MetaGraphClient, token: string) {
  const accounts = await allPages<MetaAdAccount>((after) =>
    client.call('oauth', 'GET', 'me/adaccounts', token, {
      fields: 'id,name,currency,account_status',
      after,
    }),
  );
  const permissions = await client.call<Page<{ permission: string; status: string }>>(
    'oauth',
    'GET',
    'me/permissions',
    token,
  );
  const pages = await client.call<
    Page<{ id: string; name: string; instagram_business_account?: { id: string } }>
  >('oauth', 'GET', 'me/accounts', token, { fields: 'id,name,instagram_business_account' });
  return {
    accounts,
    scopes: permissions.data.filter((p) => p.status === 'granted').map((p) => p.permission),
    page: pages.data[0],
  };
}

/** Revokes every permission the user gave the app (`DELETE /me/permissions`). */
export async function revokeMetaGrant(client: MetaGraphClient, token: string): Promise<void> {
  await client.call('oauth', 'DELETE', 'me/permissions', token);
}
