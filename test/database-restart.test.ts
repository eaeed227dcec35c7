import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli, startCli } from './support/cli-process.js';
import { eventually } from './support/eventually.js';
import { signUp } from './support/identity.js';
import {
  havePostgresBinaries,
  startThrowawayPostgres,
  type ThrowawayPostgres,
} from './support/throwaway-postgres.js';

interface Outcome {
  status: number | string;
  contentType: string | null;
}

/**
 * A PostgreSQL restart or failover under load, on a cluster of the test's own (`pg_ctl restart
 * -m fast` terminates every backend with 57P01, in-flight transactions included), against
 * `promptsales serve` as a whole process: it must stay up, answer 503 problem+json while the
 * database is away and 2xx again within seconds of its return.
 */
describe.skipIf(!havePostgresBinaries())('a PostgreSQL restart', () => {
  let postgres: ThrowawayPostgres | undefined;
  afterAll(async () => {
    await postgres?.destroy();
  });

  it('leaves serve up: 503 while the database is away, 2xx soon after it returns', async () => {
    postgres = await startThrowawayPostgres();
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      DATABASE_URL: postgres.url,
      REDIS_URL: '',
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
      SECRET_KEY: randomBytes(32).toString('hex'),
      DATABASE_POOL_MAX: '8',
    };
    const migrated = await runCli('migrate', env);
    expect(migrated.code, migrated.output).toBe(0);
    const serve = await startCli('serve', env);
    const { token } = await signUp({ url: serve.address });

    const createContact = async (): Promise<Outcome> => {
      const response = await fetch(`${serve.address}/api/v1/contacts`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          first_name: 'Ada',
          email: `${randomBytes(6).toString('hex')}@x.test`,
        }),
      }).catch((error: Error) => error);
      if (response instanceof Error) return { status: 'network error', contentType: null };
      await response.arrayBuffer();
      return { status: response.status, contentType: response.headers.get('content-type') };
    };

    // Eight clients creating contacts (each a transaction) while the server restarts.
    const outcomes: Outcome[] = [];
    let loading = true;
    const clients = Array.from({ length: 8 }, async () => {
      while (loading) outcomes.push(await createContact());
    });
    await eventually(
      async () => outcomes.length,
      (count) => count >= 50,
    );
    await postgres.restart();
    const afterRestart = outcomes.length;
    await eventually(
      async () => outcomes.length,
      (count) => count >= afterRestart + 50,
    );
    loading = false;
    await Promise.all(clients);

    expect(serve.child.exitCode, serve.output()).toBeNull();
    const statuses = new Set(outcomes.map((o) => o.status));
    expect([...statuses].filter((s) => s !== 201 && s !== 503)).toEqual([]);
    for (const outcome of outcomes.filter((o) => o.status === 503))
      expect(outcome.contentType).toContain('application/problem+json');

    // The database away for a while: a clear 503, liveness green, readiness red.
    await postgres.stop();
    const away = await fetch(`${serve.address}/api/v1/contacts`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(away.status).toBe(503);
    expect(away.headers.get('content-type')).toContain('application/problem+json');
    expect(away.headers.get('retry-after')).toBeTruthy();
    expect(await away.json()).toMatchObject({ code: 'dependency_unavailable' });
    expect((await fetch(`${serve.address}/healthz`)).status).toBe(200);
    expect((await fetch(`${serve.address}/readyz`)).status).toBe(503);

    await postgres.start();
    const back = Date.now();
    await eventually(createContact, (outcome) => outcome.status === 201, 10_000);
    expect(Date.now() - back).toBeLessThan(10_000);
    expect((await fetch(`${serve.address}/readyz`)).status).toBe(200);
    expect(serve.child.exitCode, serve.output()).toBeNull();

    serve.child.kill('SIGTERM');
    expect(await serve.exited, serve.output().slice(-3000)).toBe(0);
  }, 120_000);
});
