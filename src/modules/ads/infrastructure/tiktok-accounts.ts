import type { TikTokConfig } from '../../../platform/config/config.js';
import type { TikTokApiClient } from './tiktok-api-client.js';

export interface TikTokToken {
  accessToken: string;
  refreshToken: string | null;
  /** Null for TikTok's long-term advertiser tokens, which do not expire until revoked. */
  expiresAt: string | null;
  advertiserIds: string[];
  scopes: string[];
}

interface TokenData {
  access_token: string;
  advertiser_ids?: (string | number)[];
  scope?: (string | number)[];
  refresh_token?: string;
  access_token_expire_in?: number;
}

const tokenOf = (data: TokenData, now: Date, previousRefresh: string | null): TikTokToken => ({
  accessToken: data.access_token,
  refreshToken: data.refresh_token ?? previousRefresh,
  expiresAt: data.access_token_expire_in
    ? new Date(now.getTime() + data.access_token_expire_in * 1000).toISOString()
    : null,
  advertiserIds: (data.advertiser_ids ?? []).map(String),
  scopes: (data.scope ?? []).map(String),
});

/** The advertiser authorization page for one authorization (TikTok has no PKCE). */
export function tiktokAuthorizationUrl(
  config: TikTokConfig,
  redirectUri: string,
  state: string,
): string {
  const url = new URL(config.authUrl);
  url.searchParams.set('app_id', config.appId);
  url.searchParams.set('state', state);
  url.searchParams.set('redirect_uri', redirectUri);
  return url.toString();
}

/** `auth_code` → advertiser access token (with the advertisers that authorized the app). */
export async function exchangeTikTokCode(
  client: TikTokApiClient,
  config: TikTokConfig,
  code: string,
  now: Date,
): Promise<TikTokToken> {
  const data = await client.app<TokenData>('POST', 'oauth2/access_token/', {
    app_id: config.appId,
    secret: config.secret,
    auth_code: code,
  });
  return tokenOf(data, now, null);
}

/** A fresh access token from the refresh token (only for grants TikTok gave one with). */
export async function refreshTikTokToken(
  client: TikTokApiClient,
  config: TikTokConfig,
  refreshToken: string,
  now: Date,
): Promise<TikTokToken> {
  const data = await client.app<TokenData>('POST', 'oauth2/refresh_token/', {
    app_id: config.appId,
    secret: config.secret,
    grant_type: 'refresh_token',
    refresh_token: refreshToken,
  });
  return tokenOf(data, now, refreshToken);
}

export interface TikTokAdvertiser {
  advertiserId: string;
  name: string;
  currency: string;
  status: string;
}

/** The advertisers that authorized the app with this token, with name, currency and status. */
export async function tiktokAdvertisers(
  client: TikTokApiClient,
  config: TikTokConfig,
  token: string,
): Promise<TikTokAdvertiser[]> {
  const granted = await client.app<{ list: { advertiser_id: string; advertiser_name: string }[] }>(
    'GET',
    'oauth2/advertiser/get/',
    { app_id: config.appId, secret: config.secret },
    token,
  );
  const ids = granted.list.map((a) => String(a.advertiser_id));
  if (ids.length === 0) return [];
  const info = await client.app<{
    list: { advertiser_id: string; name: string; currency: string; status: string }[];
  }>(
    'GET',
    'advertiser/info/',
    { advertiser_ids: ids, fields: ['advertiser_id', 'name', 'currency', 'status'] },
    token,
  );
  return info.list.map((a) => ({
    advertiserId: String(a.advertiser_id),
    name: a.name,
    currency: a.currency,
    status: a.status,
  }));
}

/** Revokes the access token at TikTok (`oauth2/revoke_token/`). */
export async function revokeTikTokToken(
  client: TikTokApiClient,
  config: TikTokConfig,
  token: string,
): Promise<void> {
  await client.app('POST', 'oauth2/revoke_token/', {
    app_id: config.appId,
    secret: config.secret,
    access_token: token,
  });
}
