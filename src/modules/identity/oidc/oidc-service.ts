import { hkdfSync, randomBytes } from 'node:crypto';
import type { JWK } from 'jose';
import Provider, { errors, type Configuration, type KoaContextWithOIDC } from 'oidc-provider';
import type { Runtime } from '../../../platform/runtime.js';
import {
  apiClientOf,
  issuedBeforeReset,
  membershipOf,
  revokeGrantAccessTokens,
} from '../application/principal-cache.js';
import { verifyClientSecret } from '../application/client-secret.js';
import { users } from '../infrastructure/identity.tables.js';
import { eq } from 'drizzle-orm';
import { renderLogoutPage, renderSignedOutPage } from './logout-page.js';
import { DatabaseOidcAdapter, grantOrganisation } from './oidc-adapter.js';
import { signInLanguage } from './sign-in-text.js';
import {
  apiAudienceOf,
  apiScopes,
  interactionPath,
  issuerOf,
  oidcEndpointPaths,
  webClientId,
} from './oidc-settings.js';
import { planKeyRing, SigningKeyStore, type KeyPolicy, type SigningKey } from './signing-keys.js';

/** How often a process re-reads the key ring (another replica or the job may have rotated it). */
const keyRefreshMs = 60_000;
/** Least time between forced re-reads when a token names a kid we do not know yet. */
const unknownKidRefreshMs = 10_000;

export function keyPolicyOf(runtime: Runtime): KeyPolicy {
  const { accessTokenTtlSeconds, keyRotationDays } = runtime.config.oidc;
  return {
    rotateAfterMs: keyRotationDays * 24 * 3600 * 1000,
    publishAheadMs: 2 * keyRefreshMs + 60_000,
    // ID tokens live as long as access tokens; a margin covers clock skew.
    maxTokenLifetimeMs: (accessTokenTtlSeconds + 300) * 1000,
  };
}

/**
 * The built-in OpenID Provider of one runtime, and the key ring it signs with. The provider is
 * rebuilt when the key ring changes (rotation), since oidc-provider fixes its keystore at
 * construction; requests in flight finish on the instance they started with.
 */
export class OidcService {
  private current: Provider;
  private published: SigningKey[] = [];
  private signingKid: string | undefined;
  private checkedAt = 0;
  private forcedAt = 0;
  private refreshing: Promise<void> | undefined;
  private refreshQueued: Promise<void> | undefined;
  /** Grant → organisation never changes: remembered for the life of the process. */
  private readonly grantOrgs = new Map<string, string>();

  private constructor(
    private readonly runtime: Runtime,
    private readonly store: SigningKeyStore,
    keys: SigningKey[],
  ) {
    this.current = this.build(keys);
  }

  static async create(runtime: Runtime): Promise<OidcService> {
    const store = new SigningKeyStore(runtime.db, runtime.masterKey);
    await store.maintain(keyPolicyOf(runtime));
    return new OidcService(runtime, store, await store.list());
  }

  /** The provider to serve this request with (kicks off a background key check when due). */
  provider(): Provider {
    if (Date.now() - this.checkedAt > keyRefreshMs) void this.refresh();
    return this.current;
  }

  /** Public JWKs of every published key (what /oauth/jwks serves). */
  publicKeys(): JWK[] {
    return this.published.map((key) => key.publicJwk);
  }

  /** A token names a kid we do not know: re-read the key ring, at most every few seconds. */
  async refreshForUnknownKid(): Promise<boolean> {
    if (Date.now() - this.forcedAt < unknownKidRefreshMs) return false;
    this.forcedAt = Date.now();
    await this.refresh();
    return true;
  }

  /**
   * Re-reads the key ring. Calls during a reload share one follow-up reload, so a caller that
   * just changed the keys never gets the answer of a read that started before its change.
   */
  async refresh(): Promise<void> {
    if (!this.refreshing) {
      this.refreshing = this.reload().finally(() => {
        this.refreshing = undefined;
      });
      return this.refreshing;
    }
    this.refreshQueued ??= this.refreshing.then(() => {
      this.refreshQueued = undefined;
      return this.refresh();
    });
    return this.refreshQueued;
  }

  private async reload(): Promise<void> {
    try {
      this.checkedAt = Date.now();
      const keys = await this.store.list();
      const plan = planKeyRing(keys, new Date(), keyPolicyOf(this.runtime));
      const kids = (list: SigningKey[]) =>
        list
          .map((key) => key.kid)
          .sort()
          .join(',');
      if (plan.signing?.kid !== this.signingKid || kids(plan.published) !== kids(this.published)) {
        this.current = this.build(keys);
        this.runtime.log.info({ signingKid: this.signingKid }, 'OpenID Provider keys reloaded');
      }
    } catch (error) {
      this.runtime.log.warn({ err: error }, 'could not re-read the OpenID signing keys');
    }
  }

  async organisationOfGrant(grantId: string): Promise<string | undefined> {
    const known = this.grantOrgs.get(grantId);
    if (known) return known;
    const orgId = await grantOrganisation(this.runtime.db, grantId);
    if (orgId) {
      if (this.grantOrgs.size > 50_000) this.grantOrgs.clear();
      this.grantOrgs.set(grantId, orgId);
    }
    return orgId;
  }

  private build(keys: SigningKey[]): Provider {
    const plan = planKeyRing(keys, new Date(), keyPolicyOf(this.runtime));
    if (!plan.signing) throw new Error('No active OpenID signing key');
    this.signingKid = plan.signing.kid;
    // The signing key first: the provider signs with the first key of the algorithm.
    this.published = [plan.signing, ...plan.published.filter((key) => key !== plan.signing)];
    const provider = new Provider(issuerOf(this.runtime.config), this.configuration());
    provider.proxy = true;
    // API client secrets are stored hashed: compare the presented secret against the hash.
    provider.Client.prototype.compareClientSecret = function compareHashed(actual: string) {
      return Promise.resolve(
        typeof this.clientSecret === 'string' && verifyClientSecret(actual, this.clientSecret),
      );
    };
    provider.on('server_error', (_ctx: unknown, error: unknown) =>
      this.runtime.log.error({ err: error }, 'OpenID Provider error'),
    );
    return provider;
  }

  private configuration(): Configuration {
    const { runtime } = this;
    const { config, db } = runtime;
    const { accessTokenTtlSeconds, refreshTokenTtlSeconds, webRedirectUris } = config.oidc;
    const audience = apiAudienceOf(config);
    const cookieKey = (label: string) =>
      Buffer.from(hkdfSync('sha256', runtime.masterKey, 'promptsales', label, 32));
    const secure = config.publicUrl.startsWith('https:');
    const webOrigins = [config.publicUrl, ...webRedirectUris].map((uri) => new URL(uri).origin);
    const languageOf = (ctx: KoaContextWithOIDC) =>
      signInLanguage(
        undefined,
        typeof ctx.oidc.params?.ui_locales === 'string' ? ctx.oidc.params.ui_locales : undefined,
        ctx.get('accept-language'),
      );

    return {
      adapter: (name: string) =>
        new DatabaseOidcAdapter(db, name, (grantId) => revokeGrantAccessTokens(runtime, grantId)),
      clients: [
        {
          client_id: webClientId,
          client_name: 'PromptSales web app',
          token_endpoint_auth_method: 'none',
          grant_types: ['authorization_code', 'refresh_token'],
          response_types: ['code'],
          redirect_uris: webRedirectUris,
          post_logout_redirect_uris: webRedirectUris,
        },
      ],
      jwks: { keys: this.published.map((key) => key.privateJwk) },
      cookies: {
        keys: [cookieKey('oidc-cookies:v1')],
        long: { signed: true, secure, sameSite: 'lax' },
        short: { signed: true, secure, sameSite: 'lax' },
      },
      routes: oidcEndpointPaths,
      scopes: ['openid', 'offline_access', ...apiScopes],
      claims: { openid: ['sub'] },
      responseTypes: ['code'],
      // The web app names the organisation to sign in to (after accepting an invitation).
      extraParams: ['organization_id'],
      pkce: { required: () => true },
      rotateRefreshToken: true,
      issueRefreshToken: (_ctx, client) => client.grantTypeAllowed('refresh_token'),
      ttl: {
        AccessToken: accessTokenTtlSeconds,
        ClientCredentials: accessTokenTtlSeconds,
        IdToken: accessTokenTtlSeconds,
        AuthorizationCode: 60,
        RefreshToken: refreshTokenTtlSeconds,
        Grant: refreshTokenTtlSeconds,
        Interaction: 600,
        Session: 14 * 24 * 3600,
      },
      features: {
        devInteractions: { enabled: false },
        clientCredentials: { enabled: true },
        revocation: { enabled: true },
        userinfo: { enabled: true },
        rpInitiatedLogout: {
          enabled: true,
          logoutSource: (ctx, form) => {
            const nonce = randomBytes(16).toString('base64');
            ctx.set(
              'content-security-policy',
              `default-src 'none'; style-src 'unsafe-inline'; script-src 'nonce-${nonce}'; ` +
                `form-action 'self' ${[...new Set(webOrigins)].join(' ')}; frame-ancestors 'none'`,
            );
            ctx.set('cache-control', 'no-store');
            ctx.type = 'html';
            ctx.body = renderLogoutPage(form, languageOf(ctx), nonce);
            return Promise.resolve();
          },
          postLogoutSuccessSource: (ctx) => {
            ctx.type = 'html';
            ctx.body = renderSignedOutPage(languageOf(ctx), webOrigins[0] ?? config.publicUrl);
            return Promise.resolve();
          },
        },
        resourceIndicators: {
          enabled: true,
          defaultResource: () => audience,
          useGrantedResource: () => true,
          getResourceServerInfo: (_ctx, resource) => {
            if (resource !== audience) throw new errors.InvalidTarget();
            return {
              scope: apiScopes.join(' '),
              audience,
              accessTokenFormat: 'jwt',
              accessTokenTTL: accessTokenTtlSeconds,
              jwt: { sign: { alg: 'RS256' } },
            };
          },
        },
      },
      interactions: { url: (_ctx, interaction) => interactionPath(interaction.uid) },
      findAccount: async (_ctx, sub, token) => {
        const [user] = await db.select({ id: users.id }).from(users).where(eq(users.id, sub));
        if (!user) return undefined;
        // A refresh in an organisation the user has since left must fail.
        const grantId = (token as { grantId?: string } | undefined)?.grantId;
        if (grantId) {
          const orgId = await this.organisationOfGrant(grantId);
          const membership = orgId ? await membershipOf(runtime, orgId, sub) : undefined;
          if (membership && !membership.found) return undefined;
          // A password reset ends every session: refresh tokens issued before it stop working.
          const issuedAt = (token as { iat?: number } | undefined)?.iat;
          if (membership && issuedBeforeReset(membership, { iat: issuedAt })) return undefined;
        }
        return { accountId: sub, claims: () => ({ sub }) };
      },
      extraTokenClaims: async (_ctx: KoaContextWithOIDC, token) => {
        if (token.kind === 'ClientCredentials') {
          if (!token.clientId) return undefined;
          const client = await apiClientOf(runtime, token.clientId);
          return client.found ? { org_id: client.orgId } : undefined;
        }
        const grantId = (token as { grantId?: string }).grantId;
        const accountId = (token as { accountId?: string }).accountId;
        const orgId = grantId ? await this.organisationOfGrant(grantId) : undefined;
        if (!orgId || !accountId) return undefined;
        const membership = await membershipOf(runtime, orgId, accountId);
        // `gid` lets the resource server refuse the token once its grant is revoked; `iat_ms`
        // tells it whether the token predates a password reset made in the same second.
        return { org_id: orgId, roles: membership.roles, gid: grantId, iat_ms: Date.now() };
      },
      // Only the web app calls the provider from a browser (sign-out revokes its refresh token):
      // from the origin it was served from (the request's own: same-origin), the issuer's, or
      // that of one of its redirect URIs. Not `ctx.origin`: in Koa 3 that is the request's
      // Origin header, so comparing with it allowed every site.
      clientBasedCORS: (ctx, origin, client) =>
        client.clientId === webClientId &&
        (origin === ctx.URL.origin || webOrigins.includes(origin)),
      enabledJWA: {
        idTokenSigningAlgValues: ['RS256'],
        userinfoSigningAlgValues: ['RS256'],
        requestObjectSigningAlgValues: ['RS256', 'ES256', 'EdDSA'],
      },
    } satisfies Configuration;
  }
}

const services = new WeakMap<Runtime, Promise<OidcService>>();

/** One OpenID Provider per runtime, created on first use. */
export function oidcServiceFor(runtime: Runtime): Promise<OidcService> {
  let service = services.get(runtime);
  if (!service) {
    service = OidcService.create(runtime);
    services.set(runtime, service);
    service.catch(() => services.delete(runtime));
  }
  return service;
}
