import type { Runtime } from '../../../platform/runtime.js';
import { setGrantOrganisation } from '../oidc/oidc-adapter.js';
import { oidcServiceFor } from '../oidc/oidc-service.js';
import { apiAudienceOf, apiScope, webClientId } from '../oidc/oidc-settings.js';

export interface TokenSet {
  access_token: string;
  refresh_token: string;
  token_type: 'Bearer';
  expires_in: number;
}

export interface TokenService {
  /** Access (JWT, carries org_id, roles, scope) + refresh token for a user acting in one organisation. */
  issueForUser(input: { userId: string; orgId: string; roles: string[] }): Promise<TokenSet>;
}

const scope = `openid offline_access ${apiScope}`;

/**
 * Tokens for the password login (`POST /api/v1/auth/login`), minted through the OpenID Provider's
 * own models, as if the built-in web app had completed an authorization_code flow: a Grant for
 * the web client, an access token and a refresh token bound to it. So the refresh token works at
 * the standard token endpoint (`grant_type=refresh_token&client_id=promptsales-web`), with
 * rotation and reuse detection, exactly like one from the login page. Roles are not trusted from
 * the caller: the access token's `roles` come from the membership, like every other token's.
 */
export async function tokenServiceFor(runtime: Runtime): Promise<TokenService> {
  const service = await oidcServiceFor(runtime);
  const audience = apiAudienceOf(runtime.config);
  return {
    async issueForUser({ userId, orgId }) {
      const provider = service.provider();
      const client = await provider.Client.find(webClientId);
      if (!client) throw new Error(`The built-in client ${webClientId} is missing`);

      const grant = new provider.Grant({ accountId: userId, clientId: webClientId });
      grant.addOIDCScope(scope);
      grant.addResourceScope(audience, apiScope);
      const grantId = await grant.save();
      await setGrantOrganisation(runtime.db, grantId, orgId);

      const accessToken = new provider.AccessToken({
        accountId: userId,
        client,
        grantId,
        gty: 'password',
        scope: apiScope,
      });
      accessToken.aud = audience;
      accessToken.resourceServer = new provider.ResourceServer(audience, {
        scope: apiScope,
        audience,
        accessTokenFormat: 'jwt',
        accessTokenTTL: runtime.config.oidc.accessTokenTtlSeconds,
        jwt: { sign: { alg: 'RS256' } },
      });
      const refreshToken = new provider.RefreshToken({
        accountId: userId,
        client,
        grantId,
        gty: 'password',
        scope,
        resource: audience,
      });
      const [access, refresh] = await Promise.all([accessToken.save(), refreshToken.save()]);
      return {
        access_token: access,
        refresh_token: refresh,
        token_type: 'Bearer',
        expires_in: accessToken.expiration,
      };
    },
  };
}
