import type { GoogleAdsConfig } from '../../../platform/config/config.js';
import { TransientChannelError } from '../domain/channel-adapter.js';

/** The one scope the Google Ads API needs. */
export const googleAdsScope = 'https://www.googleapis.com/auth/adwords';

/** Google's OAuth endpoints refused: `{ error, error_description }` (e.g. `invalid_grant`). */
export class GoogleOAuthError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    description: string | undefined,
  ) {
    super(`Google OAuth: ${code}${description ? ` (${description})` : ''}`);
    this.name = 'GoogleOAuthError';
  }
}

export interface GoogleTokens {
  accessToken: string;
  /** Google sends one on the code exchange with `access_type=offline`; refreshes keep the old one. */
  refreshToken: string | null;
  expiresAt: string;
  scopes: string[];
}

interface TokenAnswer {
  access_token: string;
  expires_in: number;
  refresh_token?: string;
  scope?: string;
  token_type?: string;
}

/** Google's consent screen for one authorization: offline access, consent forced, PKCE S256. */
export function googleAuthorizationUrl(
  config: GoogleAdsConfig,
  input: { redirectUri: string; state: string; codeChallenge: string },
): string {
  const url = new URL(config.authorizeUrl);
  url.searchParams.set('client_id', config.clientId);
  url.searchParams.set('redirect_uri', input.redirectUri);
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('scope', googleAdsScope);
  // A refresh token comes only with offline access, and again only when consent is shown.
  url.searchParams.set('access_type', 'offline');
  url.searchParams.set('prompt', 'consent');
  url.searchParams.set('include_granted_scopes', 'true');
  url.searchParams.set('state', input.state);
  url.searchParams.set('code_challenge', input.codeChallenge);
  url.searchParams.set('code_challenge_method', 'S256');
  return url.toString();
}

async function postForm(url: string, form: Record<string, string>): Promise<unknown> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(form).toString(),
      signal: AbortSignal.timeout(30_000),
    });
  } catch (error) {
    throw new TransientChannelError(`Google OAuth did not answer: ${(error as Error).message}`);
  }
  const text = await response.text();
  let parsed: { error?: string; error_description?: string } = {};
  try {
    parsed = text ? (JSON.parse(text) as typeof parsed) : {};
  } catch {
    parsed = {};
  }
  if (response.status === 429 || response.status >= 500)
    throw new TransientChannelError(`Google OAuth answered HTTP ${response.status}`);
  if (!response.ok)
    throw new GoogleOAuthError(
      response.status,
      parsed.error ?? `http_${response.status}`,
      parsed.error_description,
    );
  return parsed;
}

const tokensOf = (answer: TokenAnswer, now: Date, refreshToken: string | null): GoogleTokens => ({
  accessToken: answer.access_token,
  refreshToken: answer.refresh_token ?? refreshToken,
  expiresAt: new Date(now.getTime() + answer.expires_in * 1000).toISOString(),
  scopes: (answer.scope ?? '').split(' ').filter(Boolean),
});

/** Authorization code (and PKCE verifier) → access and refresh tokens. */
export async function exchangeGoogleCode(
  config: GoogleAdsConfig,
  input: { code: string; redirectUri: string; codeVerifier: string | null },
  now: Date,
): Promise<GoogleTokens> {
  const answer = (await postForm(config.tokenUrl, {
    grant_type: 'authorization_code',
    code: input.code,
    client_id: config.clientId,
    client_secret: config.clientSecret,
    redirect_uri: input.redirectUri,
    ...(input.codeVerifier ? { code_verifier: input.codeVerifier } : {}),
  })) as TokenAnswer;
  return tokensOf(answer, now, null);
}

/** A fresh access token from the refresh token (`invalid_grant`: revoked or expired grant). */
export async function refreshGoogleToken(
  config: GoogleAdsConfig,
  refreshToken: string,
  now: Date,
): Promise<GoogleTokens> {
  const answer = (await postForm(config.tokenUrl, {
    grant_type: 'refresh_token',
    refresh_token: refreshToken,
    client_id: config.clientId,
    client_secret: config.clientSecret,
  })) as TokenAnswer;
  return tokensOf(answer, now, refreshToken);
}

/** Revokes the grant: revoking the refresh token ends every access token made from it. */
export async function revokeGoogleToken(config: GoogleAdsConfig, token: string): Promise<void> {
  await postForm(config.revokeUrl, { token });
}
