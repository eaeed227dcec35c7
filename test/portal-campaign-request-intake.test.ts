import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, json, type Problem } from './support/http.js';
import { createMember, signUp } from './support/identity.js';
import { createRedisServer, type RedisServer } from './support/redis-server.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { eventually } from './support/eventually.js';
import { requestBody } from './support/campaign-request-body.js';

interface Accepted {
  id: string;
  status: string;
  campaignId: string | null;
}

/**
 * The campaign request's accepting path: group commit of many requests, Idempotency-Keys recorded
 * in the same transaction as the request (so Redis cannot lose or fork them), and the planning
 * job drafting each request exactly once.
 */
describe('accepting campaign requests', () => {
  let redis: RedisServer;
  let app: TestApp;
  let api: ReturnType<typeof apiClient>;
  let marketer: string;
  let orgId: string;

  const submit = (key: string | undefined, body = requestBody()) =>
    api('POST', '/api/v1/campaign-requests', {
      token: marketer,
      body,
      headers: key ? { 'idempotency-key': key } : {},
    });

  const count = async (table: string, where = sql`true`) => {
    const [row] = await app.runtime.database.query<{ n: number }>(
      sql`select count(*)::int as n from ${sql.raw(table)} where org_id = ${orgId} and ${where}`,
    );
    return row!.n;
  };

  beforeAll(async () => {
    redis = await createRedisServer();
    await redis.start();
    app = await startTestApp({ env: { REDIS_URL: redis.url } });
    api = apiClient(app.url);
    const owner = await signUp(app);
    orgId = owner.orgId;
    marketer = await createMember(app, owner.token, 'marketer');
  });
  afterAll(async () => {
    await app?.close();
    await redis?.stop();
  });

  it('accepts a burst together, answers each retry with its own response, and plans each once', async () => {
    const keys = Array.from({ length: 24 }, (_, i) => `burst-${i}`);
    const bodies = keys.map(() => requestBody());
    // Each key is sent twice at once: the copy lands in the same batch or the next.
    const responses = await Promise.all(
      [...keys, ...keys].map((key, i) => submit(key, bodies[i % keys.length])),
    );
    expect(responses.map((r) => r.status)).toEqual(responses.map(() => 202));
    const bodiesOf = await Promise.all(responses.map((r) => json<Accepted>(r)));
    for (let i = 0; i < keys.length; i++)
      expect(bodiesOf[i + keys.length]!.id).toBe(bodiesOf[i]!.id);
    expect(responses.filter((r) => r.headers.get('idempotent-replayed') === 'true')).toHaveLength(
      keys.length,
    );
    expect(await count('portal.campaign_requests')).toBe(keys.length);

    const ids = bodiesOf.slice(0, keys.length).map((b) => b.id);
    await eventually(
      () => count('portal.campaign_requests', sql`campaign_id is not null`),
      (drafted) => drafted === keys.length,
      60_000,
    );
    // One draft campaign and one segment per request, however often its job ran.
    expect(await count('ads.campaigns')).toBe(keys.length);
    expect(await count('crm.segments', sql`campaign_request_id in ${ids}`)).toBe(keys.length);
  }, 120_000);

  it('answers 422 to a key reused with another body, and frees a key whose request was refused', async () => {
    expect((await submit('reused', requestBody())).status).toBe(202);
    const other = await submit('reused', requestBody());
    expect(other.status).toBe(422);
    expect((await json<Problem>(other)).code).toBe('idempotency_key_reused');

    const refused = await submit(
      'corrected',
      requestBody({ strategyId: '01900000-0000-7000-8000-000000000bad' }),
    );
    expect(refused.status).toBe(400);
    expect((await json<Problem>(refused)).errors).toEqual([
      expect.objectContaining({ field: 'body.strategyId' }),
    ]);
    expect((await submit('corrected', requestBody())).status).toBe(202);
  });

  it('honours a key exactly once across a Redis outage', async () => {
    const before = await count('portal.campaign_requests');
    const body = requestBody();
    const first = await json<Accepted>(await submit('outage-1', body));
    await redis.kill();
    let duringBody: ReturnType<typeof requestBody>;
    let during: Accepted;
    try {
      const replayed = await submit('outage-1', body);
      expect(replayed.status).toBe(202);
      expect((await json<Accepted>(replayed)).id).toBe(first.id);
      duringBody = requestBody();
      during = await json<Accepted>(await submit('outage-2', duringBody));
    } finally {
      await redis.start();
    }
    const after = await submit('outage-2', duringBody);
    expect(after.headers.get('idempotent-replayed')).toBe('true');
    expect((await json<Accepted>(after)).id).toBe(during.id);
    expect((await count('portal.campaign_requests')) - before).toBe(2);
  });
});
