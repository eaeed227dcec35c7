import { createHash, randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/**
 * A real HTTP server on loopback playing Google's OAuth 2.0 endpoints (token, revoke) and the
 * parts of the Google Ads API REST interface the adapter uses, in Google's shapes: JSON with
 * camelCase fields and int64 values as strings, `{ results: [{ resourceName }] }` from every
 * `:mutate`, `customers:listAccessibleCustomers`, GAQL through `googleAds:search` (`customer`,
 * `customer_client`) and `googleAds:searchStream` (`geographic_view`: a JSON array of batches),
 * and errors as google.rpc.Status with a GoogleAdsFailure in `details` (`errorCode`,
 * `quotaErrorDetails.retryDelay` on RESOURCE_EXHAUSTED, OAUTH_TOKEN_EXPIRED on UNAUTHENTICATED).
 * OAuth errors are `{ error, error_description }` (`invalid_grant`).
 *
 * `authorize()` plays the user on Google's consent screen (checks offline access, forced consent,
 * the adwords scope and the PKCE S256 challenge). Tests can script a rate limit once, expire the
 * access tokens (refresh still works), or revoke every grant (refresh answers invalid_grant).
 */

type Json = Record<string, unknown>;

export interface RecordedGoogleRequest {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  body: Json;
  form: Record<string, string>;
}

export interface FakeGoogleCustomer {
  id: string;
  descriptiveName: string;
  currencyCode: string;
  manager: boolean;
  status: string;
  /** Ids of the accounts a manager holds. */
  clients?: string[];
}

export interface FakeGoogleAdsServer {
  /** Root of both the API (GOOGLE_ADS_API_BASE_URL) and OAuth (`/token`, `/revoke`, `/auth`). */
  url: string;
  clientId: string;
  clientSecret: string;
  developerToken: string;
  requests: RecordedGoogleRequest[];
  /** Objects created through `:mutate`, by resource name. */
  objects: Map<string, Json & { service: string }>;
  customers: FakeGoogleCustomer[];
  /** Customers the consenting user reaches directly. */
  accessible: string[];
  /** Plays the user on the consent screen: returns the code and state to send back. */
  authorize(authorizationUrl: string): { code: string; state: string; redirectUri: string };
  /** The next API call to a path matching `pattern` answers 429 RESOURCE_EXHAUSTED. */
  rateLimitOnce(pattern: RegExp, retryDelay?: string): void;
  /** Every access token issued so far is expired (refresh tokens still work). */
  expireAccessTokens(): void;
  /** Every grant is revoked: access tokens refused and refreshes answer invalid_grant. */
  revokeAllGrants(): void;
  /** Geographic-view rows an ad group reports (REST JSON, one per day, country and type). */
  setGeographicView(adGroupId: string, rows: Json[]): void;
  revokedTokens: string[];
  close(): Promise<void>;
}

const version = 'v22';
const adwords = 'https://www.googleapis.com/auth/adwords';

export async function startFakeGoogleAdsServer(
  options: { customers?: FakeGoogleCustomer[]; accessible?: string[] } = {},
): Promise<FakeGoogleAdsServer> {
  const clientId = '1234567890-fake.apps.googleusercontent.com';
  const clientSecret = `GOCSPX-${randomBytes(12).toString('base64url')}`;
  const developerToken = randomBytes(11).toString('base64url');
  const requests: RecordedGoogleRequest[] = [];
  const objects = new Map<string, Json & { service: string }>();
  const customers = options.customers ?? [
    {
      id: '1112223333',
      descriptiveName: 'Agency MCC',
      currencyCode: 'USD',
      manager: true,
      status: 'ENABLED',
      clients: ['4445556666'],
    },
    {
      id: '4445556666',
      descriptiveName: 'Volta Bikes Search',
      currencyCode: 'USD',
      manager: false,
      status: 'ENABLED',
    },
    {
      id: '7778889999',
      descriptiveName: 'Volta Bikes Japan',
      currencyCode: 'JPY',
      manager: false,
      status: 'ENABLED',
    },
  ];
  const accessible = options.accessible ?? ['1112223333', '7778889999'];
  const codes = new Map<string, { challenge: string; redirectUri: string; grant: string }>();
  /** access token → its grant; refresh token → its grant. */
  const accessTokens = new Map<string, string>();
  const refreshTokens = new Map<string, string>();
  const expired = new Set<string>();
  const revokedGrants = new Set<string>();
  const geographic = new Map<string, Json[]>();
  const revokedTokens: string[] = [];
  let rateLimited: { pattern: RegExp; retryDelay: string } | undefined;
  let nextId = 20_000_000_000;
  const newId = () => String(nextId++);
  const requestId = () => randomBytes(11).toString('base64url');

  const send = (response: http.ServerResponse, status: number, body: unknown) => {
    response.writeHead(status, { 'content-type': 'application/json; charset=UTF-8' });
    response.end(JSON.stringify(body));
  };
  const adsError = (
    response: http.ServerResponse,
    code: number,
    status: string,
    message: string,
    errors: Json[],
  ) =>
    send(response, code, {
      error: {
        code,
        message,
        status,
        details: [
          {
            '@type': `type.googleapis.com/google.ads.googleads.${version}.errors.GoogleAdsFailure`,
            errors,
            requestId: requestId(),
          },
        ],
      },
    });
  const invalid = (response: http.ServerResponse, errorCode: Json, message: string) =>
    adsError(response, 400, 'INVALID_ARGUMENT', 'Request contains an invalid argument.', [
      { errorCode, message },
    ]);
  const oauthError = (
    response: http.ServerResponse,
    status: number,
    error: string,
    description: string,
  ) => send(response, status, { error, error_description: description });

  const issueAccess = (grant: string) => {
    const token = `ya29.${randomBytes(24).toString('base64url')}`;
    accessTokens.set(token, grant);
    return token;
  };

  function oauth(path: string, form: Record<string, string>, response: http.ServerResponse) {
    if (path === '/revoke') {
      const token = form.token ?? '';
      const grant = refreshTokens.get(token) ?? accessTokens.get(token);
      if (!grant || revokedGrants.has(grant))
        return oauthError(response, 400, 'invalid_token', 'Token expired or revoked');
      revokedGrants.add(grant);
      revokedTokens.push(token);
      return send(response, 200, {});
    }
    if (form.client_id !== clientId || form.client_secret !== clientSecret)
      return oauthError(response, 401, 'invalid_client', 'The OAuth client was not found.');
    if (form.grant_type === 'authorization_code') {
      const code = codes.get(form.code ?? '');
      codes.delete(form.code ?? '');
      if (!code || code.redirectUri !== form.redirect_uri)
        return oauthError(response, 400, 'invalid_grant', 'Malformed auth code.');
      const challenge = createHash('sha256')
        .update(form.code_verifier ?? '')
        .digest('base64url');
      if (challenge !== code.challenge)
        return oauthError(response, 400, 'invalid_grant', 'Invalid code verifier.');
      const refresh = `1//${randomBytes(30).toString('base64url')}`;
      refreshTokens.set(refresh, code.grant);
      return send(response, 200, {
        access_token: issueAccess(code.grant),
        expires_in: 3599,
        refresh_token: refresh,
        scope: adwords,
        token_type: 'Bearer',
      });
    }
    if (form.grant_type === 'refresh_token') {
      const grant = refreshTokens.get(form.refresh_token ?? '');
      if (!grant || revokedGrants.has(grant))
        return oauthError(response, 400, 'invalid_grant', 'Token has been expired or revoked.');
      return send(response, 200, {
        access_token: issueAccess(grant),
        expires_in: 3599,
        scope: adwords,
        token_type: 'Bearer',
      });
    }
    return oauthError(response, 400, 'unsupported_grant_type', 'Invalid grant_type');
  }

  function authenticated(request: http.IncomingMessage, response: http.ServerResponse) {
    const auth = request.headers.authorization ?? '';
    const token = auth.startsWith('Bearer ') ? auth.slice(7) : '';
    const grant = accessTokens.get(token);
    if (!grant) {
      send(response, 401, {
        error: {
          code: 401,
          message:
            'Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential.',
          status: 'UNAUTHENTICATED',
        },
      });
      return false;
    }
    if (expired.has(token) || revokedGrants.has(grant)) {
      adsError(
        response,
        401,
        'UNAUTHENTICATED',
        'Request is missing required authentication credential.',
        [
          {
            errorCode: {
              authenticationError: revokedGrants.has(grant)
                ? 'OAUTH_TOKEN_REVOKED'
                : 'OAUTH_TOKEN_EXPIRED',
            },
            message: 'Oauth token in the header has expired.',
          },
        ],
      );
      return false;
    }
    if (request.headers['developer-token'] !== developerToken) {
      adsError(response, 401, 'UNAUTHENTICATED', 'The developer token is not valid.', [
        {
          errorCode: { authenticationError: 'DEVELOPER_TOKEN_INVALID' },
          message: 'The developer token is not valid.',
        },
      ]);
      return false;
    }
    return true;
  }

  /** Whether the caller may act on `customerId` (directly, or as `login-customer-id`'s client). */
  function reaches(request: http.IncomingMessage, customerId: string): boolean {
    const login = request.headers['login-customer-id'];
    if (typeof login === 'string') {
      const manager = customers.find((c) => c.id === login);
      return (
        accessible.includes(login) &&
        (login === customerId || (manager?.clients ?? []).includes(customerId))
      );
    }
    return accessible.includes(customerId);
  }

  function mutate(customerId: string, service: string, body: Json, response: http.ServerResponse) {
    const operations = (body.operations ?? []) as Json[];
    if (!Array.isArray(operations) || operations.length === 0)
      return invalid(
        response,
        { requestError: 'OPERATIONS_REQUIRED' },
        'At least one operation is required.',
      );
    const results: { resourceName: string }[] = [];
    const prefix = `customers/${customerId}`;
    const created: [string, Json & { service: string }][] = [];
    for (const operation of operations) {
      if (operation.update) {
        const update = operation.update as Json;
        const found = objects.get(String(update.resourceName));
        if (!found)
          return invalid(
            response,
            { mutateError: 'RESOURCE_NOT_FOUND' },
            'Resource was not found.',
          );
        if (operation.updateMask !== 'status')
          return invalid(
            response,
            { fieldMaskError: 'FIELD_NOT_FOUND' },
            'updateMask must name status.',
          );
        if (!['ENABLED', 'PAUSED', 'REMOVED'].includes(String(update.status)))
          return invalid(response, { fieldError: 'INVALID_VALUE' }, 'Invalid status.');
        found.status = update.status;
        results.push({ resourceName: String(update.resourceName) });
        continue;
      }
      const create = operation.create as Json | undefined;
      if (!create)
        return invalid(
          response,
          { requestError: 'OPERATION_REQUIRED' },
          'Operation has no create or update.',
        );
      const exists = (name: unknown) => typeof name === 'string' && objects.has(name);
      const sameName = (kind: string) =>
        [...objects.values()].some(
          (o) => o.service === kind && o.name === create.name && o.customer === customerId,
        );
      let resourceName: string;
      switch (service) {
        case 'campaignBudgets':
          if (!/^\d+$/.test(String(create.amountMicros)))
            return invalid(
              response,
              { fieldError: 'REQUIRED' },
              'amountMicros must be an int64 string.',
            );
          if (Number(create.amountMicros) % 10_000 !== 0)
            return invalid(
              response,
              { campaignBudgetError: 'NON_MULTIPLE_OF_MINIMUM_CURRENCY_UNIT' },
              'Budget amount is not a multiple of the minimum currency unit.',
            );
          if (sameName('campaignBudgets'))
            return invalid(
              response,
              { campaignBudgetError: 'DUPLICATE_NAME' },
              'Budget name is already in use.',
            );
          resourceName = `${prefix}/campaignBudgets/${newId()}`;
          break;
        case 'campaigns':
          if (!exists(create.campaignBudget))
            return invalid(
              response,
              { campaignError: 'CAMPAIGN_BUDGET_REQUIRED' },
              'A campaign budget is required.',
            );
          if (create.advertisingChannelType !== 'SEARCH')
            return invalid(
              response,
              { fieldError: 'REQUIRED' },
              'advertisingChannelType is required.',
            );
          if (
            !String(create.containsEuPoliticalAdvertising ?? '').includes(
              'EU_POLITICAL_ADVERTISING',
            )
          )
            return invalid(
              response,
              { campaignError: 'MISSING_EU_POLITICAL_ADVERTISING_SELF_DECLARATION' },
              'The EU political advertising declaration is missing.',
            );
          if (!/^\d{4}-\d{2}-\d{2}$/.test(String(create.startDate)))
            return invalid(
              response,
              { dateError: 'INVALID_FIELD_VALUES_IN_DATE' },
              'startDate must be YYYY-MM-DD.',
            );
          if (sameName('campaigns'))
            return invalid(
              response,
              { campaignError: 'DUPLICATE_CAMPAIGN_NAME' },
              'Campaign with this name already exists.',
            );
          resourceName = `${prefix}/campaigns/${newId()}`;
          break;
        case 'campaignCriteria': {
          if (!exists(create.campaign))
            return invalid(
              response,
              { mutateError: 'RESOURCE_NOT_FOUND' },
              'Campaign was not found.',
            );
          const geo = (create.location as Json | undefined)?.geoTargetConstant;
          if (!/^geoTargetConstants\/\d+$/.test(String(geo)))
            return invalid(
              response,
              { criterionError: 'INVALID_GEO_TARGET_CONSTANT' },
              'Invalid geo target constant.',
            );
          const campaignId = String(create.campaign).split('/').pop();
          resourceName = `${prefix}/campaignCriteria/${campaignId}~${String(geo).split('/')[1]}`;
          break;
        }
        case 'adGroups':
          if (!exists(create.campaign))
            return invalid(
              response,
              { mutateError: 'RESOURCE_NOT_FOUND' },
              'Campaign was not found.',
            );
          resourceName = `${prefix}/adGroups/${newId()}`;
          break;
        case 'adGroupCriteria': {
          if (!exists(create.adGroup))
            return invalid(
              response,
              { mutateError: 'RESOURCE_NOT_FOUND' },
              'Ad group was not found.',
            );
          const keyword = create.keyword as Json | undefined;
          if (!keyword || String(keyword.text).length > 80)
            return invalid(
              response,
              { criterionError: 'KEYWORD_TEXT_TOO_LONG' },
              'Keyword text is too long.',
            );
          const adGroupId = String(create.adGroup).split('/').pop();
          resourceName = `${prefix}/adGroupCriteria/${adGroupId}~${newId()}`;
          break;
        }
        case 'adGroupAds': {
          if (!exists(create.adGroup))
            return invalid(
              response,
              { mutateError: 'RESOURCE_NOT_FOUND' },
              'Ad group was not found.',
            );
          const ad = (create.ad ?? {}) as Json;
          const rsa = (ad.responsiveSearchAd ?? {}) as {
            headlines?: Json[];
            descriptions?: Json[];
          };
          const headlines = rsa.headlines ?? [];
          const descriptions = rsa.descriptions ?? [];
          if (headlines.length < 3 || descriptions.length < 2)
            return invalid(
              response,
              { adError: 'TOO_FEW_HEADLINES' },
              'Too few headlines or descriptions.',
            );
          if (headlines.length > 15 || descriptions.length > 4)
            return invalid(
              response,
              { adError: 'TOO_MANY_HEADLINES' },
              'Too many headlines or descriptions.',
            );
          if (
            headlines.some((h) => String(h.text).length > 30) ||
            descriptions.some((d) => String(d.text).length > 90)
          )
            return invalid(response, { adError: 'TOO_LONG' }, 'Too long.');
          if (!Array.isArray(ad.finalUrls) || ad.finalUrls.length === 0)
            return invalid(response, { adError: 'FINAL_URL_REQUIRED' }, 'A final URL is required.');
          const adGroupId = String(create.adGroup).split('/').pop();
          resourceName = `${prefix}/adGroupAds/${adGroupId}~${newId()}`;
          break;
        }
        default:
          return send(response, 404, {
            error: { code: 404, message: 'Not found', status: 'NOT_FOUND' },
          });
      }
      created.push([resourceName, { ...create, service, customer: customerId }]);
      results.push({ resourceName });
    }
    // Atomic like the real API: nothing is kept when one operation fails.
    for (const [name, object] of created) objects.set(name, object);
    return send(response, 200, { results });
  }

  function search(
    customerId: string,
    request: http.IncomingMessage,
    query: string,
    response: http.ServerResponse,
  ) {
    if (/FROM customer_client\b/.test(query)) {
      const manager = customers.find((c) => c.id === customerId);
      const wanted = /customer_client\.id = (\d+)/.exec(query)?.[1];
      const rows = (manager?.clients ?? [])
        .filter((id) => !wanted || id === wanted)
        .flatMap((id) => customers.filter((c) => c.id === id))
        .map(({ clients: _clients, ...c }) => ({
          customerClient: { resourceName: `customers/${customerId}/customerClients/${c.id}`, ...c },
        }));
      return send(response, 200, {
        results: rows,
        fieldMask: 'customerClient.id',
        requestId: requestId(),
      });
    }
    if (/FROM customer\b/.test(query)) {
      const found = customers.find((c) => c.id === customerId);
      const { clients: _clients, ...customer } = found!;
      return send(response, 200, {
        results: [{ customer: { resourceName: `customers/${customerId}`, ...customer } }],
        fieldMask:
          'customer.id,customer.descriptiveName,customer.currencyCode,customer.manager,customer.status',
        requestId: requestId(),
      });
    }
    return invalid(
      response,
      { queryError: 'PROHIBITED_RESOURCE_TYPE_IN_FROM_CLAUSE' },
      `Unsupported query: ${query}`,
    );
  }

  function searchStream(query: string, response: http.ServerResponse) {
    const match =
      /FROM geographic_view WHERE ad_group\.id = (\d+) AND segments\.date BETWEEN '([\d-]+)' AND '([\d-]+)'/.exec(
        query,
      );
    if (!match)
      return invalid(
        response,
        { queryError: 'UNEXPECTED_END_OF_QUERY' },
        `Unsupported query: ${query}`,
      );
    const [, adGroupId, from, to] = match;
    const rows = (geographic.get(adGroupId!) ?? []).filter((row) => {
      const day = String((row.segments as Json | undefined)?.date ?? '');
      return day >= from! && day <= to!;
    });
    return send(response, 200, [
      {
        results: rows,
        fieldMask:
          'geographicView.countryCriterionId,geographicView.locationType,segments.date,metrics.impressions,metrics.clicks,metrics.costMicros,metrics.conversions,metrics.conversionsValue',
        requestId: requestId(),
      },
    ]);
  }

  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const url = new URL(request.url ?? '/', 'http://localhost');
      const raw = Buffer.concat(chunks).toString();
      const isForm = (request.headers['content-type'] ?? '').startsWith(
        'application/x-www-form-urlencoded',
      );
      let body: Json = {};
      try {
        body = raw && !isForm ? (JSON.parse(raw) as Json) : {};
      } catch {
        return invalid(
          response,
          { requestError: 'INVALID_INPUT' },
          'Invalid JSON payload received.',
        );
      }
      const form = isForm ? Object.fromEntries(new URLSearchParams(raw)) : {};
      const path = url.pathname;
      requests.push({
        method: request.method ?? 'GET',
        path,
        headers: request.headers,
        body,
        form,
      });

      if (request.method === 'POST' && (path === '/token' || path === '/revoke'))
        return oauth(path, form, response);

      if (!path.startsWith(`/${version}/`))
        return send(response, 404, {
          error: { code: 404, message: 'Not Found', status: 'NOT_FOUND' },
        });
      const rest = path.slice(version.length + 2);
      if (rateLimited?.pattern.test(rest)) {
        const { retryDelay } = rateLimited;
        rateLimited = undefined;
        return adsError(
          response,
          429,
          'RESOURCE_EXHAUSTED',
          'Resource has been exhausted (e.g. check quota).',
          [
            {
              errorCode: { quotaError: 'RESOURCE_TEMPORARILY_EXHAUSTED' },
              message: 'Too many requests. Retry in 1 seconds.',
              details: {
                quotaErrorDetails: {
                  rateScope: 'ACCOUNT',
                  rateName: 'Requests per account',
                  retryDelay,
                },
              },
            },
          ],
        );
      }
      if (!authenticated(request, response)) return;

      if (rest === 'customers:listAccessibleCustomers' && request.method === 'GET')
        return send(response, 200, { resourceNames: accessible.map((id) => `customers/${id}`) });

      const call = /^customers\/(\d+)\/(?:(googleAds):(search|searchStream)|(\w+):mutate)$/.exec(
        rest,
      );
      if (!call || request.method !== 'POST')
        return send(response, 404, {
          error: { code: 404, message: 'Not Found', status: 'NOT_FOUND' },
        });
      const [, customerId, , method, service] = call;
      if (!reaches(request, customerId!))
        return adsError(response, 403, 'PERMISSION_DENIED', 'The caller does not have permission', [
          {
            errorCode: { authorizationError: 'USER_PERMISSION_DENIED' },
            message:
              "User doesn't have permission to access customer. Note: If you're accessing a client customer, the manager's customer id must be set in the 'login-customer-id' header.",
          },
        ]);
      if (method === 'search')
        return search(customerId!, request, String(body.query ?? ''), response);
      if (method === 'searchStream') return searchStream(String(body.query ?? ''), response);
      return mutate(customerId!, service!, body, response);
    });
  });
  const sockets = new Set<Socket>();
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url,
    clientId,
    clientSecret,
    developerToken,
    requests,
    objects,
    customers,
    accessible,
    revokedTokens,
    authorize(authorizationUrl) {
      const consent = new URL(authorizationUrl);
      const q = consent.searchParams;
      if (consent.pathname !== '/auth')
        throw new Error(`Not the consent screen: ${consent.pathname}`);
      if (q.get('client_id') !== clientId) throw new Error('Wrong client_id');
      if (q.get('response_type') !== 'code') throw new Error('response_type must be code');
      if (q.get('access_type') !== 'offline') throw new Error('access_type must be offline');
      if (q.get('prompt') !== 'consent') throw new Error('prompt must be consent');
      if (!(q.get('scope') ?? '').split(' ').includes(adwords))
        throw new Error('adwords scope missing');
      if (q.get('code_challenge_method') !== 'S256') throw new Error('PKCE S256 required');
      const state = q.get('state');
      const redirectUri = q.get('redirect_uri');
      const challenge = q.get('code_challenge');
      if (!state || !redirectUri || !challenge)
        throw new Error('state, redirect_uri and code_challenge are required');
      const code = `4/0A${randomBytes(16).toString('base64url')}`;
      codes.set(code, { challenge, redirectUri, grant: randomBytes(8).toString('hex') });
      return { code, state, redirectUri };
    },
    rateLimitOnce(pattern, retryDelay = '0.01s') {
      rateLimited = { pattern, retryDelay };
    },
    expireAccessTokens() {
      for (const token of accessTokens.keys()) expired.add(token);
    },
    revokeAllGrants() {
      for (const grant of accessTokens.values()) revokedGrants.add(grant);
    },
    setGeographicView(adGroupId, rows) {
      geographic.set(adGroupId, rows);
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
