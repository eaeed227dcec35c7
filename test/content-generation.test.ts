import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { createServer } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, json, type Page, type Problem } from './support/http.js';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { strFromU8, unzipSync } from 'fflate';
import { eq } from 'drizzle-orm';
import { contentFacadeFor, contentModule } from '../src/modules/content/index.js';
import { contentRequests } from '../src/modules/content/infrastructure/content.tables.js';
import { demoPassword, identityModule } from '../src/modules/identity/index.js';
import { createMember, logIn, signUp, type SignedUp } from './support/identity.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { eventually } from './support/eventually.js';

interface AssetSummary {
  id: string;
  type: string;
  title: string;
  status: string;
}
interface Finding {
  kind: string;
  start: number;
  end: number;
}
interface Asset {
  id: string;
  status: string;
  request_id: string | null;
  hashtags: string[];
  current_version: number;
  usage_count: number;
  usage_rights: { licence: string | null; expired: boolean; expires_soon: boolean };
  review: { reviewed_by: string | null; comment: string | null };
  reviews?: { action: string }[];
  version?: {
    content: unknown;
    brand_findings: Finding[];
    format_findings: { kind: string }[];
    generation: Record<string, unknown> | null;
  };
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
    return eventually(
      async () =>
        json<ContentRequest>(await api('GET', `/api/v1/content-requests/${id}`, { token })),
      (body) => body.status === 'completed' || body.status === 'failed',
      20_000,
    );
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

  it('lets a request stalled by a lost worker be retried', async () => {
    const created = await requestContent({
      type: 'text',
      subject: 'Stalled request',
      channel: 'web',
      language: 'en',
    });
    await waitForRequest(created.id);
    // The state a worker that died mid-generation (and outlived its redeliveries) leaves behind.
    await app.runtime.db
      .update(contentRequests)
      .set({ status: 'generating', startedAt: new Date(Date.now() - 3_600_000).toISOString() })
      .where(eq(contentRequests.id, created.id));
    const retried = await api('POST', `/api/v1/content-requests/${created.id}/retry`, {
      token: owner.token,
    });
    expect(retried.status).toBe(202);
    const done = await waitForRequest(created.id);
    expect(done).toMatchObject({ status: 'completed', progress: { generated: 1, expected: 1 } });
    expect(done.assets).toHaveLength(1);
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

  describe('assets', () => {
    let textAsset: Asset;
    let imageAsset: Asset;
    let videoAsset: Asset;

    beforeAll(async () => {
      const [text, image, video] = await Promise.all([
        requestContent({
          type: 'text',
          subject: 'Café Aurora',
          description: 'specialty coffee roasted every morning',
          channel: 'x',
          language: 'es',
          brand_kit_id: kitId,
        }),
        requestContent({
          type: 'image',
          subject: 'Kayak tours',
          description: 'sunrise kayak tours on the lake',
          channel: 'facebook',
          audience: 'outdoor families',
          language: 'en',
          style: 'bold',
          brand_kit_id: kitId,
        }),
        requestContent({
          type: 'video',
          subject: 'Yoga studio',
          description: 'morning yoga classes for beginners',
          channel: 'tiktok',
          language: 'en',
        }),
      ]);
      const load = async (request: ContentRequest) => {
        const done = await waitForRequest(request.id);
        expect(done.status, done.failure_reason ?? '').toBe('completed');
        return json<Asset>(
          await api('GET', `/api/v1/assets/${done.assets![0]!.id}`, { token: owner.token }),
        );
      };
      [textAsset, imageAsset, videoAsset] = await Promise.all([
        load(text),
        load(image),
        load(video),
      ]);
    });

    it('stores brand-kit findings on generated copy, at their positions', async () => {
      const content = textAsset.version!.content as {
        headline: string;
        body: string;
        call_to_action: string;
      };
      const checked = [content.headline, [content.body, content.call_to_action].join('\n')].join(
        '\n',
      );
      const banned = textAsset.version!.brand_findings.filter((f) => f.kind === 'banned_phrase');
      expect(banned.length).toBeGreaterThan(0);
      for (const finding of banned) {
        expect(checked.slice(finding.start, finding.end).toLowerCase()).toBe('café');
      }
      expect(textAsset.version!.generation).toMatchObject({ provider: 'offline' });
      // The subject itself is banned, so every draft has it: three drafts were tried, the best kept.
      const usage = await json<Page<{ request_id: string }>>(
        await api('GET', '/api/v1/ai/usage?limit=100&purpose=content.generate-text', {
          token: owner.token,
        }),
      );
      expect(usage.data.filter((row) => row.request_id === textAsset.request_id)).toHaveLength(3);
    });

    it('generates a real PNG banner at the channel size, served to its organisation only', async () => {
      const image = (
        imageAsset.version!.content as { image: { url: string; width: number; height: number } }
      ).image;
      expect([image.width, image.height]).toEqual([1200, 628]);
      expect(imageAsset.version!.format_findings).toEqual([]);
      const file = await api('GET', image.url, { token: owner.token });
      expect(file.status).toBe(200);
      expect(file.headers.get('content-type')).toBe('image/png');
      const bytes = Buffer.from(await file.arrayBuffer());
      expect(bytes.subarray(1, 4).toString('ascii')).toBe('PNG');
      expect(bytes.readUInt32BE(16)).toBe(1200);
      const stranger = await signUp(app);
      expect((await api('GET', image.url, { token: stranger.token })).status).toBe(404);
      expect(
        (await api('GET', `/api/v1/assets/${imageAsset.id}`, { token: stranger.token })).status,
      ).toBe(404);
    });

    it('generates video material: a script and storyboard scenes with a PNG frame each', async () => {
      const content = videoAsset.version!.content as {
        script: string;
        scenes: {
          index: number;
          voice_over: string;
          frame: { url: string; width: number; height: number };
        }[];
      };
      expect(content.scenes).toHaveLength(4);
      expect(content.script).toContain('SCENE 1');
      for (const scene of content.scenes) {
        expect(content.script).toContain(scene.voice_over);
        expect([scene.frame.width, scene.frame.height]).toEqual([540, 960]);
        const frame = await api('GET', scene.frame.url, { token: owner.token });
        expect(frame.status).toBe(200);
        expect(
          Buffer.from(await frame.arrayBuffer())
            .subarray(1, 4)
            .toString('ascii'),
        ).toBe('PNG');
      }
    });

    it('reviews and approves a version; an edit is a new version back in draft', async () => {
      const marketer = await createMember(app, owner.token, 'marketer');
      const submit = await api('POST', `/api/v1/assets/${textAsset.id}/submit`, {
        token: marketer,
        body: {},
      });
      expect(submit.status).toBe(200);
      expect((await json<Asset>(submit)).status).toBe('in_review');
      const notAllowed = await api('POST', `/api/v1/assets/${textAsset.id}/approve`, {
        token: marketer,
        body: {},
      });
      expect(notAllowed.status).toBe(403);
      const noComment = await api('POST', `/api/v1/assets/${textAsset.id}/reject`, {
        token: owner.token,
        body: {},
      });
      expect(noComment.status).toBe(400);
      const approved = await api('POST', `/api/v1/assets/${textAsset.id}/approve`, {
        token: owner.token,
        body: { comment: 'Good to go' },
      });
      expect(approved.status).toBe(200);
      const body = await json<Asset>(approved);
      expect(body.status).toBe('approved');
      expect(body.review).toMatchObject({ reviewed_by: owner.userId, comment: 'Good to go' });
      expect(body.reviews?.map((r) => r.action)).toEqual(['submit', 'approve']);
      expect(
        (
          await api('POST', `/api/v1/assets/${textAsset.id}/approve`, {
            token: owner.token,
            body: {},
          })
        ).status,
      ).toBe(409);

      const edited = await api('POST', `/api/v1/assets/${textAsset.id}/versions`, {
        token: marketer,
        body: { body: 'Nuevo texto sin frases prohibidas.', note: 'shorter' },
      });
      expect(edited.status).toBe(201);
      const v2 = await json<Asset>(edited);
      expect(v2).toMatchObject({ status: 'draft', current_version: 2 });
      expect(v2.version!.brand_findings.every((f) => f.start < 200)).toBe(true);
      const versions = await json<{ data: { version: number; note: string | null }[] }>(
        await api('GET', `/api/v1/assets/${textAsset.id}/versions`, { token: owner.token }),
      );
      expect(versions.data.map((v) => v.version)).toEqual([2, 1]);
    });

    it('finds assets by full text, hashtag and description similarity', async () => {
      const byText = await json<Page<Asset>>(
        await api('GET', '/api/v1/assets?q=KAYAK%20sunrise&type=image', { token: owner.token }),
      );
      expect(byText.data.map((a) => a.id)).toEqual([imageAsset.id]);
      const tag = imageAsset.hashtags[0]!;
      expect(tag).toMatch(/^#/);
      const byTag = await json<Page<Asset>>(
        await api('GET', `/api/v1/assets?hashtag=${encodeURIComponent(tag.toUpperCase())}`, {
          token: owner.token,
        }),
      );
      expect(byTag.data.map((a) => a.id)).toContain(imageAsset.id);
      const emptyTag = await api('GET', '/api/v1/assets?hashtag=%23', { token: owner.token });
      expect(emptyTag.status).toBe(400);
      const similar = await json<{ data: (Asset & { score: number })[] }>(
        await api(
          'GET',
          `/api/v1/assets/similar?description=${encodeURIComponent('kayak on a lake at sunrise')}`,
          {
            token: owner.token,
          },
        ),
      );
      expect(similar.data[0]?.id).toBe(imageAsset.id);
      expect(similar.data[0]!.score).toBeGreaterThan(similar.data[1]?.score ?? 0);
      const page = await json<Page<Asset>>(
        await api('GET', '/api/v1/assets?limit=2', { token: owner.token }),
      );
      expect(page.has_more).toBe(true);
      const next = await json<Page<Asset>>(
        await api('GET', `/api/v1/assets?limit=2&cursor=${page.next_cursor}`, {
          token: owner.token,
        }),
      );
      expect(next.data.some((a) => page.data.some((b) => b.id === a.id))).toBe(false);
      const stranger = await signUp(app);
      const foreign = await json<Page<Asset>>(
        await api('GET', '/api/v1/assets?q=kayak', { token: stranger.token }),
      );
      expect(foreign.data).toEqual([]);
    });

    it('finds an approved banner in the library by its description and by its hashtag', async () => {
      for (const action of ['submit', 'approve']) {
        const moved = await api('POST', `/api/v1/assets/${imageAsset.id}/${action}`, {
          token: owner.token,
          body: {},
        });
        expect(moved.status, await moved.clone().text()).toBe(200);
      }
      const tag = imageAsset.hashtags.at(-1)!;
      const approved = await json<Page<Asset>>(
        await api(
          'GET',
          `/api/v1/assets?status=approved&hashtag=${encodeURIComponent(tag)}&type=image`,
          { token: owner.token },
        ),
      );
      expect(approved.data.map((a) => [a.id, a.status])).toEqual([[imageAsset.id, 'approved']]);
      const drafts = await json<Page<Asset>>(
        await api('GET', `/api/v1/assets?status=draft&hashtag=${encodeURIComponent(tag)}`, {
          token: owner.token,
        }),
      );
      expect(drafts.data.map((a) => a.id)).not.toContain(imageAsset.id);
      const described = await json<{ data: Asset[] }>(
        await api(
          'GET',
          `/api/v1/assets/similar?type=image&description=${encodeURIComponent('family kayak trip at dawn on a calm lake')}`,
          { token: owner.token },
        ),
      );
      expect(described.data[0]).toMatchObject({ id: imageAsset.id, status: 'approved' });
      expect(described.data[0]!.hashtags).toContain(tag);
    });

    it('uploads an image with usage rights and counts its uses', async () => {
      const png = Buffer.from(
        await (
          await api('GET', `/api/v1/assets/${imageAsset.id}/file`, { token: owner.token })
        ).arrayBuffer(),
      );
      const uploaded = await api('POST', '/api/v1/assets', {
        token: owner.token,
        body: {
          type: 'image',
          title: 'Lake photo',
          description: 'A licensed photo of the lake',
          hashtags: ['#Lago', 'verano'],
          // A 1200×628 banner is not a 9:16 TikTok image: the upload is kept, with a finding.
          channel: 'tiktok',
          licence: 'Stock licence 123',
          rights_expires_at: new Date(Date.now() + 5 * 86_400_000).toISOString(),
          image_base64: png.toString('base64'),
        },
      });
      expect(uploaded.status).toBe(201);
      const asset = await json<Asset>(uploaded);
      expect(asset.hashtags).toEqual(['#lago', '#verano']);
      expect(asset.usage_rights).toMatchObject({
        licence: 'Stock licence 123',
        expired: false,
        expires_soon: true,
      });
      expect(asset.version!.format_findings).toMatchObject([{ kind: 'aspect_ratio' }]);
      const expiring = await json<Page<Asset>>(
        await api('GET', '/api/v1/assets?rights=expiring', { token: owner.token }),
      );
      expect(expiring.data.map((a) => a.id)).toEqual([asset.id]);
      const expired = await json<Page<Asset>>(
        await api('GET', '/api/v1/assets?rights=expired', { token: owner.token }),
      );
      expect(expired.data).toEqual([]);
      const used = await api('POST', `/api/v1/assets/${asset.id}/usages`, { token: owner.token });
      expect((await json<Asset>(used)).usage_count).toBe(1);
      const lapsed = await api('PATCH', `/api/v1/assets/${asset.id}`, {
        token: owner.token,
        body: { rights_expires_at: new Date(Date.now() - 1000).toISOString() },
      });
      expect((await json<Asset>(lapsed)).usage_rights.expired).toBe(true);
      const refused = await api('POST', `/api/v1/assets/${asset.id}/usages`, {
        token: owner.token,
      });
      expect(refused.status).toBe(409);
      const nowExpired = await json<Page<Asset>>(
        await api('GET', '/api/v1/assets?rights=expired', { token: owner.token }),
      );
      expect(nowExpired.data.map((a) => a.id)).toEqual([asset.id]);
      const notPng = await api('POST', '/api/v1/assets', {
        token: owner.token,
        body: {
          type: 'image',
          title: 'x',
          description: 'x',
          image_base64: Buffer.from('GIF89a').toString('base64'),
        },
      });
      expect(notPng.status).toBe(415);
    });

    it('uploads a PNG as multipart form data, with type and size limits', async () => {
      const png = Buffer.from(
        await (
          await api('GET', `/api/v1/assets/${imageAsset.id}/file`, { token: owner.token })
        ).arrayBuffer(),
      );
      const upload = (file: Buffer, extra: Record<string, string> = {}) => {
        const form = new FormData();
        for (const [key, value] of Object.entries(extra)) form.append(key, value);
        form.append('file', new Blob([new Uint8Array(file)], { type: 'image/png' }), 'photo.png');
        return fetch(`${app.url}/api/v1/assets/upload`, {
          method: 'POST',
          headers: { authorization: `Bearer ${owner.token}` },
          body: form,
        });
      };
      const fields = {
        title: 'Harbour',
        description: 'Boats in the harbour at dusk',
        hashtags: '#Barcos, puerto',
      };
      const created = await upload(png, { ...fields, channel: 'facebook' });
      expect(created.status, await created.clone().text()).toBe(201);
      const asset = await json<Asset & { version: { content: { image: { width: number } } } }>(
        created,
      );
      expect(asset.hashtags).toEqual(['#barcos', '#puerto']);
      expect(asset.version.content.image.width).toBe(1200);
      expect((await upload(Buffer.from('not a png at all, just text'), fields)).status).toBe(415);
      expect((await upload(png, { description: 'no title' })).status).toBe(400);
      const huge = Buffer.concat([png, Buffer.alloc(5 * 1024 * 1024)]);
      expect((await upload(huge, fields)).status).toBe(413);
    });

    it('exports assets as a zip with their files and a manifest', async () => {
      const ids = [textAsset.id, imageAsset.id, videoAsset.id];
      const response = await api('POST', '/api/v1/assets/export', {
        token: owner.token,
        body: { asset_ids: ids },
      });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('application/zip');
      const files = unzipSync(new Uint8Array(await response.arrayBuffer()));
      const manifest = JSON.parse(strFromU8(files['manifest.json']!)) as {
        assets: { id: string; files: string[] }[];
      };
      expect(manifest.assets.map((a) => a.id)).toEqual(ids);
      expect(
        Object.keys(files)
          .filter((name) => !name.endsWith('/'))
          .sort(),
      ).toEqual(
        [
          'manifest.json',
          `${textAsset.id}/copy.txt`,
          `${imageAsset.id}/image.png`,
          `${videoAsset.id}/script.txt`,
          ...[1, 2, 3, 4].map((n) => `${videoAsset.id}/scene-${n}.png`),
        ].sort(),
      );
      expect(Buffer.from(files[`${imageAsset.id}/image.png`]!).readUInt32BE(16)).toBe(1200);
      const stranger = await signUp(app);
      const foreign = await api('POST', '/api/v1/assets/export', {
        token: stranger.token,
        body: { asset_ids: [imageAsset.id] },
      });
      expect(foreign.status).toBe(400);
      expect((await json<Problem>(foreign)).errors?.map((e) => e.field)).toEqual([
        'body.asset_ids',
      ]);
      const viaZip = await api('POST', '/api/v1/assets/export/zip', {
        token: owner.token,
        body: { asset_ids: [textAsset.id, textAsset.id] },
      });
      expect(viaZip.headers.get('content-disposition')).toMatch(
        /^attachment; filename="promptcontent-\d{4}-\d{2}-\d{2}\.zip"$/,
      );
      const zipped = unzipSync(new Uint8Array(await viaZip.arrayBuffer()));
      const copy = strFromU8(zipped[`${textAsset.id}/copy.txt`]!);
      // The current version (an earlier case may have edited the copy).
      const current = await json<Asset>(
        await api('GET', `/api/v1/assets/${textAsset.id}`, { token: owner.token }),
      );
      const text = current.version!.content as { headline: string; body: string };
      expect(copy.startsWith(`${text.headline}\n\n${text.body}`)).toBe(true);
      expect(Object.keys(zipped).filter((name) => !name.endsWith('/'))).toHaveLength(2);
    });

    it('lists the exporters; one not configured answers 422 with the setup it needs', async () => {
      const exporters = await json<{
        data: { exporter: string; configured: boolean; setup: string | null; mapping: object }[];
      }>(await api('GET', '/api/v1/content-exporters', { token: owner.token }));
      expect(exporters.data.map((e) => [e.exporter, e.configured])).toEqual([
        ['zip', true],
        ['canva', false],
        ['adobe-express', false],
        ['meta-business-suite', false],
      ]);
      const canva = await api('POST', '/api/v1/assets/export/canva', {
        token: owner.token,
        body: { asset_ids: [imageAsset.id] },
      });
      expect(canva.status).toBe(422);
      expect(canva.headers.get('content-type')).toContain('application/problem+json');
      const problem = await json<{ detail: string; exporter: string; setup: string }>(canva);
      expect(problem).toMatchObject({ exporter: 'canva', configured: false });
      expect(problem.setup).toBe(exporters.data[1]!.setup);
      const unknown = await api('POST', '/api/v1/assets/export/dropbox', {
        token: owner.token,
        body: { asset_ids: [imageAsset.id] },
      });
      expect(unknown.status).toBe(400);
      const stranger = await signUp(app);
      const foreign = await api('POST', '/api/v1/assets/export/meta-business-suite', {
        token: stranger.token,
        body: { asset_ids: [imageAsset.id] },
      });
      expect(foreign.status).toBe(400);
    });

    it('shows the generation calls in the usage log', async () => {
      const usage = await json<Page<{ request_id: string; purpose: string }>>(
        await api('GET', '/api/v1/ai/usage?limit=100&purpose=content.generate-image', {
          token: owner.token,
        }),
      );
      const videoRequest = videoAsset.request_id;
      expect(usage.data.filter((row) => row.request_id === videoRequest)).toHaveLength(4);
      expect(usage.data.filter((row) => row.request_id === imageAsset.request_id)).toHaveLength(1);
    });
  });

  it('seeds Demo Agency with over 100 described, hashtagged banners, idempotently', async () => {
    const started = performance.now();
    await identityModule.seed?.(app.runtime);
    await contentModule.seed?.(app.runtime);
    const seededMs = performance.now() - started;
    await contentModule.seed?.(app.runtime);
    const demo = await logIn(app, 'owner@demo.promptsales.dev', demoPassword);
    let count = 0;
    let cursor: string | null = null;
    do {
      const query: string = cursor ? `&cursor=${cursor}` : '';
      const page: Page<Asset & { description: string }> = await json(
        await api('GET', `/api/v1/assets?type=image&limit=100${query}`, {
          token: demo.access_token,
        }),
      );
      count += page.data.length;
      expect(page.data.every((a) => a.description.length > 10 && a.hashtags.length >= 3)).toBe(
        true,
      );
      cursor = page.next_cursor;
    } while (cursor);
    expect(count).toBe(120);
    const kayaks = await json<Page<Asset & { description: string }>>(
      await api('GET', '/api/v1/assets?hashtag=kayak', { token: demo.access_token }),
    );
    expect(kayaks.data.length).toBeGreaterThan(3);
    expect(kayaks.data.every((a) => a.description.includes('kayak'))).toBe(true);
    const similar = await json<{ data: (Asset & { description: string })[] }>(
      await api(
        'GET',
        `/api/v1/assets/similar?description=${encodeURIComponent('surfboard at the beach')}&limit=3`,
        {
          token: demo.access_token,
        },
      ),
    );
    expect(similar.data[0]?.description).toMatch(/surfboard/);
    console.info(`content demo seed: 120 banners in ${Math.round(seededMs)} ms`);
  });

  it('serves agents over MCP: request content, follow it, search the library', async () => {
    const client = new Client({ name: 'content-test', version: '1.0.0' });
    await client.connect(
      new StreamableHTTPClientTransport(new URL(`${app.url}/mcp`), {
        requestInit: { headers: { authorization: `Bearer ${owner.token}` } },
      }),
    );
    try {
      const call = async (name: string, args: Record<string, unknown>) => {
        const result = (await client.callTool({ name, arguments: args })) as CallToolResult;
        expect(result.isError, JSON.stringify(result.content)).toBeFalsy();
        return result.structuredContent as Record<string, unknown>;
      };
      const created = await call('content_request_content', {
        type: 'image',
        subject: 'Mountain bike rental',
        description: 'electric mountain bikes for forest trails',
        channel: 'instagram',
        language: 'en',
      });
      expect(created.status).toBe('queued');
      const status = await eventually(
        () => call('content_get_request', { requestId: created.id }),
        (found) => found.status === 'completed',
        20_000,
      );
      expect(status.status).toBe('completed');
      const assets = status.assets as { id: string; content: Record<string, unknown> }[];
      const assetId = assets[0]!.id;
      // The banner itself: its headline, alt text and file.
      expect(assets[0]!.content).toMatchObject({
        altText: expect.any(String),
        fileUrl: `/api/v1/assets/${assetId}/file?version=1`,
      });
      expect(String(status.createdAt)).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);

      // Waiting for copy returns the copy itself, for the ads channel id google_ads.
      const copy = await call('content_request_content', {
        type: 'text',
        subject: 'Mountain bike rental',
        channel: 'google_ads',
        language: 'es',
        callToAction: 'Reserva hoy',
        variants: 2,
        waitSeconds: 30,
      });
      expect(copy).toMatchObject({
        status: 'completed',
        brief: { channel: 'google_ads', callToAction: 'Reserva hoy' },
      });
      const texts = copy.assets as {
        channel: string;
        content: { headline: string; body: string };
      }[];
      expect(texts).toHaveLength(2);
      for (const text of texts) {
        expect(text.channel).toBe('google_ads');
        expect(text.content.headline.length).toBeGreaterThan(0);
        expect(text.content.headline.length).toBeLessThanOrEqual(30);
        expect(text.content.body.length).toBeGreaterThan(0);
      }
      const found = await call('content_search_media', {
        description: 'mountain bikes on forest trails',
        type: 'image',
        limit: 3,
      });
      const results = found.results as { id: string; hashtags: string[] }[];
      expect(results[0]?.id).toBe(assetId);
      expect(results[0]?.hashtags.length).toBeGreaterThan(0);
    } finally {
      await client.close();
    }
  });

  it('gives the portal a facade to request content for a campaign brief', async () => {
    const content = contentFacadeFor(app.runtime);
    const queued = await content.requestContent({
      orgId: owner.orgId,
      userId: owner.userId,
      brief: {
        type: 'text',
        subject: 'Spring campaign',
        channel: 'email',
        language: 'es',
        variants: 2,
        campaignReference: 'campaign-42',
      },
    });
    expect(queued).toMatchObject({ status: 'queued', expected: 2 });
    const done = await waitForRequest(queued.requestId);
    expect(done.status).toBe('completed');
    expect(await content.requestStatus(owner.orgId, queued.requestId)).toMatchObject({
      status: 'completed',
      generated: 2,
    });
    const stranger = await signUp(app);
    expect(await content.requestStatus(stranger.orgId, queued.requestId)).toBeUndefined();
  });
});
