import { createHmac } from 'node:crypto';
import { VendorPolicies } from '../../../platform/vendor-policy.js';
import type { MetaConfig } from '../../../platform/config/config.js';
import { TransientChannelError } from '../domain/channel-adapter.js';

/** A Graph API error object: `{ error: { message, type, code, error_subcode, fbtrace_id } }`. */
export class MetaApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code: number | undefined,
    readonly subcode: number | undefined,
    readonly fbtraceId: string | undefined,
  ) {
    super(message);
    this.name = 'MetaApiError';
  }

  /** Application (4), user (17), ads-API (613) and business-use-case (80000–80014) limits. */
  get rateLimited(): boolean {
    const code = this.code ?? 0;
    return code === 4 || code === 17 || code === 613 || (code >= 80_000 && code <= 80_014);
  }

  /** 190: the token expired or was revoked; 102 (session) likewise. */
  get tokenInvalid(): boolean {
    return this.code === 190 || this.code === 102;
  }

  get transient(): boolean {
    return this.rateLimited || this.status >= 500 || this.code === 1 || this.code === 2;
  }
}

/** The vendor refused the credentials: the connection must be authorized again. */
export class ConnectionNeedsReauthError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConnectionNeedsReauthError';
  }
}

/** The account is throttled (Meta said how long in X-Business-Use-Case-Usage): not calling. */
export class MetaThrottledError extends TransientChannelError {}

/** Graph errors as the rest of PromptAds understands them. */
function translated(error: unknown): unknown {
  if (error instanceof MetaApiError && error.tokenInvalid)
    return new ConnectionNeedsReauthError(error.message);
  if (error instanceof MetaApiError && error.transient)
    return new TransientChannelError(`Meta: ${error.message} (code ${error.code ?? '?'})`);
  return error;
}

type Params = Record<string, string | number | boolean | object | undefined>;

interface BusinessUseCaseUsage {
  call_count?: number;
  total_cputime?: number;
  total_time?: number;
  estimated_time_to_regain_access?: number;
}

/** Minutes Meta says an account must wait, from `X-Business-Use-Case-Usage` (0 when none). */
export function regainAccessMinutes(header: string | null): number {
  if (!header) return 0;
  try {
    const usage = JSON.parse(header) as Record<string, BusinessUseCaseUsage[]>;
    let minutes = 0;
    for (const entries of Object.values(usage))
      for (const entry of entries ?? []) {
        const full = Math.max(
          entry.call_count ?? 0,
          entry.total_cputime ?? 0,
          entry.total_time ?? 0,
        );
        minutes = Math.max(
          minutes,
          entry.estimated_time_to_regain_access ?? 0,
          full >= 100 ? 1 : 0,
        );
      }
    return minutes;
  } catch {
    return 0;
  }
}

/**
 * The Graph API over plain `fetch` (the official SDK hard-codes https://graph.facebook.com, so it
 * cannot be pointed at a test server or proxy). Per ad account: retries of rate-limit and 5xx
 * answers with exponential backoff and jitter, a circuit breaker that stops calling an account
 * after 5 consecutive transient failures for 30 s, and the pause Meta asks for in
 * `X-Business-Use-Case-Usage`. Requests carry `appsecret_proof`.
 */
export class MetaGraphClient {
  private readonly policies: VendorPolicies;
  private readonly blockedUntil = new Map<string, number>();

  constructor(private readonly config: MetaConfig) {
    this.policies = new VendorPolicies({
      vendor: 'Meta',
      retryBaseMs: config.retryBaseMs,
      isTransient: (error) => error instanceof MetaApiError && error.transient,
      circuitOpen: (message) => new TransientChannelError(message),
    });
  }

  url(path: string): string {
    return `${this.config.graphBaseUrl}/${this.config.graphVersion}/${path.replace(/^\//, '')}`;
  }

  /** One Graph call for an ad account (`accountKey` scopes backoff and breaker). */
  async call<T>(
    accountKey: string,
    method: 'GET' | 'POST' | 'DELETE',
    path: string,
    token: string,
    params: Params = {},
  ): Promise<T> {
    try {
      return await this.policies.execute(accountKey, () =>
        this.send<T>(accountKey, method, path, token, params),
      );
    } catch (error) {
      throw translated(error);
    }
  }

  /** An app-authenticated call (OAuth code exchange, token extension): no account policy. */
  async oauth<T>(path: string, params: Params): Promise<T> {
    try {
      return await this.send<T>(null, 'GET', path, null, params);
    } catch (error) {
      throw translated(error);
    }
  }

  private async send<T>(
    accountKey: string | null,
    method: 'GET' | 'POST' | 'DELETE',
    path: string,
    token: string | null,
    params: Params,
  ): Promise<T> {
    const until = accountKey ? (this.blockedUntil.get(accountKey) ?? 0) : 0;
    if (until > Date.now())
      throw new MetaThrottledError(
        `Meta asked to pause calls for this ad account until ${new Date(until).toISOString()}`,
      );
    const search = new URLSearchParams();
    for (const [key, value] of Object.entries(params))
      if (value !== undefined)
        search.set(key, typeof value === 'object' ? JSON.stringify(value) : String(value));
    const headers: Record<string, string> = {};
    if (token) {
      headers.authorization = `Bearer ${token}`;
      search.set(
        'appsecret_proof',
        createHmac('sha256', this.config.appSecret).update(token).digest('hex'),
      );
    }
    const target = new URL(this.url(path));
    let body: string | undefined;
    if (method === 'POST') {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = search.toString();
    } else for (const [key, value] of search) target.searchParams.set(key, value);
    let response: Response;
    try {
      response = await fetch(target, {
        method,
        headers,
        body,
        signal: AbortSignal.timeout(30_000),
      });
    } catch (error) {
      throw new MetaApiError(
        `Meta did not answer: ${(error as Error).message}`,
        599,
        undefined,
        undefined,
        undefined,
      );
    }
    const minutes = regainAccessMinutes(response.headers.get('x-business-use-case-usage'));
    if (accountKey && minutes > 0) this.blockedUntil.set(accountKey, Date.now() + minutes * 60_000);
    const text = await response.text();
    let parsed: unknown;
    try {
      parsed = text ? JSON.parse(text) : {};
    } catch {
      parsed = {};
    }
    const error = (parsed as { error?: Record<string, unknown> }).error;
    if (!response.ok || error) {
      throw new MetaApiError(
        typeof error?.message === 'string' ? error.message : `HTTP ${response.status}`,
        response.status,
        typeof error?.code === 'number' ? error.code : undefined,
        typeof error?.error_subcode === 'number' ? error.error_subcode : undefined,
        typeof error?.fbtrace_id === 'string' ? error.fbtrace_id : undefined,
      );
    }
    return parsed as T;
  }
}
