import { VendorPolicies } from '../../../platform/vendor-policy.js';
import type { GoogleAdsConfig } from '../../../platform/config/config.js';
import { TransientChannelError } from '../domain/channel-adapter.js';
import {
  describeFailure,
  isTransient,
  isUnauthenticated,
  parseGoogleAdsFailure,
  type GoogleAdsFailure,
} from '../domain/google-ads-failure.js';

/** A Google Ads API error answer (GoogleAdsFailure), kept whole for the caller to classify. */
export class GoogleAdsApiError extends Error {
  constructor(readonly failure: GoogleAdsFailure) {
    super(describeFailure(failure));
    this.name = 'GoogleAdsApiError';
  }

  get transient(): boolean {
    return isTransient(this.failure);
  }

  get unauthenticated(): boolean {
    return isUnauthenticated(this.failure);
  }
}

/** Google asked this customer to wait longer than a call should block: not calling until then. */
export class GoogleAdsThrottledError extends TransientChannelError {}

/** Longest wait Google may ask for that a call sits out itself; longer ones pause the customer. */
const inlineWaitMaxMs = 30_000;

export interface GoogleAdsRequest {
  method: 'GET' | 'POST';
  /** Below the version: `customers/123/campaigns:mutate`, `customers:listAccessibleCustomers`. */
  path: string;
  accessToken: string;
  /** The manager account the call goes through (`login-customer-id`), if any. */
  loginCustomerId?: string | undefined;
  body?: unknown;
}

/**
 * The Google Ads API over plain `fetch` to its REST interface (Google has no official Node client,
 * and the community one speaks gRPC only, so it cannot be pointed at a loopback HTTP server).
 * Every call carries the OAuth token, the `developer-token` (when configured) and, through a
 * manager account, the `login-customer-id`. Per customer: retries of rate-limit and 5xx answers, waiting what Google
 * asks (`quotaErrorDetails.retryDelay`) or else an exponential backoff with jitter; a circuit
 * breaker that stops calling a customer after 5 consecutive such failures for 30 s; and a pause
 * for that customer when Google asks for more than 30 s.
 */
export class GoogleAdsClient {
  private readonly policies: VendorPolicies;
  private readonly blockedUntil = new Map<string, number>();

  constructor(private readonly config: GoogleAdsConfig) {
    this.policies = new VendorPolicies({
      vendor: 'Google Ads',
      retryBaseMs: config.retryBaseMs,
      isTransient: (error) => error instanceof GoogleAdsApiError && error.transient,
      retryAfterMs: (error) =>
        error instanceof GoogleAdsApiError ? error.failure.retryDelayMs : undefined,
      circuitOpen: (message) => new TransientChannelError(message),
    });
  }

  /** One API call for a customer (`customerKey` scopes backoff, breaker and pauses). */
  async call<T>(customerKey: string, request: GoogleAdsRequest): Promise<T> {
    try {
      return await this.policies.execute(customerKey, () => this.send<T>(customerKey, request));
    } catch (error) {
      if (error instanceof GoogleAdsApiError && error.transient && !error.unauthenticated)
        throw new TransientChannelError(error.message);
      throw error;
    }
  }

  private async send<T>(customerKey: string, request: GoogleAdsRequest): Promise<T> {
    const until = this.blockedUntil.get(customerKey) ?? 0;
    if (until > Date.now())
      throw new GoogleAdsThrottledError(
        `Google Ads asked to pause calls for this customer until ${new Date(until).toISOString()}`,
      );
    const headers: Record<string, string> = { authorization: `Bearer ${request.accessToken}` };
    if (this.config.developerToken) headers['developer-token'] = this.config.developerToken;
    const login = request.loginCustomerId ?? this.config.loginCustomerId;
    if (login) headers['login-customer-id'] = login;
    if (request.body !== undefined) headers['content-type'] = 'application/json';
    let response: Response;
    try {
      response = await fetch(
        `${this.config.apiBaseUrl}/${this.config.apiVersion}/${request.path.replace(/^\//, '')}`,
        {
          method: request.method,
          headers,
          body: request.body === undefined ? undefined : JSON.stringify(request.body),
          signal: AbortSignal.timeout(60_000),
        },
      );
    } catch (error) {
      throw new GoogleAdsApiError(
        parseGoogleAdsFailure(599, {
          error: { message: `Google Ads did not answer: ${(error as Error).message}` },
        }),
      );
    }
    const text = await response.text();
    let parsed: unknown;
    try {
      parsed = text ? JSON.parse(text) : {};
    } catch {
      parsed = {};
    }
    if (!response.ok) {
      const failure = parseGoogleAdsFailure(
        response.status,
        parsed,
        response.headers.get('retry-after'),
      );
      if (failure.retryDelayMs !== undefined && failure.retryDelayMs > inlineWaitMaxMs) {
        this.blockedUntil.set(customerKey, Date.now() + failure.retryDelayMs);
        throw new GoogleAdsThrottledError(describeFailure(failure));
      }
      throw new GoogleAdsApiError(failure);
    }
    return parsed as T;
  }
}
