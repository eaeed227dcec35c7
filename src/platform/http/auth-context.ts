/**
 * Who is calling, as the identity module's resource-server layer established it. Declared in the
 * platform so that platform plugins (rate limits, idempotency, audit) can key on it without
 * importing the identity module.
 */
export interface AuthContext {
  /** `user:<id>` or `client:<id>`. */
  principalId: string;
  orgId: string;
  userId: string | null;
  clientId: string | null;
  roles: readonly string[];
  scopes: readonly string[];
  /** The permissions the roles and scopes grant together. */
  permissions: ReadonlySet<string>;
}

declare module 'fastify' {
  interface FastifyRequest {
    auth: AuthContext | null;
  }
}
