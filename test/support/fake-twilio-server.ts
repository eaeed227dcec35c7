import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import twilio from 'twilio';

/**
 * A real HTTP server on loopback speaking the parts of Twilio's REST API (2010-04-01) the SMS
 * adapter uses, in Twilio's shapes: basic auth with the account SID and auth token,
 * form-encoded POSTs, snake_case JSON resources (`GET /Accounts/{Sid}.json`,
 * `POST /Accounts/{Sid}/Messages.json` → 201 Message with `SM…` sid), and errors as
 * `{ code, message, more_info, status }` — 20003 (401) for bad credentials, 20404, 21211 for a
 * bad `To`, 20429 (429, with Retry-After) when scripted.
 *
 * It also plays Twilio calling back: `statusCallback()` and `inboundStop()` post form bodies
 * signed with X-Twilio-Signature (the official SDK's own signing function) to the app.
 */

export interface FakeTwilioMessage {
  sid: string;
  account_sid: string;
  to: string;
  from: string | null;
  messaging_service_sid: string | null;
  body: string;
  status: string;
  status_callback: string | null;
}

export interface RecordedTwilioRequest {
  method: string;
  path: string;
  params: Record<string, string>;
  at: number;
}

export interface FakeTwilioServer {
  url: string;
  accountSid: string;
  authToken: string;
  requests: RecordedTwilioRequest[];
  messages: Map<string, FakeTwilioMessage>;
  /** The next message create answers 429 / 20429 with `Retry-After: <seconds>`. */
  rateLimitOnce(retryAfterSeconds: number): void;
  /** The auth token is changed at Twilio (rotated): every call answers 20003 from now on. */
  rotateAuthToken(): void;
  /**
   * Posts a status callback for a message to the app (at `appUrl`, in place of the callback's
   * own host, as a proxy would), signed over the callback URL the message was created with.
   */
  statusCallback(
    appUrl: string,
    sid: string,
    status: string,
    errorCode?: string,
  ): Promise<Response>;
  /** An inbound STOP (Advanced Opt-Out) from a number, to a callback URL of the app's. */
  inboundStop(appUrl: string, callbackUrl: string, from: string): Promise<Response>;
  /** Signs parameters for a URL as Twilio would with this account's token. */
  sign(url: string, params: Record<string, string>): string;
  close(): Promise<void>;
}

export async function startFakeTwilioServer(): Promise<FakeTwilioServer> {
  const accountSid = `AC${randomBytes(16).toString('hex')}`;
  let authToken = randomBytes(16).toString('hex');
  const requests: RecordedTwilioRequest[] = [];
  const messages = new Map<string, FakeTwilioMessage>();
  let rateLimit: number | undefined;

  const send = (
    response: http.ServerResponse,
    status: number,
    body: unknown,
    headers: Record<string, string> = {},
  ) => {
    response.writeHead(status, { 'content-type': 'application/json', ...headers });
    response.end(JSON.stringify(body));
  };
  const error = (
    response: http.ServerResponse,
    status: number,
    code: number,
    message: string,
    headers: Record<string, string> = {},
  ) =>
    send(
      response,
      status,
      { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status },
      headers,
    );

  const server = http.createServer((request, response) => {
    let raw = '';
    request.on('data', (chunk: Buffer) => (raw += chunk.toString()));
    request.on('end', () => {
      const url = new URL(request.url ?? '/', 'http://localhost');
      const params = Object.fromEntries(new URLSearchParams(raw));
      requests.push({
        method: request.method ?? 'GET',
        path: url.pathname,
        params,
        at: Date.now(),
      });
      const expected = `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString('base64')}`;
      if (request.headers.authorization !== expected)
        return send(response, 401, {
          code: 20003,
          detail: 'Your AccountSid or AuthToken was incorrect.',
          message: 'Authenticate',
          more_info: 'https://www.twilio.com/docs/errors/20003',
          status: 401,
        });
      const account = url.pathname.match(
        /^\/2010-04-01\/Accounts\/(AC[0-9a-f]{32})(\/Messages)?\.json$/,
      );
      if (!account || account[1] !== accountSid)
        return error(response, 404, 20404, `The requested resource ${url.pathname} was not found`);
      const now = new Date().toUTCString();
      if (!account[2] && request.method === 'GET')
        return send(response, 200, {
          auth_token: authToken,
          date_created: now,
          date_updated: now,
          friendly_name: 'Volta Bikes SMS',
          owner_account_sid: accountSid,
          sid: accountSid,
          status: 'active',
          subresource_uris: { messages: `/2010-04-01/Accounts/${accountSid}/Messages.json` },
          type: 'Full',
          uri: `/2010-04-01/Accounts/${accountSid}.json`,
        });
      if (account[2] && request.method === 'POST') {
        if (rateLimit !== undefined) {
          const seconds = rateLimit;
          rateLimit = undefined;
          return error(response, 429, 20429, 'Too Many Requests', {
            'retry-after': String(seconds),
          });
        }
        if (!/^\+[1-9]\d{6,14}$/.test(params.To ?? ''))
          return error(
            response,
            400,
            21211,
            `The 'To' number ${params.To} is not a valid phone number.`,
          );
        if (!params.Body) return error(response, 400, 21602, 'Message body is required.');
        if (!params.From && !params.MessagingServiceSid)
          return error(
            response,
            400,
            21603,
            "A 'From' or 'MessagingServiceSid' parameter is required to send a message",
          );
        const sid = `SM${randomBytes(16).toString('hex')}`;
        const message: FakeTwilioMessage = {
          sid,
          account_sid: accountSid,
          to: params.To!,
          from: params.From ?? null,
          messaging_service_sid: params.MessagingServiceSid ?? null,
          body: params.Body,
          status: params.MessagingServiceSid ? 'accepted' : 'queued',
          status_callback: params.StatusCallback ?? null,
        };
        messages.set(sid, message);
        return send(response, 201, {
          account_sid: accountSid,
          api_version: '2010-04-01',
          body: message.body,
          date_created: now,
          date_sent: null,
          date_updated: now,
          direction: 'outbound-api',
          error_code: null,
          error_message: null,
          from: message.from,
          messaging_service_sid: message.messaging_service_sid,
          num_media: '0',
          num_segments: '1',
          price: null,
          price_unit: 'USD',
          sid,
          status: message.status,
          subresource_uris: {
            media: `/2010-04-01/Accounts/${accountSid}/Messages/${sid}/Media.json`,
          },
          to: message.to,
          uri: `/2010-04-01/Accounts/${accountSid}/Messages/${sid}.json`,
        });
      }
      return error(response, 405, 20004, 'Method not allowed');
    });
  });
  const sockets = new Set<Socket>();
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  const sign = (url: string, params: Record<string, string>) =>
    twilio.getExpectedTwilioSignature(authToken, url, params);
  const post = (appUrl: string, callbackUrl: string, params: Record<string, string>) => {
    const target = new URL(callbackUrl);
    return fetch(`${appUrl}${target.pathname}${target.search}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-twilio-signature': sign(callbackUrl, params),
      },
      body: new URLSearchParams(params).toString(),
    });
  };

  return {
    url: `http://127.0.0.1:${port}`,
    accountSid,
    get authToken() {
      return authToken;
    },
    requests,
    messages,
    rateLimitOnce(seconds) {
      rateLimit = seconds;
    },
    rotateAuthToken() {
      authToken = randomBytes(16).toString('hex');
    },
    sign,
    statusCallback(appUrl, sid, status, errorCode) {
      const message = messages.get(sid)!;
      message.status = status;
      return post(appUrl, message.status_callback!, {
        AccountSid: accountSid,
        ApiVersion: '2010-04-01',
        From: message.from ?? '+15017122661',
        MessageSid: sid,
        MessageStatus: status,
        SmsSid: sid,
        SmsStatus: status,
        To: message.to,
        ...(message.messaging_service_sid
          ? { MessagingServiceSid: message.messaging_service_sid }
          : {}),
        ...(errorCode ? { ErrorCode: errorCode } : {}),
      });
    },
    inboundStop(appUrl, callbackUrl, from) {
      return post(appUrl, callbackUrl, {
        AccountSid: accountSid,
        ApiVersion: '2010-04-01',
        Body: 'STOP',
        From: from,
        MessageSid: `SM${randomBytes(16).toString('hex')}`,
        NumMedia: '0',
        NumSegments: '1',
        OptOutType: 'STOP',
        SmsMessageSid: `SM${randomBytes(16).toString('hex')}`,
        SmsStatus: 'received',
        To: '+15017122661',
      });
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
