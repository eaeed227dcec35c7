import { EventSourceParserStream } from 'eventsource-parser/stream';
import createClient from 'openapi-fetch';
import { notePlanLimit } from './plan-limit-notices';
import type { paths } from './schema';
import {
  baseUrl,
  currentSession,
  endLocally,
  isExpired,
  renewSession,
  type Session,
} from './session';

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

function withToken(request: Request, session: Session | null): Request {
  const authorized = new Request(request);
  if (session) authorized.headers.set('authorization', `Bearer ${session.accessToken}`);
  return authorized;
}

/**
 * The one way the app reaches the API: adds the bearer token (oidc-client-ts renews it before it
 * expires; once more here on a 401, in case the server rotated keys), and ends the session when
 * the server still refuses it.
 */
export async function apiFetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
  const request = new Request(input, init);
  let session = currentSession();
  // The tab slept past the automatic renewal: renew before the call, not after its 401.
  if (session && isExpired(session)) session = await renewSession();
  let response = await fetch(withToken(request.clone(), session));
  if (response.status === 401 && session) {
    session = await renewSession();
    if (session) response = await fetch(withToken(request, session));
  }
  if (response.status === 401 && currentSession()) await endLocally();
  return response;
}

async function toProblem(response: Response): Promise<Problem> {
  try {
    return (await response.json()) as Problem;
  } catch {
    return {
      status: response.status,
      code: 'unknown',
      title: response.statusText,
      detail: response.statusText || `HTTP ${response.status}`,
    };
  }
}

async function checked(response: Response): Promise<Response> {
  if (response.ok) return response;
  const problem = await toProblem(response);
  notePlanLimit(problem);
  throw new ApiError(problem);
}

/** Typed calls generated from the server's OpenAPI document (`npm run api:types`). */
export const client = createClient<paths>({ baseUrl, fetch: apiFetch });

/** Unwraps an openapi-fetch answer: its data, or its problem as an ApiError. */
export async function unwrap<T>(
  call: Promise<{ data?: T; error?: unknown; response: Response }>,
): Promise<T> {
  const { data, error, response } = await call;
  if (error !== undefined || !response.ok) {
    const problem = (error as Problem | undefined) ?? {
      status: response.status,
      code: 'unknown',
      title: response.statusText,
      detail: response.statusText,
    };
    notePlanLimit(problem);
    throw new ApiError(problem);
  }
  return data as T;
}

/** A network failure as the problem shape the pages already show. */
export function asApiError(failure: unknown): ApiError {
  return failure instanceof ApiError
    ? failure
    : new ApiError({ status: 0, code: 'network', title: 'Network error', detail: String(failure) });
}

/** JSON request by path; `idempotencyKey` makes a retried create safe. */
export async function send<T>(
  method: string,
  path: string,
  body?: unknown,
  options: { idempotencyKey?: string; signal?: AbortSignal } = {},
): Promise<T> {
  const response = await checked(
    await apiFetch(`${baseUrl}${path}`, {
      method,
      signal: options.signal,
      headers: {
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(options.idempotencyKey ? { 'idempotency-key': options.idempotencyKey } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    }),
  );
  return (response.status === 204 ? undefined : await response.json()) as T;
}

/** Shorthand for `send` without options. */
export function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  return send<T>(method, path, body);
}

/** multipart/form-data upload (the browser sets the boundary). */
export async function upload<T>(path: string, form: FormData, idempotencyKey?: string): Promise<T> {
  const response = await checked(
    await apiFetch(`${baseUrl}${path}`, {
      method: 'POST',
      headers: idempotencyKey ? { 'idempotency-key': idempotencyKey } : {},
      body: form,
    }),
  );
  return (await response.json()) as T;
}

/** An authenticated file as a Blob (images behind the API's bearer check). */
export async function fetchBlob(path: string, signal?: AbortSignal): Promise<Blob> {
  const response = await checked(await apiFetch(`${baseUrl}${path}`, { signal }));
  return response.blob();
}

/** Downloads a POST answer (a zip) under `filename`. */
export async function download(path: string, body: unknown, filename: string): Promise<void> {
  const response = await checked(
    await apiFetch(`${baseUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    }),
  );
  saveBlob(await response.blob(), filename);
}

/**
 * Downloads a GET answer (a CSV export) through fetch, so the bearer token goes with it; the
 * file is named as the server's Content-Disposition says, else `fallbackName`.
 */
export async function downloadFile(path: string, fallbackName: string): Promise<void> {
  const response = await checked(await apiFetch(`${baseUrl}${path}`));
  const named = /filename="?([^";]+)"?/.exec(response.headers.get('content-disposition') ?? '');
  saveBlob(await response.blob(), named?.[1] ?? fallbackName);
}

function saveBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.click();
  // Revoked once the browser has taken the file, not before it starts reading it.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export interface StreamedEvent {
  event: string;
  data: string;
}

/**
 * Reads a text/event-stream (through fetch: EventSource cannot send the bearer token) until it
 * ends or `signal` aborts, calling `onEvent` per event. Resolves when the server closes the
 * stream; rejects on HTTP errors.
 */
export async function readEventStream(
  path: string,
  onEvent: (event: StreamedEvent) => void,
  signal: AbortSignal,
): Promise<void> {
  const response = await checked(
    await apiFetch(`${baseUrl}${path}`, { headers: { accept: 'text/event-stream' }, signal }),
  );
  if (!response.body) throw new Error('The browser cannot read streamed responses');
  const events = response.body
    .pipeThrough(new TextDecoderStream())
    .pipeThrough(new EventSourceParserStream())
    .getReader();
  for (;;) {
    const { value, done } = await events.read();
    if (done) return;
    onEvent({ event: value.event ?? 'message', data: value.data });
  }
}

/**
 * True when the server does not serve a route yet (an older deployment, or a module still being
 * built): a 404 "No route", or a fixed path swallowed by a `/{id}` route and refused by its uuid
 * check. Screens show "not available" instead of an error.
 */
export function routeMissing(error: ApiError | null | undefined): boolean {
  if (!error) return false;
  const { status, detail, errors } = error.problem;
  return (
    (status === 404 && /No route/i.test(detail)) ||
    (status === 400 && (errors ?? []).some((e) => e.field.startsWith('params.')))
  );
}
