import { and, eq } from 'drizzle-orm';
import type { Runtime } from '../../../platform/runtime.js';
import { isGrantRevoked, recordRevokedGrant } from '../oidc/oidc-adapter.js';
import {
  apiClients,
  memberships,
  organizations,
  users,
} from '../infrastructure/identity.tables.js';

/**
 * What the resource server must confirm on every request besides the token's signature: the
 * membership still exists with its roles, the API client is not revoked, the sign-in was not
 * revoked. Read through two layers: the runtime cache (Redis, shared by every replica) for 30 s,
 * so an authenticated request costs no database round trip, and in front of it a near cache in
 * this process for 2 s, so it costs no Redis round trip either. `forgetPrincipal` and grant
 * revocation drop both at once on the replica that made the change; the other replicas see the
 * change when their near copy expires, within 2 seconds.
 */
const ttlSeconds = 30;
const nearMs = 2_000;

function lookUp<T>(runtime: Runtime, key: string, load: () => Promise<T>): Promise<T> {
  return runtime.cache.getOrLoad(key, ttlSeconds, load, { nearMs });
}

function forget(runtime: Runtime, key: string): Promise<void> {
  return runtime.cache.delete(key);
}

export interface MembershipState {
  found: boolean;
  roles: string[];
  /** Epoch milliseconds of the user's last password reset: tokens issued before it are void. */
  sessionsRevokedAtMs: number | null;
}

export interface ApiClientState {
  found: boolean;
  id: string;
  orgId: string;
  scopes: string[];
}

// v2: the reset time is kept in milliseconds (v1 entries held seconds).
const membershipKey = (orgId: string, userId: string) => `principal:user:v2:${orgId}:${userId}`;
const clientKey = (clientId: string) => `principal:client:${clientId}`;
const orgKey = (orgId: string) => `principal:org:${orgId}`;
const grantKey = (grantId: string) => `principal:grant:${grantId}`;

export async function membershipOf(
  runtime: Runtime,
  orgId: string,
  userId: string,
): Promise<MembershipState> {
  return lookUp(runtime, membershipKey(orgId, userId), async () => {
    const rows = await runtime.db
      .select({ role: memberships.role, sessionsRevokedAt: users.sessionsRevokedAt })
      .from(memberships)
      .innerJoin(users, eq(users.id, memberships.userId))
      .where(and(eq(memberships.orgId, orgId), eq(memberships.userId, userId)));
    const revokedAt = rows[0]?.sessionsRevokedAt;
    return {
      found: rows.length > 0,
      roles: rows.map((row) => row.role),
      sessionsRevokedAtMs: revokedAt ? new Date(revokedAt).getTime() : null,
    };
  });
}

/** An active (not revoked) API client by its public client_id. */
export async function apiClientOf(runtime: Runtime, clientId: string): Promise<ApiClientState> {
  return lookUp(runtime, clientKey(clientId), async () => {
    const [row] = await runtime.db
      .select({
        id: apiClients.id,
        orgId: apiClients.orgId,
        scopes: apiClients.scopes,
        revokedAt: apiClients.revokedAt,
      })
      .from(apiClients)
      .where(eq(apiClients.clientId, clientId));
    return row && !row.revokedAt
      ? { found: true, id: row.id, orgId: row.orgId, scopes: row.scopes }
      : { found: false, id: '', orgId: '', scopes: [] };
  });
}

/** Whether an organisation exists (tokens of external issuers name one). */
export async function organisationExists(runtime: Runtime, orgId: string): Promise<boolean> {
  const state = await lookUp(runtime, orgKey(orgId), async () => {
    const rows = await runtime.db
      .select({ id: organizations.id })
      .from(organizations)
      .where(eq(organizations.id, orgId));
    return { found: rows.length > 0 };
  });
  return state.found;
}

/** Whether the sign-in (grant) a user's access token was issued under has been revoked. */
export async function grantRevoked(runtime: Runtime, grantId: string): Promise<boolean> {
  const state = await lookUp(runtime, grantKey(grantId), async () => ({
    revoked: await isGrantRevoked(runtime.db, grantId),
  }));
  return state.revoked;
}

/**
 * Voids the access tokens of a grant at once (they are JWTs, valid on their own until they
 * expire): remembered for as long as the longest of them can live.
 */
export async function revokeGrantAccessTokens(runtime: Runtime, grantId: string): Promise<void> {
  const { accessTokenTtlSeconds } = runtime.config.oidc;
  await recordRevokedGrant(runtime.db, grantId, accessTokenTtlSeconds + 300);
  await forget(runtime, grantKey(grantId));
}

/**
 * Whether a token was issued before the user's last password reset. Access tokens carry their
 * issue time in milliseconds (`iat_ms`), so a token issued a moment before the reset is void and
 * one issued a moment after it is not. A token with only JWT's whole-second `iat` (a refresh
 * token) is void when issued in the reset's second at all: doubt ends a session, never keeps one.
 */
export function issuedBeforeReset(
  state: MembershipState,
  issued: { iat?: number; iatMs?: number },
): boolean {
  const resetMs = state.sessionsRevokedAtMs;
  if (resetMs === null) return false;
  if (issued.iatMs !== undefined) return issued.iatMs < resetMs;
  return (issued.iat ?? 0) <= Math.floor(resetMs / 1000);
}

/** Call after removing a member, changing a role, resetting a password, or revoking/rotating an API client: takes effect at once. */
export async function forgetPrincipal(
  runtime: Runtime,
  principal: { orgId: string; userId: string } | { clientId: string },
): Promise<void> {
  await forget(
    runtime,
    'clientId' in principal
      ? clientKey(principal.clientId)
      : membershipKey(principal.orgId, principal.userId),
  );
}
