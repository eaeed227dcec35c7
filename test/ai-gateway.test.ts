import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aiGatewayFor, type AiGateway } from '../src/modules/ai/index.js';
import { providerSettings } from '../src/modules/ai/infrastructure/ai.tables.js';
import { AppError } from '../src/platform/errors/app-error.js';
import { FakeOpenAiServer } from './support/fake-openai-server.js';
import { apiClient, json, type Page } from './support/http.js';
import { signUp, type SignedUp } from './support/identity.js';
import { startTestApp, type TestApp } from './support/test-app.js';

interface UsageItem {
  purpose: string;
  provider: string;
  model: string;
  tokens_in: number;
  tokens_out: number;
  cost_micros: number;
  outcome: string;
}

const chat = '/v1/chat/completions' as const;
const globalKey = 'sk-global-test-key-0000';

async function rejection(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected the call to fail');
}

describe('AI gateway against an OpenAI-compatible server', () => {
  let fake: FakeOpenAiServer;
  let app: TestApp;
  let gateway: AiGateway;
  let api: ReturnType<typeof apiClient>;

  beforeAll(async () => {
    fake = await FakeOpenAiServer.start();
    app = await startTestApp({
      env: {
        AI_PROVIDER: 'openai',
        AI_BASE_URL: fake.url,
        AI_API_KEY: globalKey,
        AI_TEXT_MODEL: 'gpt-4o-mini',
        AI_TIMEOUT_MS: '300',
        AI_MAX_RETRIES: '1',
        AI_RETRY_BASE_MS: '5',
        AI_BREAKER_THRESHOLD: '3',
        AI_BREAKER_COOLDOWN_MS: '60000',
      },
    });
    gateway = aiGatewayFor(app.runtime);
    api = apiClient(app.url);
  });
  afterAll(async () => {
    await app?.close();
    await fake?.close();
  });

  const usageOf = async (owner: SignedUp, query = '') => {
    const response = await api('GET', `/api/v1/ai/usage${query}`, { token: owner.token });
    expect(response.status).toBe(200);
    return json<Page<UsageItem>>(response);
  };

  /** An organisation with its own endpoint (and so its own circuit breaker) on the fake server. */
  const orgWithOwnKey = async (apiKey: string) => {
    const owner = await signUp(app);
    const response = await api('PUT', '/api/v1/ai/settings', {
      token: owner.token,
      body: { provider: 'openai', base_url: fake.url, api_key: apiKey, text_model: 'gpt-4o-mini' },
    });
    expect(response.status).toBe(200);
    return owner;
  };

  it('generates text, and logs the call with tokens and cost', async () => {
    const owner = await signUp(app);
    const result = await gateway.generateText({
      orgId: owner.orgId,
      userId: owner.userId,
      purpose: 'content.generate-text',
      messages: [{ role: 'user', content: 'Write a tagline for LedgerLite' }],
    });
    expect(result.text).toBe('Echo: Write a tagline for LedgerLite');
    expect(result).toMatchObject({ provider: 'openai', model: 'gpt-4o-mini', cached: false });
    expect(result.usage).toEqual({ tokensIn: 120, tokensOut: 80 });
    // gpt-4o-mini: 120 × $0.15/M + 80 × $0.60/M = 18 + 48 micro-USD.
    expect(result.costMicros).toBe(66);
    expect(fake.requests.at(-1)?.apiKey).toBe(globalKey);

    const usage = await usageOf(owner);
    expect(usage.data).toHaveLength(1);
    expect(usage.data[0]).toMatchObject({
      purpose: 'content.generate-text',
      provider: 'openai',
      model: 'gpt-4o-mini',
      tokens_in: 120,
      tokens_out: 80,
      cost_micros: 66,
      outcome: 'ok',
    });
  });

  it('retries a 429 after the time Retry-After asks for, and logs one successful call', async () => {
    const owner = await signUp(app);
    fake.script(chat, { status: 429, headers: { 'retry-after-ms': '120' } });
    const before = fake.count(chat);
    const result = await gateway.generateText({
      orgId: owner.orgId,
      purpose: 'content.generate-text',
      messages: [{ role: 'user', content: 'rate limited once' }],
    });
    expect(result.text).toBe('Echo: rate limited once');
    const attempts = fake.requests.slice(before);
    expect(attempts).toHaveLength(2);
    expect(attempts[1]!.at - attempts[0]!.at).toBeGreaterThanOrEqual(110);
    const usage = await usageOf(owner);
    expect(usage.data.map((row) => row.outcome)).toEqual(['ok']);
  });

  it('opens the circuit after repeated 500s and then fails fast without calling the provider', async () => {
    const key = 'sk-org-breaker-1111';
    const owner = await orgWithOwnKey(key);
    fake.scriptFor(key, chat, ...Array.from({ length: 10 }, () => ({ status: 500 })));
    const call = () =>
      gateway.generateText({
        orgId: owner.orgId,
        purpose: 'crm.chatbot',
        cache: false,
        messages: [{ role: 'user', content: 'are you there?' }],
      });
    // Threshold 3: the first call fails twice (one retry), the second call's first attempt opens it.
    expect((await rejection(call())).details.ai_failure).toBe('server');
    expect((await rejection(call())).details.ai_failure).toBe('circuit_open');
    const reached = fake.count(chat, key);
    expect(reached).toBe(3);
    for (let i = 0; i < 3; i += 1) {
      const started = Date.now();
      const error = await rejection(call());
      expect(error.code).toBe('dependency_unavailable');
      expect(error.details.ai_failure).toBe('circuit_open');
      // Failing fast: no request reaches the endpoint (counted below), and no timeout is waited.
      expect(Date.now() - started).toBeLessThan(1_000);
    }
    expect(fake.count(chat, key)).toBe(reached);
    // Another organisation's endpoint has its own breaker and still works.
    const other = await signUp(app);
    const ok = await gateway.generateText({
      orgId: other.orgId,
      purpose: 'crm.chatbot',
      messages: [{ role: 'user', content: 'still fine' }],
    });
    expect(ok.text).toBe('Echo: still fine');
    fake.reset();
    const outcomes = (await usageOf(owner)).data.map((row) => row.outcome);
    expect(outcomes.filter((o) => o === 'error:circuit_open')).toHaveLength(4);
    expect(outcomes.filter((o) => o === 'error:server')).toHaveLength(1);
  });

  it('times out a slow answer and reports it as a timeout', async () => {
    const key = 'sk-org-slow-2222';
    const owner = await orgWithOwnKey(key);
    fake.scriptFor(key, chat, { delayMs: 3000 }, { delayMs: 3000 });
    const started = Date.now();
    const error = await rejection(
      gateway.generateText({
        orgId: owner.orgId,
        purpose: 'content.generate-text',
        messages: [{ role: 'user', content: 'take your time' }],
      }),
    );
    const elapsed = Date.now() - started;
    expect(error.code).toBe('dependency_unavailable');
    expect(error.details.ai_failure).toBe('timeout');
    // Two attempts of 300 ms, not two of 3 s.
    expect(elapsed).toBeLessThan(1500);
    expect(fake.count(chat, key)).toBe(2);
    fake.reset();
    expect((await usageOf(owner)).data.map((row) => row.outcome)).toEqual(['error:timeout']);
  });

  it('answers a repeated request from the cache: the provider is called once, the hit costs nothing', async () => {
    const owner = await signUp(app);
    const request = {
      orgId: owner.orgId,
      purpose: 'content.generate-text',
      messages: [{ role: 'user' as const, content: 'Same question twice' }],
      temperature: 0.3,
    };
    const before = fake.count(chat);
    const first = await gateway.generateText(request);
    const second = await gateway.generateText({
      ...request,
      messages: [{ role: 'user', content: '  Same question twice ' }],
    });
    expect(fake.count(chat)).toBe(before + 1);
    expect(second).toMatchObject({ text: first.text, cached: true, costMicros: 0 });
    // Another organisation asking the same gets its own answer, never this one's.
    const other = await signUp(app);
    await gateway.generateText({ ...request, orgId: other.orgId });
    expect(fake.count(chat)).toBe(before + 2);

    const usage = await usageOf(owner);
    expect(usage.data.map((row) => [row.outcome, row.cost_micros, row.tokens_in])).toEqual([
      ['cached', 0, 0],
      ['ok', 66, 120],
    ]);
    const cachedOnly = await usageOf(owner, '?outcome=cached');
    expect(cachedOnly.data).toHaveLength(1);
    const firstPage = await usageOf(owner, '?limit=1');
    expect(firstPage.has_more).toBe(true);
    const secondPage = await usageOf(owner, `?limit=1&cursor=${firstPage.next_cursor}`);
    expect(secondPage.data.map((row) => row.outcome)).toEqual(['ok']);
    expect(secondPage.has_more).toBe(false);
  });

  it('keeps an organisation key encrypted, shows only its last 4 characters, and uses it', async () => {
    const key = 'sk-org-very-secret-ABCD';
    const owner = await orgWithOwnKey(key);
    const view = await json<{ source: string; api_key: { set: boolean; last4: string } }>(
      await api('GET', '/api/v1/ai/settings', { token: owner.token }),
    );
    expect(view).toMatchObject({ source: 'organization', api_key: { set: true, last4: 'ABCD' } });
    expect(JSON.stringify(view)).not.toContain('very-secret');

    const [row] = await app.runtime.db
      .select()
      .from(providerSettings)
      .where(eq(providerSettings.orgId, owner.orgId));
    expect(row?.apiKeyCiphertext).toBeTruthy();
    expect(JSON.stringify(row)).not.toContain('very-secret');

    await gateway.generateText({
      orgId: owner.orgId,
      purpose: 'ads.sentiment',
      messages: [{ role: 'user', content: 'uses the org key' }],
    });
    expect(fake.requests.at(-1)?.apiKey).toBe(key);

    // Changing the model but not the key keeps the key.
    await api('PUT', '/api/v1/ai/settings', {
      token: owner.token,
      body: { provider: 'openai', base_url: fake.url, text_model: 'gpt-4.1-mini' },
    });
    const result = await gateway.generateText({
      orgId: owner.orgId,
      purpose: 'ads.sentiment',
      messages: [{ role: 'user', content: 'new model' }],
    });
    expect(result.model).toBe('gpt-4.1-mini');
    expect(fake.requests.at(-1)?.apiKey).toBe(key);

    // Removing the settings falls back to the global provider.
    const removed = await api('DELETE', '/api/v1/ai/settings', { token: owner.token });
    expect((await json<{ source: string }>(removed)).source).toBe('global');
    await gateway.generateText({
      orgId: owner.orgId,
      purpose: 'ads.sentiment',
      messages: [{ role: 'user', content: 'global again' }],
    });
    expect(fake.requests.at(-1)?.apiKey).toBe(globalKey);
  });

  it('rejects incomplete settings with field errors', async () => {
    const owner = await signUp(app);
    const response = await api('PUT', '/api/v1/ai/settings', {
      token: owner.token,
      body: { provider: 'azure-openai' },
    });
    expect(response.status).toBe(400);
    const problem = await json<{ errors: { field: string }[] }>(response);
    expect(problem.errors.map((e) => e.field).sort()).toEqual(['apiKey', 'baseUrl']);
  });

  it('generates images at the nearest supported size and embeddings through the same API', async () => {
    const owner = await signUp(app);
    const image = await gateway.generateImage({
      orgId: owner.orgId,
      purpose: 'content.generate-image',
      prompt: 'A summer sale banner',
      width: 1200,
      height: 628,
    });
    expect(fake.requests.at(-1)?.body).toMatchObject({
      model: 'dall-e-3',
      size: '1792x1024',
      response_format: 'b64_json',
    });
    expect(image).toMatchObject({ width: 1792, height: 1024, costMicros: 80_000 });
    const embedding = await gateway.embed({
      orgId: owner.orgId,
      purpose: 'content.search',
      texts: ['first', 'second text'],
    });
    expect(embedding.vectors).toHaveLength(2);
    expect(embedding.dimensions).toBe(8);
    expect(embedding.usage.tokensIn).toBe(10);
  });

  it('reports monthly totals per organisation, and only its own usage', async () => {
    const owner = await signUp(app);
    const other = await signUp(app);
    for (const content of ['one', 'two']) {
      await gateway.generateText({
        orgId: owner.orgId,
        purpose: 'content.generate-text',
        messages: [{ role: 'user', content }],
      });
    }
    await gateway.generateText({
      orgId: other.orgId,
      purpose: 'crm.chatbot',
      messages: [{ role: 'user', content: 'other org' }],
    });
    const month = new Date().toISOString().slice(0, 7);
    const response = await api('GET', `/api/v1/ai/usage/summary?month=${month}`, {
      token: owner.token,
    });
    expect(response.status).toBe(200);
    const summary = await json<{
      organization_id: string;
      totals: { calls: number; tokens_in: number; cost_micros: number };
      by_purpose: { purpose: string; calls: number }[];
    }>(response);
    expect(summary.organization_id).toBe(owner.orgId);
    expect(summary.totals).toMatchObject({ calls: 2, tokens_in: 240, cost_micros: 132 });
    expect(summary.by_purpose).toEqual([
      expect.objectContaining({ purpose: 'content.generate-text', calls: 2 }),
    ]);
    expect((await usageOf(owner)).data.every((row) => row.purpose !== 'crm.chatbot')).toBe(true);
    const lastMonth = await json<{ totals: { calls: number } }>(
      await api('GET', '/api/v1/ai/usage/summary?month=2020-01', { token: owner.token }),
    );
    expect(lastMonth.totals.calls).toBe(0);
  });

  it('requires a bearer token for the AI routes', async () => {
    expect((await api('GET', '/api/v1/ai/usage')).status).toBe(401);
    expect((await api('POST', '/api/v1/ai/text', { body: { messages: [] } })).status).toBe(401);
  });
});
