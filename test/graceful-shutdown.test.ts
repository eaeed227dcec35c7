import { describe, expect, it } from 'vitest';
import { streamEvents } from '../src/platform/http/server-sent-events.js';
import type { ModuleDefinition } from '../src/platform/module.js';
import { eventually } from './support/eventually.js';
import { startTestApp } from './support/test-app.js';

/** Handlers announce that a request reached them, so a test shuts down only once it is in flight. */
let announce: () => void = () => {};
const nextArrival = () =>
  new Promise<void>((resolve) => {
    announce = resolve;
  });

const slowModule: ModuleDefinition = {
  name: 'slow',
  routes: async (app) => {
    app.get('/slow', { config: { public: true } }, async () => {
      announce();
      await new Promise((resolve) => setTimeout(resolve, 400));
      return { done: true };
    });
    app.get('/quiet', { config: { public: true } }, async (request, reply) =>
      streamEvents(request, reply, async function* quiet(signal) {
        await new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }));
        yield* [];
      }),
    );
    app.get('/hang', { config: { public: true } }, () => {
      announce();
      return new Promise<never>(() => {});
    });
    app.get('/ticks', { config: { public: true } }, async (request, reply) =>
      streamEvents(request, reply, async function* ticks(signal) {
        for (let n = 1; !signal.aborted; n += 1) {
          yield { event: 'tick', id: String(n), data: { n } };
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
      }),
    );
  },
};

describe('graceful shutdown', () => {
  it('finishes in-flight requests, refuses new ones, then closes the database', async () => {
    const app = await startTestApp({ modules: [slowModule] });
    const arrived = nextArrival();
    const inFlight = fetch(`${app.url}/api/v1/slow`);
    await arrived;
    const closing = app.close();
    const late = await fetch(`${app.url}/api/v1/slow`).then(
      (response) => response.status,
      () => 'refused',
    );
    const response = await inFlight;
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ done: true });
    expect([503, 'refused']).toContain(late);
    await closing;
    await expect(app.runtime.database.ping()).rejects.toThrow();
  });

  it('ends a silent event stream as soon as its client goes away', async () => {
    const app = await startTestApp({ modules: [slowModule] });
    const inFlight = async () =>
      /^http_requests_in_flight (\d+)$/m.exec(
        await (await fetch(`${app.operationsUrl}/metrics`)).text(),
      )?.[1];
    const client = new AbortController();
    const response = await fetch(`${app.url}/api/v1/quiet`, { signal: client.signal });
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    // The stream alone: /metrics is served apart, on the operations port.
    expect(await inFlight()).toBe('1');
    client.abort();
    await eventually(inFlight, (count) => count === '0', 3_000);
    await app.close();
  });

  it('cuts a request that never ends once its share of the shutdown budget is spent', async () => {
    const app = await startTestApp({ modules: [slowModule], env: { SHUTDOWN_TIMEOUT_MS: '1000' } });
    const arrived = nextArrival();
    const hung = fetch(`${app.url}/api/v1/hang`).then(
      (response) => response.status,
      () => 'cut',
    );
    await arrived;
    const started = Date.now();
    await app.close();
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(await hung).toBe('cut');
  });

  it('streams server-sent events and ends open streams on shutdown', async () => {
    const app = await startTestApp({ modules: [slowModule] });
    const response = await fetch(`${app.url}/api/v1/ticks`);
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    let received = '';
    while (!received.includes('id: 3')) received += decoder.decode((await reader.read()).value);
    expect(received).toContain('event: tick\ndata: {"n":1}');
    const started = Date.now();
    await app.close();
    expect(Date.now() - started).toBeLessThan(3000);
    let ended = false;
    while (!ended) ended = (await reader.read()).done;
  });
});
