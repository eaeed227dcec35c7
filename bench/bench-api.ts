import { createHmac, randomBytes } from 'node:crypto';
import type autocannon from 'autocannon';

/** One JSON call to the app under benchmark; anything but a 2xx stops the scenario's setup. */
export async function call<T>(
  url: string,
  token: string | null,
  method: string,
  path: string,
  body?: unknown,
): Promise<T> {
  const response = await fetch(`${url}${path}`, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (response.status >= 300)
    throw new Error(`${method} ${path} answered ${response.status}: ${text}`);
  return JSON.parse(text) as T;
}

export interface BenchOwner {
  token: string;
  orgId: string;
}

/** A new organisation of its own for a scenario, signed up through the API. */
export async function signUpBenchOwner(url: string, label: string): Promise<BenchOwner> {
  const suffix = randomBytes(4).toString('hex');
  const signup = await call<{ access_token: string; organization_id: string }>(
    url,
    null,
    'POST',
    '/api/v1/auth/signup',
    {
      organization: `Bench ${label} ${suffix}`,
      name: 'Bench Owner',
      email: `bench-${label}-${suffix}@bench.example`,
      password: `Bench-password-${suffix}-42`,
    },
  );
  return { token: signup.access_token, orgId: signup.organization_id };
}

const inDays = (days: number) =>
  new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

/** A campaign running from today with one Facebook ad set and one ad, to track and convert on. */
export async function createBenchAd(
  url: string,
  token: string,
  options: { name: string; objective: string; country: string; callToAction: string },
): Promise<{ campaignId: string; adId: string }> {
  const campaign = await call<{ id: string }>(url, token, 'POST', '/api/v1/campaigns', {
    brand: 'Bench',
    name: options.name,
    objective: options.objective,
    countries: [options.country],
    budget: { amount_minor: 10_000_000, currency: 'USD' },
    start_date: inDays(0),
    end_date: inDays(30),
  });
  const adSet = await call<{ id: string }>(url, token, 'POST', '/api/v1/ad-sets', {
    campaign_id: campaign.id,
    name: 'Bench set',
    channel: 'facebook',
    targeting: { age_min: 18, age_max: 65 },
    daily_budget_minor: 100_000,
    pacing: 'standard',
  });
  const ad = await call<{ id: string }>(url, token, 'POST', '/api/v1/ads', {
    ad_set_id: adSet.id,
    variant: 'A',
    headline: 'Bench',
    body: 'Bench ad',
    call_to_action: options.callToAction,
  });
  return { campaignId: campaign.id, adId: ad.id };
}

/** The organisation's secret for signing server-to-server conversions. */
export async function conversionSigningSecret(url: string, token: string): Promise<string> {
  const { secret } = await call<{ secret: string }>(
    url,
    token,
    'POST',
    '/api/v1/conversion-signing-secret',
  );
  return secret;
}

/**
 * `POST /api/v1/conversions` signed as an advertiser's backend signs it: the n-th request sends
 * `conversion(n)` (a new event id each) with its HMAC-SHA256 signature.
 */
export function signedConversionRequest(
  secret: string,
  conversion: (n: number) => Record<string, unknown>,
): autocannon.Request {
  let next = 0;
  return {
    method: 'POST',
    path: '/api/v1/conversions',
    setupRequest: (request) => {
      next += 1;
      const body = JSON.stringify(conversion(next));
      const signature = createHmac('sha256', secret).update(body).digest('hex');
      return {
        ...request,
        headers: {
          'content-type': 'application/json',
          'x-promptsales-signature': `sha256=${signature}`,
        },
        body,
      };
    },
  };
}

/** Jobs due or running per queue in the server (the bench module counts them live). */
export async function jobsInQueue(url: string): Promise<Map<string, number>> {
  const counts = await call<Record<string, number>>(url, null, 'GET', '/api/v1/bench/jobs');
  return new Map(Object.entries(counts).filter(([, count]) => count > 0));
}

const total = (queues: Map<string, number>) => [...queues.values()].reduce((a, b) => a + b, 0);
const describe = (queues: Map<string, number>) =>
  [...queues].map(([queue, count]) => `${queue} ${count}`).join(', ');

/**
 * Waits until the jobs earlier scenarios left behind have run (or stop shrinking for 5 s), so a
 * timing that follows measures its own job rather than the backlog ahead of it (all scenarios
 * share one server). Returns what was waited for.
 */
export async function drainJobs(url: string, limitMs = 300_000) {
  const started = Date.now();
  const initial = await jobsInQueue(url);
  let last = initial;
  let changedAt = started;
  while (total(last) > 0 && Date.now() - changedAt < 5_000 && Date.now() - started < limitMs) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    const now = await jobsInQueue(url);
    if (total(now) < total(last)) changedAt = Date.now();
    last = now;
  }
  return {
    initial: total(initial),
    left: describe(last) || 'none',
    before: describe(initial),
    ms: Date.now() - started,
  };
}
