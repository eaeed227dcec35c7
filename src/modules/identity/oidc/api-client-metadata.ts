import type { AdapterPayload } from 'oidc-provider';
import { grantableScopes } from '../domain/permissions.js';

export interface ApiClientRow {
  orgId: string;
  clientId: string;
  name: string;
  secretHash: string;
  scopes: string[];
}

/**
 * An organisation's API client as OAuth client metadata: confidential, client_credentials only.
 * `client_secret` holds the stored SHA-256 hash, never the secret (the provider's secret
 * comparison is replaced to verify against the hash, see oidc-provider.ts). Only the
 * grantable scopes the client was issued are allowed.
 */
export function apiClientMetadata(row: ApiClientRow): AdapterPayload {
  const allowed = row.scopes.filter((scope) =>
    (grantableScopes as readonly string[]).includes(scope),
  );
  return {
    client_id: row.clientId,
    client_name: row.name,
    client_secret: row.secretHash,
    grant_types: ['client_credentials'],
    response_types: [],
    redirect_uris: [],
    token_endpoint_auth_method: 'client_secret_basic',
    scope: allowed.join(' '),
    org_id: row.orgId,
  } as AdapterPayload;
}
