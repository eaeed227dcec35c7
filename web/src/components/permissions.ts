import { useApiQuery, useSession } from '../api/queries';
import { rolesOf } from '../api/session';

/**
 * What the signed-in person may do, so the screens show only what their role can use. The
 * access token carries the member's `roles`; `GET /api/v1/roles` maps roles to permissions.
 * The server still checks every call: this only keeps the screens honest.
 */
export interface Permissions {
  ready: boolean;
  roles: string[];
  can: (permission: string) => boolean;
}

interface RoleMatrix {
  data: { role: string; permissions: string[] }[];
}

export function usePermissions(): Permissions {
  const roles = rolesOf(useSession());
  const matrix = useApiQuery<RoleMatrix>('/api/v1/roles');
  const granted = new Set(
    (matrix.data?.data ?? []).filter((r) => roles.includes(r.role)).flatMap((r) => r.permissions),
  );
  return {
    ready: matrix.isSuccess || matrix.isError,
    roles,
    can: (permission) => granted.has(permission),
  };
}
