import { AppError } from '../errors/app-error.js';
import type { AuthContext } from '../http/auth-context.js';
import type { McpCaller } from './mcp-registry.js';

/** The MCP caller a verified bearer token stands for. */
export function callerFromAuth(auth: AuthContext): McpCaller {
  return {
    principalId: auth.principalId,
    orgId: auth.orgId,
    userId: auth.userId,
    roles: auth.roles,
    scopes: auth.scopes,
    permissions: auth.permissions,
  };
}

/**
 * The operator of an embedded installation talking over stdio without a token. They hold the data
 * directory already, yet get no organisation and no permission: only platform-level tools.
 */
export function localOperatorCaller(): McpCaller {
  return {
    principalId: 'local',
    orgId: null,
    userId: null,
    roles: [],
    scopes: [],
    permissions: new Set(),
  };
}

/** Whether the caller may see and use something guarded by `permission` (undefined: anyone). */
export function callerMay(caller: McpCaller, permission: string | undefined): boolean {
  return permission === undefined || caller.permissions.has(permission);
}

/** The caller's organisation, for tools that read tenant data. */
export function requireOrgId(caller: McpCaller): string {
  if (caller.orgId === null) {
    throw new AppError('forbidden', 'This tool needs an organisation: connect with an API token');
  }
  return caller.orgId;
}
