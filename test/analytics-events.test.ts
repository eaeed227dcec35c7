import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient } from './support/http.js';
import { signUp, type SignedUp } from './support/identity.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/** An open `GET /analytics/events` stream, read event by event. */
async function openStream(app: TestApp, token: string) {
  const response = await fetch(`${app.url}/api/v1/analytics/events`, {
    headers: { authorization: `Bearer ${token}` },
  });
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toContain('text/event-stream');
  const reader = response.body!.getReader();
  let buffered = '';
  const versions: number[] = [];
  /** Reads until a data-version event satisfies `wanted`, or `withinMs` passes. */
  const next = async (wanted: (version: number) => boolean, withinMs: number) => {
    const deadline = Date.now() + withinMs;
    while (Date.now() < deadline) {
      const found = versions.find(wanted);
      if (found !== undefined) return found;
      const chunk = await Promise.race([
        reader.read(),
        new Promise<null>((resolve) => setTimeout(() => resolve(null), deadline - Date.now())),
      ]);
      if (!chunk || chunk.done) break;
      buffered += new TextDecoder().decode(chunk.value);
      for (const match of buffered.matchAll(/event: data-version\ndata: (.*)\n\n/g))
        versions.push((JSON.parse(match[1]!) as { dataVersion: number }).dataVersion);
      buffered = buffered.slice(buffered.lastIndexOf('\n\n') + 2);
    }
    return versions.find(wanted);
  };
  return { next, close: () => reader.cancel() };
}

/** The dashboard's live refresh: the organisation's data version over server-sent events. */
describe('analytics events stream', () => {
  let app: TestApp;
  let first: SignedUp;
  let second: SignedUp;

  beforeAll(async () => {
    app = await startTestApp();
    first = await signUp(app);
    second = await signUp(app);
  });
  afterAll(async () => app?.close());

  it('sends the data version at once and again when a lead changes the figures, to its organisation only', async () => {
    const own = await openStream(app, first.token);
    const other = await openStream(app, second.token);
    const start = await own.next(() => true, 5_000);
    const otherStart = await other.next(() => true, 5_000);
    expect(start).toBeTypeOf('number');
    expect(otherStart).toBeTypeOf('number');

    const contact = await apiClient(app.url)('POST', '/api/v1/contacts', {
      token: first.token,
      body: { first_name: 'Live', last_name: 'Lead', email: 'live.lead@events.example' },
    });
    expect(contact.status).toBe(201);
    expect(await own.next((version) => version > start!, 15_000)).toBeGreaterThan(start!);
    // The other organisation's figures did not change, so its stream stays quiet.
    expect(await other.next((version) => version !== otherStart, 3_000)).toBeUndefined();
    await own.close();
    await other.close();
  }, 40_000);

  it('refuses a request without a token', async () => {
    const response = await fetch(`${app.url}/api/v1/analytics/events`);
    expect(response.status).toBe(401);
  });
});
