/**
 * The permission matrix, defined once. Routes and MCP tools name a permission; roles grant sets
 * of them (least privilege); API clients get only the scopes they were issued, which are
 * permission names too.
 */
export const permissions = [
  'org:read',
  'org:manage',
  'members:read',
  'members:manage',
  'api_clients:manage',
  'audit:read',
  'billing:read',
  'billing:manage',
  'ai:use',
  'content:read',
  'content:write',
  'content:approve',
  'ads:read',
  'ads:write',
  'ads:publish',
  'crm:read',
  'crm:write',
  'crm:privacy',
  'campaigns:read',
  'campaigns:request',
  'campaigns:approve',
  'analytics:read',
  // Marketing figures of the analytics store (spend, reach, clicks…); sales agents read CRM ones.
  'analytics:marketing:read',
] as const;

export type Permission = (typeof permissions)[number];

export const roles = ['owner', 'admin', 'marketer', 'sales_agent', 'analyst'] as const;

export type Role = (typeof roles)[number];

const readOnly: Permission[] = permissions.filter((p) => p.endsWith(':read'));

const matrix: Record<Role, readonly Permission[]> = {
  owner: permissions,
  admin: permissions.filter((p) => p !== 'billing:manage'),
  marketer: [
    ...readOnly.filter((p) => p !== 'audit:read' && p !== 'billing:read'),
    'ai:use',
    'content:write',
    'ads:write',
    'ads:publish',
    'campaigns:request',
  ],
  sales_agent: [
    'org:read',
    'members:read',
    'ai:use',
    'content:read',
    'ads:read',
    'crm:read',
    'crm:write',
    'campaigns:read',
    'analytics:read',
  ],
  analyst: readOnly.filter((p) => p !== 'audit:read' && p !== 'billing:read'),
};

/** Scopes an API client may hold: never member, billing or client management. */
export const grantableScopes: readonly Permission[] = permissions.filter(
  (p) => !['members:manage', 'api_clients:manage', 'billing:manage', 'org:manage'].includes(p),
);

/** Role sets seen so far: every authenticated request asks, and there are only a handful. */
const grantedByRoles = new Map<string, ReadonlySet<Permission>>();

export function permissionsOfRoles(assigned: readonly string[]): ReadonlySet<Permission> {
  const key = assigned.join(',');
  let granted = grantedByRoles.get(key);
  if (!granted) {
    const permissions = new Set<Permission>();
    for (const role of assigned) {
      for (const permission of matrix[role as Role] ?? []) permissions.add(permission);
    }
    granted = permissions;
    if (assigned.every(isRole)) grantedByRoles.set(key, granted);
  }
  return granted;
}

export function isRole(value: string): value is Role {
  return (roles as readonly string[]).includes(value);
}

export function isPermission(value: string): value is Permission {
  return (permissions as readonly string[]).includes(value);
}
