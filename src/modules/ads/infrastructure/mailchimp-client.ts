import type { MailchimpConfig } from '../../../platform/config/config.js';
import { TransientChannelError } from '../domain/channel-adapter.js';
import { ConnectionRefusedError } from '../domain/connection-provider.js';
import { mailchimpDataCenter } from '../domain/mailchimp-mapping.js';
import { ConnectionNeedsReauthError } from './meta-graph-client.js';
import { retryAfterMs } from './twilio-client.js';
import { VendorPolicies } from '../../../platform/vendor-policy.js';

/** Mailchimp's problem detail: `{ type, title, status, detail, instance }`. */
export class MailchimpApiError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail: string,
    readonly retryAfter: number | undefined,
  ) {
    super(`Mailchimp: ${title}${detail ? ` — ${detail}` : ''} (${status})`);
    this.name = 'MailchimpApiError';
  }
}

/**
 * The Marketing API 3.0 over plain `fetch`: the official SDK (@mailchimp/mailchimp_marketing)
 * builds its host from the server prefix (`https://<dc>.api.mailchimp.com/3.0`) and keeps one
 * global configuration, so it can neither be pointed at a test server nor serve several
 * organisations' keys at once. Basic auth with the key; per key: retries of 429 (Mailchimp
 * allows 10 simultaneous connections) and 5xx with backoff, and a circuit breaker.
 */
export class MailchimpClient {
  private readonly policies: VendorPolicies;

  constructor(private readonly config: MailchimpConfig) {
    this.policies = new VendorPolicies({
      vendor: 'Mailchimp',
      retryBaseMs: config.retryBaseMs,
      isTransient: (error) =>
        error instanceof MailchimpApiError && (error.status === 429 || error.status >= 500),
      retryAfterMs: (error) => (error instanceof MailchimpApiError ? error.retryAfter : undefined),
      circuitOpen: (message) => new TransientChannelError(message),
    });
  }

  baseUrl(apiKey: string): string {
    const dc = mailchimpDataCenter(apiKey);
    if (!dc)
      throw new ConnectionRefusedError('A Mailchimp API key ends in its data center, e.g. -us21');
    return this.config.apiBaseUrl.replace('{dc}', dc);
  }

  async call<T>(
    apiKey: string,
    method: 'GET' | 'POST' | 'PUT' | 'DELETE',
    path: string,
    body?: object,
  ): Promise<T> {
    const accountKey = apiKey.slice(-12);
    try {
      return await this.policies.execute(accountKey, () =>
        this.send<T>(apiKey, method, path, body),
      );
    } catch (error) {
      if (error instanceof MailchimpApiError && error.status === 401)
        throw new ConnectionNeedsReauthError(error.message);
      if (error instanceof MailchimpApiError && (error.status === 429 || error.status >= 500))
        throw new TransientChannelError(error.message);
      throw error;
    }
  }

  private async send<T>(apiKey: string, method: string, path: string, body?: object): Promise<T> {
    let response: Response;
    try {
      response = await fetch(`${this.baseUrl(apiKey)}${path}`, {
        method,
        headers: {
          authorization: `Basic ${Buffer.from(`promptsales:${apiKey}`).toString('base64')}`,
          ...(body ? { 'content-type': 'application/json' } : {}),
        },
        body: body ? JSON.stringify(body) : undefined,
        signal: AbortSignal.timeout(30_000),
      });
    } catch (error) {
      throw new MailchimpApiError(599, 'No answer', (error as Error).message, undefined);
    }
    const text = await response.text();
    let parsed: Record<string, unknown> = {};
    try {
      parsed = text ? (JSON.parse(text) as Record<string, unknown>) : {};
    } catch {
      parsed = {};
    }
    if (!response.ok)
      throw new MailchimpApiError(
        response.status,
        typeof parsed.title === 'string' ? parsed.title : `HTTP ${response.status}`,
        typeof parsed.detail === 'string' ? parsed.detail : '',
        retryAfterMs(response.headers.get('retry-after') ?? undefined),
      );
    return parsed as T;
  }
}
