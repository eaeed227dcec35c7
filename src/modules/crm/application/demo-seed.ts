import { uuidv7 } from 'uuidv7';
import type { Runtime } from '../../../platform/runtime.js';
import { defaultDemoCampaigns, demoCampaignsWithAds, seedAdsDemo } from '../../ads/index.js';
import { demoOrganizationId } from '../../identity/index.js';
import { normaliseEmailAddress, normalisePhone } from '../domain/contact-identity.js';
import {
  campaignQuota,
  demoPerson,
  demoTag,
  type DemoCampaignRef,
  type DemoPerson,
} from '../domain/demo-people.js';
import {
  analyzeCrmTables,
  insertConsentBatch,
  insertContactBatch,
  insertDealBatch,
  insertInteractionBatch,
  taggedContactsPerCampaign,
  type BulkConsent,
  type BulkContact,
  type BulkDeal,
  type BulkInteraction,
} from '../infrastructure/bulk-insert.repository.js';
import { ensureDefaultPipeline, stagesOf } from '../infrastructure/pipelines.repository.js';
import { crmServicesFor } from './crm-services.js';
import { fitScoringModel, scoreContacts } from './scoring.js';

/** Start-up demo: 40–110 people per PromptAds demo campaign (about 3,000 over the 40). */
export const demoPeoplePerCampaign = [40, 110] as const;
/**
 * The history's campaigns (those after the start-up ones): fewer people each, enough for every
 * campaign of the case's 1,000 to have leads, deals and sales (about 12,000 people in all).
 */
export const historyPeoplePerCampaign = [6, 18] as const;
/** `seed --scale`: the case's 400–1,000 clients per campaign. */
export const scalePeoplePerCampaign = [400, 1_000] as const;
/**
 * People per transaction: each batch is four statements (contacts, consents, interactions, deals).
 * The start-up demo is written while the embedded server answers, where a request waits for the
 * running statement: its batches stay at tens of milliseconds (2,500 people held PGlite for most
 * of a second, 500 about 75 ms). `seed --scale` serves nobody and takes the larger, faster batches.
 */
const startUpBatch = 200;
const scaleBatch = 2_500;

export interface CrmSeedReport {
  campaigns: number;
  contacts: number;
  deals: number;
  interactions: number;
  ms: number;
}

interface Stages {
  pipelineId: string;
  open: string[];
  won: string;
  lost: string;
}

/**
 * The start-up demo: people who answered each of the PromptAds start-up demo campaigns (the first
 * ones; not the history the ads top-up job adds later, so a restart finds the same people to
 * seed), with their consents, messages and deals (won ones are the campaign's sales), then the
 * intent model fitted on that history and everyone scored. Idempotent: only missing people are
 * created. `signal` stops it between batches.
 */
export async function seedCrmDemo(
  runtime: Runtime,
  signal?: AbortSignal,
): Promise<CrmSeedReport | undefined> {
  const orgId = await demoOrganizationId(runtime);
  if (!orgId) return undefined;
  const campaigns = await demoCampaignsWithAds(runtime, orgId, { first: defaultDemoCampaigns });
  const report = await fillCampaigns(
    runtime,
    orgId,
    campaigns.map((campaign) => ({
      campaign,
      target: campaignQuota(campaign.id, demoPeoplePerCampaign),
    })),
    await taggedContactsPerCampaign(runtime.db, orgId, demoTag),
    { batchSize: startUpBatch, signal },
  );
  if (report.contacts > 0 && !signal?.aborted) {
    await fitScoringModel(runtime, orgId, null);
    await scoreContacts(runtime, orgId);
  }
  return report;
}

/**
 * The rest of the demo's story once PromptAds holds the whole campaign history: the people who
 * answered the campaigns after the start-up ones, with their deals and sales, so the analytics
 * store has CRM outcomes for every campaign. Idempotent like the start-up seed; new people are
 * scored, the model is not refitted.
 */
export async function seedCrmDemoHistory(
  runtime: Runtime,
  orgId: string,
  signal?: AbortSignal,
): Promise<CrmSeedReport> {
  const campaigns = (await demoCampaignsWithAds(runtime, orgId)).slice(defaultDemoCampaigns);
  const report = await fillCampaigns(
    runtime,
    orgId,
    campaigns.map((campaign) => ({
      campaign,
      target: campaignQuota(campaign.id, historyPeoplePerCampaign),
    })),
    await taggedContactsPerCampaign(runtime.db, orgId, demoTag),
    { batchSize: startUpBatch, signal },
  );
  if (report.contacts > 0 && !signal?.aborted) await scoreContacts(runtime, orgId);
  return report;
}

/**
 * `promptsales seed --scale <contacts>`: fills demo campaigns in order with 400–1,000 people each
 * (the last one takes the remainder) until the demo organisation holds `contacts` demo people,
 * creating more PromptAds demo campaigns when those present are not enough. Scores are left to
 * the nightly scoring job (or `POST /api/v1/scoring/models`).
 */
export async function seedCrmAtScale(
  runtime: Runtime,
  contacts: number,
): Promise<CrmSeedReport | undefined> {
  const orgId = await demoOrganizationId(runtime);
  if (!orgId) return undefined;
  const existing = await taggedContactsPerCampaign(runtime.db, orgId, demoTag);
  let campaigns = await demoCampaignsWithAds(runtime, orgId);
  for (;;) {
    const plan = scalePlan(campaigns, existing, contacts);
    if (plan.covered) return fillCampaigns(runtime, orgId, plan.targets, existing);
    // An average campaign brings 700 people: ask PromptAds for enough more, then plan again.
    const more = Math.ceil(plan.missing / 700);
    await seedAdsDemo(runtime, campaigns.length + more);
    campaigns = await demoCampaignsWithAds(runtime, orgId);
  }
}

/** Per-campaign targets reaching `total` demo people, counting those already present. */
function scalePlan(
  campaigns: DemoCampaignRef[],
  existing: ReadonlyMap<string, number>,
  total: number,
): { covered: boolean; missing: number; targets: { campaign: DemoCampaignRef; target: number }[] } {
  let count = [...existing.values()].reduce((sum, n) => sum + n, 0);
  const targets: { campaign: DemoCampaignRef; target: number }[] = [];
  for (const campaign of campaigns) {
    if (count >= total) break;
    const present = existing.get(campaign.id) ?? 0;
    const add = Math.min(
      Math.max(0, campaignQuota(campaign.id, scalePeoplePerCampaign) - present),
      total - count,
    );
    count += add;
    targets.push({ campaign, target: present + add });
  }
  return { covered: count >= total, missing: Math.max(0, total - count), targets };
}

/**
 * Creates the people each campaign is missing up to its target, in batched transactions (the
 * benchmark calls it with campaigns of its own), then refreshes the tables' planner statistics.
 */
export async function fillCampaigns(
  runtime: Runtime,
  orgId: string,
  targets: { campaign: DemoCampaignRef; target: number }[],
  existing: ReadonlyMap<string, number>,
  { batchSize = scaleBatch, signal }: { batchSize?: number; signal?: AbortSignal } = {},
): Promise<CrmSeedReport> {
  const started = performance.now();
  const report: CrmSeedReport = { campaigns: 0, contacts: 0, deals: 0, interactions: 0, ms: 0 };
  const stages = await pipelineStages(runtime, orgId);
  const now = new Date();
  let pending: { campaign: DemoCampaignRef; person: DemoPerson }[] = [];
  const flush = async () => {
    const written = await writeBatch(runtime, orgId, stages, pending);
    report.contacts += pending.length;
    report.deals += written.deals;
    report.interactions += written.interactions;
    pending = [];
  };
  for (const { campaign, target } of targets) {
    const present = existing.get(campaign.id) ?? 0;
    if (present < target) report.campaigns += 1;
    for (let index = present; index < target && !signal?.aborted; index++) {
      pending.push({ campaign, person: demoPerson(campaign, index, now) });
      if (pending.length >= batchSize) await flush();
    }
  }
  if (pending.length > 0 && !signal?.aborted) await flush();
  // PGlite has no autovacuum to notice the new rows: without fresh statistics the planner took
  // 20 s over the scoring query on the 3,000 start-up people.
  if (report.contacts > 0) await analyzeCrmTables(runtime.db);
  report.ms = Math.round(performance.now() - started);
  if (report.contacts > 0) runtime.log.info(report, 'crm demo data created');
  return report;
}

async function pipelineStages(runtime: Runtime, orgId: string): Promise<Stages> {
  const pipeline = await ensureDefaultPipeline(runtime.db, orgId);
  const rows = await stagesOf(runtime.db, orgId, [pipeline.id]);
  const of = (kind: string) => rows.filter((row) => row.kind === kind).map((row) => row.id);
  return { pipelineId: pipeline.id, open: of('open'), won: of('won')[0]!, lost: of('lost')[0]! };
}

/** One transaction per batch: a re-run after a failure finds whole people or none. */
async function writeBatch(
  runtime: Runtime,
  orgId: string,
  stages: Stages,
  batch: { campaign: DemoCampaignRef; person: DemoPerson }[],
): Promise<{ deals: number; interactions: number }> {
  const crypto = crmServicesFor(runtime).crypto;
  const contactRows: BulkContact[] = [];
  const consentRows: BulkConsent[] = [];
  const interactionRows: BulkInteraction[] = [];
  const dealRows: BulkDeal[] = [];
  for (const { person } of batch) {
    const id = uuidv7();
    const email = normaliseEmailAddress(person.email);
    const phone = normalisePhone(person.phone)!;
    contactRows.push({
      orgId,
      id,
      firstName: person.firstName,
      lastName: person.lastName,
      emailEncrypted: crypto.encrypt(email),
      emailHash: crypto.lookupHash(email),
      phoneEncrypted: crypto.encrypt(phone),
      phoneHash: crypto.lookupHash(phone),
      country: person.country,
      city: person.city,
      language: person.language,
      birthYear: person.birthYear,
      gender: person.gender,
      interests: person.interests,
      tags: person.tags,
      lifecycleStage: person.lifecycleStage,
      classification: person.classification,
      source: person.source,
      medium: person.medium,
      utm: person.utm,
      campaignId: person.campaignId,
      adId: person.adId,
      lastInteractionAt: person.interactions.at(-1)?.occurredAt ?? null,
      createdAt: person.createdAt,
    });
    for (const channel of person.consents)
      consentRows.push({
        orgId,
        contactId: id,
        channel,
        status: 'granted',
        source: person.source === 'web_form' ? 'web_form' : 'ad_conversion',
        recordedAt: person.createdAt,
      });
    for (const interaction of person.interactions)
      interactionRows.push({ orgId, id: uuidv7(), contactId: id, ...interaction });
    const deal = person.deal;
    if (deal)
      dealRows.push({
        orgId,
        id: uuidv7(),
        pipelineId: stages.pipelineId,
        stageId:
          deal.status === 'won'
            ? stages.won
            : deal.status === 'lost'
              ? stages.lost
              : stages.open[deal.openStage % stages.open.length]!,
        contactId: id,
        title: deal.title,
        amountMinor: deal.amountMinor,
        currency: deal.currency,
        products: deal.products,
        status: deal.status,
        lostReason: deal.lostReason,
        wonAt: deal.status === 'won' ? deal.closedAt : null,
        lostAt: deal.status === 'lost' ? deal.closedAt : null,
        campaignId: person.campaignId,
        adId: person.adId,
        createdAt: person.createdAt,
      });
  }
  await runtime.db.transaction(async (tx) => {
    await insertContactBatch(tx, contactRows);
    await insertConsentBatch(tx, consentRows);
    await insertInteractionBatch(tx, interactionRows);
    await insertDealBatch(tx, dealRows);
  });
  return { deals: dealRows.length, interactions: interactionRows.length };
}
