import { createHash, createHmac, randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/**
 * A real HTTP server on loopback speaking the parts of the Graph API (Marketing API) the Meta
 * adapter uses, in Graph shapes: numeric string ids, `{ id }` on create, edges as
 * `{ data, paging: { cursors, next } }`, errors as `{ error: { message, type, code,
 * error_subcode, fbtrace_id } }`, form-encoded POSTs with JSON-encoded object parameters, and
 * `appsecret_proof` checked on every user-token call.
 *
 * OAuth: `authorize()` plays the user on the login dialog (checks the URL, answers a code bound
 * to the PKCE challenge); `/oauth/access_token` exchanges codes and extends tokens. Tests can
 * script a rate-limit error (code 17) once, and expire every token (code 190, subcode 463).
 * Leads: `submitLead()` stores a Lead Ads lead (Graph's Lead node: `id`, `created_time`,
 * `ad_id`, `form_id`, `field_data: [{ name, values }]`) and gives the `leadgen` notification.
 */

type Json = Record<string, unknown>;

export interface RecordedGraphRequest {
  method: string;
  path: string;
  params: Record<string, string>;
  token: string | undefined;
}

export interface FakeAdAccount {
  id: string;
  name: string;
  currency: string;
  account_status: number;
}

export interface FakeMetaServer {
  /** Graph root to configure as META_GRAPH_BASE_URL (and META_OAUTH_DIALOG_URL). */
  url: string;
  appId: string;
  appSecret: string;
  requests: RecordedGraphRequest[];
  /** Objects created through the API, by id: campaigns, ad sets, creatives, ads. */
  objects: Map<string, Json & { kind: string }>;
  accounts: FakeAdAccount[];
  /** Follows the login dialog URL as the consenting user: returns code and state. */
  authorize(authorizationUrl: string): { code: string; state: string; redirectUri: string };
  /** The next call to a path matching `pattern` answers a rate-limit error (code 17). */
  rateLimitOnce(pattern: RegExp): void;
  /** Every token issued so far is expired (code 190) from now on. */
  expireTokens(): void;
  /** Insights rows an ad reports, per day and country. */
  setInsights(adId: string, rows: Json[]): void;
  /**
   * Someone submits the Lead Ads form of `adId`: the lead is stored as Meta keeps it (readable
   * at `GET /{leadgen_id}`) and the page `leadgen` notification Meta would send is returned.
   */
  submitLead(
    adId: string,
    answers: Record<string, string>,
  ): { leadgenId: string; notification: Json };
  revokedTokens: string[];
  close(): Promise<void>;
}

const version = 'v21.0';

export async function startFakeMetaServer(
  options: { accounts?: FakeAdAccount[] } = {},
): Promise<FakeMetaServer> {
  const appId = '1234567890';
  const appSecret = randomBytes(16).toString('hex');
  const requests: RecordedGraphRequest[] = [];
  const objects = new Map<string, Json & { kind: string }>();
  const accounts = options.accounts ?? [
    { id: 'act_1001', name: 'Volta Bikes Ads', currency: 'USD', account_status: 1 },
  ];
  const codes = new Map<string, { challenge: string; redirectUri: string }>();
  const tokens = new Map<string, { long: boolean }>();
  const expired = new Set<string>();
  const insights = new Map<string, Json[]>();
  const leads = new Map<string, Json>();
  const revokedTokens: string[] = [];
  let rateLimited: RegExp | undefined;
  let nextId = 23_840_000_000_000;
  const newId = () => String(nextId++);
  const trace = () => randomBytes(8).toString('base64url');

  const error = (
    response: http.ServerResponse,
    status: number,
    body: { message: string; type: string; code: number; error_subcode?: number },
    headers: Record<string, string> = {},
  ) => {
    response.writeHead(status, { 'content-type': 'application/json', ...headers });
    response.end(JSON.stringify({ error: { ...body, fbtrace_id: trace() } }));
  };
  const ok = (response: http.ServerResponse, body: unknown) => {
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(JSON.stringify(body));
  };

  const issueToken = (long: boolean) => {
    const token = `EAAB${randomBytes(24).toString('base64url')}`;
    tokens.set(token, { long });
    return token;
  };

  /** A few of Meta's interests as its Targeting Search describes them. */
  const interestCatalogue = [
    {
      id: '6003371567474',
      name: 'Cycling',
      audience_size_lower_bound: 412_907_334,
      audience_size_upper_bound: 485_579_025,
      path: ['Interests', 'Fitness and wellness', 'Cycling'],
      topic: 'Fitness and wellness',
    },
    {
      id: '6003012317397',
      name: 'Electric bicycle',
      audience_size_lower_bound: 21_412_207,
      audience_size_upper_bound: 25_180_756,
      path: ['Interests', 'Hobbies and activities', 'Vehicles', 'Electric bicycle'],
      topic: 'Vehicles',
    },
  ];

  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const url = new URL(request.url ?? '/', 'http://localhost');
      const params: Record<string, string> = Object.fromEntries(url.searchParams);
      if (request.method === 'POST')
        Object.assign(
          params,
          Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString())),
        );
      const auth = request.headers.authorization;
      const token = auth?.startsWith('Bearer ') ? auth.slice(7) : params.access_token;
      const path = url.pathname.replace(`/${version}/`, '');
      requests.push({ method: request.method ?? 'GET', path, params, token });

      if (!url.pathname.startsWith(`/${version}/`))
        return error(response, 400, {
          message: 'Unknown path components',
          type: 'OAuthException',
          code: 2500,
        });

      if (path === 'oauth/access_token') {
        if (params.client_id !== appId || params.client_secret !== appSecret)
          return error(response, 400, {
            message: 'Error validating client secret.',
            type: 'OAuthException',
            code: 1,
          });
        if (params.grant_type === 'fb_exchange_token') {
          const given = params.fb_exchange_token ?? '';
          if (!tokens.has(given) || expired.has(given))
            return error(response, 400, {
              message: 'Error validating access token: Session has expired.',
              type: 'OAuthException',
              code: 190,
              error_subcode: 463,
            });
          return ok(response, {
            access_token: issueToken(true),
            token_type: 'bearer',
            expires_in: 5_184_000,
          });
        }
        const code = codes.get(params.code ?? '');
        codes.delete(params.code ?? '');
        if (!code || code.redirectUri !== params.redirect_uri)
          return error(response, 400, {
            message: 'This authorization code has been used.',
            type: 'OAuthException',
            code: 100,
            error_subcode: 36009,
          });
        const challenge = createHash('sha256')
          .update(params.code_verifier ?? '')
          .digest('base64url');
        if (challenge !== code.challenge)
          return error(response, 400, {
            message: 'Invalid code verifier',
            type: 'OAuthException',
            code: 100,
          });
        return ok(response, {
          access_token: issueToken(false),
          token_type: 'bearer',
          expires_in: 5_183,
        });
      }

      if (!token || !tokens.has(token))
        return error(response, 400, {
          message: 'Invalid OAuth access token - Cannot parse access token',
          type: 'OAuthException',
          code: 190,
        });
      if (expired.has(token))
        return error(response, 400, {
          message: 'Error validating access token: Session has expired on Monday, 07-Dec-26.',
          type: 'OAuthException',
          code: 190,
          error_subcode: 463,
        });
      const proof = createHmac('sha256', appSecret).update(token).digest('hex');
      if (params.appsecret_proof !== proof)
        return error(response, 400, {
          message: 'Invalid appsecret_proof provided in the API argument',
          type: 'GraphMethodException',
          code: 100,
        });
      if (rateLimited?.test(path)) {
        rateLimited = undefined;
        return error(
          response,
          400,
          {
            message: 'User request limit reached',
            type: 'OAuthException',
            code: 17,
            error_subcode: 2446079,
          },
          {
            'x-business-use-case-usage': JSON.stringify({
              '1001': [
                {
                  type: 'ads_management',
                  call_count: 95,
                  total_cputime: 12,
                  total_time: 20,
                  estimated_time_to_regain_access: 0,
                },
              ],
            }),
          },
        );
      }

      const accountOf = (id: string) => accounts.find((a) => a.id === id);
      if (path === 'me/adaccounts' && request.method === 'GET') {
        // Two pages of one account each, to exercise the cursor.
        const index = params.after ? Number(Buffer.from(params.after, 'base64url').toString()) : 0;
        const page = accounts.slice(index, index + 1);
        const more = index + 1 < accounts.length;
        const after = Buffer.from(String(index + 1)).toString('base64url');
        return ok(response, {
          data: page,
          paging: {
            cursors: { before: Buffer.from(String(index)).toString('base64url'), after },
            ...(more
              ? { next: `http://${request.headers.host}/${version}/me/adaccounts?after=${after}` }
              : {}),
          },
        });
      }
      if (path === 'me/permissions' && request.method === 'GET')
        return ok(response, {
          data: [
            'ads_management',
            'ads_read',
            'business_management',
            'pages_show_list',
            'leads_retrieval',
          ].map((permission) => ({ permission, status: 'granted' })),
        });
      if (path === 'me/permissions' && request.method === 'DELETE') {
        revokedTokens.push(token);
        expired.add(token);
        return ok(response, { success: true });
      }
      if (path === 'me/accounts' && request.method === 'GET')
        return ok(response, {
          data: [
            { id: '1770001', name: 'Volta Bikes', instagram_business_account: { id: '1780001' } },
          ],
          paging: { cursors: { before: 'QVFI', after: 'QVFI' } },
        });

      if (path === 'search' && request.method === 'GET') {
        // Targeting Search: interests ranked by Meta; an unknown type is refused as Meta does.
        if (params.type !== 'adinterest')
          return error(response, 400, {
            message: '(#100) Param type must be one of {adinterest, adgeolocation, …}',
            type: 'OAuthException',
            code: 100,
          });
        const q = (params.q ?? '').toLowerCase();
        const found = interestCatalogue.filter((interest) =>
          interest.name.toLowerCase().includes(q),
        );
        return ok(response, { data: found.slice(0, Number(params.limit ?? 25)) });
      }

      const images = /^(act_\d+)\/adimages$/.exec(path);
      if (images && request.method === 'POST') {
        // Image library upload of base64 `bytes`: answered keyed by "bytes", with its hash.
        const bytes = Buffer.from(params.bytes ?? '', 'base64');
        if (bytes.length === 0 || bytes.subarray(1, 4).toString() !== 'PNG')
          return error(response, 400, {
            message: 'Invalid image file',
            type: 'OAuthException',
            code: 100,
            error_subcode: 1487242,
          });
        const hash = createHash('md5').update(bytes).digest('hex');
        return ok(response, {
          images: { bytes: { hash, url: `https://scontent.example/${hash}.png` } },
        });
      }

      const edge = /^(act_\d+)\/(campaigns|adsets|adcreatives|ads)$/.exec(path);
      if (edge && request.method === 'POST') {
        const [, accountId, kind] = edge;
        if (!accountOf(accountId!))
          return error(response, 400, {
            message: 'Unsupported post request.',
            type: 'GraphMethodException',
            code: 100,
            error_subcode: 33,
          });
        const parsed: Json = {};
        for (const [key, value] of Object.entries(params)) {
          if (key === 'appsecret_proof') continue;
          try {
            parsed[key] =
              value.startsWith('{') || value.startsWith('[') ? JSON.parse(value) : value;
          } catch {
            parsed[key] = value;
          }
        }
        if (kind === 'adsets' && !objects.has(String(parsed.campaign_id)))
          return error(response, 400, {
            message: 'Invalid parameter',
            type: 'OAuthException',
            code: 100,
            error_subcode: 1885014,
          });
        if (kind === 'adsets' && !/^\d+$/.test(String(parsed.daily_budget)))
          return error(response, 400, {
            message: 'Invalid parameter: daily_budget',
            type: 'OAuthException',
            code: 100,
          });
        if (kind === 'ads' && !objects.has(String(parsed.adset_id)))
          return error(response, 400, {
            message: 'Invalid parameter',
            type: 'OAuthException',
            code: 100,
          });
        const id = newId();
        objects.set(id, { ...parsed, kind: kind!, account: accountId });
        return ok(response, { id });
      }

      const insightsPath = /^(\d+)\/insights$/.exec(path);
      if (insightsPath && request.method === 'GET') {
        if (!objects.has(insightsPath[1]!))
          return error(response, 400, {
            message: `Unsupported get request. Object with ID '${insightsPath[1]}' does not exist`,
            type: 'GraphMethodException',
            code: 100,
            error_subcode: 33,
          });
        const range = JSON.parse(params.time_range ?? '{}') as { since?: string; until?: string };
        const rows = (insights.get(insightsPath[1]!) ?? []).filter(
          (row) =>
            String(row.date_start) >= (range.since ?? '') &&
            String(row.date_start) <= (range.until ?? '9999'),
        );
        return ok(response, {
          data: rows,
          paging: { cursors: { before: 'MAZDZD', after: 'MAZDZD' } },
        });
      }

      const object = /^(\d+)$/.exec(path);
      const lead = object ? leads.get(object[1]!) : undefined;
      if (lead && request.method === 'GET') {
        // A node answers the fields asked for, plus its id (Graph's default is id only).
        const fields = (params.fields ?? '').split(',').filter((field) => field in lead);
        return ok(response, {
          id: lead.id,
          ...Object.fromEntries(fields.map((field) => [field, lead[field]])),
        });
      }
      if (object && request.method === 'POST') {
        const found = objects.get(object[1]!);
        if (!found)
          return error(response, 400, {
            message: 'Unsupported post request.',
            type: 'GraphMethodException',
            code: 100,
            error_subcode: 33,
          });
        if (params.status) found.status = params.status;
        return ok(response, { success: true });
      }
      return error(response, 400, {
        message: `Unknown path ${path}`,
        type: 'GraphMethodException',
        code: 100,
      });
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
    appId,
    appSecret,
    requests,
    objects,
    accounts,
    revokedTokens,
    authorize(authorizationUrl) {
      const dialog = new URL(authorizationUrl);
      if (dialog.pathname !== `/${version}/dialog/oauth`)
        throw new Error(`Not a login dialog: ${dialog.pathname}`);
      if (dialog.searchParams.get('client_id') !== appId) throw new Error('Wrong client_id');
      const state = dialog.searchParams.get('state');
      const redirectUri = dialog.searchParams.get('redirect_uri');
      const challenge = dialog.searchParams.get('code_challenge');
      if (!state || !redirectUri || !challenge)
        throw new Error('state, redirect_uri and code_challenge are required');
      const code = `AQ${randomBytes(16).toString('base64url')}`;
      codes.set(code, { challenge, redirectUri });
      return { code, state, redirectUri };
    },
    rateLimitOnce(pattern) {
      rateLimited = pattern;
    },
    expireTokens() {
      for (const token of tokens.keys()) expired.add(token);
    },
    setInsights(adId, rows) {
      insights.set(adId, rows);
    },
    submitLead(adId, answers) {
      const ad = objects.get(adId);
      if (ad?.kind !== 'ads') throw new Error(`No ad ${adId}`);
      const leadgenId = newId();
      const formId = '7010001';
      const now = new Date();
      leads.set(leadgenId, {
        id: leadgenId,
        // Graph's timestamp format: seconds precision and a +0000 offset.
        created_time: now.toISOString().replace(/\.\d{3}Z$/, '+0000'),
        ad_id: adId,
        form_id: formId,
        field_data: Object.entries(answers).map(([name, value]) => ({ name, values: [value] })),
      });
      const notification = {
        object: 'page',
        entry: [
          {
            id: '1770001',
            time: Math.floor(now.getTime() / 1000),
            changes: [
              {
                field: 'leadgen',
                value: {
                  ad_id: adId,
                  form_id: formId,
                  leadgen_id: leadgenId,
                  created_time: Math.floor(now.getTime() / 1000),
                  page_id: '1770001',
                  adgroup_id: adId,
                },
              },
            ],
          },
        ],
      };
      return { leadgenId, notification };
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
