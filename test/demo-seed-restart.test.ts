import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoData } from '../src/app/seed.js';
import {
  adSets,
  ads,
  campaigns,
  comments,
  performanceDaily,
} from '../src/modules/ads/infrastructure/ads.tables.js';
import { defaultDemoCampaigns, seedAdsDemo } from '../src/modules/ads/index.js';
import { assets } from '../src/modules/content/infrastructure/content.tables.js';
import {
  consents,
  contacts,
  deals,
  interactions,
} from '../src/modules/crm/infrastructure/crm.tables.js';
import { scoringModels } from '../src/modules/crm/infrastructure/scoring.tables.js';
import { demoOrganizationId, demoPassword } from '../src/modules/identity/index.js';
import {
  memberships,
  organizations,
  users,
} from '../src/modules/identity/infrastructure/identity.tables.js';
import { apiClient, json } from './support/http.js';
import { eventually } from './support/eventually.js';
import { logIn } from './support/identity.js';
import {
  createTestDatabase,
  startTestApp,
  type TestApp,
  type TestDatabase,
} from './support/test-app.js';

const embedded = !process.env.DATABASE_URL;
const tables = {
  organizations,
  users,
  memberships,
  assets,
  campaigns,
  adSets,
  ads,
  performanceDaily,
  comments,
  contacts,
  consents,
  deals,
  interactions,
  scoringModels,
};

async function countRows(app: TestApp): Promise<Record<keyof typeof tables, number>> {
  const entries = await Promise.all(
    Object.entries(tables).map(async ([name, table]) => [name, await app.runtime.db.$count(table)]),
  );
  return Object.fromEntries(entries) as Record<keyof typeof tables, number>;
}

/**
 * The demo organisation on the bundle's Growth plan, using some of every metered quota and none
 * past its limit (what the Billing page shows a visitor).
 */
async function expectRealisticDemoUsage(app: TestApp): Promise<void> {
  const owner = await logIn(app, 'owner@demo.promptsales.dev', demoPassword);
  const api = apiClient(app.url);
  const subscription = await json<{ plan_id: string; status: string }>(
    await api('GET', '/api/v1/billing/subscription', { token: owner.access_token }),
  );
  expect(subscription).toMatchObject({ plan_id: 'promptsales-growth', status: 'active' });
  // The AI usage log is written in batches: the generations show up within seconds.
  const usage = await eventually(
    async () =>
      (
        await json<{ data: { quota: string; used: number; limit: number }[] }>(
          await api('GET', '/api/v1/billing/usage', { token: owner.access_token }),
        )
      ).data,
    (rows) => rows.find((row) => row.quota === 'ai_generations')!.used > 0,
  );
  expect(usage.filter((row) => row.used === 0)).toEqual([]);
  expect(usage.filter((row) => row.used > row.limit)).toEqual([]);
  expect(usage.map((row) => row.quota).sort()).toEqual(
    [
      'active_campaigns',
      'ai_generations',
      'campaign_requests',
      'crm_contacts',
      'media_storage_mb',
      'messages',
      'seats',
    ].sort(),
  );
}

/**
 * The demo seed across restarts: an embedded start seeds in the background once it listens, a
 * stop midway resumes on the next start, and neither a second seed nor a restart adds rows — not
 * even after the ads top-up has grown the campaign history (the CRM demo once seeded people for
 * every campaign present, growing from 2,743 to 75,000 contacts on a restart).
 */
describe('demo data across restarts', () => {
  let database: TestDatabase;
  // Jobs stay off: the delivery cron would add today's facts and comments between two counts.
  const start = () => startTestApp({ database, work: false, env: { SEED_DEMO_DATA: 'true' } });

  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => database?.drop());

  it.skipIf(!embedded)(
    'answers and signs the demo owner in while the demo is generated, and stops cleanly midway',
    async () => {
      const app = await start();
      let seeded = false;
      void app.demoDataSeeded().then(() => (seeded = true));
      try {
        expect((await apiClient(app.url)('GET', '/healthz')).status).toBe(200);
        // The demo users come first, a moment after the server listens (polling the login itself
        // would lock the account).
        await eventually(
          () => demoOrganizationId(app.runtime),
          (orgId) => orgId !== undefined,
        );
        expect(
          (await logIn(app, 'owner@demo.promptsales.dev', demoPassword)).access_token,
        ).toBeTruthy();
        expect(seeded).toBe(false);
      } finally {
        await app.close();
      }
    },
    120_000,
  );

  it('gives the same counts after a second seed and after two restarts', async () => {
    let app = await start();
    let grown: Awaited<ReturnType<typeof countRows>>;
    try {
      await app.demoDataSeeded();
      await seedDemoData(app.runtime);
      const first = await countRows(app);
      expect(first.campaigns).toBe(defaultDemoCampaigns);
      expect(first.contacts).toBeGreaterThanOrEqual(40 * defaultDemoCampaigns);
      expect(first.assets).toBeGreaterThanOrEqual(100);
      expect(first.users).toBe(5);
      await expectRealisticDemoUsage(app);

      await seedDemoData(app.runtime);
      expect(await countRows(app)).toEqual(first);

      // What the top-up job does in the background: more campaign history, no more people.
      await seedAdsDemo(app.runtime, defaultDemoCampaigns + 5);
      grown = await countRows(app);
      expect(grown.campaigns).toBe(defaultDemoCampaigns + 5);
      expect(grown.contacts).toBe(first.contacts);
    } finally {
      await app.close();
    }

    for (const restart of [1, 2]) {
      app = await start();
      try {
        await app.demoDataSeeded();
        await seedDemoData(app.runtime);
        expect(await countRows(app), `restart ${restart}`).toEqual(grown);
      } finally {
        await app.close();
      }
    }
  }, 300_000);
});
