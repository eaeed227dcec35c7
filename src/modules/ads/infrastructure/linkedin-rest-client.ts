import { VendorPolicies } from '../../../platform/vendor-policy.js';
import type { LinkedInConfig } from '../../../platform/config/config.js';
import { TransientChannelError } from '../domain/channel-adapter.js';
import { maxRetryAfterMs, retryAfterMs } from './retry-after.js';

/**
 * A LinkedIn error answer: `{ status, serviceErrorCode, code, message }` (REST API) or
 * `{ error, error_description }` (OAuth endpoints).
 */
export class LinkedInApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code: string | undefined,
    readonly serviceErrorCode: number | undefined,
    /** What `Retry-After` asked for (429 and some 503 answers). */
    readonly retryAfterMs: number | undefined,
  ) {
    super(message);
    this.name = 'LinkedInApiError';
  }

  /** 401 `EXPIRED_ACCESS_TOKEN` (service error 65601): a refresh may help. */
  get tokenExpired(): boolean {
    return (
      this.status === 401 &&
      (this.code === 'EXPIRED_ACCESS_TOKEN' || this.serviceErrorCode === 65601)
    );
  }

  /** Any other 401 (revoked, invalid): only a new authorization helps. */
  get tokenInvalid(): boolean {
    return this.status === 401 && !this.tokenExpired;
  }

  /** 429 and 5xx, unless LinkedIn asks for a longer pause than is worth waiting in a call. */
  get transient(): boolean {
    return (
      (this.status === 429 || this.status >= 500) && (this.retryAfterMs ?? 0) <= maxRetryAfterMs
    );
  }
}

export interface RestAnswer<T> {
  status: number;
  body: T;
  /** `x-restli-id`: the id of a created entity (URL-decoded). */
  createdId: string | undefined;
}

export interface RestRequest {
  method: 'GET' | 'POST' | 'DELETE';
  /** Path under `/rest/`, e.g. `adAccounts/123/adCampaigns`. */
  path: string;
  /** A query string already in Rest.li 2.0 syntax (`q=search&search=(…)`), without `?`. */
  query?: string;
  body?: unknown;
  /** `X-RestLi-Method` when the HTTP method alone does not say it (PARTIAL_UPDATE). */
  restliMethod?: 'PARTIAL_UPDATE';
}

function translated(error: unknown): unknown {
  if (error instanceof LinkedInApiError && (error.status === 429 || error.status >= 500))
    return new TransientChannelError(`LinkedIn: ${error.message} (HTTP ${error.status})`);
  return error;
}

async function parsedBody(response: Response): Promise<Record<string, unknown>> {
  const text = await response.text();
  if (!text) return {};
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch {
    return {};
  }
}

function errorOf(response: Response, body: Record<string, unknown>): LinkedInApiError {
  const message =
    typeof body.message === 'string'
      ? body.message
      : typeof body.error_description === 'string'
        ? body.error_description
        : `HTTP ${response.status}`;
  const code =
    typeof body.code === 'string'
      ? body.code
      : typeof body.error === 'string'
        ? body.error
        : undefined;
  return new LinkedInApiError(
    message,
    response.status,
    code,
    typeof body.serviceErrorCode === 'number' ? body.serviceErrorCode : undefined,
    retryAfterMs(response.headers.get('retry-after')),
  );
}

/**
 * The LinkedIn Marketing API over plain `fetch`: the official `linkedin-api-client` hard-codes
 * `https://api.linkedin.com/rest` and `https://www.linkedin.com/oauth/v2` as constants, so it
 * cannot be pointed at a test server or proxy. Every call carries `LinkedIn-Version` and
 * `X-Restli-Protocol-Version: 2.0.0`. Per ad account: retries of 429 and 5xx answers honouring
 * `Retry-After` (else exponential backoff with jitter), and a circuit breaker that stops calling
 * the account after 5 consecutive such failures for 30 s.
 */
export class LinkedInRestClient {
  private readonly policies: VendorPolicies;

  constructor(private readonly config: LinkedInConfig) {
    this.policies = new VendorPolicies({
      vendor: 'LinkedIn',
      retryBaseMs: config.retryBaseMs,
      isTransient: (error) => error instanceof LinkedInApiError && error.transient,
      retryAfterMs: (error) => (error instanceof LinkedInApiError ? error.retryAfterMs : undefined),
      maxDelayMs: maxRetryAfterMs,
      circuitOpen: (message) => new TransientChannelError(message),
    });
  }

  /** One REST call for an ad account (`accountKey` scopes backoff and breaker). */
  async call<T>(accountKey: string, token: string, request: RestRequest): Promise<RestAnswer<T>> {
    try {
      return await this.policies.execute(accountKey, () => this.send<T>(token, request));
    } catch (error) {
      throw translated(error);
    }
  }

  /** A call made once, outside any account's policy (connecting: the account is not known yet). */
  async once<T>(token: string, request: RestRequest): Promise<RestAnswer<T>> {
    try {
      return await this.send<T>(token, request);
    } catch (error) {
      throw translated(error);
    }
  }

  /** A form POST to the OAuth endpoints (`accessToken`, `revoke`). */
  async oauth<T>(endpoint: 'accessToken' | 'revoke', form: Record<string, string>): Promise<T> {
    let response: Response;
    try {
      response = await fetch(`${this.config.oauthUrl}/${endpoint}`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(form).toString(),
        signal: AbortSignal.timeout(30_000),
      });
    } catch (error) {
      throw translated(
        new LinkedInApiError(
          `LinkedIn did not answer: ${(error as Error).message}`,
          599,
          undefined,
          undefined,
          undefined,
        ),
      );
    }
    const body = await parsedBody(response);
    if (!response.ok) throw translated(errorOf(response, body));
    return body as T;
  }

  private async send<T>(token: string, request: RestRequest): Promise<RestAnswer<T>> {
    const url = `${this.config.apiBaseUrl}/rest/${request.path}${request.query ? `?${request.query}` : ''}`;
    const headers: Record<string, string> = {
      authorization: `Bearer ${token}`,
      'linkedin-version': this.config.version,
      'x-restli-protocol-version': '2.0.0',
    };
    if (request.restliMethod) headers['x-restli-method'] = request.restliMethod;
    if (request.body !== undefined) headers['content-type'] = 'application/json';
    let response: Response;
    try {
      response = await fetch(url, {
        method: request.method,
        headers,
        body: request.body === undefined ? undefined : JSON.stringify(request.body),
        signal: AbortSignal.timeout(30_000),
      });
    } catch (error) {
      throw new LinkedInApiError(
        `LinkedIn did not answer: ${(error as Error).message}`,
        599,
        undefined,
        undefined,
        undefined,
      );
    }
    const body = await parsedBody(response);
    if (!response.ok) throw errorOf(response, body);
    const created = response.headers.get('x-restli-id');
    return {
      status: response.status,
      body: body as T,
      createdId: created ? decodeURIComponent(created) : undefined,
    };
  }
}
