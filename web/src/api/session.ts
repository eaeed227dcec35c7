import { decodeJwt } from 'jose';

/**
 * The signed-in session: the access token the API wants and the refresh token that renews it
 * at the built-in OpenID Provider's token endpoint (`grant_type=refresh_token`, client
 * `promptsales-web`, rotated on every use). React reads it through `useSession`.
 */
export interface Session {
  accessToken: string;
  refreshToken: string;
}

export const baseUrl: string = import.meta.env.VITE_API_URL ?? '';

/** The built-in OpenID Provider's client id of this web app (a public client). */
const webClientId = 'promptsales-web';
const storageKey = 'promptsales.session';
/**
 * Renew this long before the access token expires, so no call goes out with a stale one: a
 * minute, or a third of the token's life when it is shorter (a deployment may set 30 s).
 */
const refreshMarginMs = 60_000;

type Listener = () => void;
const listeners = new Set<Listener>();
let current: Session | null = read();
let timer: ReturnType<typeof setTimeout> | undefined;
let refreshing: Promise<Session | null> | undefined;

function read(): Session | null {
  const raw = sessionStorage.getItem(storageKey);
  return raw ? (JSON.parse(raw) as Session) : null;
}

export function subscribeSession(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function currentSession(): Session | null {
  return current;
}

/** When the access token should be renewed (ms since epoch); undefined when it cannot say. */
function renewAt(session: Session): number | undefined {
  try {
    const { exp, iat } = decodeJwt(session.accessToken);
    if (exp === undefined) return undefined;
    const life = iat === undefined ? Infinity : (exp - iat) * 1000;
    return exp * 1000 - Math.min(refreshMarginMs, life / 3);
  } catch {
    return undefined;
  }
}

/** The claims the screens use (roles) from the access token; the server checks them anyway. */
export function rolesOf(session: Session | null): string[] {
  if (!session) return [];
  try {
    const { roles } = decodeJwt(session.accessToken);
    return Array.isArray(roles) ? roles.filter((r): r is string => typeof r === 'string') : [];
  } catch {
    return [];
  }
}

export function saveSession(session: Session | null): void {
  current = session;
  if (session) sessionStorage.setItem(storageKey, JSON.stringify(session));
  else sessionStorage.removeItem(storageKey);
  schedule();
  for (const listener of listeners) listener();
}

/** Renews the tokens shortly before the access token expires, while the app is open. */
function schedule(): void {
  if (timer) clearTimeout(timer);
  timer = undefined;
  const due = current?.refreshToken ? renewAt(current) : undefined;
  if (due === undefined) return;
  timer = setTimeout(() => void refreshSession(), Math.max(due - Date.now(), 0));
}
schedule();

/** True when the access token is due for renewal and a refresh token can renew it. */
export function needsRefresh(session: Session): boolean {
  const due = renewAt(session);
  return !!session.refreshToken && due !== undefined && due <= Date.now();
}

/**
 * Swaps the refresh token for new tokens. One exchange at a time: the provider rotates refresh
 * tokens and treats a reused one as theft, so concurrent callers share the same exchange.
 * A refused refresh ends the session.
 */
export function refreshSession(): Promise<Session | null> {
  const session = current;
  if (!session?.refreshToken) return Promise.resolve(session);
  refreshing ??= exchange(session.refreshToken).finally(() => {
    refreshing = undefined;
  });
  return refreshing;
}

async function exchange(refreshToken: string): Promise<Session | null> {
  let response: Response;
  try {
    response = await fetch(`${baseUrl}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'refresh_token',
        refresh_token: refreshToken,
        client_id: webClientId,
      }),
    });
  } catch {
    // Offline for a moment: keep the session, the next call tries again.
    return current;
  }
  if (!response.ok) {
    saveSession(null);
    return null;
  }
  const tokens = (await response.json()) as { access_token: string; refresh_token?: string };
  const next = {
    accessToken: tokens.access_token,
    refreshToken: tokens.refresh_token ?? refreshToken,
  };
  saveSession(next);
  return next;
}

/**
 * Ends the session on the server too: revoking the refresh token revokes the whole sign-in, so
 * its access token stops working at once. A failed revocation (server unreachable) still signs
 * out here; the tokens then expire on their own.
 */
export async function signOut(): Promise<void> {
  const session = current;
  saveSession(null);
  if (!session?.refreshToken) return;
  await fetch(`${baseUrl}/oauth/revoke`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      token: session.refreshToken,
      token_type_hint: 'refresh_token',
      client_id: webClientId,
    }),
  }).catch(() => undefined);
}

/** The signed-in user's id (the access token's subject). */
export function userIdOf(session: Session | null): string | undefined {
  if (!session) return undefined;
  try {
    return decodeJwt(session.accessToken).sub;
  } catch {
    return undefined;
  }
}
