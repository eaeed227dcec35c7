import type { Config } from '../../../platform/config/config.js';
import { permissions } from '../domain/permissions.js';

/** The built-in web app: a public client (no secret) using authorization_code with PKCE. */
export const webClientId = 'promptsales-web';

/** Endpoint paths of the provider; discovery stays at the root as OpenID Connect requires. */
export const oidcEndpointPaths = {
  authorization: '/oauth/authorize',
  token: '/oauth/token',
  jwks: '/oauth/jwks',
  userinfo: '/oauth/userinfo',
  revocation: '/oauth/revoke',
  end_session: '/oauth/logout',
} as const;

export const oidcPathPrefix = '/oauth/';
export const discoveryPath = '/.well-known/openid-configuration';
export const interactionPath = (uid: string) => `/oauth/interaction/${uid}`;

/**
 * `api` is what a user token holds: the user's permissions then come from their roles. API
 * clients hold permission names as scopes (least privilege per client).
 */
export const apiScope = 'api';
export const apiScopes: readonly string[] = [apiScope, ...permissions];

/** The issuer is the public URL itself, so discovery sits at `<PUBLIC_URL>/.well-known/…`. */
export function issuerOf(config: Config): string {
  return config.publicUrl;
}

/** The `aud` of every access token the built-in issuer signs for this API. */
export function apiAudienceOf(config: Config): string {
  return `${config.publicUrl}/api`;
}
