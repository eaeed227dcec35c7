import { createHash, randomBytes } from 'node:crypto';
import { AppError } from '../../../platform/errors/app-error.js';
import type { Runtime } from '../../../platform/runtime.js';
import type { ConnectionSummary } from '../infrastructure/connection-store.js';
import {
  describeMetaGrant,
  exchangeMetaCode,
  metaAuthorizationUrl,
  revokeMetaGrant,
} from '../infrastructure/meta-accounts.js';
import { adsServicesFor } from './ads-services.js';

/** How long an owner has to finish the vendor's consent screen. */
const authorizationTtlMs = 10 * 60_000;

/** Where the vendor sends the browser back (registered as the app's redirect URI). */
export function metaRedirectUri(runtime: Runtime): string {
  return `${runtime.config.publicUrl}/api/v1/ads/connections/meta/callback`;
}

function metaOrFail(runtime: Runtime) {
  const config = runtime.config.meta;
  const client = adsServicesFor(runtime).meta;
  if (!config || !client)
    throw new AppError(
      'bad_request',
      'Meta is not configured on this platform (META_APP_ID and META_APP_SECRET)',
    );
  return { config, client };
}

/**
 * Starts connecting a Meta ad account: a one-time `state` (10 minutes) and a PKCE verifier are
 * stored for the organisation and user, and the caller sends the browser to the returned URL.
 */
export async function startMetaConnection(
  runtime: Runtime,
  orgId: string,
  startedBy: string,
  externalAccountId: string | undefined,
): Promise<{ authorizationUrl: string; state: string; expiresAt: string }> {
  const { config } = metaOrFail(runtime);
  const state = randomBytes(24).toString('base64url');
  const codeVerifier = randomBytes(48).toString('base64url');
  const challenge = createHash('sha256').update(codeVerifier).digest('base64url');
  const expiresAt = new Date(Date.now() + authorizationTtlMs).toISOString();
  await adsServicesFor(runtime).connections.startAuthorization({
    state,
    orgId,
    provider: 'meta',
    startedBy,
    codeVerifier,
    externalAccountId: externalAccountId ?? null,
    expiresAt,
  });
  return {
    authorizationUrl: metaAuthorizationUrl(config, metaRedirectUri(runtime), state, challenge),
    state,
    expiresAt,
  };
}

/**
 * The vendor's redirect: the state is taken (once), the code exchanged for a long-lived token,
 * and the ad account chosen (the one asked for, else the first active one) with its name and
 * currency, and the first page the token manages (the ads' identity).
 */
export async function completeMetaConnection(
  runtime: Runtime,
  input: { state: string; code?: string; error?: string; errorDescription?: string },
): Promise<ConnectionSummary> {
  const { config, client } = metaOrFail(runtime);
  const services = adsServicesFor(runtime);
  const started = await services.connections.takeAuthorization(input.state, new Date());
  if (!started || started.provider !== 'meta')
    throw new AppError('bad_request', 'Unknown or expired authorization state');
  if (!input.code)
    throw new AppError(
      'bad_request',
      `Meta did not authorize the connection: ${input.errorDescription ?? input.error ?? 'no code'}`,
    );
  const token = await exchangeMetaCode(
    client,
    config,
    { code: input.code, redirectUri: metaRedirectUri(runtime), codeVerifier: started.codeVerifier },
    new Date(),
  ).catch((error: unknown) => {
    throw new AppError(
      'bad_request',
      `Meta refused the authorization code: ${(error as Error).message}`,
    );
  });
  const grant = await describeMetaGrant(client, token.accessToken);
  const wanted = started.externalAccountId;
  const account = wanted
    ? grant.accounts.find((a) => a.id === wanted || a.id === `act_${wanted}`)
    : grant.accounts.find((a) => a.account_status === 1);
  if (!account)
    throw new AppError(
      'bad_request',
      wanted
        ? `The Meta user cannot manage ad account ${wanted}`
        : 'The Meta user manages no active ad account',
    );
  const missing = ['ads_management', 'ads_read'].filter((scope) => !grant.scopes.includes(scope));
  if (missing.length > 0)
    throw new AppError('bad_request', `Meta did not grant ${missing.join(', ')}`);
  return services.connections.save({
    orgId: started.orgId,
    provider: 'meta',
    externalAccountId: account.id,
    accountName: account.name,
    currency: account.currency,
    credentialKind: 'oauth',
    accessToken: token.accessToken,
    refreshToken: null,
    tokenExpiresAt: token.expiresAt,
    scopes: grant.scopes,
    settings: {
      ...(grant.page ? { pageId: grant.page.id, pageName: grant.page.name } : {}),
      ...(grant.page?.instagram_business_account
        ? { instagramActorId: grant.page.instagram_business_account.id }
        : {}),
    },
    connectedBy: started.startedBy,
  });
}

/**
 * Disconnects: the grant is revoked at the vendor (best effort: an already invalid token cannot
 * be revoked, and the connection is removed either way), then the connection and the vendor
 * object ids made through it are deleted.
 */
export async function disconnect(runtime: Runtime, orgId: string, id: string): Promise<void> {
  const services = adsServicesFor(runtime);
  const removed = await services.connections.remove(orgId, id, ['facebook', 'instagram']);
  if (!removed) throw AppError.notFound('Connection', id);
  if (removed.provider === 'meta' && services.meta)
    await revokeMetaGrant(services.meta, removed.accessToken).catch((error: unknown) =>
      runtime.log.warn({ err: error, orgId }, 'ads: revoking the Meta grant failed'),
    );
}
