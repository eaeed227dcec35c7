import twilio from 'twilio';
import RequestClient from 'twilio/lib/base/RequestClient.js';
import type { TwilioConfig } from '../../../platform/config/config.js';
import { TransientChannelError } from '../domain/channel-adapter.js';
import { ConnectionNeedsReauthError } from './meta-graph-client.js';
import { VendorPolicies } from '../../../platform/vendor-policy.js';

/** Twilio answered 429 (error 20429): how long it asked to wait, when it said. */
export class TwilioRateLimitedError extends TransientChannelError {
  constructor(readonly retryAfterMs: number | undefined) {
    super('Twilio: too many requests (20429)');
    this.name = 'TwilioRateLimitedError';
  }
}

/** `Retry-After` in seconds or as an HTTP date → milliseconds from now. */
export function retryAfterMs(header: unknown, now = Date.now()): number | undefined {
  if (typeof header !== 'string' || header.trim() === '') return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/**
 * The SDK's own HTTP client, sending to the configured base URL instead of
 * https://api.twilio.com: the SDK still builds every request, authenticates it and turns error
 * answers into RestException. A 429 becomes TwilioRateLimitedError with the Retry-After it
 * carried (RestException drops the headers).
 */
class BaseUrlRequestClient extends RequestClient {
  constructor(private readonly baseUrl: string) {
    super({ timeout: 30_000 });
  }

  override async request<TData>(opts: RequestClient.RequestOptions<TData>) {
    const original = new URL(opts.uri);
    const uri = `${this.baseUrl}${original.pathname}${original.search}`;
    const response = await super.request<TData>({ ...opts, uri });
    if (response.statusCode === 429)
      throw new TwilioRateLimitedError(
        retryAfterMs((response.headers as Record<string, unknown>)['retry-after']),
      );
    return response;
  }
}

function isRestException(
  error: unknown,
): error is { status: number; code?: number; message: string } {
  return error instanceof twilio.RestException;
}

/**
 * Twilio's REST API through the official `twilio` SDK, per account: retries with backoff (the
 * wait Twilio asked for when it said one) and a circuit breaker per account SID. A refused auth
 * token (401, error 20003) asks for the connection to be made again; it is not retried.
 */
export class TwilioGateway {
  private readonly policies: VendorPolicies;

  constructor(private readonly config: TwilioConfig) {
    this.policies = new VendorPolicies({
      vendor: 'Twilio',
      retryBaseMs: config.retryBaseMs,
      isTransient: (error) =>
        error instanceof TransientChannelError || (isRestException(error) && error.status >= 500),
      retryAfterMs: (error) =>
        error instanceof TwilioRateLimitedError ? error.retryAfterMs : undefined,
      circuitOpen: (message) => new TransientChannelError(message),
    });
  }

  /** A client for one account (the SDK's own, pointed at the configured base URL). */
  client(accountSid: string, authToken: string): twilio.Twilio {
    return twilio(accountSid, authToken, {
      httpClient: new BaseUrlRequestClient(this.config.apiBaseUrl),
    });
  }

  /** Runs SDK calls for one account under its policy; Twilio errors as PromptAds knows them. */
  async call<T>(accountSid: string, work: () => Promise<T>): Promise<T> {
    try {
      return await this.policies.execute(accountSid, work);
    } catch (error) {
      if (isRestException(error) && (error.status === 401 || error.code === 20003))
        throw new ConnectionNeedsReauthError(`Twilio refused the credentials: ${error.message}`);
      if (isRestException(error))
        throw new Error(`Twilio: ${error.message} (error ${error.code ?? error.status})`);
      throw error;
    }
  }
}
