import { useApiQuery } from '../api/queries';
import type { ApiResponse } from '../api/resources';

/**
 * What the signed-in person may do, so the screens show only what their role can use:
 * `GET /api/v1/me` answers the member's role and the permissions it grants here. The server
 * still checks every call: this only keeps the screens honest.
 */
export interface Permissions {
  ready: boolean;
  roles: string[];
  can: (permission: string) => boolean;
}

type Me = ApiResponse<'/api/v1/me'>;

export function usePermissions(): Permissions {
  const me = useApiQuery<Me>('/api/v1/me');
  const granted = new Set<string>(me.data?.permissions ?? []);
  return {
    ready: me.isSuccess || me.isError,
    roles: me.data ? [me.data.organization.role] : [],
    can: (permission) => granted.has(permission),
  };
}
