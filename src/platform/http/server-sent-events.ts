import type { FastifyReply, FastifyRequest } from 'fastify';
import { handOverResponse } from './hand-over.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** Aborted when the server starts shutting down. */
    shutdownSignal: AbortSignal;
  }
}

export interface ServerSentEvent {
  event?: string;
  id?: string;
  data: unknown;
}

function format(message: ServerSentEvent): string {
  const lines: string[] = [];
  if (message.id) lines.push(`id: ${message.id}`);
  if (message.event) lines.push(`event: ${message.event}`);
  for (const line of JSON.stringify(message.data).split('\n')) lines.push(`data: ${line}`);
  return `${lines.join('\n')}\n\n`;
}

/**
 * Streams events until `source` ends or the client goes away. A comment line every
 * `heartbeatMs` keeps proxies from closing an idle stream.
 */
export async function streamEvents(
  request: FastifyRequest,
  reply: FastifyReply,
  source: (signal: AbortSignal) => AsyncIterable<ServerSentEvent>,
  heartbeatMs = 15_000,
): Promise<void> {
  const abort = new AbortController();
  // The response's close is the one that fires when the client goes away mid-stream.
  reply.raw.once('close', () => abort.abort());
  const onShutdown = () => abort.abort();
  request.server.shutdownSignal.addEventListener('abort', onShutdown, { once: true });
  // CORS, security headers and the request id the hooks set are kept; these are the stream's own.
  handOverResponse(reply);
  const raw = reply.raw;
  raw.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-transform',
    // A stream owns its connection; closing it with the stream lets shutdown drain at once.
    connection: 'close',
    'x-accel-buffering': 'no',
  });
  raw.write(': connected\n\n');
  const heartbeat = setInterval(() => raw.write(': heartbeat\n\n'), heartbeatMs);
  try {
    for await (const message of source(abort.signal)) {
      if (abort.signal.aborted) break;
      raw.write(format(message));
    }
  } catch (error) {
    raw.write(
      format({ event: 'error', data: { message: 'The stream failed; reconnect to resume' } }),
    );
    request.log.warn({ err: error }, 'event stream failed');
  } finally {
    request.server.shutdownSignal.removeEventListener('abort', onShutdown);
    clearInterval(heartbeat);
    raw.end();
  }
}
