import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

/** Jobs stuck or failing: the worker's pool and queues and its last warnings, for the failure. */
async function diagnosis(worker: CliProcess): Promise<string> {
  const metrics = await (await fetch(`${worker.address}/metrics`)).text().catch(String);
  const gauges = metrics
    .split('\n')
    .filter((line) => /^(db_pool|job_queue_depth)/.test(line) && !/ 0$/.test(line));
  const warnings = worker
    .output()
    .split('\n')
    .filter((line) => !line.includes('"level":30'))
    .slice(-20);
  return [...gauges, ...warnings].join('\n');
}

/**
 * `promptsales worker` working a backlog of campaign requests (each planned by AI and making
 * PromptContent requests) on a cluster of the test's own, through faults of the database: a
 * passing outage or a starved pool must delay the work, never fail it. Every request ends in its
 * normal state, and nothing is drafted twice.
 */
// The PostgreSQL stack's test (its own cluster, minutes of work); the embedded run skips it.
describe.skipIf(!process.env.DATABASE_URL || !havePostgresBinaries())(
  'a worker backlog through database faults',
  () => {
    let postgres: ThrowawayPostgres;
    let env: NodeJS.ProcessEnv;
    let serve: CliProcess;
    const processes: CliProcess[] = [];
    beforeAll(async () => {
      postgres = await startThrowawayPostgres();
      env = {
        ...process.env,
        DATABASE_URL: postgres.url,
        REDIS_URL: '',
        PORT: '0',
        HOST: '127.0.0.1',
        LOG_LEVEL: 'info',
        SECRET_KEY: randomBytes(32).toString('hex'),
        // Provider calls long enough that a fault meets generations and plans in flight.
        AI_OFFLINE_LATENCY_MS: '500-1500',
      };
      const migrated = await runCli('migrate', env);
      expect(migrated.code, migrated.output).toBe(0);
      serve = await startCli('serve', env);
      processes.push(serve);
    });
    afterAll(async () => {
      for (const process of processes) process.child.kill('SIGKILL');
      await postgres?.destroy();
    });

    /** A new organisation with `backlog` campaign requests accepted and waiting for a worker. */
    async function submitBacklog(backlog: number): Promise<string> {
      const owner = await signUp({ url: serve.address });
      const api = apiClient(serve.address);
      const created = await Promise.all(
        Array.from({ length: backlog }, async (_, index) => {
          const response = await api('POST', '/api/v1/campaign-requests', {
            token: owner.token,
            headers: { 'idempotency-key': `backlog-${index}-${randomBytes(4).toString('hex')}` },
            body: requestBody({ name: `Backlog ${index}` }),
          });
          return response.status;
        }),
      );
      expect(created.filter((status) => status !== 202)).toEqual([]);
      return owner.orgId;
    }

    const drafted = (orgId: string, count: number) =>
      eventually(
        () => tallyOrNothing(postgres.url, orgId),
        (t) => (t?.withCampaign ?? 0) >= count,
        30_000,
        100,
      );

    /** Waits until every request of the organisation has ended, then checks how. */
    async function expectDrained(orgId: string, backlog: number, worker: CliProcess) {
      const settled = await eventually(
        () => tallyOrNothing(postgres.url, orgId),
        (t) =>
          t !== undefined &&
          (t.campaignRequests.awaiting_approval ?? 0) + (t.campaignRequests.failed ?? 0) ===
            backlog &&
          (t.contentRequests.completed ?? 0) + (t.contentRequests.failed ?? 0) === backlog * 2,
        60_000,
        500,
      ).catch(async (error: Error) => {
        throw new Error(`${error.message}\n${await diagnosis(worker)}`);
      });
      expect(settled, await diagnosis(worker)).toEqual({
        campaignRequests: { awaiting_approval: backlog },
        contentRequests: { completed: backlog * 2 },
        campaigns: backlog,
        withCampaign: backlog,
      });
      expect(worker.child.exitCode).toBeNull();
      worker.child.kill('SIGTERM');
      expect(await worker.exited, worker.output().slice(-3000)).toBe(0);
    }

    it('fails nothing and drafts each request once through a restart and a failover', async () => {
      const orgId = await submitBacklog(40);
      // A small pool, so that the backlog also queues for connections.
      const worker = await startCli('worker', { ...env, DATABASE_POOL_MAX: '8' });
      processes.push(worker);
      // `pg_ctl restart -m fast` terminates every backend with 57P01, in-flight transactions
      // included, once planning has drafted some requests and content generation is under way.
      await drafted(orgId, 5);
      await postgres.restart();
      // And once more, slower, like a failover: away for three seconds while work is in flight.
      await drafted(orgId, 20);
      await postgres.stop();
      await sleep(3_000);
      await postgres.start();
      await expectDrained(orgId, 40, worker);
    }, 120_000);

    it('fails nothing when the pool times out under the backlog (no fault)', async () => {
      const orgId = await submitBacklog(20);
      // One connection for jobs and a 1 s acquire timeout: statements time out waiting for it.
      const worker = await startCli('worker', {
        ...env,
        DATABASE_POOL_MAX: '3',
        WORKER_DATABASE_ACQUIRE_TIMEOUT_MS: '1000',
      });
      processes.push(worker);
      // A slow statement elsewhere (here a lock held for 3 s on the requests' table, once
      // planning is under way) keeps the one connection busy, so the statements queued behind it
      // time out waiting, on any machine however fast.
      await drafted(orgId, 1);
      const blocker = new pg.Client({ connectionString: postgres.url });
      await blocker.connect();
      try {
        await blocker.query('begin');
        await blocker.query('lock table portal.campaign_requests in access exclusive mode');
        await sleep(3_000);
        await blocker.query('commit');
      } finally {
        await blocker.end();
      }
      await expectDrained(orgId, 20, worker);
      expect(worker.output()).toContain('timeout exceeded when trying to connect');
    }, 120_000);
  },
);
