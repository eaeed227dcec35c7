import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  adsEventTypes,
  defaultDemoCampaigns,
  demoCampaignsWithAds,
  seedAdsDemo,
} from '../src/modules/ads/index.js';
import { crmModule, seedCrmAtScale } from '../src/modules/crm/index.js';
import { contacts, deals, interactions } from '../src/modules/crm/infrastructure/crm.tables.js';
import { demoOrganizationId, demoPassword, identityModule } from '../src/modules/identity/index.js';
import { apiClient, json, type Page } from './support/http.js';
import { logIn } from './support/identity.js';
import { eventually } from './support/eventually.js';
import { startTestApp, type TestApp } from './support/test-app.js';

interface Contact {
  id: string;
  email: string | null;
  phone: string | null;
  campaign_id: string | null;
  ad_id: string | null;
  tags: string[];
}

interface ScoredContact {
  id: string;
  score: number | null;
  score_factors: { name: string; weight: number; detail?: string }[] | null;
}
interface ScoreExplained {
  model: { kind: string };
}

/** The CRM demo: start-up data attributed to the PromptAds demo, and `seed --scale`. */
describe('CRM demo data', () => {
  let app: TestApp;
  let orgId: string;

  const perCampaign = async () =>
    app.runtime.db
      .select({ campaignId: contacts.campaignId, count: sql<number>`count(*)::int` })
      .from(contacts)
      .where(eq(contacts.orgId, orgId))
      .groupBy(contacts.campaignId);
  const countOf = async (table: typeof contacts | typeof deals | typeof interactions) =>
    (
      await app.runtime.db
        .select({ count: sql<number>`count(*)::int` })
        .from(table)
        .where(eq(table.orgId, orgId))
    )[0]!.count;

  beforeAll(async () => {
    app = await startTestApp();
    await identityModule.seed!(app.runtime);
    // Three demo campaigns keep the test quick; the scale run asks PromptAds for more.
    await seedAdsDemo(app.runtime, 3);
    orgId = (await demoOrganizationId(app.runtime))!;
  });
  afterAll(async () => app?.close());

  it('gives every demo campaign 40–110 attributed leads with deals, messages and scores, once', async () => {
    await crmModule.seed!(app.runtime);
    const campaigns = await demoCampaignsWithAds(app.runtime, orgId);
    const counts = await perCampaign();
    expect(counts.map((row) => row.campaignId).sort()).toEqual(campaigns.map((c) => c.id).sort());
    for (const row of counts) {
      expect(row.count).toBeGreaterThanOrEqual(40);
      expect(row.count).toBeLessThanOrEqual(110);
    }
    const total = await countOf(contacts);
    const dealCount = await countOf(deals);
    expect(dealCount).toBeGreaterThan(total * 0.1);
    expect(await countOf(interactions)).toBeGreaterThan(total);

    // Every lead's ad belongs to its campaign; deals carry the same attribution.
    const adsOf = new Map(campaigns.map((c) => [c.id, new Set(c.ads.map((ad) => ad.id))]));
    const attributed = await app.runtime.db
      .select({ campaignId: contacts.campaignId, adId: contacts.adId, score: contacts.score })
      .from(contacts)
      .where(eq(contacts.orgId, orgId));
    for (const row of attributed) {
      expect(adsOf.get(row.campaignId!)?.has(row.adId!)).toBe(true);
      expect(row.score).not.toBeNull();
    }
    const [mismatched] = await app.runtime.db
      .select({ count: sql<number>`count(*)::int` })
      .from(deals)
      .innerJoin(contacts, and(eq(contacts.orgId, deals.orgId), eq(contacts.id, deals.contactId)))
      .where(
        and(
          eq(deals.orgId, orgId),
          sql`${deals.campaignId} is distinct from ${contacts.campaignId}`,
        ),
      );
    expect(mismatched!.count).toBe(0);

    await crmModule.seed!(app.runtime);
    expect(await countOf(contacts)).toBe(total);
    expect(await countOf(deals)).toBe(dealCount);
  });

  it('scores hot leads above warm above cold, each factor a finite push of what the lead did', async () => {
    const owner = await logIn(app, 'owner@demo.promptsales.dev', demoPassword);
    const api = apiClient(app.url);
    const scoresOf = async (classification: string) => {
      const page = await json<Page<ScoredContact>>(
        await api('GET', `/api/v1/contacts?classification=${classification}&limit=100`, {
          token: owner.access_token,
        }),
      );
      expect(page.data.length).toBeGreaterThan(5);
      return page.data;
    };
    const mean = (rows: ScoredContact[]) =>
      rows.reduce((sum, row) => sum + row.score!, 0) / rows.length;
    const [hot, warm, cold] = await Promise.all(['hot', 'warm', 'cold'].map(scoresOf));
    // Seen: hot 36–50, warm 3–9, cold 0.5–2.5 (out of 100). Warm leads never got a deal in the
    // demo, so only their questions (which buyers also asked) lift them above cold ones.
    expect(mean(hot!)).toBeGreaterThan(mean(warm!) + 10);
    expect(mean(warm!)).toBeGreaterThan(mean(cold!));

    const explained = await json<ScoreExplained>(
      await api('GET', `/api/v1/contacts/${cold![0]!.id}/score`, { token: owner.access_token }),
    );
    expect(explained.model.kind).toBe('logistic');
    for (const row of [...hot!, ...warm!, ...cold!])
      for (const factor of row.score_factors!) {
        expect(Number.isFinite(factor.weight)).toBe(true);
        // A log-odds push beyond ±10 would alone move a score from 0 to 100.
        expect(Math.abs(factor.weight)).toBeLessThan(10);
        // A feature the lead does not have pushes nothing, so it is never a factor.
        expect(factor.detail).not.toMatch(/feature value 0$/);
      }
  });

  it('shows the seeded people decrypted through the API and their sales by campaign', async () => {
    const owner = await logIn(app, 'owner@demo.promptsales.dev', demoPassword);
    const api = apiClient(app.url);
    const page = await json<Page<Contact>>(
      await api('GET', '/api/v1/contacts?limit=5', { token: owner.access_token }),
    );
    expect(page.data).toHaveLength(5);
    for (const contact of page.data) {
      expect(contact.email).toMatch(/^[a-z.]+\.[0-9a-f]{8}\.\d+@demo\.promptsales\.test$/);
      expect(contact.phone).toMatch(/^\+\d{9,12}$/);
      expect(contact.tags).toContain('demo');
    }
    // Found again by the keyed hash of its email.
    const email = page.data[0]!.email!;
    const found = await json<Page<Contact>>(
      await api('GET', `/api/v1/contacts?email=${encodeURIComponent(email)}`, {
        token: owner.access_token,
      }),
    );
    expect(found.data.map((c) => c.id)).toEqual([page.data[0]!.id]);

    const sales = await json<{ data: { key: string; orders: number }[] }>(
      await api('GET', '/api/v1/sales?from=2024-01-01&to=2030-12-31&group_by=campaign', {
        token: owner.access_token,
      }),
    );
    const campaignIds = new Set((await demoCampaignsWithAds(app.runtime, orgId)).map((c) => c.id));
    expect(sales.data.length).toBeGreaterThan(0);
    for (const row of sales.data) expect(campaignIds.has(row.key)).toBe(true);
  });

  it('fills campaigns to 400–1,000 clients at scale, creating campaigns as needed, idempotently', async () => {
    const before = await countOf(contacts);
    const target = before + 2_000;
    const report = await seedCrmAtScale(app.runtime, target);
    expect(report?.contacts).toBe(2_000);
    expect(await countOf(contacts)).toBe(target);
    const counts = (await perCampaign()).map((row) => row.count).sort((a, b) => b - a);
    // Filled campaigns hold 400–1,000; the last filled one takes the remainder.
    expect(counts[0]).toBeGreaterThanOrEqual(400);
    expect(counts[0]).toBeLessThanOrEqual(1_000);
    expect(counts.filter((n) => n >= 400).length).toBeGreaterThanOrEqual(2);

    const again = await seedCrmAtScale(app.runtime, target);
    expect(again?.contacts).toBe(0);
    expect(await countOf(contacts)).toBe(target);

    // The newest contact is one of the scale run's: stored encrypted, read back decrypted.
    const [stored] = await app.runtime.db
      .select({ id: contacts.id, email: contacts.emailEncrypted, hash: contacts.emailHash })
      .from(contacts)
      .where(eq(contacts.orgId, orgId))
      .orderBy(sql`${contacts.id} desc`)
      .limit(1);
    expect(stored?.email).toMatch(/^v1\./);
    const owner = await logIn(app, 'owner@demo.promptsales.dev', demoPassword);
    const read = await json<Contact>(
      await apiClient(app.url)('GET', `/api/v1/contacts/${stored!.id}`, {
        token: owner.access_token,
      }),
    );
    expect(read.email).toMatch(/@demo\.promptsales\.test$/);
    const found = await json<Page<Contact>>(
      await apiClient(app.url)('GET', `/api/v1/contacts?email=${encodeURIComponent(read.email!)}`, {
        token: owner.access_token,
      }),
    );
    expect(found.data.map((c) => c.id)).toEqual([stored!.id]);
  });

  it("gives the history's campaigns (after the start-up ones) their leads and sales once PromptAds says the history is in", async () => {
    await seedAdsDemo(app.runtime, defaultDemoCampaigns + 2);
    const history = (await demoCampaignsWithAds(app.runtime, orgId)).slice(defaultDemoCampaigns);
    expect(history).toHaveLength(2);
    const countsOf = async () => {
      const counts = new Map((await perCampaign()).map((row) => [row.campaignId, row.count]));
      return history.map((campaign) => counts.get(campaign.id) ?? 0);
    };
    expect(await countsOf()).toEqual([0, 0]);

    const announce = () =>
      app.runtime.events.publish(app.runtime.db, {
        type: adsEventTypes.demoHistorySeeded,
        orgId,
        payload: { orgId, campaigns: defaultDemoCampaigns + 2 },
      });
    await announce();
    const counts = await eventually(countsOf, (now) => now.every((n) => n > 0), 60_000);
    for (const count of counts) {
      expect(count).toBeGreaterThanOrEqual(6);
      expect(count).toBeLessThanOrEqual(18);
    }
    const [sales] = await app.runtime.db
      .select({ count: sql<number>`count(*)::int` })
      .from(deals)
      .where(
        and(
          eq(deals.orgId, orgId),
          sql`${deals.campaignId} in (${sql.join(
            history.map((campaign) => sql`${campaign.id}::uuid`),
            sql`, `,
          )})`,
        ),
      );
    expect(sales!.count).toBeGreaterThan(0);

    // Announced again (a redelivery, a restarted top-up): nobody is added twice.
    const total = await countOf(contacts);
    await announce();
    await eventually(
      async () =>
        (
          await app.runtime.database.query<{ state: string }>(
            sql`select state from pgboss.job where name = 'crm.seed-demo-history' order by created_on`,
          )
        ).map((row) => row.state),
      (states) => states.length === 2 && states.every((state) => state === 'completed'),
      60_000,
    );
    expect(await countOf(contacts)).toBe(total);
  });
});
