import { useEffect, useState } from 'react';
import { api, loadSession } from '../api/client';

/**
 * What the signed-in person may do, so pages hide or disable actions their role cannot take.
 * The access token (a JWT) carries the member's `roles`; `GET /api/v1/roles` maps roles to
 * permissions. The server still checks every call: this only keeps the screens honest.
 */
export interface Permissions {
  ready: boolean;
  roles: string[];
  can: (permission: string) => boolean;
}

interface RoleMatrix {
  data: { role: string; permissions: string[] }[];
}

function rolesOfToken(token: string | undefined): string[] {
  const payload = token?.split('.')[1];
  if (!payload) return [];
  try {
    const json = atob(payload.replace(/-/g, '+').replace(/_/g, '/'));
    const claims = JSON.parse(json) as { roles?: unknown };
    return Array.isArray(claims.roles) ? claims.roles.filter((r) => typeof r === 'string') : [];
  } catch {
    return [];
  }
}

let matrix: { token: string; promise: Promise<RoleMatrix> } | undefined;

function roleMatrix(token: string): Promise<RoleMatrix> {
  if (matrix?.token !== token) {
    const promise = api<RoleMatrix>('GET', '/api/v1/roles');
    promise.catch(() => {
      if (matrix?.promise === promise) matrix = undefined;
    });
    matrix = { token, promise };
  }
  return matrix.promise;
}

export function usePermissions(): Permissions {
  const token = loadSession()?.accessToken;
  const [granted, setGranted] = useState<{ token: string; set: Set<string> }>();
  const roles = rolesOfToken(token);
  useEffect(() => {
    if (!token) return;
    let cancelled = false;
    roleMatrix(token).then(
      (m) => {
        if (cancelled) return;
        const mine = rolesOfToken(token);
        setGranted({
          token,
          set: new Set(m.data.filter((r) => mine.includes(r.role)).flatMap((r) => r.permissions)),
        });
      },
      () => {
        if (!cancelled) setGranted({ token, set: new Set() });
      },
    );
    return () => {
      cancelled = true;
    };
  }, [token]);
  const set = granted && granted.token === token ? granted.set : undefined;
  return {
    ready: set !== undefined,
    roles,
    can: (permission) => set?.has(permission) ?? false,
  };
}
