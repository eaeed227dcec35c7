import { and, eq } from 'drizzle-orm';
import type { Runtime } from '../../../platform/runtime.js';
import { cachedLookUp } from './identity-cache.js';
import { apiClients, users } from '../infrastructure/identity.tables.js';

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Users are global (their name is the same in every organisation); API clients belong to one. */
const nameKey = (orgId: string, principalId: string) =>
  principalId.startsWith('user:')
    ? `principal-name:${principalId}`
    : `principal-name:${orgId}:${principalId}`;

async function loadName(runtime: Runtime, orgId: string, principalId: string) {
  const [kind, id = ''] = principalId.split(/:(.*)/s);
  if (kind === 'user' && uuid.test(id)) {
    const [row] = await runtime.db
      .select({ name: users.name })
      .from(users)
      .where(eq(users.id, id))
      .limit(1);
    return { name: row?.name ?? null };
  }
  if (kind === 'client') {
    const [row] = await runtime.db
      .select({ name: apiClients.name })
      .from(apiClients)
      .where(and(eq(apiClients.orgId, orgId), eq(apiClients.clientId, id)))
      .limit(1);
    return { name: row?.name ?? null };
  }
  // A person signed in through an external issuer (`user:<sub>@<issuer>`) has no name here.
  return { name: null };
}

/**
 * Display names of principals (`user:<id>`, `client:<client_id>`) that an organisation's own rows
 * record as having done something: the person's name, or the API client's. Cached like the
 * principal itself, since every list of requests or audit entries asks for a handful.
 */
export async function principalNames(
  runtime: Runtime,
  orgId: string,
  principalIds: readonly (string | null)[],
): Promise<Map<string, string>> {
  const unique = [...new Set(principalIds.filter((id): id is string => id !== null))];
  const names = await Promise.all(
    unique.map((id) =>
      cachedLookUp(runtime, nameKey(orgId, id), () => loadName(runtime, orgId, id)),
    ),
  );
  return new Map(
    unique.flatMap((id, index) => {
      const name = names[index]!.name;
      return name === null ? [] : [[id, name] as const];
    }),
  );
}

/** A person renamed themselves: the next read shows the new name. */
export async function forgetPersonName(runtime: Runtime, userId: string): Promise<void> {
  await runtime.cache.delete(nameKey('', `user:${userId}`));
}
