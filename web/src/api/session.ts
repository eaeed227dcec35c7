import {
  ErrorResponse,
  UserManager,
  WebStorageStateStore,
  type SigninSilentArgs,
  type User,
} from 'oidc-client-ts';

/**
 * The signed-in session, kept by oidc-client-ts: authorization code with PKCE against the
 * platform's own OpenID Provider (client `promptsales-web`), renewed with the rotated refresh
 * token before the access token expires, ended at the provider's end_session endpoint. Tokens
 * live in this tab's sessionStorage (docs/adr/0015-web-sign-in-oidc.md says why). React reads
 * the session through `useSession`.
 */
export interface Session {
  accessToken: string;
  /** The signed-in person (the ID token's subject). */
  userId: string;
  /** When the access token expires (seconds since the epoch), as the token response said. */
  expiresAt: number | undefined;
}

export const baseUrl: string = import.meta.env.VITE_API_URL ?? '';

/** Where the provider sends the browser back, after sign-in and after sign-out. */
export const callbackPath = '/auth/callback';

/** What the app asks for at sign-in: `api` (what the member's role allows), and renewal. */
const scope = 'openid offline_access api';

/**
 * Renew this long before the access token expires. Shorter than any lifetime a deployment
 * sets (OIDC_ACCESS_TOKEN_TTL_SECONDS ≥ 30 in practice), so renewals do not run back to back.
 */
const renewBeforeExpirySeconds = 15;

/**
 * One refresh at a time: the provider rotates refresh tokens and treats a reused one as theft,
 * so the automatic renewal and a renewal after a 401 must share one exchange.
 */
class SessionManager extends UserManager {
  private renewing: Promise<User | null> | undefined;

  override signinSilent(args?: SigninSilentArgs): Promise<User | null> {
    this.renewing ??= super.signinSilent(args).finally(() => {
      this.renewing = undefined;
    });
    return this.renewing;
  }
}

const appOrigin = window.location.origin;

export const userManager = new SessionManager({
  // The issuer is the API server (the web app may be served from elsewhere, VITE_API_URL).
  authority: baseUrl || appOrigin,
  client_id: 'promptsales-web',
  redirect_uri: `${appOrigin}${callbackPath}`,
  post_logout_redirect_uri: `${appOrigin}${callbackPath}`,
  response_type: 'code',
  scope,
  userStore: new WebStorageStateStore({ store: window.sessionStorage }),
  automaticSilentRenew: true,
  accessTokenExpiringNotificationTimeInSeconds: renewBeforeExpirySeconds,
  // The ID token names the user; there is nothing more to fetch from userinfo.
  loadUserInfo: false,
  monitorSession: false,
});

type Listener = () => void;
const listeners = new Set<Listener>();
let current: Session | null = null;

function toSession(user: User | null): Session | null {
  if (!user || !user.access_token) return null;
  return { accessToken: user.access_token, userId: user.profile.sub, expiresAt: user.expires_at };
}

function publish(user: User | null): void {
  current = toSession(user);
  for (const listener of listeners) listener();
}

userManager.events.addUserLoaded((user) => publish(user));
userManager.events.addUserUnloaded(() => publish(null));
userManager.events.addUserSignedOut(() => void endLocally());
userManager.events.addSilentRenewError((error) => {
  // The provider refused the refresh token (revoked, reused, expired, member removed): the
  // session is over. A network failure keeps it; the next API call tries again.
  if (error instanceof ErrorResponse) void endLocally();
});

/** Reads the stored session (a reload keeps the tab signed in). Call once before rendering. */
export async function restoreSession(): Promise<void> {
  const user = await userManager.getUser();
  // An expired access token is still a session while a refresh token can renew it.
  publish(user && (!user.expired || user.refresh_token) ? user : null);
}

export function subscribeSession(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function currentSession(): Session | null {
  return current;
}

/** True once the access token's lifetime has passed (a renewal is due). */
export function isExpired(session: Session): boolean {
  return session.expiresAt !== undefined && session.expiresAt * 1000 <= Date.now();
}

/**
 * Renews the tokens now (after a 401, or when the tab slept past the renewal): the refresh
 * token grant through oidc-client-ts. A refused refresh ends the session; a network failure
 * keeps it.
 */
export async function renewSession(): Promise<Session | null> {
  try {
    return toSession(await userManager.signinSilent());
  } catch (error) {
    if (error instanceof ErrorResponse) await endLocally();
    return current;
  }
}

/** Forgets the tokens in this tab (the server refused them, or the provider ended the session). */
export async function endLocally(): Promise<void> {
  await userManager.removeUser();
  publish(null);
}

export interface SignInOptions {
  /** Where to land after signing in: the deep link the person was opening. */
  returnTo?: string;
  /** Pre-fills the provider's sign-in form (after sign-up). */
  loginHint?: string;
  /** Signs in to this organisation (after accepting an invitation to it). */
  organizationId?: string;
  /** Asks for the password again even when the provider remembers the person. */
  forceLogin?: boolean;
  /** The language the provider's page speaks: the app's own. */
  language?: string;
}

/** Set while the browser is on its way to the provider (to sign in or to sign out). */
let redirecting = false;

/** Goes to the provider's sign-in page; it comes back to `/auth/callback`. */
export async function signIn(options: SignInOptions = {}): Promise<void> {
  // Signing out forgets the user first, which would otherwise start a sign-in at once.
  if (redirecting) return;
  redirecting = true;
  try {
    await userManager.signinRedirect({
      state: { returnTo: options.returnTo ?? '/' },
      login_hint: options.loginHint,
      prompt: options.forceLogin ? 'login' : undefined,
      ui_locales: options.language,
      extraQueryParams: options.organizationId
        ? { organization_id: options.organizationId }
        : undefined,
    });
  } finally {
    redirecting = false;
  }
}

function returnToOf(state: unknown): string {
  const returnTo = (state as { returnTo?: unknown } | undefined)?.returnTo;
  // Only a path of this app: never an absolute URL an attacker put in the state.
  return typeof returnTo === 'string' && returnTo.startsWith('/') && !returnTo.startsWith('//')
    ? returnTo
    : '/';
}

let completing: Promise<string> | undefined;

/**
 * Finishes what the provider sent back to `/auth/callback`: a sign-in (code and state) or a
 * sign-out (state only). Answers where to go next. Once per page load, so a re-render cannot
 * redeem the one-time code twice.
 */
export function completeRedirect(url: string): Promise<string> {
  completing ??= (async () => {
    const params = new URL(url).searchParams;
    if (params.has('code') || params.has('error')) {
      const user = await userManager.signinRedirectCallback(url);
      return returnToOf(user.state);
    }
    if (params.has('state')) await userManager.signoutRedirectCallback(url);
    return '/';
  })();
  return completing;
}

/**
 * Ends the session at the provider too (end_session, which revokes the sign-in's grant and with
 * it every token), forgets it here, and comes back to `/auth/callback`.
 */
export async function signOut(language?: string): Promise<void> {
  const user = await userManager.getUser();
  if (!user) {
    publish(null);
    return;
  }
  redirecting = true;
  try {
    await userManager.signoutRedirect({
      extraQueryParams: language ? { ui_locales: language } : undefined,
    });
  } catch {
    // The provider is unreachable: at least this tab forgets the tokens.
    redirecting = false;
    await endLocally();
  }
}
