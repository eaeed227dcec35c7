import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/**
 * A real HTTP server on loopback speaking the parts of the LinkedIn Marketing API the LinkedIn
 * adapter uses, in LinkedIn's shapes: `/rest/…` with the `LinkedIn-Version` and
 * `X-Restli-Protocol-Version: 2.0.0` headers required, Rest.li 2.0 query syntax
 * (`search=(status:(values:List(ACTIVE)))`, `dateRange=(start:(year:…))`, `List(urn%3A…)`),
 * creates answering 201 with the new id in `x-restli-id`, partial updates
 * (`X-RestLi-Method: PARTIAL_UPDATE`, `{ patch: { $set } }`) answering 204, collections as
 * `{ elements, paging, metadata: { nextPageToken } }`, errors as `{ status, serviceErrorCode,
 * code, message }` (401 EXPIRED_ACCESS_TOKEN / REVOKED_ACCESS_TOKEN, 429 with Retry-After).
 *
 * OAuth (`/oauth/v2`): `authorize()` plays the member on the consent screen; `accessToken`
 * exchanges codes and refresh tokens (form-encoded, `{ error, error_description }` on failure);
 * `revoke` revokes.
 */

type Json = Record<string, unknown>;

export interface RecordedLinkedInRequest {
  method: string;
  path: string;
  query: string;
  headers: http.IncomingHttpHeaders;
  body: Json;
  /** When it arrived (ms since the epoch): shows the client waited as `Retry-After` asked. */
  at: number;
}

export interface FakeLinkedInAccount {
  id: number;
  name: string;
  currency: string;
  status: string;
}

export interface FakeLinkedInServer {
  /** API root to configure as LINKEDIN_API_BASE_URL. */
  url: string;
  /** OAuth root to configure as LINKEDIN_OAUTH_URL. */
  oauthUrl: string;
  clientId: string;
  clientSecret: string;
  requests: RecordedLinkedInRequest[];
  /** Entities created, by id (groups and campaigns: numeric; creatives: their URN). */
  objects: Map<string, Json & { kind: string }>;
  accounts: FakeLinkedInAccount[];
  authorize(authorizationUrl: string): { code: string; state: string; redirectUri: string };
  /** The next call to a path matching `pattern` answers 429 with `Retry-After: <seconds>`. */
  rateLimitOnce(pattern: RegExp, retryAfterSeconds: number): void;
  /** Every access token issued so far answers 401 EXPIRED_ACCESS_TOKEN from now on. */
  expireTokens(): void;
  /** Refresh tokens issued so far are refused from now on. */
  refuseRefreshes(): void;
  /** Analytics elements (LinkedIn shape) for a creative URN. */
  setAnalytics(creativeUrn: string, rows: Json[]): void;
  revokedTokens: string[];
  close(): Promise<void>;
}

/** The geo URNs the typeahead knows (LinkedIn's ids for these countries). */
const geos: Record<string, string> = {
  'Costa Rica': 'urn:li:geo:101739942',
  Panama: 'urn:li:geo:100808673',
  'United States': 'urn:li:geo:103644278',
};
const interests: Record<string, string> = {
  Cycling: 'urn:li:interest:651',
  'Electric vehicles': 'urn:li:interest:2134',
};

export async function startFakeLinkedInServer(
  options: { accounts?: FakeLinkedInAccount[]; refreshable?: boolean } = {},
): Promise<FakeLinkedInServer> {
  const clientId = `78${randomBytes(6).toString('hex')}`;
  const clientSecret = `WPL_AP1.${randomBytes(12).toString('hex')}`;
  const requests: RecordedLinkedInRequest[] = [];
  const objects = new Map<string, Json & { kind: string }>();
  const accounts = options.accounts ?? [
    { id: 507_404_993, name: 'Volta Bikes LinkedIn', currency: 'USD', status: 'ACTIVE' },
    { id: 507_404_994, name: 'Volta Archive', currency: 'USD', status: 'ACTIVE' },
  ];
  const codes = new Map<string, string>();
  const tokens = new Set<string>();
  const refreshTokens = new Set<string>();
  const expired = new Set<string>();
  const revokedTokens: string[] = [];
  const analytics = new Map<string, Json[]>();
  let rateLimited: { pattern: RegExp; seconds: number } | undefined;
  let nextId = 600_000_000;

  const send = (
    response: http.ServerResponse,
    status: number,
    body?: unknown,
    headers: Record<string, string> = {},
  ) => {
    response.writeHead(status, {
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...headers,
    });
    response.end(body === undefined ? undefined : JSON.stringify(body));
  };
  const restError = (
    response: http.ServerResponse,
    status: number,
    code: string,
    message: string,
    serviceErrorCode: number,
    headers: Record<string, string> = {},
  ) => send(response, status, { status, serviceErrorCode, code, message }, headers);

  const issue = () => {
    const token = `AQV${randomBytes(24).toString('base64url')}`;
    tokens.add(token);
    const answer: Json = {
      access_token: token,
      expires_in: 5_184_000,
      scope: 'r_ads,r_ads_reporting,rw_ads',
    };
    if (options.refreshable) {
      const refresh = `AQX${randomBytes(24).toString('base64url')}`;
      refreshTokens.add(refresh);
      Object.assign(answer, { refresh_token: refresh, refresh_token_expires_in: 31_536_000 });
    }
    return answer;
  };

  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const url = new URL(request.url ?? '/', 'http://localhost');
      const raw = Buffer.concat(chunks).toString();
      const form = request.headers['content-type']?.startsWith('application/x-www-form-urlencoded');
      let body: Json = {};
      try {
        body = form
          ? Object.fromEntries(new URLSearchParams(raw))
          : raw
            ? (JSON.parse(raw) as Json)
            : {};
      } catch {
        return restError(response, 400, 'ILLEGAL_ARGUMENT', 'Malformed JSON', 100);
      }
      const query = url.search.slice(1);
      requests.push({
        method: request.method ?? 'GET',
        path: url.pathname,
        query,
        headers: request.headers,
        body,
        at: Date.now(),
      });

      if (url.pathname === '/oauth/v2/accessToken' && request.method === 'POST') {
        if (body.client_id !== clientId || body.client_secret !== clientSecret)
          return send(response, 401, {
            error: 'invalid_client',
            error_description: 'Client authentication failed',
          });
        if (body.grant_type === 'refresh_token') {
          if (!refreshTokens.has(String(body.refresh_token)))
            return send(response, 400, {
              error: 'invalid_request',
              error_description:
                'The provided authorization grant or refresh token is invalid, expired or revoked',
            });
          return send(response, 200, { ...issue(), refresh_token: body.refresh_token });
        }
        const redirect = codes.get(String(body.code));
        codes.delete(String(body.code));
        if (body.grant_type !== 'authorization_code' || !redirect || redirect !== body.redirect_uri)
          return send(response, 400, {
            error: 'invalid_request',
            error_description: 'Unable to retrieve access token: authorization code not found',
          });
        return send(response, 200, issue());
      }
      if (url.pathname === '/oauth/v2/revoke' && request.method === 'POST') {
        if (body.client_id !== clientId || body.client_secret !== clientSecret)
          return send(response, 401, {
            error: 'invalid_client',
            error_description: 'Client authentication failed',
          });
        const token = String(body.token);
        if (tokens.delete(token)) revokedTokens.push(token);
        return send(response, 200);
      }

      if (!url.pathname.startsWith('/rest/'))
        return restError(response, 404, 'NOT_FOUND', `No resource at ${url.pathname}`, 100);
      const path = url.pathname.slice('/rest/'.length);
      if (!/^\d{6}$/.test(String(request.headers['linkedin-version'] ?? '')))
        return restError(
          response,
          400,
          'VERSION_MISSING',
          'A version must be present. Please specify a version by adding the LinkedIn-Version header.',
          100,
        );
      if (request.headers['x-restli-protocol-version'] !== '2.0.0')
        return restError(
          response,
          400,
          'ILLEGAL_ARGUMENT',
          'Rest.li protocol 2.0.0 is required',
          100,
        );
      const auth = request.headers.authorization ?? '';
      const token = auth.startsWith('Bearer ') ? auth.slice(7) : '';
      if (revokedTokens.includes(token))
        return restError(
          response,
          401,
          'REVOKED_ACCESS_TOKEN',
          'The token used in the request has been revoked by the user',
          65602,
        );
      if (!tokens.has(token))
        return restError(response, 401, 'INVALID_ACCESS_TOKEN', 'Invalid access token', 65600);
      if (expired.has(token))
        return restError(
          response,
          401,
          'EXPIRED_ACCESS_TOKEN',
          'The token used in the request has expired',
          65601,
        );
      if (rateLimited?.pattern.test(path)) {
        const { seconds } = rateLimited;
        rateLimited = undefined;
        return restError(
          response,
          429,
          'TOO_MANY_REQUESTS',
          'Resource level throttle APPLICATION_AND_MEMBER DAY limit for calls to this resource is reached.',
          101,
          { 'retry-after': String(seconds) },
        );
      }

      if (path === 'adAccounts' && request.method === 'GET') {
        if (
          url.searchParams.get('q') !== 'search' ||
          url.searchParams.get('search') !== '(status:(values:List(ACTIVE)))'
        )
          return restError(
            response,
            400,
            'ILLEGAL_ARGUMENT',
            'Invalid query parameters passed to request',
            100,
          );
        // One account a page, to exercise the page token.
        const index = Number(url.searchParams.get('pageToken') ?? '0');
        const next = index + 1 < accounts.length ? String(index + 1) : undefined;
        return send(response, 200, {
          elements: accounts
            .slice(index, index + 1)
            .map((a) => ({ ...a, type: 'BUSINESS', reference: 'urn:li:organization:1337' })),
          paging: { start: 0, count: 1, links: [] },
          metadata: next ? { nextPageToken: next } : {},
        });
      }
      if (path === 'adTargetingEntities' && request.method === 'GET') {
        const facet = url.searchParams.get('facet');
        const wanted = (url.searchParams.get('query') ?? '').toLowerCase();
        const table =
          facet === 'urn:li:adTargetingFacet:locations'
            ? geos
            : facet === 'urn:li:adTargetingFacet:interests'
              ? interests
              : undefined;
        if (url.searchParams.get('q') !== 'typeahead' || !table)
          return restError(response, 400, 'ILLEGAL_ARGUMENT', 'Unknown facet', 100);
        return send(response, 200, {
          elements: Object.entries(table)
            .filter(([name]) => name.toLowerCase().startsWith(wanted))
            .map(([name, urn]) => ({ urn, name, facetUrn: facet })),
          paging: { start: 0, count: 10, links: [] },
        });
      }

      const scoped =
        /^adAccounts\/(\d+)\/(adCampaignGroups|adCampaigns|creatives)(?:\/(.+))?$/.exec(path);
      if (scoped) {
        const [, accountId, kind, entity] = scoped;
        const account = accounts.find((a) => String(a.id) === accountId);
        if (!account)
          return restError(
            response,
            403,
            'ACCESS_DENIED',
            'Not enough permissions to access: partnerApiAdAccounts',
            100,
          );
        if (request.method !== 'POST')
          return restError(response, 405, 'METHOD_NOT_ALLOWED', 'Method not allowed', 100);
        if (entity) {
          const found = objects.get(decodeURIComponent(entity));
          if (!found) return restError(response, 404, 'NOT_FOUND', 'Entity not found', 100);
          if (request.headers['x-restli-method'] !== 'PARTIAL_UPDATE')
            return restError(
              response,
              400,
              'ILLEGAL_ARGUMENT',
              'X-RestLi-Method must be PARTIAL_UPDATE',
              100,
            );
          const set = ((body.patch as Json | undefined)?.$set ?? {}) as Json;
          Object.assign(found, set);
          return send(response, 204);
        }
        if (kind === 'adCampaigns') {
          const budget = body.dailyBudget as
            { amount?: unknown; currencyCode?: unknown } | undefined;
          if (
            typeof budget?.amount !== 'string' ||
            !/^\d+(\.\d+)?$/.test(budget.amount) ||
            budget.currencyCode !== account.currency
          )
            return restError(
              response,
              400,
              'FIELD_VALUE_DENIED',
              '/dailyBudget :: must be a money amount in the account currency',
              100,
            );
          const group = String(body.campaignGroup ?? '').replace(
            'urn:li:sponsoredCampaignGroup:',
            '',
          );
          if (objects.get(group)?.kind !== 'adCampaignGroups')
            return restError(
              response,
              400,
              'FIELD_VALUE_DENIED',
              '/campaignGroup :: does not exist',
              100,
            );
        }
        if (kind === 'creatives') {
          const campaign = String(body.campaign ?? '').replace('urn:li:sponsoredCampaign:', '');
          if (objects.get(campaign)?.kind !== 'adCampaigns')
            return restError(
              response,
              400,
              'FIELD_VALUE_DENIED',
              '/campaign :: does not exist',
              100,
            );
          const id = `urn:li:sponsoredCreative:${nextId++}`;
          objects.set(id, { ...body, kind: kind! });
          return send(response, 201, undefined, { 'x-restli-id': encodeURIComponent(id) });
        }
        const id = String(nextId++);
        objects.set(id, { ...body, kind: kind! });
        return send(response, 201, undefined, { 'x-restli-id': id, location: `/${kind}/${id}` });
      }

      if (path === 'adAnalytics' && request.method === 'GET') {
        const range =
          /^\(start:\(year:(\d+),month:(\d+),day:(\d+)\),end:\(year:(\d+),month:(\d+),day:(\d+)\)\)$/.exec(
            url.searchParams.get('dateRange') ?? '',
          );
        const list = /^List\((.+)\)$/.exec(url.searchParams.get('creatives') ?? '');
        if (
          url.searchParams.get('q') !== 'analytics' ||
          !range ||
          !list ||
          url.searchParams.get('timeGranularity') !== 'DAILY'
        )
          return restError(
            response,
            400,
            'ILLEGAL_ARGUMENT',
            'Invalid query parameters passed to request',
            100,
          );
        const day = (y: string, m: string, d: string) =>
          `${y}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`;
        const from = day(range[1]!, range[2]!, range[3]!);
        const to = day(range[4]!, range[5]!, range[6]!);
        const elements = list[1]!
          .split(',')
          .flatMap((urn) => analytics.get(decodeURIComponent(urn)) ?? [])
          .filter((row) => {
            const start = (row.dateRange as { start: { year: number; month: number; day: number } })
              .start;
            const at = day(String(start.year), String(start.month), String(start.day));
            return at >= from && at <= to;
          });
        return send(response, 200, { elements, paging: { start: 0, count: 10, links: [] } });
      }
      return restError(response, 404, 'NOT_FOUND', `No resource at ${path}`, 100);
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
    oauthUrl: `${url}/oauth/v2`,
    clientId,
    clientSecret,
    requests,
    objects,
    accounts,
    revokedTokens,
    authorize(authorizationUrl) {
      const page = new URL(authorizationUrl);
      if (page.pathname !== '/oauth/v2/authorization')
        throw new Error(`Not the consent screen: ${page.pathname}`);
      if (page.searchParams.get('client_id') !== clientId) throw new Error('Wrong client_id');
      if (page.searchParams.get('response_type') !== 'code')
        throw new Error('response_type must be code');
      const state = page.searchParams.get('state');
      const redirectUri = page.searchParams.get('redirect_uri');
      if (!state || !redirectUri) throw new Error('state and redirect_uri are required');
      const code = `AQT${randomBytes(20).toString('base64url')}`;
      codes.set(code, redirectUri);
      return { code, state, redirectUri };
    },
    rateLimitOnce(pattern, retryAfterSeconds) {
      rateLimited = { pattern, seconds: retryAfterSeconds };
    },
    expireTokens() {
      for (const token of tokens) expired.add(token);
    },
    refuseRefreshes() {
      refreshTokens.clear();
    },
    setAnalytics(creativeUrn, rows) {
      analytics.set(creativeUrn, rows);
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
