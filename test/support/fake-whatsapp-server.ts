import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { signMetaWebhook } from '../../src/modules/ads/domain/meta-webhook.js';

/**
 * A real HTTP server on loopback speaking the parts of the WhatsApp Business Cloud API (Graph)
 * the adapter uses, in its shapes: the Business Account and phone number nodes, the
 * `message_templates` edge as `{ data, paging }`, `POST /{phone-number-id}/messages` answering
 * `{ messaging_product, contacts: [{ input, wa_id }], messages: [{ id: "wamid.…" }] }`, Graph
 * errors `{ error: { message, type, code, error_data, fbtrace_id } }` — 190 for a bad or expired
 * token, 130429 (rate limit hit) when scripted, 131009 for a template parameter mismatch.
 * `webhook()` plays Meta posting a signed status notification to the app.
 */

type Json = Record<string, unknown>;

export interface FakeWhatsAppMessage {
  id: string;
  to: string;
  template: { name: string; language: { code: string }; components: Json[] };
}

export interface FakeWhatsAppServer {
  url: string;
  appSecret: string;
  token: string;
  wabaId: string;
  phoneNumberId: string;
  messages: FakeWhatsAppMessage[];
  requests: { method: string; path: string; at: number }[];
  /** The next message send answers error 130429 (rate limit hit). */
  rateLimitOnce(): void;
  /** The token expires (code 190) from now on. */
  expireToken(): void;
  /** Posts a WhatsApp Business Account notification with these statuses, signed (or not). */
  webhook(appUrl: string, statuses: Json[], options?: { secret?: string }): Promise<Response>;
  close(): Promise<void>;
}

export async function startFakeWhatsAppServer(): Promise<FakeWhatsAppServer> {
  const appSecret = randomBytes(16).toString('hex');
  const token = `EAAG${randomBytes(24).toString('hex')}`;
  const wabaId = '102290129340398';
  const phoneNumberId = '106540352242922';
  const messages: FakeWhatsAppMessage[] = [];
  const requests: { method: string; path: string; at: number }[] = [];
  let rateLimited = false;
  let expired = false;
  const templates = [
    {
      name: 'spring_launch',
      language: 'es',
      status: 'APPROVED',
      category: 'MARKETING',
      id: '594425479261596',
      components: [{ type: 'BODY', text: '{{1}} — {{2}} Más: {{3}}' }],
    },
    {
      name: 'spring_launch',
      language: 'en_US',
      status: 'APPROVED',
      category: 'MARKETING',
      id: '594425479261597',
      components: [{ type: 'BODY', text: '{{1}}: {{2}}' }],
    },
  ];

  const send = (response: http.ServerResponse, status: number, body: unknown) => {
    response.writeHead(status, { 'content-type': 'application/json' });
    response.end(JSON.stringify(body));
  };
  const error = (
    response: http.ServerResponse,
    status: number,
    body: { message: string; type: string; code: number; error_subcode?: number; details?: string },
  ) =>
    send(response, status, {
      error: {
        message: body.message,
        type: body.type,
        code: body.code,
        ...(body.error_subcode ? { error_subcode: body.error_subcode } : {}),
        ...(body.details
          ? { error_data: { messaging_product: 'whatsapp', details: body.details } }
          : {}),
        fbtrace_id: randomBytes(8).toString('base64url'),
      },
    });

  const server = http.createServer((request, response) => {
    let raw = '';
    request.on('data', (chunk: Buffer) => (raw += chunk.toString()));
    request.on('end', () => {
      const url = new URL(request.url ?? '/', 'http://localhost');
      requests.push({ method: request.method ?? 'GET', path: url.pathname, at: Date.now() });
      const path = url.pathname.replace(/^\/v\d+\.\d+\//, '');
      if (request.headers.authorization !== `Bearer ${token}` || expired)
        return error(response, 401, {
          message: 'Error validating access token: Session has expired.',
          type: 'OAuthException',
          code: 190,
          error_subcode: 463,
        });
      if (request.method === 'GET' && path === wabaId)
        return send(response, 200, { id: wabaId, name: 'Volta Bikes', currency: 'USD' });
      if (request.method === 'GET' && path === phoneNumberId)
        return send(response, 200, {
          id: phoneNumberId,
          display_phone_number: '+1 555-078-3881',
          verified_name: 'Volta Bikes',
          quality_rating: 'GREEN',
        });
      if (request.method === 'GET' && path === `${wabaId}/message_templates`)
        return send(response, 200, {
          data: templates.filter((t) => t.status === (url.searchParams.get('status') ?? t.status)),
          paging: { cursors: { before: 'MAZDZD', after: 'MjQZD' } },
        });
      if (request.method === 'POST' && path === `${phoneNumberId}/messages`) {
        if (rateLimited) {
          rateLimited = false;
          return error(response, 400, {
            message: '(#130429) Rate limit hit',
            type: 'OAuthException',
            code: 130_429,
            details: 'Cloud API message throughput has been reached.',
          });
        }
        const body = JSON.parse(raw || '{}') as Json & {
          to?: string;
          type?: string;
          template?: FakeWhatsAppMessage['template'];
        };
        const template = templates.find(
          (t) => t.name === body.template?.name && t.language === body.template?.language.code,
        );
        if (body.messaging_product !== 'whatsapp' || body.type !== 'template' || !template)
          return error(response, 404, {
            message: '(#132001) Template name does not exist in the translation',
            type: 'OAuthException',
            code: 132_001,
          });
        const expected = new Set(template.components[0]!.text.match(/\{\{\d+\}\}/g) ?? []).size;
        const given =
          (body.template!.components[0] as { parameters?: unknown[] } | undefined)?.parameters
            ?.length ?? 0;
        if (expected !== given)
          return error(response, 400, {
            message: '(#131009) Parameter value is not valid',
            type: 'OAuthException',
            code: 131_009,
            details: `body: number of localizable_params (${given}) does not match the expected number of params (${expected})`,
          });
        const id = `wamid.${randomBytes(24).toString('base64url')}`;
        messages.push({ id, to: body.to!, template: body.template! });
        return send(response, 200, {
          messaging_product: 'whatsapp',
          contacts: [{ input: body.to, wa_id: body.to }],
          messages: [{ id, message_status: 'accepted' }],
        });
      }
      return error(response, 400, {
        message: `Unsupported ${request.method} request.`,
        type: 'GraphMethodException',
        code: 100,
        error_subcode: 33,
      });
    });
  });
  const sockets = new Set<Socket>();
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    appSecret,
    token,
    wabaId,
    phoneNumberId,
    messages,
    requests,
    rateLimitOnce() {
      rateLimited = true;
    },
    expireToken() {
      expired = true;
    },
    webhook(appUrl, statuses, options = {}) {
      const body = JSON.stringify({
        object: 'whatsapp_business_account',
        entry: [
          {
            id: wabaId,
            changes: [
              {
                field: 'messages',
                value: {
                  messaging_product: 'whatsapp',
                  metadata: { display_phone_number: '15550783881', phone_number_id: phoneNumberId },
                  statuses,
                },
              },
            ],
          },
        ],
      });
      return fetch(`${appUrl}/webhooks/ads/whatsapp`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-hub-signature-256': signMetaWebhook(options.secret ?? appSecret, body),
        },
        body,
      });
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
