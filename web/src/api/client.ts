/** The problem+json body every API error has (RFC 9457). */
export interface Problem {
  status: number;
  code: string;
  title: string;
  detail: string;
  request_id?: string;
  errors?: { field: string; message: string }[];
}

export class ApiError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail);
  }

  /** Field errors by field name without the `body.` prefix, for forms. */
  fieldErrors(): Record<string, string> {
    return Object.fromEntries(
      (this.problem.errors ?? []).map((e) => [e.field.replace(/^body\./, ''), e.message]),
    );
  }

  /** The message for a field or any of its sub-fields (`audiences.0.name` under `audiences`). */
  fieldError(name: string): string | undefined {
    return Object.entries(this.fieldErrors()).find(
      ([field]) => field === name || field.startsWith(`${name}.`),
    )?.[1];
  }
}

export interface Page<Item> {
  object: 'list';
  data: Item[];
  has_more: boolean;
  next_cursor: string | null;
}

const baseUrl: string = import.meta.env.VITE_API_URL ?? '';

export interface Session {
  accessToken: string;
  refreshToken: string;
}

const storageKey = 'promptsales.session';

export function loadSession(): Session | null {
  const raw = sessionStorage.getItem(storageKey);
  return raw ? (JSON.parse(raw) as Session) : null;
}

export function saveSession(session: Session | null): void {
  if (session) sessionStorage.setItem(storageKey, JSON.stringify(session));
  else sessionStorage.removeItem(storageKey);
}

/** The built-in OpenID Provider's client id of this web app (a public client). */
const webClientId = 'promptsales-web';

/**
 * Ends the session on the server too: revoking the refresh token revokes the whole sign-in, so
 * its access token stops working at once. A failed revocation (server unreachable) still signs
 * out here; the tokens then expire on their own.
 */
export async function signOut(): Promise<void> {
  const session = loadSession();
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

async function toProblem(response: Response): Promise<Problem> {
  try {
    return (await response.json()) as Problem;
  } catch {
    return {
      status: response.status,
      code: 'unknown',
      title: response.statusText,
      detail: response.statusText,
    };
  }
}

/** Calls the API with the session's bearer token; a 401 ends the session. */
export async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  const session = loadSession();
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers: {
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(session ? { authorization: `Bearer ${session.accessToken}` } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (response.status === 401 && session) {
    saveSession(null);
    window.dispatchEvent(new Event('promptsales:signed-out'));
  }
  if (!response.ok) throw new ApiError(await toProblem(response));
  return (response.status === 204 ? undefined : await response.json()) as T;
}
