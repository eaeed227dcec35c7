import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GoogleAdsConfig } from '../../../platform/config/config.js';
import { TransientChannelError } from '../domain/channel-adapter.js';
import {
  GoogleAdsApiError,
  GoogleAdsClient,
  GoogleAdsThrottledError,
} from './google-ads-client.js';

/** Answers scripted responses in order, recording each request's headers. */
function scriptedServer() {
  const script: { status: number; body: unknown }[] = [];
  const seen: http.IncomingHttpHeaders[] = [];
  const server = http.createServer((request, response) => {
    seen.push(request.headers);
    request.resume();
    request.on('end', () => {
      const next = script.shift() ?? { status: 200, body: { results: [] } };
      response.writeHead(next.status, { 'content-type': 'application/json' });
      response.end(JSON.stringify(next.body));
    });
  });
  return { server, script, seen };
}

const quota = (retryDelay: string) => ({
  status: 429,
  body: {
    error: {
      code: 429,
      message: 'Resource has been exhausted (e.g. check quota).',
      status: 'RESOURCE_EXHAUSTED',
      details: [
        {
          '@type': 'type.googleapis.com/google.ads.googleads.v22.errors.GoogleAdsFailure',
          errors: [
            {
              errorCode: { quotaError: 'RESOURCE_TEMPORARILY_EXHAUSTED' },
              details: { quotaErrorDetails: { retryDelay } },
            },
          ],
        },
      ],
    },
  },
});

describe('Google Ads REST client', () => {
  const fake = scriptedServer();
  let client: GoogleAdsClient;

  beforeAll(async () => {
    await new Promise<void>((resolve) => fake.server.listen(0, '127.0.0.1', resolve));
    const config: GoogleAdsConfig = {
      clientId: 'client',
      clientSecret: 'secret',
      developerToken: 'dev-token',
      loginCustomerId: undefined,
      apiBaseUrl: `http://127.0.0.1:${(fake.server.address() as AddressInfo).port}`,
      apiVersion: 'v22',
      authorizeUrl: 'http://127.0.0.1/auth',
      tokenUrl: 'http://127.0.0.1/token',
      revokeUrl: 'http://127.0.0.1/revoke',
      retryBaseMs: 1,
    };
    client = new GoogleAdsClient(config);
  });
  afterAll(() => new Promise<void>((resolve) => fake.server.close(() => resolve())));

  const search = (customer: string, loginCustomerId?: string) =>
    client.call(customer, {
      method: 'POST',
      path: `customers/${customer}/googleAds:search`,
      accessToken: 'token',
      loginCustomerId,
      body: { query: 'SELECT customer.id FROM customer' },
    });

  it('sends the token, the developer token and the manager as login-customer-id', async () => {
    await search('1', '999');
    expect(fake.seen.at(-1)).toMatchObject({
      authorization: 'Bearer token',
      'developer-token': 'dev-token',
      'login-customer-id': '999',
    });
  });

  it('waits out a short RESOURCE_EXHAUSTED and tries again', async () => {
    fake.script.push(quota('0.02s'));
    const calls = fake.seen.length;
    await expect(search('2')).resolves.toEqual({ results: [] });
    expect(fake.seen.length).toBe(calls + 2);
  });

  it('pauses a customer Google asks to wait long, without calling it meanwhile', async () => {
    fake.script.push(quota('120s'));
    await expect(search('3')).rejects.toBeInstanceOf(GoogleAdsThrottledError);
    const calls = fake.seen.length;
    await expect(search('3')).rejects.toBeInstanceOf(TransientChannelError);
    expect(fake.seen.length).toBe(calls);
    // Other customers are not held up.
    await expect(search('4')).resolves.toEqual({ results: [] });
  });

  it('does not retry a refused request, and keeps its GoogleAdsFailure', async () => {
    fake.script.push({
      status: 400,
      body: {
        error: {
          code: 400,
          message: 'Request contains an invalid argument.',
          status: 'INVALID_ARGUMENT',
          details: [
            {
              errors: [{ errorCode: { campaignError: 'DUPLICATE_CAMPAIGN_NAME' } }],
              requestId: 'r-1',
            },
          ],
        },
      },
    });
    const calls = fake.seen.length;
    const error = await search('5').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GoogleAdsApiError);
    expect((error as GoogleAdsApiError).message).toContain('campaignError:DUPLICATE_CAMPAIGN_NAME');
    expect(fake.seen.length).toBe(calls + 1);
  });
});
