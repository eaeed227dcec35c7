/** The problem+json body every API error has. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  request_id: string;
  errors?: { field: string; message: string }[];
}

export interface Page<Item> {
  object: 'list';
  data: Item[];
  has_more: boolean;
  next_cursor: string | null;
}

/** Reads a JSON body as the shape the test expects; assertions then check it. */
export async function json<T>(response: Response): Promise<T> {
  return (await response.json()) as T;
}

export interface RequestOptions {
  token?: string;
  body?: unknown;
  headers?: Record<string, string>;
}

/** A small client for the API under test: JSON in, Response out. */
export function apiClient(baseUrl: string) {
  return (method: string, path: string, options: RequestOptions = {}) =>
    fetch(`${baseUrl}${path}`, {
      method,
      headers: {
        ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
        ...options.headers,
      },
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
}
