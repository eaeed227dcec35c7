import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aiGatewayFor, type MarketingCopy } from '../src/modules/ai/index.js';
import { apiClient, json, type Page } from './support/http.js';
import { signUp, type SignedUp } from './support/identity.js';
import { startTestApp, type TestApp } from './support/test-app.js';

interface CopyResponse {
  copy: MarketingCopy;
  provider: string;
  model: string;
  cost_micros: number;
  cached: boolean;
  tokens_out: number;
}

describe('AI gateway with the built-in offline providers (the default)', () => {
  let app: TestApp;
  let owner: SignedUp;
  let api: ReturnType<typeof apiClient>;

  beforeAll(async () => {
    app = await startTestApp({ env: { AI_OFFLINE_LATENCY_MS: '0' } });
    api = apiClient(app.url);
    owner = await signUp(app);
  });
  afterAll(async () => app?.close());

  const brief = {
    product: 'Café Aurora',
    description: 'Café de especialidad tostado cada semana en Valencia',
    audience: 'amantes del café',
    language: 'es',
    tone: 'playful',
    channel: 'instagram',
    objective: 'sales',
    benefits: ['envío gratis en 24 horas', 'granos de origen único'],
  };

  it('writes marketing copy from a brief over HTTP, at no cost, and caches a repeat', async () => {
    const post = () =>
      api('POST', '/api/v1/ai/copy', { token: owner.token, body: { brief, seed: 3 } });
    const first = await post();
    expect(first.status).toBe(200);
    const body = await json<CopyResponse>(first);
    expect(body).toMatchObject({
      provider: 'offline',
      model: 'offline-copywriter-1',
      cost_micros: 0,
      cached: false,
    });
    expect(body.copy.language).toBe('es');
    expect(body.copy.body).toContain('Café Aurora');
    expect(body.copy.seo.title.length).toBeLessThanOrEqual(60);
    expect(body.tokens_out).toBeGreaterThan(50);

    const again = await json<CopyResponse>(await post());
    expect(again.cached).toBe(true);
    expect(again.copy).toEqual(body.copy);

    const english = await json<CopyResponse>(
      await api('POST', '/api/v1/ai/copy', {
        token: owner.token,
        body: {
          brief: {
            ...brief,
            product: 'Aurora Coffee',
            language: 'en',
            benefits: ['free 24-hour delivery'],
          },
        },
      }),
    );
    expect(english.copy.language).toBe('en');
    expect(english.copy.seo.faq[0]?.question).toBe('What is Aurora Coffee?');
  });

  it('rejects a brief in an unsupported language with a field error', async () => {
    const response = await api('POST', '/api/v1/ai/copy', {
      token: owner.token,
      body: { brief: { ...brief, language: 'fr' } },
    });
    expect(response.status).toBe(400);
  });

  it('answers a free-form chat request and logs every call with its purpose', async () => {
    const response = await api('POST', '/api/v1/ai/text', {
      token: owner.token,
      body: {
        messages: [{ role: 'user', content: 'Write a post about our "Trail Runner X" shoes' }],
      },
    });
    expect(response.status).toBe(200);
    const body = await json<{ text: string; provider: string }>(response);
    expect(body.text).toContain('Trail Runner X');

    const usage = await json<
      Page<{ purpose: string; provider: string; outcome: string; cost_micros: number }>
    >(await api('GET', '/api/v1/ai/usage?provider=offline', { token: owner.token }));
    expect(usage.data.map((row) => `${row.purpose}:${row.outcome}`)).toEqual([
      'ai.text:ok',
      'ai.copy:ok',
      'ai.copy:cached',
      'ai.copy:ok',
    ]);
    expect(usage.data.every((row) => row.cost_micros === 0)).toBe(true);
  });

  it('renders brand banners and lexical embeddings through the facade', async () => {
    const gateway = aiGatewayFor(app.runtime);
    const image = await gateway.generateImage({
      orgId: owner.orgId,
      purpose: 'content.generate-image',
      prompt: 'Nueva colección de otoño. Envío gratis.',
      headline: 'Otoño en Café Aurora',
      width: 1080,
      height: 1080,
      brand: { name: 'Aurora', colors: ['#6b3e26', '#c08552', '#ffc09f'] },
    });
    expect(image.png.subarray(1, 4).toString('ascii')).toBe('PNG');
    expect(image.png.readUInt32BE(16)).toBe(1080);
    expect(image.png.readUInt32BE(20)).toBe(1080);
    const cachedImage = await gateway.generateImage({
      orgId: owner.orgId,
      purpose: 'content.generate-image',
      prompt: 'Nueva colección de otoño. Envío gratis.',
      headline: 'Otoño en Café Aurora',
      width: 1080,
      height: 1080,
      brand: { name: 'Aurora', colors: ['#6b3e26', '#c08552', '#ffc09f'] },
    });
    expect(cachedImage.cached).toBe(true);
    expect(cachedImage.png.equals(image.png)).toBe(true);

    const { vectors } = await gateway.embed({
      orgId: owner.orgId,
      purpose: 'content.search',
      texts: ['zapatillas de trail', 'zapatilla trail montaña', 'software de contabilidad'],
    });
    const dot = (a: number[], b: number[]) => a.reduce((sum, x, i) => sum + x * (b[i] ?? 0), 0);
    expect(dot(vectors[0]!, vectors[1]!)).toBeGreaterThan(dot(vectors[0]!, vectors[2]!));
  });
});
