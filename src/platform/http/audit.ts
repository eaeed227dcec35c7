/**
 * Declarations for the audit log the identity module records for every successful mutation
 * under /api/v1. Declared in the platform so any module's routes can name their action.
 */
export interface AuditContext {
  /** For public routes (sign-up, invitation accept) that act without a bearer token. */
  orgId?: string;
  actor?: string;
  target?: string;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Friendly action name for the audit log, e.g. `member.role_changed`. */
    audit?: string;
    /**
     * A POST that only reads (a report query, a check, an export): still served while the
     * organisation is read-only (billing: a payment overdue past the grace period).
     */
    readsOnly?: boolean;
  }
  interface FastifyRequest {
    /** Set by a handler to fill in what the audit hook cannot see from the request. */
    auditContext?: AuditContext;
  }
}
