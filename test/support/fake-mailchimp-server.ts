import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/**
 * A real HTTP server on loopback speaking the parts of the Mailchimp Marketing API 3.0 the email
 * adapter uses, in its shapes: basic auth with the key, `GET /` (account), lists, members by
 * subscriber hash (PUT upsert honouring `status_if_new`), static segments, list webhooks,
 * campaigns (`status: save` → `sent`), content, `actions/send` and `actions/cancel-send` (204, or
 * a 400 once sent), reports and report locations; errors as problem details `{ type, title,
 * status, detail, instance }` — 401 for a bad key, 404 for an unknown resource, 429 (too many
 * requests) when scripted.
 */

type Json = Record<string, unknown>;

export interface FakeMailchimpServer {
  url: string;
  apiKey: string;
  listId: string;
  members: Map<string, { email_address: string; status: string; merge_fields: Json }>;
  segments: Map<number, { name: string; members: Set<string> }>;
  campaigns: Map<string, Json & { status: string; html?: string }>;
  webhooks: Map<string, { id: string; url: string }>;
  requests: { method: string; path: string }[];
  throttleOnce(): void;
  setReport(campaignId: string, report: Json, locations: Json[]): void;
  /** Posts a list webhook as Mailchimp does (form-encoded), to the app's copy of a webhook URL. */
  unsubscribe(appUrl: string, webhookUrl: string, email: string): Promise<Response>;
  close(): Promise<void>;
}

export async function startFakeMailchimpServer(): Promise<FakeMailchimpServer> {
  const apiKey = `${randomBytes(16).toString('hex')}-us21`;
  const listId = 'a6b5da1054';
  const members = new Map<string, { email_address: string; status: string; merge_fields: Json }>();
  const segments = new Map<number, { name: string; members: Set<string> }>();
  const campaigns = new Map<string, Json & { status: string; html?: string }>();
  const webhooks = new Map<string, { id: string; url: string }>();
  const reports = new Map<string, { report: Json; locations: Json[] }>();
  const requests: { method: string; path: string }[] = [];
  let throttle = false;
  let nextSegment = 49_000;

  const send = (response: http.ServerResponse, status: number, body?: unknown) => {
    if (body === undefined) {
      response.writeHead(status);
      return response.end();
    }
    response.writeHead(status, { 'content-type': 'application/json' });
    response.end(JSON.stringify(body));
  };
  const problem = (
    response: http.ServerResponse,
    status: number,
    title: string,
    detail: string,
  ) => {
    response.writeHead(status, { 'content-type': 'application/problem+json' });
    response.end(
      JSON.stringify({
        type: 'https://mailchimp.com/developer/marketing/docs/errors/',
        title,
        status,
        detail,
        instance: randomBytes(16).toString('hex'),
      }),
    );
  };

  const server = http.createServer((request, response) => {
    let raw = '';
    request.on('data', (chunk: Buffer) => (raw += chunk.toString()));
    request.on('end', () => {
      const url = new URL(request.url ?? '/', 'http://localhost');
      const method = request.method ?? 'GET';
      const path = url.pathname.replace(/^\/3\.0/, '') || '/';
      requests.push({ method, path });
      const auth = request.headers.authorization ?? '';
      const key = Buffer.from(auth.replace(/^Basic /, ''), 'base64')
        .toString()
        .split(':')[1];
      if (key !== apiKey)
        return problem(
          response,
          401,
          'API Key Invalid',
          "Your API key may be invalid, or you've attempted to access the wrong datacenter.",
        );
      if (throttle) {
        throttle = false;
        return problem(
          response,
          429,
          'Too Many Requests',
          'You have exceeded the limit of 10 simultaneous connections.',
        );
      }
      const body = (raw ? JSON.parse(raw) : {}) as Json;
      if (method === 'GET' && path === '/')
        return send(response, 200, {
          account_id: '8d3a3db4d97663a9074efcc16',
          login_id: '44414453',
          account_name: 'Volta Bikes',
          email: 'owner@volta.test',
          role: 'owner',
        });
      const list = path.match(/^\/lists\/([^/]+)(.*)$/);
      if (list && list[1] !== listId)
        return problem(
          response,
          404,
          'Resource Not Found',
          'The requested resource could not be found.',
        );
      if (list) {
        const rest = list[2]!;
        if (method === 'GET' && rest === '')
          return send(response, 200, {
            id: listId,
            web_id: 1,
            name: 'Riders',
            stats: { member_count: members.size },
          });
        const member = rest.match(/^\/members\/([0-9a-f]{32})$/);
        if (method === 'PUT' && member) {
          const existing = members.get(member[1]!);
          const value = {
            email_address: String(body.email_address),
            status: existing?.status ?? String(body.status ?? body.status_if_new),
            merge_fields: (body.merge_fields as Json) ?? {},
          };
          members.set(member[1]!, value);
          return send(response, 200, { id: member[1], ...value, list_id: listId });
        }
        if (method === 'POST' && rest === '/segments') {
          const id = nextSegment++;
          const emails = (body.static_segment as string[]) ?? [];
          segments.set(id, { name: String(body.name), members: new Set(emails) });
          return send(response, 200, {
            id,
            name: body.name,
            member_count: emails.length,
            type: 'static',
            list_id: listId,
          });
        }
        const segment = rest.match(/^\/segments\/(\d+)$/);
        if (method === 'POST' && segment && segments.has(Number(segment[1]))) {
          for (const email of (body.members_to_add as string[]) ?? [])
            segments.get(Number(segment[1]))!.members.add(email);
          return send(response, 200, { members_added: [], total_added: 0, error_count: 0 });
        }
        if (method === 'GET' && rest === '/webhooks')
          return send(response, 200, {
            webhooks: [...webhooks.values()],
            list_id: listId,
            total_items: webhooks.size,
          });
        if (method === 'POST' && rest === '/webhooks') {
          const id = randomBytes(5).toString('hex');
          webhooks.set(id, { id, url: String(body.url) });
          return send(response, 200, {
            id,
            url: body.url,
            events: body.events,
            sources: body.sources,
            list_id: listId,
          });
        }
        const hook = rest.match(/^\/webhooks\/(\w+)$/);
        if (method === 'DELETE' && hook && webhooks.delete(hook[1]!)) return send(response, 204);
      }
      if (method === 'POST' && path === '/campaigns') {
        const id = randomBytes(5).toString('hex');
        campaigns.set(id, { id, ...body, status: 'save' });
        return send(response, 200, {
          id,
          web_id: 1,
          type: body.type,
          status: 'save',
          recipients: body.recipients,
          settings: body.settings,
        });
      }
      const campaign = path.match(/^\/campaigns\/(\w+)(\/.*)$/);
      const found = campaign ? campaigns.get(campaign[1]!) : undefined;
      if (campaign && found) {
        const action = campaign[2];
        if (method === 'PUT' && action === '/content') {
          found.html = String(body.html);
          return send(response, 200, { html: found.html });
        }
        if (method === 'POST' && action === '/actions/send') {
          if (!found.html)
            return problem(response, 400, 'Bad Request', 'Your Campaign is not ready to send.');
          found.status = 'sending';
          return send(response, 204);
        }
        if (method === 'POST' && action === '/actions/cancel-send') {
          if (found.status !== 'sending')
            return problem(
              response,
              400,
              'Bad Request',
              'This campaign cannot be canceled because it has already been sent.',
            );
          found.status = 'canceled';
          return send(response, 204);
        }
      }
      const report = path.match(/^\/reports\/(\w+)(\/locations)?$/);
      if (method === 'GET' && report && reports.has(report[1]!)) {
        const stored = reports.get(report[1]!)!;
        return report[2]
          ? send(response, 200, {
              locations: stored.locations,
              campaign_id: report[1],
              total_items: stored.locations.length,
            })
          : send(response, 200, { id: report[1], ...stored.report });
      }
      return problem(
        response,
        404,
        'Resource Not Found',
        'The requested resource could not be found.',
      );
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
    apiKey,
    listId,
    members,
    segments,
    campaigns,
    webhooks,
    requests,
    throttleOnce() {
      throttle = true;
    },
    setReport(campaignId, report, locations) {
      reports.set(campaignId, { report, locations });
    },
    unsubscribe(appUrl, webhookUrl, email) {
      const target = new URL(webhookUrl);
      const form = new URLSearchParams({
        type: 'unsubscribe',
        fired_at: '2026-12-07 13:40:57',
        'data[action]': 'unsub',
        'data[reason]': 'manual',
        'data[id]': '8a25ff1d98',
        'data[list_id]': listId,
        'data[email]': email,
        'data[email_type]': 'html',
        'data[merges][EMAIL]': email,
      });
      return fetch(`${appUrl}${target.pathname}${target.search}`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: form.toString(),
      });
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
