import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/**
 * A real HTTP server on loopback speaking the parts of the TikTok Business API (v1.3) the TikTok
 * adapter uses, in TikTok's shapes: every answer is HTTP 200 with the envelope `{ code, message,
 * request_id, data }` (code 0 on success), ids are numeric strings, GET parameters are in the
 * query with arrays JSON-encoded, POST bodies are JSON, the token is the `Access-Token` header.
 * Errors use TikTok's codes: 40100 too many requests, 40102 access token expired, 40104 empty
 * token, 40105 token incorrect or revoked, 40002 invalid parameter.
 *
 * OAuth: `authorize()` plays the advertiser on the authorization page (checks the URL, answers an
 * `auth_code`); `oauth2/access_token/` exchanges it, `oauth2/refresh_token/` refreshes (tokens
 * are refreshable when the server is started with `refreshable`), `oauth2/revoke_token/` revokes.
 */

type Json = Record<string, unknown>;

export interface RecordedTikTokRequest {
  method: string;
  path: string;
  params: Json;
  token: string | undefined;
}

export interface FakeAdvertiser {
  advertiser_id: string;
  name: string;
  currency: string;
  status: string;
}

export interface FakeTikTokServer {
  /** API root to configure as TIKTOK_API_BASE_URL. */
  url: string;
  /** Authorization page to configure as TIKTOK_AUTH_URL. */
  authUrl: string;
  appId: string;
  secret: string;
  requests: RecordedTikTokRequest[];
  /** Objects created through the API, by id: campaigns, ad groups, ads. */
  objects: Map<string, Json & { kind: string }>;
  advertisers: FakeAdvertiser[];
  authorize(authorizationUrl: string): { code: string; state: string; redirectUri: string };
  /** The next call to a path matching `pattern` answers 40100 (too many requests). */
  rateLimitOnce(pattern: RegExp): void;
  /** Every access token issued so far answers 40102 (expired) from now on. */
  expireTokens(): void;
  /** Refresh tokens issued so far are refused from now on (the advertiser revoked the app). */
  refuseRefreshes(): void;
  /** Report rows (TikTok shape: `{ dimensions, metrics }`) for an ad. */
  setReport(adId: string, rows: Json[]): void;
  revokedTokens: string[];
  close(): Promise<void>;
}

const prefix = '/open_api/v1.3/';

export async function startFakeTikTokServer(
  options: { advertisers?: FakeAdvertiser[]; refreshable?: boolean; maxPageSize?: number } = {},
): Promise<FakeTikTokServer> {
  const appId = '7100000000000000001';
  const secret = randomBytes(20).toString('hex');
  const requests: RecordedTikTokRequest[] = [];
  const objects = new Map<string, Json & { kind: string }>();
  const advertisers = options.advertisers ?? [
    {
      advertiser_id: '7001000000000000001',
      name: 'Volta TikTok',
      currency: 'USD',
      status: 'STATUS_ENABLE',
    },
  ];
  const codes = new Map<string, string>();
  const tokens = new Set<string>();
  const refreshTokens = new Set<string>();
  const expired = new Set<string>();
  const revokedTokens: string[] = [];
  const reports = new Map<string, Json[]>();
  let rateLimited: RegExp | undefined;
  let nextId = 1_790_000_000_000_000_000n;
  const newId = () => String(nextId++);
  const requestId = () => randomBytes(12).toString('hex');

  const answer = (response: http.ServerResponse, code: number, message: string, data: unknown) => {
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ code, message, request_id: requestId(), data }));
  };
  const ok = (response: http.ServerResponse, data: unknown) => answer(response, 0, 'OK', data);
  const fail = (response: http.ServerResponse, code: number, message: string) =>
    answer(response, code, message, {});

  const issue = () => {
    const token = randomBytes(20).toString('hex');
    tokens.add(token);
    const data: Json = {
      access_token: token,
      advertiser_ids: advertisers.map((a) => a.advertiser_id),
      scope: [4, 5, 6, 7, 8],
    };
    if (options.refreshable) {
      const refresh = randomBytes(20).toString('hex');
      refreshTokens.add(refresh);
      Object.assign(data, {
        refresh_token: refresh,
        access_token_expire_in: 86_400,
        refresh_token_expire_in: 31_536_000,
      });
    }
    return data;
  };

  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const url = new URL(request.url ?? '/', 'http://localhost');
      const params: Json = {};
      for (const [key, value] of url.searchParams) {
        try {
          params[key] = value.startsWith('[') || value.startsWith('{') ? JSON.parse(value) : value;
        } catch {
          params[key] = value;
        }
      }
      if (request.method === 'POST') {
        try {
          Object.assign(params, JSON.parse(Buffer.concat(chunks).toString() || '{}'));
        } catch {
          return fail(response, 40002, 'Invalid JSON body');
        }
      }
      const header = request.headers['access-token'];
      const token = Array.isArray(header) ? header[0] : header;
      const path = url.pathname.startsWith(prefix)
        ? url.pathname.slice(prefix.length)
        : url.pathname;
      requests.push({ method: request.method ?? 'GET', path, params, token });
      if (!url.pathname.startsWith(prefix)) return fail(response, 40002, 'Unknown path');

      const appOk = params.app_id === appId && params.secret === secret;
      if (path === 'oauth2/access_token/' && request.method === 'POST') {
        if (!appOk) return fail(response, 40001, 'App id or secret is invalid');
        const code = String(params.auth_code ?? '');
        if (!codes.has(code)) return fail(response, 40002, 'auth_code is invalid or has been used');
        codes.delete(code);
        return ok(response, issue());
      }
      if (path === 'oauth2/refresh_token/' && request.method === 'POST') {
        if (!appOk) return fail(response, 40001, 'App id or secret is invalid');
        const refresh = String(params.refresh_token ?? '');
        if (params.grant_type !== 'refresh_token' || !refreshTokens.has(refresh))
          return fail(response, 40105, 'The refresh token is invalid or has been revoked');
        return ok(response, { ...issue(), refresh_token: refresh });
      }
      if (path === 'oauth2/revoke_token/' && request.method === 'POST') {
        if (!appOk) return fail(response, 40001, 'App id or secret is invalid');
        const revoked = String(params.access_token ?? '');
        if (!tokens.delete(revoked))
          return fail(response, 40105, 'Access token is incorrect or has been revoked');
        revokedTokens.push(revoked);
        return ok(response, {});
      }

      if (!token) return fail(response, 40104, 'Access token is empty');
      if (!tokens.has(token))
        return fail(response, 40105, 'Access token is incorrect or has been revoked');
      if (expired.has(token)) return fail(response, 40102, 'Access token has expired');
      if (rateLimited?.test(path)) {
        rateLimited = undefined;
        return fail(response, 40100, 'Too many requests. Please retry in some time.');
      }

      if (path === 'oauth2/advertiser/get/' && request.method === 'GET') {
        if (!appOk) return fail(response, 40001, 'App id or secret is invalid');
        return ok(response, {
          list: advertisers.map((a) => ({
            advertiser_id: a.advertiser_id,
            advertiser_name: a.name,
          })),
        });
      }
      if (path === 'advertiser/info/' && request.method === 'GET') {
        const ids = (params.advertiser_ids as string[] | undefined) ?? [];
        return ok(response, { list: advertisers.filter((a) => ids.includes(a.advertiser_id)) });
      }

      const advertiserId = String(params.advertiser_id ?? '');
      if (!advertisers.some((a) => a.advertiser_id === advertiserId))
        return fail(response, 40001, `No permission to operate advertiser ${advertiserId}`);

      if (path === 'tool/region/' && request.method === 'GET')
        return ok(response, {
          region_info: [
            {
              location_id: '6252001',
              name: 'United States',
              region_code: 'US',
              region_level: 'COUNTRY',
            },
            {
              location_id: '3624060',
              name: 'Costa Rica',
              region_code: 'CR',
              region_level: 'COUNTRY',
            },
            { location_id: '3703430', name: 'Panama', region_code: 'PA', region_level: 'COUNTRY' },
            {
              location_id: '5128581',
              name: 'New York',
              region_code: 'US',
              region_level: 'PROVINCE',
            },
          ],
        });
      if (path === 'tool/interest_category/' && request.method === 'GET')
        return ok(response, {
          interest_categories: [
            {
              interest_category_id: '15000000000',
              interest_category_name: 'Sports & Outdoors',
              level: 1,
            },
            { interest_category_id: '15001000000', interest_category_name: 'Cycling', level: 2 },
          ],
        });
      if (path === 'identity/get/' && request.method === 'GET')
        return ok(response, {
          identity_list: [
            {
              identity_id: '7200000000000000001',
              identity_type: 'CUSTOMIZED_USER',
              display_name: 'Volta',
            },
          ],
          page_info: { page: 1, page_size: 10, total_number: 1, total_page: 1 },
        });
      if (path === 'file/video/ad/search/' && request.method === 'GET')
        return ok(response, {
          list: [{ video_id: 'v10033g50000c0000000000000000001', duration: 15.0 }],
          page_info: { page: 1, page_size: 1, total_number: 1, total_page: 1 },
        });

      if (path === 'campaign/create/' && request.method === 'POST') {
        const id = newId();
        objects.set(id, { ...params, kind: 'campaign' });
        return ok(response, { campaign_id: id });
      }
      if (path === 'adgroup/create/' && request.method === 'POST') {
        if (objects.get(String(params.campaign_id))?.kind !== 'campaign')
          return fail(response, 40002, 'campaign_id: campaign does not exist');
        if (
          typeof params.budget !== 'number' ||
          Math.round(params.budget * 100) !== params.budget * 100
        )
          return fail(response, 40002, 'budget: must be a number with at most two decimals');
        const id = newId();
        objects.set(id, { ...params, kind: 'adgroup' });
        return ok(response, { adgroup_id: id });
      }
      if (path === 'ad/create/' && request.method === 'POST') {
        if (objects.get(String(params.adgroup_id))?.kind !== 'adgroup')
          return fail(response, 40002, 'adgroup_id: ad group does not exist');
        const creatives = (params.creatives as Json[] | undefined) ?? [];
        const ids = creatives.map((creative) => {
          const id = newId();
          objects.set(id, {
            ...creative,
            adgroup_id: params.adgroup_id,
            kind: 'ad',
            operation_status: 'ENABLE',
          });
          return id;
        });
        return ok(response, { ad_ids: ids, creatives: [] });
      }
      if (path === 'ad/status/update/' && request.method === 'POST') {
        const ids = (params.ad_ids as string[] | undefined) ?? [];
        if (!['ENABLE', 'DISABLE', 'DELETE'].includes(String(params.operation_status)))
          return fail(response, 40002, 'operation_status: invalid');
        for (const id of ids) {
          const ad = objects.get(id);
          if (ad?.kind !== 'ad') return fail(response, 40002, `ad_ids: ad ${id} does not exist`);
          ad.operation_status = params.operation_status;
        }
        return ok(response, { ad_ids: ids, status: params.operation_status });
      }
      if (path === 'report/integrated/get/' && request.method === 'GET') {
        const filter = ((params.filtering as Json[] | undefined) ?? []).find(
          (f) => f.field_name === 'ad_ids',
        );
        const wanted = filter ? (JSON.parse(String(filter.filter_value)) as string[]) : [];
        const from = String(params.start_date ?? '');
        const to = String(params.end_date ?? '');
        const rows = wanted
          .flatMap((id) => reports.get(id) ?? [])
          .filter((row) => {
            const day = String((row.dimensions as Json).stat_time_day).slice(0, 10);
            return day >= from && day <= to;
          });
        const pageSize = Math.min(Number(params.page_size ?? 10), options.maxPageSize ?? 1000);
        const page = Number(params.page ?? 1);
        return ok(response, {
          list: rows.slice((page - 1) * pageSize, page * pageSize),
          page_info: {
            page,
            page_size: pageSize,
            total_number: rows.length,
            total_page: Math.max(1, Math.ceil(rows.length / pageSize)),
          },
        });
      }
      return fail(response, 40002, `Unknown path ${path}`);
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
    authUrl: `${url}/portal/auth`,
    appId,
    secret,
    requests,
    objects,
    advertisers,
    revokedTokens,
    authorize(authorizationUrl) {
      const page = new URL(authorizationUrl);
      if (page.pathname !== '/portal/auth')
        throw new Error(`Not the authorization page: ${page.pathname}`);
      if (page.searchParams.get('app_id') !== appId) throw new Error('Wrong app_id');
      const state = page.searchParams.get('state');
      const redirectUri = page.searchParams.get('redirect_uri');
      if (!state || !redirectUri) throw new Error('state and redirect_uri are required');
      const code = randomBytes(20).toString('hex');
      codes.set(code, redirectUri);
      return { code, state, redirectUri };
    },
    rateLimitOnce(pattern) {
      rateLimited = pattern;
    },
    expireTokens() {
      for (const token of tokens) expired.add(token);
    },
    refuseRefreshes() {
      refreshTokens.clear();
    },
    setReport(adId, rows) {
      reports.set(adId, rows);
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
