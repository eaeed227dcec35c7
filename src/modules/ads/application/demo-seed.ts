import { and, eq, sql } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import type { Database } from '../../../platform/db/database.js';
import type { Runtime } from '../../../platform/runtime.js';
import type { ChannelComment } from '../domain/channel-adapter.js';
import { channelProfiles } from '../domain/channels.js';
import { demoCampaignPlan, type DemoCampaign } from '../domain/demo-plan.js';
import { receptionOf, simulateComments } from '../domain/simulated-comments.js';
import { simulateDay } from '../domain/simulated-metrics.js';
import { adSets, ads, campaigns, performanceDaily } from '../infrastructure/ads.tables.js';
import { setInfluencerReactions } from '../infrastructure/sentiment.repository.js';
import { demoOrganizationId } from '../../identity/index.js';
import { recordComments, type CommentedAd } from './comment-sentiment.js';

export const adsDemoActor = 'system:demo-seed';
/**
 * Campaigns of the start-up seed: few, so an embedded start stays fast. The CRM demo's people
 * answer these (the first ones created), not the history the top-up job adds later.
 */
export const defaultDemoCampaigns = 40;
/** The case's history (July 2024 – January 2026): the top-up job grows the demo to it. */
export const demoCampaignHistory = 1_000;

const dayOf = (date: Date) => date.toISOString().slice(0, 10);
/** Comments are seeded for campaigns that ran in the last 45 days (older ones keep only facts). */
const commentHistoryDays = 45;

interface SeededCampaign {
  facts: number;
  comments: { ad: CommentedAd; found: ChannelComment[] }[];
}

async function demoCampaignCount(db: Database, orgId: string): Promise<number> {
  const [existing] = await db
    .select({ count: sql<number>`count(*)::int` })
    .from(campaigns)
    .where(and(eq(campaigns.orgId, orgId), eq(campaigns.createdBy, adsDemoActor)));
  return existing?.count ?? 0;
}

/**
 * Demo Agency's campaigns with their ad sets, A/B ads and daily facts up to yesterday (the
 * delivery job adds today's for the active ones). Idempotent: creates only the campaigns missing
 * up to `count` (the plan is prefix-stable), at most `atMost` of them per call, and stops early
 * when `signal` aborts. Concurrent seeders (the top-up job, `seed --scale`) do not duplicate a
 * campaign: each is written under a lock after counting again. Answers how many are still missing.
 */
export async function seedAdsDemo(
  runtime: Runtime,
  count = defaultDemoCampaigns,
  options: { atMost?: number; signal?: AbortSignal } = {},
): Promise<number> {
  const orgId = await demoOrganizationId(runtime);
  if (!orgId) return 0;
  const present = await demoCampaignCount(runtime.db, orgId);
  if (present >= count) return 0;
  const today = new Date();
  const plan = demoCampaignPlan(count, today);
  const last = Math.min(count, present + (options.atMost ?? count));
  let created = 0;
  let facts = 0;
  let commentCount = 0;
  for (let index = present; index < last && !options.signal?.aborted; index += 1) {
    const seeded = await runtime.db.transaction(async (tx) => {
      await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`ads-demo:${orgId}`}))`);
      if ((await demoCampaignCount(tx, orgId)) !== index) return undefined;
      return insertDemoCampaign(tx, orgId, plan[index]!, today);
    });
    if (!seeded) continue;
    created += 1;
    facts += seeded.facts;
    // Through the AI gateway like delivered comments (own transactions, after the campaign's).
    for (const { ad, found } of seeded.comments)
      commentCount += await recordComments(runtime, ad, found);
  }
  if (created > 0)
    runtime.log.info(
      { campaigns: created, facts, comments: commentCount },
      'ads demo data created',
    );
  return count - (await demoCampaignCount(runtime.db, orgId));
}

async function insertDemoCampaign(
  tx: Database,
  orgId: string,
  plan: DemoCampaign,
  today: Date,
): Promise<SeededCampaign> {
  const campaignId = uuidv7();
  const withComments =
    plan.endDate >= dayOf(new Date(today.getTime() - commentHistoryDays * 86_400_000));
  const seededComments: SeededCampaign['comments'] = [];
  const influencerReactions: Parameters<typeof setInfluencerReactions>[1][number][] = [];
  await tx.insert(campaigns).values({
    orgId,
    id: campaignId,
    brand: plan.brand,
    name: plan.name,
    objective: plan.objective,
    countries: plan.countries,
    cities: [],
    budgetMinor: plan.budgetMinor,
    currency: plan.currency,
    startDate: plan.startDate,
    endDate: plan.endDate,
    status: plan.status,
    approvedBy: adsDemoActor,
    approvedAt: `${plan.startDate}T08:00:00Z`,
    createdBy: adsDemoActor,
  });
  const lastFactDay = [plan.endDate, dayOf(new Date(today.getTime() - 86_400_000))].sort()[0]!;
  const rows: (typeof performanceDaily.$inferInsert)[] = [];
  for (const set of plan.adSets) {
    const adSetId = uuidv7();
    await tx.insert(adSets).values({
      orgId,
      id: adSetId,
      campaignId,
      name: `${set.channel} · ${set.countries.join(', ') || set.cities.map((c) => c.city).join(', ')}`,
      channel: set.channel,
      targeting: {
        ageMin: 18,
        ageMax: 54,
        genders: [],
        countries: set.countries,
        cities: set.cities,
        languages: ['es'],
        interests: [],
      },
      dailyBudgetMinor: set.dailyBudgetMinor,
      pacing: set.pacing,
      startDate: null,
      endDate: null,
      crmSegmentId: null,
    });
    const markets =
      set.cities.length > 0 ? set.cities : set.countries.map((country) => ({ country, city: '' }));
    const kind = channelProfiles[set.channel].kind;
    for (const variant of set.variants) {
      let adId = uuidv7();
      // The showcase ad set gets ids the simulation receives badly (about one in eight).
      while (set.disliked && receptionOf(adId) !== 'disliked') adId = uuidv7();
      const found: ChannelComment[] = [];
      await tx.insert(ads).values({
        orgId,
        id: adId,
        campaignId,
        adSetId,
        variant,
        headline: `${plan.brand}: ${variant === 'A' ? 'descubrí lo nuevo' : 'solo esta semana'}`,
        body: `${plan.brand} — ${plan.objective}`,
        callToAction: variant === 'A' ? 'Ver más' : 'Comprar',
        contentAssetId: null,
        status: 'active',
        externalId: `sim-${set.channel}-${adId}`,
      });
      for (
        let t = Date.parse(`${plan.startDate}T00:00:00Z`);
        t <= Date.parse(`${lastFactDay}T00:00:00Z`);
        t += 86_400_000
      ) {
        const day = dayOf(new Date(t));
        const simulated = simulateDay({
          seed: adId,
          channel: set.channel,
          day,
          dailyBudgetMinor: Math.floor(set.dailyBudgetMinor / set.variants.length),
          pacing: set.pacing,
          markets,
          elapsed: 1,
          startDate: plan.startDate,
        });
        const reactions = simulated.reduce((sum, row) => sum + row.metrics.reactions, 0);
        if (set.channel === 'influencer')
          influencerReactions.push({
            orgId,
            adId,
            campaignId,
            channel: set.channel,
            day,
            influencerReactions: reactions,
          });
        if (withComments && (kind === 'social' || kind === 'influencer'))
          found.push(
            ...simulateComments({
              seed: adId,
              channel: set.channel,
              day,
              reactions,
              language: 'es',
              elapsed: 1,
            }),
          );
        for (const { market, metrics } of simulated) {
          rows.push({
            orgId,
            adId,
            campaignId,
            channel: set.channel,
            country: market.country,
            city: market.city,
            day,
            currency: plan.currency,
            ...metrics,
          });
        }
      }
      if (found.length > 0)
        seededComments.push({
          ad: { orgId, adId, campaignId, channel: set.channel },
          found,
        });
    }
  }
  for (let from = 0; from < rows.length; from += 500) {
    await tx.insert(performanceDaily).values(rows.slice(from, from + 500));
  }
  for (let from = 0; from < influencerReactions.length; from += 500) {
    await setInfluencerReactions(tx, influencerReactions.slice(from, from + 500));
  }
  return { facts: rows.length, comments: seededComments };
}
