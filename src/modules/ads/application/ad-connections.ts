import { createHash, randomBytes } from 'node:crypto';
import { AppError } from '../../../platform/errors/app-error.js';
import type { Runtime } from '../../../platform/runtime.js';
import {
  ConnectionRefusedError,
  type ApiKeyConnectionProvider,
  type ConnectionProvider,
  type ConnectionProviderDefinition,
  type ConnectionSummary,
  type GrantedAccount,
  type OAuthConnectionProvider,
} from '../domain/connection-provider.js';
import { adsServicesFor } from './ads-services.js';

/** How long an owner has to finish the vendor's consent screen. */
const authorizationTtlMs = 10 * 60_000;

/** Where the vendor sends the browser back (registered as the app's redirect URI). */
export function connectionRedirectUri(runtime: Runtime, provider: ConnectionProvider): string {
  return `${runtime.config.publicUrl}/api/v1/ads/connections/${provider}/callback`;
}

function providerOrFail(runtime: Runtime, id: ConnectionProvider): ConnectionProviderDefinition {
  const provider = adsServicesFor(runtime).providers.get(id);
  if (!provider)
    throw new AppError(
      'bad_request',
      `${id} is not configured on this platform: its app credentials are not set (see docs/integrations.md)`,
    );
  return provider;
}

/** A refusal by the vendor is the owner's to fix (400); anything else is the platform's. */
const refusalAsBadRequest = (error: unknown): never => {
  if (error instanceof ConnectionRefusedError) throw new AppError('bad_request', error.message);
  throw error;
};

export interface ConnectRequest {
  provider: ConnectionProvider;
  externalAccountId?: string;
  apiKey?: string;
  settings?: Record<string, string>;
}

export type ConnectOutcome =
  | { kind: 'authorization'; authorizationUrl: string; expiresAt: string }
  | { kind: 'connected'; connection: ConnectionSummary };

/**
 * Starts connecting a vendor account. OAuth vendors: a one-time `state` (10 minutes) and a PKCE
 * verifier are stored for the organisation and user, and the caller sends the browser to the
 * vendor. API-key vendors: the key is checked at the vendor and the connection saved at once.
 */
export async function connect(
  runtime: Runtime,
  orgId: string,
  startedBy: string,
  request: ConnectRequest,
): Promise<ConnectOutcome> {
  const provider = providerOrFail(runtime, request.provider);
  const accountProblem =
    request.externalAccountId !== undefined
      ? provider.accountIdProblem(request.externalAccountId)
      : undefined;
  if (accountProblem)
    throw AppError.validation(`ad_account_id ${accountProblem}`, [
      { field: 'body.ad_account_id', message: accountProblem },
    ]);
  return provider.credentialKind === 'oauth'
    ? startAuthorization(runtime, provider, orgId, startedBy, request)
    : connectWithKey(runtime, provider, orgId, startedBy, request);
}

async function startAuthorization(
  runtime: Runtime,
  provider: OAuthConnectionProvider,
  orgId: string,
  startedBy: string,
  request: ConnectRequest,
): Promise<ConnectOutcome> {
  if (request.apiKey !== undefined)
    throw new AppError(
      'bad_request',
      `${provider.label} is connected through its consent screen, not with an API key`,
    );
  const state = randomBytes(24).toString('base64url');
  const codeVerifier = randomBytes(48).toString('base64url');
  const codeChallenge = createHash('sha256').update(codeVerifier).digest('base64url');
  const expiresAt = new Date(Date.now() + authorizationTtlMs).toISOString();
  await adsServicesFor(runtime).connections.startAuthorization({
    state,
    orgId,
    provider: provider.id,
    startedBy,
    codeVerifier,
    externalAccountId: request.externalAccountId ?? null,
    expiresAt,
  });
  return {
    kind: 'authorization',
    authorizationUrl: provider.authorizationUrl({
      redirectUri: connectionRedirectUri(runtime, provider.id),
      state,
      codeChallenge,
    }),
    expiresAt,
  };
}

async function connectWithKey(
  runtime: Runtime,
  provider: ApiKeyConnectionProvider,
  orgId: string,
  connectedBy: string,
  request: ConnectRequest,
): Promise<ConnectOutcome> {
  if (!request.apiKey)
    throw AppError.validation(`${provider.label} needs an API key`, [
      { field: 'body.api_key', message: 'required' },
    ]);
  const settings = request.settings ?? {};
  const missing = Object.keys(provider.requiredSettings).filter((key) => !settings[key]);
  if (missing.length > 0)
    throw AppError.validation(
      `${provider.label} needs ${missing.map((key) => `settings.${key} (${provider.requiredSettings[key]})`).join(', ')}`,
      missing.map((key) => ({ field: `body.settings.${key}`, message: 'required' })),
    );
  const granted = await provider
    .verifyKey({
      apiKey: request.apiKey,
      externalAccountId: request.externalAccountId ?? null,
      settings,
      now: new Date(),
    })
    .catch(refusalAsBadRequest);
  return {
    kind: 'connected',
    connection: await save(runtime, provider, orgId, connectedBy, granted),
  };
}

function save(
  runtime: Runtime,
  provider: ConnectionProviderDefinition,
  orgId: string,
  connectedBy: string,
  granted: GrantedAccount,
): Promise<ConnectionSummary> {
  return adsServicesFor(runtime).connections.save({
    ...granted,
    orgId,
    provider: provider.id,
    credentialKind: provider.credentialKind,
    connectedBy,
  });
}

/**
 * The vendor's redirect: the state is taken (once) and must have been issued for this vendor,
 * the code exchanged, and the account described and stored.
 */
export async function completeAuthorization(
  runtime: Runtime,
  providerId: ConnectionProvider,
  input: { state: string; code?: string; error?: string; errorDescription?: string },
): Promise<ConnectionSummary> {
  const provider = providerOrFail(runtime, providerId);
  const started = await adsServicesFor(runtime).connections.takeAuthorization(
    input.state,
    new Date(),
  );
  if (!started || started.provider !== provider.id || provider.credentialKind !== 'oauth')
    throw new AppError('bad_request', 'Unknown or expired authorization state');
  if (!input.code)
    throw new AppError(
      'bad_request',
      `${provider.label} did not authorize the connection: ${input.errorDescription ?? input.error ?? 'no code'}`,
    );
  const granted = await provider
    .completeAuthorization({
      code: input.code,
      redirectUri: connectionRedirectUri(runtime, provider.id),
      codeVerifier: started.codeVerifier,
      externalAccountId: started.externalAccountId,
      now: new Date(),
    })
    .catch(refusalAsBadRequest);
  return save(runtime, provider, started.orgId, started.startedBy, granted);
}

/**
 * Disconnects: the grant is revoked at the vendor (best effort: an already invalid token cannot
 * be revoked, and the connection is removed either way), then the connection and the vendor
 * object ids made through it are deleted.
 */
export async function disconnect(runtime: Runtime, orgId: string, id: string): Promise<void> {
  const services = adsServicesFor(runtime);
  const connection = await services.connections.findById(orgId, id);
  if (!connection) throw AppError.notFound('Connection', id);
  const provider = services.providers.get(connection.provider as ConnectionProvider);
  if (!(await services.connections.remove(orgId, id, provider?.channels ?? [])))
    throw AppError.notFound('Connection', id);
  if (provider)
    await provider
      .revoke(connection)
      .catch((error: unknown) =>
        runtime.log.warn(
          { err: error, orgId, provider: provider.id },
          'ads: revoking the vendor grant failed',
        ),
      );
}
