import { VendorPolicies } from '../../../platform/vendor-policy.js';
import type { TikTokConfig } from '../../../platform/config/config.js';
import { TransientChannelError } from '../domain/channel-adapter.js';

/**
 * A Business API answer whose `code` is not 0. TikTok mostly answers HTTP 200 and puts the error
 * in the envelope `{ code, message, request_id, data }`.
 */
export class TikTokApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code: number,
    readonly requestId: string | undefined,
  ) {
    super(message);
    this.name = 'TikTokApiError';
  }

  /** 40100: too many requests (the app's or advertiser's QPS/QPM limit). */
  get rateLimited(): boolean {
    return this.code === 40100;
  }

  /** 40102: the access token expired — a refresh may help. */
  get tokenExpired(): boolean {
    return this.code === 40102;
  }

  /** 40104 (empty) and 40105 (incorrect or revoked): only a new authorization helps. */
  get tokenInvalid(): boolean {
    return this.code === 40104 || this.code === 40105;
  }

  get transient(): boolean {
    return this.rateLimited || this.status >= 500 || (this.code >= 50000 && this.code < 60000);
  }
}

/** The TikTok grant is gone (expired without refresh, revoked): authorize again. */
export class TikTokReauthError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TikTokReauthError';
  }
}

function translated(error: unknown): unknown {
  if (error instanceof TikTokApiError && error.transient)
    return new TransientChannelError(`TikTok: ${error.message} (code ${error.code})`);
  return error;
}

type Params = Record<string, string | number | boolean | object | undefined>;

interface Envelope<T> {
  code?: number;
  message?: string;
  request_id?: string;
  data?: T;
}

/**
 * The TikTok Business API (v1.3) over plain `fetch`: TikTok's official SDK
 * (tiktok-business-api-sdk) is a generated client that is not published on npm. GETs carry
 * their parameters in the query (arrays and objects JSON-encoded, as TikTok documents), POSTs a
 * JSON body; the advertiser's token goes in the `Access-Token` header. Per advertiser: retries of
 * rate-limit (40100) and 5xx/50000-range answers with exponential backoff and jitter, and a
 * circuit breaker that stops calling the advertiser after 5 consecutive such failures for 30 s.
 */
export class TikTokApiClient {
  private readonly policies: VendorPolicies;

  constructor(private readonly config: TikTokConfig) {
    this.policies = new VendorPolicies({
      vendor: 'TikTok',
      retryBaseMs: config.retryBaseMs,
      isTransient: (error) => error instanceof TikTokApiError && error.transient,
      circuitOpen: (message) => new TransientChannelError(message),
    });
  }

  url(path: string): string {
    return `${this.config.apiBaseUrl}/open_api/v1.3/${path.replace(/^\//, '')}`;
  }

  /** One call for an advertiser (`advertiserId` scopes backoff and breaker). */
  async call<T>(
    advertiserId: string,
    method: 'GET' | 'POST',
    path: string,
    token: string,
    params: Params = {},
  ): Promise<T> {
    try {
      return await this.policies.execute(advertiserId, () =>
        this.send<T>(method, path, token, params),
      );
    } catch (error) {
      throw translated(error);
    }
  }

  /** An app-authenticated call (token exchange, refresh, revocation): no advertiser policy. */
  async app<T>(method: 'GET' | 'POST', path: string, params: Params, token?: string): Promise<T> {
    try {
      return await this.send<T>(method, path, token ?? null, params);
    } catch (error) {
      throw translated(error);
    }
  }

  private async send<T>(
    method: 'GET' | 'POST',
    path: string,
    token: string | null,
    params: Params,
  ): Promise<T> {
    const target = new URL(this.url(path));
    const headers: Record<string, string> = {};
    if (token) headers['access-token'] = token;
    let body: string | undefined;
    if (method === 'POST') {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(params);
    } else
      for (const [key, value] of Object.entries(params))
        if (value !== undefined)
          target.searchParams.set(
            key,
            typeof value === 'object' ? JSON.stringify(value) : String(value),
          );
    let response: Response;
    try {
      response = await fetch(target, {
        method,
        headers,
        body,
        signal: AbortSignal.timeout(30_000),
      });
    } catch (error) {
      throw new TikTokApiError(
        `TikTok did not answer: ${(error as Error).message}`,
        599,
        -1,
        undefined,
      );
    }
    const text = await response.text();
    let parsed: Envelope<T>;
    try {
      parsed = (text ? JSON.parse(text) : {}) as Envelope<T>;
    } catch {
      parsed = {};
    }
    if (!response.ok || parsed.code !== 0)
      throw new TikTokApiError(
        parsed.message ?? `HTTP ${response.status}`,
        response.status,
        typeof parsed.code === 'number' ? parsed.code : response.status,
        parsed.request_id,
      );
    return parsed.data as T;
  }
}
