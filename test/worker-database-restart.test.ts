import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { requestBody } from './support/campaign-request-body.js';
import { runCli, startCli, type CliProcess } from './support/cli-process.js';
import { eventually } from './support/eventually.js';
import { apiClient } from './support/http.js';
import { signUp } from './support/identity.js';
import {
  havePostgresBinaries,
  startThrowawayPostgres,
  type ThrowawayPostgres,
} from './support/throwaway-postgres.js';

const backlog = 40;

interface Tally {
  campaignRequests: Record<string, number>;
  contentRequests: Record<string, number>;
  /** Draft PromptAds campaigns per campaign request, counted from the requests' campaign ids. */
  campaigns: number;
  /** Campaign requests of the organisation that name a campaign. */
  withCampaign: number;
}

async function tally(url: string, orgId: string): Promise<Tally> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const byStatus = async (table: string) => {
      const { rows } = await client.query<{ status: string; count: number }>(
        `select status, count(*)::int as count from ${table} where org_id = $1 group by status`,
        [orgId],
      );
      return Object.fromEntries(rows.map((row) => [row.status, row.count]));
    };
    const campaigns = await client.query<{ count: number }>(
      'select count(*)::int as count from ads.campaigns where org_id = $1',
      [orgId],
    );
    const named = await client.query<{ count: number }>(
      'select count(*)::int as count from portal.campaign_requests where org_id = $1 and campaign_id is not null',
      [orgId],
    );
    return {
      campaignRequests: await byStatus('portal.campaign_requests'),
      contentRequests: await byStatus('content.content_requests'),
      campaigns: campaigns.rows[0]!.count,
      withCampaign: named.rows[0]!.count,
    };
  } finally {
    await client.end();
  }
}

/** Reads the tally, or undefined while the database is away. */
const tallyOrNothing = (url: string, orgId: string) => tally(url, orgId).catch(() => undefined);

/**
 * `promptsales worker` working a backlog of campaign requests (each planned by AI and making
 * PromptContent requests) while PostgreSQL restarts under it (`pg_ctl restart -m fast` terminates
 * every backend with 57P01, in-flight transactions included), then goes away for a few seconds as
 * in a failover, on a cluster of the test's own. A
 * passing outage must delay the work, never fail it: every request ends in its normal state, and
 * nothing is drafted twice. The worker runs on a small pool so that the backlog also queues for
 * connections (a starved pool must back-pressure, not fail requests).
 */
// The PostgreSQL stack's test (its own cluster, minutes of work); the embedded run skips it.
describe.skipIf(!process.env.DATABASE_URL || !havePostgresBinaries())(
  'a PostgreSQL restart under a worker backlog',
  () => {
    let postgres: ThrowawayPostgres | undefined;
    const processes: CliProcess[] = [];
    afterAll(async () => {
      for (const process of processes) process.child.kill('SIGKILL');
      await postgres?.destroy();
    });

    it('fails no campaign request and no content request, and drafts each once', async () => {
      postgres = await startThrowawayPostgres();
      const env: NodeJS.ProcessEnv = {
        ...process.env,
        DATABASE_URL: postgres.url,
        REDIS_URL: '',
        PORT: '0',
        HOST: '127.0.0.1',
        LOG_LEVEL: 'warn',
        SECRET_KEY: randomBytes(32).toString('hex'),
        DATABASE_POOL_MAX: '8',
        // Provider calls long enough that the restart meets generations and plans in flight.
        AI_OFFLINE_LATENCY_MS: '500-1500',
      };
      const migrated = await runCli('migrate', env);
      expect(migrated.code, migrated.output).toBe(0);
      const serve = await startCli('serve', { ...env, LOG_LEVEL: 'info' });
      processes.push(serve);
      const owner = await signUp({ url: serve.address });
      const api = apiClient(serve.address);

      const created = await Promise.all(
        Array.from({ length: backlog }, async (_, index) => {
          const response = await api('POST', '/api/v1/campaign-requests', {
            token: owner.token,
            headers: { 'idempotency-key': `restart-${index}-${randomBytes(4).toString('hex')}` },
            body: requestBody({ name: `Backlog ${index}` }),
          });
          return response.status;
        }),
      );
      expect(created.filter((status) => status !== 202)).toEqual([]);

      const worker = await startCli('worker', { ...env, LOG_LEVEL: 'info' });
      processes.push(worker);
      // Restart once planning has drafted some requests and content generation is under way.
      await eventually(
        () => tallyOrNothing(postgres!.url, owner.orgId),
        (t) => (t?.withCampaign ?? 0) >= 5,
        30_000,
        100,
      );
      await postgres.restart();
      // And once more, slower, like a failover: away for three seconds while work is in flight.
      await eventually(
        () => tallyOrNothing(postgres!.url, owner.orgId),
        (t) => (t?.withCampaign ?? 0) >= 20,
        30_000,
        100,
      );
      await postgres.stop();
      await sleep(3_000);
      await postgres.start();

      const settled = await eventually(
        () => tallyOrNothing(postgres!.url, owner.orgId),
        (t) =>
          t !== undefined &&
          (t.campaignRequests.awaiting_approval ?? 0) + (t.campaignRequests.failed ?? 0) ===
            backlog &&
          (t.contentRequests.completed ?? 0) + (t.contentRequests.failed ?? 0) === backlog * 2,
        90_000,
        500,
      ).catch(async (error: Error) => {
        const metrics = await (await fetch(`${worker.address}/metrics`)).text();
        throw new Error(
          `${error.message}\n${metrics
            .split('\n')
            .filter((l) => /^(db_pool|job_queue_depth)/.test(l) && !/ 0$/.test(l))
            .join('\n')}\n${worker
            .output()
            .split('\n')
            .filter((l) => !l.includes('"level":30'))
            .slice(-30)
            .join('\n')}`,
        );
      });
      expect(worker.child.exitCode, worker.output().slice(-3000)).toBeNull();
      expect(settled, worker.output().slice(-5000)).toEqual({
        campaignRequests: { awaiting_approval: backlog },
        contentRequests: { completed: backlog * 2 },
        campaigns: backlog,
        withCampaign: backlog,
      });

      worker.child.kill('SIGTERM');
      serve.child.kill('SIGTERM');
      expect(await worker.exited, worker.output().slice(-3000)).toBe(0);
      expect(await serve.exited, serve.output().slice(-3000)).toBe(0);
    }, 150_000);
  },
);
