import {
  createLocalJWKSet,
  createRemoteJWKSet,
  decodeJwt,
  errors,
  jwtVerify,
  type JWK,
  type JWTPayload,
  type JWTVerifyGetKey,
} from 'jose';
import { LRUCache } from 'lru-cache';
import type { ExternalIssuerConfig } from '../../../platform/config/config.js';
import { AppError } from '../../../platform/errors/app-error.js';
import type { AuthContext } from '../../../platform/http/auth-context.js';
import type { Authenticator } from '../../../platform/http/authentication.js';
import type { Runtime } from '../../../platform/runtime.js';
import { grantableScopes, isRole, permissionsOfRoles } from '../domain/permissions.js';
import { oidcServiceFor, type OidcService } from '../oidc/oidc-service.js';
import { apiAudienceOf, issuerOf } from '../oidc/oidc-settings.js';
import {
  apiClientOf,
  grantRevoked,
  issuedBeforeReset,
  membershipOf,
  organisationExists,
} from './principal-cache.js';

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const externalAlgorithms = [
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'ES256',
  'ES384',
  'EdDSA',
];
const clockToleranceSeconds = 5;

const reject = (reason: string) =>
  new AppError('unauthenticated', `The bearer token was rejected: ${reason}`);

/** Why jose refused a token, in words an API client can act on (no internals). */
function reasonOf(error: unknown): string {
  if (error instanceof errors.JWTExpired) return 'it has expired';
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.claim === 'nbf' || error.claim === 'iat') return 'it is not valid yet';
    return `its "${error.claim}" claim is not accepted`;
  }
  if (error instanceof errors.JOSEAlgNotAllowed) return 'its signing algorithm is not accepted';
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'its signature is invalid';
  if (error instanceof errors.JWKSNoMatchingKey) return 'it was signed with an unknown key';
  if (error instanceof errors.JWKSTimeout || error instanceof errors.JOSEError) {
    return 'it could not be verified';
  }
  return 'it could not be verified';
}

/** Verified claims of a token, kept until the token expires so each is verified once. */
interface Verified {
  source: 'builtin' | ExternalIssuerConfig;
  claims: JWTPayload;
}

function scopesOf(claims: JWTPayload): string[] {
  return typeof claims.scope === 'string' ? claims.scope.split(' ').filter(Boolean) : [];
}

function stringList(value: unknown): string[] {
  if (Array.isArray(value)) return value.filter((item): item is string => typeof item === 'string');
  if (typeof value === 'string') return value.split(/[\s,]+/).filter(Boolean);
  return [];
}

/** Reads a possibly dotted claim path (`realm_access.roles`, as Keycloak nests roles). */
function claimAt(claims: JWTPayload, path: string): unknown {
  if (path in claims) return claims[path];
  return path.split('.').reduce<unknown>((value, key) => {
    return value && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
  }, claims);
}

/**
 * The resource server: turns `Authorization: Bearer <jwt>` into an AuthContext. Tokens of the
 * built-in issuer are verified against its keys in memory (no HTTP call to itself); tokens of
 * configured external issuers against their JWKS (fetched once, cached, refreshed on an unknown
 * kid). Then the principal is confirmed through the short-TTL principal cache: the membership
 * still exists (with its current roles) or the API client is not revoked.
 */
export function createAuthenticator(runtime: Runtime): Authenticator {
  const issuer = issuerOf(runtime.config);
  const audience = apiAudienceOf(runtime.config);
  const externals = new Map(
    runtime.config.oidc.externalIssuers.map((entry) => [entry.issuer, entry] as const),
  );
  const remoteKeys = new Map<string, Promise<JWTVerifyGetKey>>();
  const verified = new LRUCache<string, Verified>({ max: 20_000 });
  let service: Promise<OidcService> | undefined;
  let localKeys: { source: JWK[]; keys: JWTVerifyGetKey } | undefined;

  async function builtinKeys(): Promise<{ service: OidcService; keys: JWTVerifyGetKey }> {
    service ??= oidcServiceFor(runtime);
    const resolved = await service;
    const published = resolved.publicKeys();
    if (localKeys?.source !== published) {
      localKeys = { source: published, keys: createLocalJWKSet({ keys: published }) };
    }
    return { service: resolved, keys: localKeys.keys };
  }

  async function verifyBuiltin(token: string): Promise<JWTPayload> {
    const options = {
      issuer,
      audience,
      algorithms: ['RS256'],
      typ: 'at+jwt',
      clockTolerance: clockToleranceSeconds,
    };
    const first = await builtinKeys();
    try {
      return (await jwtVerify(token, first.keys, options)).payload;
    } catch (error) {
      // A replica that rotated keys moments ago: re-read the key ring once, then decide.
      if (!(error instanceof errors.JWKSNoMatchingKey)) throw error;
      if (!(await first.service.refreshForUnknownKid())) throw error;
      return (await jwtVerify(token, (await builtinKeys()).keys, options)).payload;
    }
  }

  function remoteKeysOf(entry: ExternalIssuerConfig): Promise<JWTVerifyGetKey> {
    let keys = remoteKeys.get(entry.issuer);
    if (!keys) {
      keys = (async () => {
        let jwksUri = entry.jwksUri;
        if (!jwksUri) {
          const response = await fetch(
            `${entry.issuer.replace(/\/$/, '')}/.well-known/openid-configuration`,
            { signal: AbortSignal.timeout(5000) },
          );
          if (!response.ok)
            throw new Error(`discovery of ${entry.issuer} answered ${response.status}`);
          jwksUri = ((await response.json()) as { jwks_uri?: string }).jwks_uri;
          if (!jwksUri) throw new Error(`discovery of ${entry.issuer} has no jwks_uri`);
        }
        return createRemoteJWKSet(new URL(jwksUri), {
          cacheMaxAge: 10 * 60_000,
          cooldownDuration: 30_000,
          timeoutDuration: 5000,
        });
      })();
      remoteKeys.set(entry.issuer, keys);
      // A failed discovery is retried by the next request rather than remembered.
      keys.catch(() => remoteKeys.delete(entry.issuer));
    }
    return keys;
  }

  async function verify(token: string): Promise<Verified> {
    const known = verified.get(token);
    if (known && (known.claims.exp ?? 0) > Date.now() / 1000 - clockToleranceSeconds) return known;
    let unverified: JWTPayload;
    try {
      unverified = decodeJwt(token);
    } catch {
      throw reject('it is not a well-formed JWT');
    }
    const external = typeof unverified.iss === 'string' ? externals.get(unverified.iss) : undefined;
    if (unverified.iss !== issuer && !external) throw reject('its issuer is not trusted');
    let result: Verified;
    try {
      if (external) {
        const keys = await remoteKeysOf(external);
        const { payload } = await jwtVerify(token, keys, {
          issuer: external.issuer,
          audience: external.audience,
          algorithms: externalAlgorithms,
          clockTolerance: clockToleranceSeconds,
        });
        result = { source: external, claims: payload };
      } else {
        result = { source: 'builtin', claims: await verifyBuiltin(token) };
      }
    } catch (error) {
      if (error instanceof AppError) throw error;
      runtime.log.debug({ err: error }, 'bearer token rejected');
      throw reject(reasonOf(error));
    }
    if (typeof result.claims.exp !== 'number') throw reject('it has no expiry');
    const ttl = (result.claims.exp - Date.now() / 1000) * 1000;
    if (ttl > 0) verified.set(token, result, { ttl: Math.min(ttl, 10 * 60_000) });
    return result;
  }

  async function builtinContext(claims: JWTPayload): Promise<AuthContext> {
    const scopes = scopesOf(claims);
    const subject = claims.sub;
    if (typeof subject !== 'string') throw reject('it has no subject');
    if (claims.client_id === subject) {
      const client = await apiClientOf(runtime, subject);
      if (!client.found) throw reject('the API client was revoked');
      if (claims.org_id !== client.orgId) throw reject('its organisation does not match');
      const held = scopes.filter(
        (scope) =>
          client.scopes.includes(scope) && (grantableScopes as readonly string[]).includes(scope),
      );
      return {
        principalId: `client:${subject}`,
        orgId: client.orgId,
        userId: null,
        clientId: subject,
        roles: [],
        scopes: held,
        permissions: new Set(held),
      };
    }
    const orgId = claims.org_id;
    if (typeof orgId !== 'string') throw reject('it names no organisation');
    const grantId = typeof claims.gid === 'string' ? claims.gid : undefined;
    const [membership, revoked] = await Promise.all([
      membershipOf(runtime, orgId, subject),
      grantId ? grantRevoked(runtime, grantId) : false,
    ]);
    if (!membership.found) throw reject('you are no longer a member of this organisation');
    const iatMs = typeof claims.iat_ms === 'number' ? claims.iat_ms : undefined;
    if (issuedBeforeReset(membership, { iat: claims.iat, iatMs })) {
      throw reject('the session ended when the password was reset; sign in again');
    }
    if (revoked) throw reject('its session was revoked (signed out, or a refresh token reused)');
    return {
      principalId: `user:${subject}`,
      orgId,
      userId: subject,
      clientId: null,
      roles: membership.roles,
      scopes,
      permissions: permissionsOfRoles(membership.roles),
    };
  }

  async function externalContext(
    entry: ExternalIssuerConfig,
    claims: JWTPayload,
  ): Promise<AuthContext> {
    if (typeof claims.sub !== 'string') throw reject('it has no subject');
    const orgValue = claimAt(claims, entry.orgClaim);
    const orgId =
      typeof orgValue === 'string'
        ? entry.organizations
          ? entry.organizations[orgValue]
          : orgValue
        : undefined;
    if (!orgId || !uuidPattern.test(orgId) || !(await organisationExists(runtime, orgId))) {
      throw reject('its organisation is not known here');
    }
    let roles = stringList(claimAt(claims, entry.rolesClaim)).filter(isRole);
    if (roles.length === 0 && entry.defaultRole && isRole(entry.defaultRole)) {
      roles = [entry.defaultRole];
    }
    if (roles.length === 0) throw reject('it grants no PromptSales role');
    const host = new URL(entry.issuer).host;
    return {
      principalId: `user:${claims.sub}@${host}`,
      orgId,
      userId: null,
      clientId: null,
      roles,
      scopes: scopesOf(claims),
      permissions: permissionsOfRoles(roles),
    };
  }

  return async function authenticate(request) {
    const header = request.headers.authorization;
    if (header === undefined) return null;
    const space = header.indexOf(' ');
    const scheme = space > 0 ? header.slice(0, space) : header;
    const token = space > 0 ? header.slice(space + 1).trim() : '';
    if (scheme.toLowerCase() !== 'bearer' || token === '') {
      throw new AppError('unauthenticated', 'Use Authorization: Bearer <access token>');
    }
    const { source, claims } = await verify(token);
    return source === 'builtin' ? builtinContext(claims) : externalContext(source, claims);
  };
}
