import { randomBytes } from 'node:crypto';
import { FakeOpenAiServer } from '../test/support/fake-openai-server.js';
import type { Scenario } from './scenarios.js';

/**
 * PromptContent under load (issue #4's benchmarks):
 * - `content-create`: content requests created per second (authenticated POST, offline provider;
 *   each one also queues a generation that runs in the background of the measurement).
 * - `content-in-flight`: 450 text requests at once against a fake OpenAI-compatible provider (the
 *   app's global AI configuration while this scenario is selected) that
 *   answers every call after 5 s, while a paced side route (the request list) is measured; reports
 *   when the last of the 450 finished, and the server overhead per generation: the job's run time
 *   minus its longest provider call, from the requests' timings and the AI usage log.
 */

const providerDelayMs = 5_000;
const inFlight = 450;
/** All 450 must finish within this long after the first is submitted. */
const completionBudgetMs = 7_000;
const sideRouteP99BudgetMs = 100;
const overheadP99BudgetMs = 50;

interface Owner {
  token: string;
}

async function signUp(url: string, label: string): Promise<Owner> {
  const suffix = randomBytes(4).toString('hex');
  const response = await fetch(`${url}/api/v1/auth/signup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      organization: `Bench ${label} ${suffix}`,
      name: 'Bench Owner',
      email: `bench-${label}-${suffix}@bench.example`,
      password: `Bench-password-${suffix}-42`,
    }),
  });
  if (response.status !== 201) {
    throw new Error(`bench sign-up answered ${response.status}: ${await response.text()}`);
  }
  return { token: ((await response.json()) as { access_token: string }).access_token };
}

async function call<T>(
  url: string,
  owner: Owner,
  method: string,
  path: string,
  body?: unknown,
): Promise<T> {
  const response = await fetch(`${url}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${owner.token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (response.status >= 300)
    throw new Error(`${method} ${path} answered ${response.status}: ${text}`);
  return JSON.parse(text) as T;
}

const textBrief = (subject: string) => ({
  type: 'text',
  subject,
  description: 'specialty coffee roasted every morning',
  channel: 'instagram',
  audience: 'coffee lovers',
  language: 'en',
  tone: 'friendly',
  variants: 1,
});

let creator: Owner | undefined;

const contentCreate: Scenario = {
  name: 'content-create',
  server: 'app',
  description: 'POST /api/v1/content-requests (bearer JWT): validate, insert request + job',
  async prepare(url) {
    creator ??= await signUp(url, 'create');
  },
  requests() {
    if (!creator) throw new Error('content-create: prepare() did not run');
    const headers = {
      authorization: `Bearer ${creator.token}`,
      'content-type': 'application/json',
    };
    let n = 0;
    return [
      {
        method: 'POST',
        path: '/api/v1/content-requests',
        headers,
        setupRequest: (request) => {
          n += 1;
          return { ...request, body: JSON.stringify(textBrief(`Bench roast ${n}`)) };
        },
      },
    ];
  },
};

/** Valid marketing copy as the fake provider's chat answer (the gateway parses it). */
const fakeCopy = JSON.stringify({
  language: 'en',
  headlines: ['Fresh roast, every morning', 'Your morning, upgraded', 'Taste the difference'],
  body: 'Specialty coffee roasted every morning for coffee lovers who care about every cup.',
  callToAction: 'Order your bag today',
  hashtags: ['#coffee', '#specialtycoffee', '#freshroast'],
  seo: {
    title: 'Specialty coffee roasted every morning',
    metaDescription: 'Freshly roasted specialty coffee, delivered.',
    keywords: ['specialty coffee', 'fresh roast'],
    faq: [{ question: 'When is it roasted?', answer: 'Every morning.' }],
  },
});

interface RequestItem {
  id: string;
  status: string;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
}
interface UsageItem {
  request_id: string | null;
  latency_ms: number;
  outcome: string;
}
interface Page<T> {
  data: T[];
  next_cursor: string | null;
}

async function all<T>(url: string, owner: Owner, path: string): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | null = null;
  do {
    const separator = path.includes('?') ? '&' : '?';
    const page: Page<T> = await call<Page<T>>(
      url,
      owner,
      'GET',
      `${path}${separator}limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
    );
    items.push(...page.data);
    cursor = page.next_cursor;
  } while (cursor);
  return items;
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

let provider: FakeOpenAiServer | undefined;
let generator: Owner | undefined;

const contentInFlight: Scenario = {
  name: 'content-in-flight',
  server: 'app',
  description: `${inFlight} generations at once on a ${providerDelayMs / 1000} s provider; side route GET /api/v1/content-requests paced at 100/s`,
  load: { connections: 4, overallRate: 100, minDurationSeconds: 9 },
  // The app's AI provider (global configuration) is a fake OpenAI-compatible server in this
  // process whose every answer takes 5 s; the other scenarios make no AI calls.
  async beforeStart() {
    provider = await FakeOpenAiServer.start();
    provider.chatContent = () => fakeCopy;
    // Scripted replies are used in order: enough slow ones for the burst and the warm-up.
    const slow = Array.from({ length: 4 * inFlight }, () => ({ delayMs: providerDelayMs }));
    provider.script('/v1/chat/completions', ...slow);
    provider.script('/v1/embeddings', ...slow);
    return {
      AI_PROVIDER: 'openai',
      AI_BASE_URL: provider.url,
      AI_API_KEY: 'bench-fake-provider-key',
      AI_TEXT_MODEL: 'gpt-4o-mini',
      AI_TIMEOUT_MS: '30000',
    };
  },
  async cleanup() {
    await provider?.close();
    provider = undefined;
  },
  async prepare(url) {
    generator ??= await signUp(url, 'in-flight');
  },
  requests() {
    if (!generator) throw new Error('content-in-flight: prepare() did not run');
    return [
      {
        method: 'GET',
        path: '/api/v1/content-requests?limit=10',
        headers: { authorization: `Bearer ${generator.token}` },
      },
    ];
  },
  async alongside(url) {
    const owner = generator!;
    const problems: string[] = [];
    const startedAt = Date.now();
    const batch = randomBytes(3).toString('hex');
    // Submitted by 50 clients at once (a burst, yet within what the database pool queues).
    let next = 0;
    await Promise.all(
      Array.from({ length: 50 }, async () => {
        while (next < inFlight) {
          const i = next++;
          await call(
            url,
            owner,
            'POST',
            '/api/v1/content-requests',
            textBrief(`Roast ${batch}-${i}`),
          );
        }
      }),
    );
    const submittedMs = Date.now() - startedAt;
    const deadline = startedAt + 60_000;
    for (;;) {
      const open = await Promise.all(
        ['queued', 'generating'].map((status) =>
          call<Page<RequestItem>>(
            url,
            owner,
            'GET',
            `/api/v1/content-requests?status=${status}&limit=1`,
          ),
        ),
      );
      if (open.every((page) => page.data.length === 0)) break;
      if (Date.now() > deadline) {
        problems.push(`requests still open 60 s after the burst`);
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const requests = (await all<RequestItem>(url, owner, '/api/v1/content-requests')).filter(
      (r) => Date.parse(r.created_at) >= startedAt - 1_000,
    );
    const failed = requests.filter((r) => r.status !== 'completed').length;
    if (requests.length !== inFlight) problems.push(`${requests.length} requests, not ${inFlight}`);
    if (failed > 0) problems.push(`${failed} requests did not complete`);
    const lastFinished = Math.max(...requests.map((r) => Date.parse(r.finished_at ?? '')));
    const completionMs = lastFinished - startedAt;
    if (!(completionMs <= completionBudgetMs))
      problems.push(
        `the last generation finished after ${completionMs} ms (budget ${completionBudgetMs})`,
      );

    // Longest provider call per request, from the usage log (calls of one request overlap).
    const usage = await all<UsageItem>(url, owner, '/api/v1/ai/usage');
    const providerMs = new Map<string, number>();
    for (const entry of usage) {
      if (!entry.request_id) continue;
      providerMs.set(
        entry.request_id,
        Math.max(providerMs.get(entry.request_id) ?? 0, entry.latency_ms),
      );
    }
    const overhead = requests
      .filter((r) => r.started_at && r.finished_at && providerMs.has(r.id))
      .map(
        (r) => Date.parse(r.finished_at!) - Date.parse(r.started_at!) - (providerMs.get(r.id) ?? 0),
      );
    const queueWait = requests
      .filter((r) => r.started_at)
      .map((r) => Date.parse(r.started_at!) - Date.parse(r.created_at));
    const overheadP99 = percentile(overhead, 99);
    if (!(overheadP99 <= overheadP99BudgetMs))
      problems.push(
        `server overhead per generation p99 ${overheadP99} ms (budget ${overheadP99BudgetMs})`,
      );
    return {
      problems,
      notes: [
        `${inFlight} requests submitted in ${submittedMs} ms; last finished ${completionMs} ms after the first was sent (budget ${completionBudgetMs})`,
        `server overhead per generation (job run minus longest provider call): p50 ${percentile(overhead, 50)} ms, p99 ${overheadP99} ms, max ${Math.max(...overhead)} ms (budget p99 ${overheadP99BudgetMs})`,
        `queue wait (created → started): p50 ${percentile(queueWait, 50)} ms, p99 ${percentile(queueWait, 99)} ms`,
        `provider calls logged: ${usage.length}; side-route p99 budget ${sideRouteP99BudgetMs} ms (see the table)`,
      ],
    };
  },
};

export const contentScenarios: readonly Scenario[] = [contentInFlight, contentCreate];
