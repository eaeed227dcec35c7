import { ApiError, loadSession, saveSession, type Problem } from '../api/client';

/**
 * Calls beyond `api()`: JSON with an Idempotency-Key, multipart uploads, authenticated files and
 * server-sent events read through fetch (EventSource cannot send the bearer token).
 */
const baseUrl: string = import.meta.env.VITE_API_URL ?? '';

function authHeaders(): Record<string, string> {
  const session = loadSession();
  return session ? { authorization: `Bearer ${session.accessToken}` } : {};
}

async function checked(response: Response): Promise<Response> {
  if (response.status === 401 && loadSession()) {
    saveSession(null);
    window.dispatchEvent(new Event('promptsales:signed-out'));
  }
  if (response.ok) return response;
  let problem: Problem;
  try {
    problem = (await response.json()) as Problem;
  } catch {
    problem = {
      status: response.status,
      code: 'unknown',
      title: response.statusText,
      detail: response.statusText || `HTTP ${response.status}`,
    };
  }
  throw new ApiError(problem);
}

/** A network failure as the problem shape the pages already show. */
export function asApiError(failure: unknown): ApiError {
  return failure instanceof ApiError
    ? failure
    : new ApiError({ status: 0, code: 'network', title: 'Network error', detail: String(failure) });
}

/** A fresh Idempotency-Key for one user action (a retry of the same action reuses it). */
export function newIdempotencyKey(): string {
  return crypto.randomUUID();
}

/** JSON request; `idempotencyKey` makes a retried create safe. */
export async function send<T>(
  method: string,
  path: string,
  body?: unknown,
  options: { idempotencyKey?: string } = {},
): Promise<T> {
  const response = await checked(
    await fetch(`${baseUrl}${path}`, {
      method,
      headers: {
        ...authHeaders(),
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(options.idempotencyKey ? { 'idempotency-key': options.idempotencyKey } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    }),
  );
  return (response.status === 204 ? undefined : await response.json()) as T;
}

/** multipart/form-data upload (the browser sets the boundary). */
export async function upload<T>(path: string, form: FormData, idempotencyKey?: string): Promise<T> {
  const response = await checked(
    await fetch(`${baseUrl}${path}`, {
      method: 'POST',
      headers: {
        ...authHeaders(),
        ...(idempotencyKey ? { 'idempotency-key': idempotencyKey } : {}),
      },
      body: form,
    }),
  );
  return (await response.json()) as T;
}

/** An authenticated file as a Blob (images behind the API's bearer check). */
export async function fetchBlob(path: string, signal?: AbortSignal): Promise<Blob> {
  const response = await checked(
    await fetch(`${baseUrl}${path}`, { headers: authHeaders(), signal }),
  );
  return response.blob();
}

/** Downloads a POST answer (a zip) under `filename`. */
export async function download(path: string, body: unknown, filename: string): Promise<void> {
  const response = await checked(
    await fetch(`${baseUrl}${path}`, {
      method: 'POST',
      headers: { ...authHeaders(), 'content-type': 'application/json' },
      body: JSON.stringify(body),
    }),
  );
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.click();
  URL.revokeObjectURL(url);
}

export interface StreamedEvent {
  event: string;
  data: string;
}

/**
 * Reads a text/event-stream until it ends or `signal` aborts, calling `onEvent` per event.
 * Resolves when the server closes the stream; rejects on HTTP errors.
 */
export async function readEventStream(
  path: string,
  onEvent: (event: StreamedEvent) => void,
  signal: AbortSignal,
): Promise<void> {
  const response = await checked(
    await fetch(`${baseUrl}${path}`, {
      headers: { ...authHeaders(), accept: 'text/event-stream' },
      signal,
    }),
  );
  if (!response.body) throw new Error('The browser cannot read streamed responses');
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += value;
    let boundary = buffer.indexOf('\n\n');
    while (boundary >= 0) {
      const block = buffer.slice(0, boundary);
      buffer = buffer.slice(boundary + 2);
      let event = 'message';
      const data: string[] = [];
      for (const line of block.split('\n')) {
        if (line.startsWith('event:')) event = line.slice(6).trim();
        else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
      }
      if (data.length > 0) onEvent({ event, data: data.join('\n') });
      boundary = buffer.indexOf('\n\n');
    }
  }
}

/**
 * A problem found before calling the API, shown like the API's own: beside `field` when one is
 * named (e.g. a budget of zero), else as the form's notice.
 */
export function localError(message: string, field?: string): ApiError {
  if (!field) return new ApiError({ status: 0, code: 'invalid', title: message, detail: message });
  const detail = 'Check the highlighted fields';
  return new ApiError({
    status: 0,
    code: 'validation_failed',
    title: detail,
    detail,
    errors: [{ field, message }],
  });
}

/**
 * True when the server does not serve a route yet (an older deployment, or a module still being
 * built): a 404 "No route", or a fixed path swallowed by a `/{id}` route and refused by its uuid
 * check. Screens show "not available" instead of an error.
 */
export function routeMissing(error: ApiError | undefined): boolean {
  if (!error) return false;
  const { status, detail, errors } = error.problem;
  return (
    (status === 404 && /No route/i.test(detail)) ||
    (status === 400 && (errors ?? []).some((e) => e.field.startsWith('params.')))
  );
}
