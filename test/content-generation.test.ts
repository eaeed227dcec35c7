import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { createServer } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, json, type Page } from './support/http.js';
import { signUp, type SignedUp } from './support/identity.js';
import { startTestApp, type TestApp } from './support/test-app.js';

interface AssetSummary {
  id: string;
  type: string;
  title: string;
  status: string;
}
interface ContentRequest {
  id: string;
  status: string;
  failure_reason: string | null;
  progress: { generated: number; expected: number };
  assets?: AssetSummary[];
}

/** A loopback port nothing listens on (bound, then released). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/**
 * PromptContent through the HTTP API: briefs in, generated text, banners and video storyboards
 * out, reviewed, approved and found again in the media library. One app for every case (start-up
 * is the expensive part).
 */
describe('content generation, review and the media library', () => {
  let app: TestApp;
  let api: ReturnType<typeof apiClient>;
  let owner: SignedUp;
  let dataDir: string;
  let kitId: string;

  async function waitForRequest(id: string, token = owner.token): Promise<ContentRequest> {
    const deadline = Date.now() + 20_000;
    for (;;) {
      const response = await api('GET', `/api/v1/content-requests/${id}`, { token });
      const body = await json<ContentRequest>(response);
      if (body.status === 'completed' || body.status === 'failed') return body;
      if (Date.now() > deadline) throw new Error(`request ${id} still ${body.status}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  async function requestContent(
    brief: Record<string, unknown>,
    headers: Record<string, string> = {},
  ) {
    const response = await api('POST', '/api/v1/content-requests', {
      token: owner.token,
      body: brief,
      headers,
    });
    expect(response.status, await response.clone().text()).toBe(202);
    return json<ContentRequest>(response);
  }

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'ps-content-'));
    app = await startTestApp({
      env: { AI_OFFLINE_LATENCY_MS: '0', AI_MAX_RETRIES: '0', DATA_DIR: dataDir },
    });
    api = apiClient(app.url);
    owner = await signUp(app);
    const kit = await api('POST', '/api/v1/brand-kits', {
      token: owner.token,
      body: {
        name: 'Café Aurora',
        colors: ['#6b3e26', '#c08552'],
        banned_phrases: ['café'],
        approved_claims: [],
      },
    });
    kitId = (await json<{ id: string }>(kit)).id;
  });
  afterAll(async () => {
    await app?.close();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('generates text variants for a brief, queued then completed, then listed', async () => {
    const created = await requestContent(
      {
        type: 'text',
        subject: 'Café Aurora',
        description: 'specialty coffee roasted every morning',
        channel: 'instagram',
        audience: 'coffee lovers',
        language: 'es',
        tone: 'friendly',
        variants: 2,
        brand_kit_id: kitId,
        campaign_reference: 'autumn-2026',
      },
      { 'idempotency-key': 'text-brief-1' },
    );
    expect(created.status).toBe('queued');
    expect(created.progress).toEqual({ generated: 0, expected: 2 });
    // The same key replays the same request instead of creating a second one.
    const replay = await api('POST', '/api/v1/content-requests', {
      token: owner.token,
      headers: { 'idempotency-key': 'text-brief-1' },
      body: {
        type: 'text',
        subject: 'Café Aurora',
        description: 'specialty coffee roasted every morning',
        channel: 'instagram',
        audience: 'coffee lovers',
        language: 'es',
        tone: 'friendly',
        variants: 2,
        brand_kit_id: kitId,
        campaign_reference: 'autumn-2026',
      },
    });
    expect((await json<ContentRequest>(replay)).id).toBe(created.id);

    const done = await waitForRequest(created.id);
    expect(done.status).toBe('completed');
    expect(done.progress).toEqual({ generated: 2, expected: 2 });
    expect(done.assets).toHaveLength(2);
    expect(done.assets?.every((a) => a.type === 'text' && a.status === 'draft')).toBe(true);
    const list = await json<Page<ContentRequest>>(
      await api('GET', '/api/v1/content-requests?status=completed', { token: owner.token }),
    );
    expect(list.data.map((r) => r.id)).toContain(created.id);
  });

  it('streams progress as server-sent events until the request completes', async () => {
    const created = await requestContent({
      type: 'image',
      subject: 'Trail running shoes',
      channel: 'facebook',
      language: 'en',
      variants: 1,
    });
    const response = await fetch(`${app.url}/api/v1/content-requests/${created.id}/events`, {
      headers: { authorization: `Bearer ${owner.token}` },
    });
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const text = await response.text();
    const events = [...text.matchAll(/event: status\ndata: (.*)\n/g)].map(
      (m) => JSON.parse(m[1]!) as ContentRequest,
    );
    expect(events.at(-1)?.status).toBe('completed');
    expect(events.at(-1)?.assets).toHaveLength(1);
    const stranger = await signUp(app);
    const foreign = await fetch(`${app.url}/api/v1/content-requests/${created.id}/events`, {
      headers: { authorization: `Bearer ${stranger.token}` },
    });
    expect(foreign.status).toBe(404);
  });

  it('records a failed generation with its reason, and a retry completes it', async () => {
    const other = await signUp(app);
    const closed = await closedPort();
    const settings = await api('PUT', '/api/v1/ai/settings', {
      token: other.token,
      body: {
        provider: 'openai',
        base_url: `http://127.0.0.1:${closed}/v1`,
        api_key: 'sk-test-key-1234',
        text_model: 'gpt-4o-mini',
      },
    });
    expect(settings.status).toBe(200);
    const created = await api('POST', '/api/v1/content-requests', {
      token: other.token,
      body: { type: 'text', subject: 'Broken provider', channel: 'x', language: 'en' },
    });
    const { id } = await json<ContentRequest>(created);
    const failed = await waitForRequest(id, other.token);
    expect(failed.status).toBe('failed');
    expect(failed.failure_reason).toBeTruthy();
    const early = await api('POST', `/api/v1/content-requests/${id}/retry`, { token: owner.token });
    expect(early.status).toBe(404);
    await api('DELETE', '/api/v1/ai/settings', { token: other.token });
    const retried = await api('POST', `/api/v1/content-requests/${id}/retry`, {
      token: other.token,
    });
    expect(retried.status).toBe(202);
    expect((await json<ContentRequest>(retried)).status).toBe('queued');
    const done = await waitForRequest(id, other.token);
    expect(done.status).toBe('completed');
    const again = await api('POST', `/api/v1/content-requests/${id}/retry`, { token: other.token });
    expect(again.status).toBe(409);
  });

  it('logs every AI call against the request', async () => {
    const created = await requestContent({
      type: 'text',
      subject: 'LedgerLite invoicing',
      channel: 'linkedin',
      language: 'en',
    });
    await waitForRequest(created.id);
    const usage = await json<
      Page<{ request_id: string; purpose: string; model: string; outcome: string }>
    >(await api('GET', '/api/v1/ai/usage?limit=100', { token: owner.token }));
    const calls = usage.data.filter((row) => row.request_id === created.id);
    expect(calls.map((c) => c.purpose).sort()).toEqual([
      'content.embed-description',
      'content.generate-text',
    ]);
  });
});
