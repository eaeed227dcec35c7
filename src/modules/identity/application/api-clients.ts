import { randomBytes } from 'node:crypto';
import { uuidv7 } from 'uuidv7';
import { AppError } from '../../../platform/errors/app-error.js';
import { grantableScopes } from '../domain/permissions.js';
import {
  findApiClient,
  insertApiClient,
  replaceApiClientSecret,
  revokeApiClient,
  type ApiClientRow,
} from '../infrastructure/api-clients.repository.js';
import { generateClientSecret, hashClientSecret } from './client-secret.js';
import type { IdentityServices } from './identity-services.js';
import type { Actor } from './members.js';
import { forgetPrincipal } from './principal-cache.js';

/** `psc_` + 24 random base32-ish characters: recognisable in logs and secret scanners. */
export function newClientId(): string {
  return `psc_${randomBytes(15).toString('base64url').toLowerCase().replace(/[-_]/g, 'x')}`;
}

export async function createApiClient(
  services: IdentityServices,
  actor: Actor,
  input: { name: string; scopes: string[] },
): Promise<{ client: ApiClientRow; secret: string }> {
  const scopes = [...new Set(input.scopes)];
  const refused = scopes.filter((s) => !(grantableScopes as readonly string[]).includes(s));
  if (refused.length > 0) {
    throw AppError.validation(
      `These scopes cannot be granted to an API client: ${refused.join(', ')}`,
      refused.map((scope) => ({
        field: 'body.scopes',
        message: `"${scope}" is not a grantable scope`,
      })),
    );
  }
  const secret = generateClientSecret();
  const client: ApiClientRow = {
    orgId: actor.orgId,
    id: uuidv7(),
    name: input.name.trim(),
    clientId: newClientId(),
    secretHash: hashClientSecret(secret),
    scopes,
    createdBy: actor.userId,
    createdAt: new Date().toISOString(),
    lastUsedAt: null,
    revokedAt: null,
  };
  await insertApiClient(services.runtime.db, client);
  return { client, secret };
}

export async function revokeClient(services: IdentityServices, actor: Actor, id: string) {
  const row = await revokeApiClient(services.runtime.db, actor.orgId, id);
  if (!row) throw AppError.notFound('API client', id);
  await forgetPrincipal(services.runtime, { clientId: row.clientId });
  return row;
}

export async function rotateClientSecret(services: IdentityServices, actor: Actor, id: string) {
  const existing = await findApiClient(services.runtime.db, actor.orgId, id);
  if (!existing) throw AppError.notFound('API client', id);
  if (existing.revokedAt)
    throw new AppError('conflict', 'This API client is revoked; create a new one');
  const secret = generateClientSecret();
  const row = await replaceApiClientSecret(
    services.runtime.db,
    actor.orgId,
    id,
    hashClientSecret(secret),
  );
  if (!row) throw new AppError('conflict', 'This API client is revoked; create a new one');
  // Tokens issued with the old secret stay valid until they expire; the cache forgets the client
  // so any revocation state is re-read.
  await forgetPrincipal(services.runtime, { clientId: row.clientId });
  return { client: row, secret };
}
