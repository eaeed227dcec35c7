import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Resvg } from '@resvg/resvg-js';

/** One scripted answer: status, JSON body (or the default success body), headers, delay. */
export interface FakeReply {
  status?: number;
  body?: unknown;
  headers?: Record<string, string>;
  delayMs?: number;
}

export interface RecordedRequest {
  path: string;
  /** The bearer token or api-key header the client sent. */
  apiKey: string | undefined;
  body: Record<string, unknown>;
  at: number;
}

export type FakePath = '/v1/chat/completions' | '/v1/images/generations' | '/v1/embeddings';

/**
 * A real HTTP server on loopback speaking the OpenAI API shapes the gateway uses: chat
 * completions, image generations (b64_json) and embeddings. Tests script answers per path (429s,
 * 500s, slow replies); unscripted requests get a well-formed success. Every request is recorded,
 * so tests can count what actually reached the "provider".
 */
export class FakeOpenAiServer {
  readonly requests: RecordedRequest[] = [];
  /** Content of successful chat answers; defaults to an echo of the last user message. */
  chatContent: (body: Record<string, unknown>) => string = (body) => {
    const messages = (body.messages as { role: string; content: string }[] | undefined) ?? [];
    return `Echo: ${messages.filter((m) => m.role === 'user').at(-1)?.content ?? ''}`;
  };
  usage = { prompt_tokens: 120, completion_tokens: 80 };
  private readonly scripts = new Map<string, FakeReply[]>();
  private readonly server: http.Server;
  private readonly sockets = new Set<import('node:net').Socket>();
  url = '';

  private constructor() {
    this.server = http.createServer((request, response) => void this.handle(request, response));
    this.server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
  }

  static async start(): Promise<FakeOpenAiServer> {
    const fake = new FakeOpenAiServer();
    await new Promise<void>((resolve) => fake.server.listen(0, '127.0.0.1', resolve));
    fake.url = `http://127.0.0.1:${(fake.server.address() as AddressInfo).port}/v1`;
    return fake;
  }

  /** Queues answers for a path, used in order before falling back to success. */
  script(path: FakePath, ...replies: FakeReply[]): void {
    this.scriptFor(undefined, path, ...replies);
  }

  /** Queues answers for requests carrying one API key only (one tenant's endpoint). */
  scriptFor(apiKey: string | undefined, path: FakePath, ...replies: FakeReply[]): void {
    const key = `${path}|${apiKey ?? '*'}`;
    this.scripts.set(key, [...(this.scripts.get(key) ?? []), ...replies]);
  }

  count(path: FakePath, apiKey?: string): number {
    return this.requests.filter(
      (r) => r.path === path && (apiKey === undefined || r.apiKey === apiKey),
    ).length;
  }

  reset(): void {
    this.requests.length = 0;
    this.scripts.clear();
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(
    request: http.IncomingMessage,
    response: http.ServerResponse,
  ): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const path = (request.url ?? '').split('?')[0] ?? '';
    const body =
      chunks.length > 0
        ? (JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>)
        : {};
    const authorization = request.headers.authorization;
    const apiKey =
      authorization?.replace(/^Bearer /, '') ?? (request.headers['api-key'] as string | undefined);
    this.requests.push({ path, apiKey, body, at: Date.now() });

    const reply =
      this.scripts.get(`${path}|${apiKey ?? '*'}`)?.shift() ??
      this.scripts.get(`${path}|*`)?.shift() ??
      {};
    if (reply.delayMs) {
      const closed = new Promise<void>((resolve) => response.on('close', resolve));
      await Promise.race([new Promise((resolve) => setTimeout(resolve, reply.delayMs)), closed]);
      if (response.destroyed || response.writableEnded) return;
    }
    const status = reply.status ?? 200;
    const payload =
      reply.body ??
      (status === 200
        ? this.success(path, body)
        : { error: { message: `scripted ${status}`, type: 'server_error' } });
    if (payload === undefined) {
      response.writeHead(404, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ error: { message: `no route ${path}` } }));
      return;
    }
    response.writeHead(status, { 'content-type': 'application/json', ...reply.headers });
    response.end(JSON.stringify(payload));
  }

  private success(path: string, body: Record<string, unknown>): unknown {
    const id = randomBytes(6).toString('hex');
    if (path.endsWith('/chat/completions')) {
      return {
        id: `chatcmpl-${id}`,
        object: 'chat.completion',
        created: Math.floor(Date.now() / 1000),
        model: body.model,
        choices: [
          {
            index: 0,
            message: { role: 'assistant', content: this.chatContent(body) },
            finish_reason: 'stop',
          },
        ],
        usage: {
          ...this.usage,
          total_tokens: this.usage.prompt_tokens + this.usage.completion_tokens,
        },
      };
    }
    if (path.endsWith('/images/generations')) {
      const [width, height] = String(body.size ?? '1024x1024')
        .split('x')
        .map(Number) as [number, number];
      const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><rect width="${width}" height="${height}" fill="#3366aa"/></svg>`;
      const png = new Resvg(svg, { font: { loadSystemFonts: false } }).render().asPng();
      return {
        created: Math.floor(Date.now() / 1000),
        data: [
          { b64_json: png.toString('base64'), revised_prompt: `revised: ${String(body.prompt)}` },
        ],
      };
    }
    if (path.endsWith('/embeddings')) {
      const inputs = Array.isArray(body.input) ? (body.input as string[]) : [String(body.input)];
      return {
        object: 'list',
        model: body.model,
        data: inputs.map((text, index) => ({
          object: 'embedding',
          index,
          embedding: Array.from({ length: 8 }, (_, i) => ((text.length + i) % 7) / 7),
        })),
        usage: { prompt_tokens: inputs.length * 5, total_tokens: inputs.length * 5 },
      };
    }
    return undefined;
  }
}
