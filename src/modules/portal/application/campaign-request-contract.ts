import { languageSchema } from '../../../platform/i18n/locale-schemas.js';
import type { Runtime } from '../../../platform/runtime.js';
import { principalNames } from '../../identity/index.js';
import { z } from 'zod';
import { channels } from '../../ads/index.js';
import { objectives, requestStatuses, type Audience } from '../domain/campaign-request.js';
import type { CampaignRequestRow } from '../infrastructure/campaign-requests.repository.js';

/*
 * The campaign request resource uses camelCase field names: docs/architecture.md §6 fixes them
 * (docs/adr/0007). Everything else in the API is snake_case.
 */

const country = z
  .string()
  .length(2)
  .regex(/^[A-Za-z]{2}$/, 'must be an ISO 3166-1 alpha-2 country code')
  .transform((value) => value.toUpperCase());

/** A calendar date, or a date-time whose date part is taken. */
export const day = z
  .union([z.iso.date(), z.iso.datetime({ offset: true })])
  .transform((value) => value.slice(0, 10))
  .describe('YYYY-MM-DD (a date-time is accepted; its date is used)');

export const audienceSchema = z
  .object({
    name: z.string().trim().min(1).max(120),
    countries: z.array(country).min(1).max(50),
    ageMin: z.number().int().min(13).max(100),
    ageMax: z.number().int().min(13).max(100),
    interests: z.array(z.string().trim().min(1).max(80)).max(20),
  })
  .refine((a) => a.ageMin <= a.ageMax, { path: ['ageMax'], message: 'must be ≥ ageMin' });

export const budgetSchema = z.object({
  amount: z.number().int().min(1).max(1e12).describe('Minor units (cents)'),
  currency: z
    .string()
    .length(3)
    .regex(/^[A-Za-z]{3}$/, 'must be an ISO 4217 code')
    .transform((value) => value.toUpperCase()),
});

const uniqueChannels = z
  .array(z.enum(channels))
  .min(1)
  .max(10)
  .refine((list) => new Set(list).size === list.length, 'must not repeat a channel');

const requestFields = {
  name: z.string().trim().min(1).max(200),
  objective: z.enum(objectives),
  product: z.string().trim().min(1).max(200).describe('The product or service promoted'),
  messages: z.array(z.string().trim().min(1).max(500)).min(1).max(10),
  audiences: z.array(audienceSchema).min(1).max(10),
  channels: uniqueChannels,
  budget: budgetSchema,
  startsAt: day,
  endsAt: day,
  language: languageSchema.optional(),
};

const datesInOrder = (body: { startsAt: string; endsAt: string }) => body.endsAt >= body.startsAt;
const notInPast = (body: { startsAt: string }) =>
  body.startsAt >= new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
const fewEnoughSets = (body: { audiences: unknown[]; channels: unknown[] }) =>
  body.audiences.length * body.channels.length <= 20;

export const campaignRequestBody = z
  .object({
    ...requestFields,
    strategyId: z.uuid().optional().describe('The strategy this request carries out'),
  })
  .refine(datesInOrder, { path: ['endsAt'], message: 'must not be before startsAt' })
  .refine(notInPast, { path: ['startsAt'], message: 'must not be in the past' })
  .refine(fewEnoughSets, {
    path: ['channels'],
    message: 'audiences × channels must be at most 20 ad sets',
  });

export type CampaignRequestBody = z.infer<typeof campaignRequestBody>;

/** Overrides when a request is created from a strategy: the rest comes from the strategy. */
export const fromStrategyBody = z.object({
  name: z.string().trim().min(1).max(200),
  product: z.string().trim().min(1).max(200).optional(),
  budget: budgetSchema.optional(),
  startsAt: day.optional(),
  endsAt: day.optional(),
  language: languageSchema.optional(),
});

const itemDecision = z.object({
  id: z.uuid(),
  decision: z.enum(['approved', 'rejected']),
  comment: z.string().trim().max(2000).optional(),
});

export const approveBody = z
  .object({
    comment: z.string().trim().max(2000).optional(),
    adSets: z
      .array(itemDecision)
      .max(100)
      .optional()
      .describe('Per ad set; unnamed ones are approved'),
    contentVariants: z
      .array(itemDecision)
      .max(400)
      .optional()
      .describe('Per content variant (ad); unnamed ones are approved'),
  })
  .default({});

export const rejectBody = z.object({ comment: z.string().trim().min(1).max(2000) });

const itemDecisionOut = z.object({
  decision: z.enum(['approved', 'rejected']),
  comment: z.string().nullable(),
});

const proposalSchema = z.object({
  generatedAt: z.string(),
  provider: z.string(),
  model: z.string(),
  channelMix: z.array(
    z.object({ channel: z.string(), share: z.number(), expectedRoas: z.number() }),
  ),
  audienceSegments: z.array(
    z.object({ segmentId: z.string(), name: z.string(), memberCount: z.number() }),
  ),
  adSets: z.array(
    z.object({
      adSetId: z.string(),
      name: z.string(),
      channel: z.string(),
      audience: z.string(),
      share: z.number(),
      budgetMinor: z.number(),
      dailyBudgetMinor: z.number(),
    }),
  ),
  contentVariants: z.array(
    z.object({
      adId: z.string(),
      adSetId: z.string(),
      channel: z.string(),
      variant: z.string(),
      headline: z.string(),
      body: z.string(),
      callToAction: z.string(),
      hashtags: z.array(z.string()),
      contentAssetId: z.string().nullable(),
    }),
  ),
  timing: z.object({
    startsAt: z.string(),
    endsAt: z.string(),
    days: z.number(),
    pacing: z.enum(['standard', 'accelerated']),
  }),
  suggestions: z.array(z.string()),
  serverMs: z.number(),
  providerMs: z.number(),
});

const audienceOut = z.object({
  name: z.string(),
  countries: z.array(z.string()),
  ageMin: z.number(),
  ageMax: z.number(),
  interests: z.array(z.string()),
});

export const campaignRequestSchema = z.object({
  id: z.string(),
  object: z.literal('campaign_request'),
  status: z.enum(requestStatuses),
  name: z.string(),
  objective: z.enum(objectives),
  product: z.string(),
  messages: z.array(z.string()),
  audiences: z.array(audienceOut),
  channels: z.array(z.string()),
  budget: z.object({ amount: z.number(), currency: z.string() }),
  startsAt: z.string(),
  endsAt: z.string(),
  language: z.string(),
  strategyId: z.string().nullable(),
  campaignId: z
    .string()
    .nullable()
    .describe('The PromptAds campaign (a draft until approval); null until planning drafts it'),
  contentRequestIds: z.array(z.string()),
  segmentIds: z.array(z.string()).describe('PromptCRM audience segments'),
  planning: z.object({
    stage: z.string().nullable(),
    attempts: z.number(),
    startedAt: z.string().nullable(),
    finishedAt: z.string().nullable(),
  }),
  failureReason: z.string().nullable(),
  proposal: proposalSchema.nullable(),
  decision: z
    .object({
      verdict: z.enum(['approved', 'rejected']),
      comment: z.string().nullable(),
      by: z.string().nullable().describe('`user:<id>` or `client:<client_id>`'),
      byName: z.string().nullable().describe('The name of the person (or API client) who decided'),
      at: z.string().nullable(),
      adSets: z.record(z.string(), itemDecisionOut),
      contentVariants: z.record(z.string(), itemDecisionOut),
    })
    .nullable(),
  createdBy: z.string().nullable(),
  createdByName: z.string().nullable().describe('The name of the person (or API client) who asked'),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export type CampaignRequestResource = z.infer<typeof campaignRequestSchema>;

/** Display names by principal id (`user:<id>`), from the identity facade. */
export type PrincipalNames = ReadonlyMap<string, string>;

/** The names a page of requests shows: who asked and who decided. */
export function namesOfRequests(
  runtime: Runtime,
  orgId: string,
  rows: readonly CampaignRequestRow[],
): Promise<PrincipalNames> {
  return principalNames(
    runtime,
    orgId,
    rows.flatMap((row) => [row.createdBy, row.decidedBy]),
  );
}

export async function campaignRequestResource(
  runtime: Runtime,
  row: CampaignRequestRow,
): Promise<CampaignRequestResource> {
  return toCampaignRequestResource(row, await namesOfRequests(runtime, row.orgId, [row]));
}

export function toCampaignRequestResource(
  row: CampaignRequestRow,
  names: PrincipalNames,
): CampaignRequestResource {
  const nameOf = (principal: string | null) => (principal && names.get(principal)) ?? null;
  return {
    id: row.id,
    object: 'campaign_request',
    status: row.status as CampaignRequestResource['status'],
    name: row.name,
    objective: row.objective as CampaignRequestResource['objective'],
    product: row.product,
    messages: row.messages,
    audiences: row.audiences.map((a: Audience) => ({ ...a })),
    channels: row.channels,
    budget: { amount: row.budgetMinor, currency: row.currency },
    startsAt: row.startsAt,
    endsAt: row.endsAt,
    language: row.language,
    strategyId: row.strategyId,
    campaignId: row.campaignId,
    contentRequestIds: row.contentRequestIds,
    segmentIds: row.segmentIds,
    planning: {
      stage: row.planningStage,
      attempts: row.attempts,
      startedAt: row.planningStartedAt,
      finishedAt: row.planningFinishedAt,
    },
    failureReason: row.failureReason,
    proposal: row.proposal,
    decision: row.decisions
      ? { ...row.decisions, by: row.decidedBy, byName: nameOf(row.decidedBy), at: row.decidedAt }
      : null,
    createdBy: row.createdBy,
    createdByName: nameOf(row.createdBy),
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}
