import { z } from 'zod';
import { campaignStates } from '../domain/campaign-state.js';
import { channels } from '../domain/channels.js';
import type { Targeting } from '../infrastructure/ads.tables.js';
import type { AudienceRow } from '../infrastructure/audiences.repository.js';
import type { AdRow, AdSetRow, CampaignRow } from '../infrastructure/campaigns.repository.js';

export const objectives = [
  'awareness',
  'traffic',
  'engagement',
  'leads',
  'sales',
  'app_installs',
] as const;
export const genders = ['female', 'male', 'other'] as const;

export const countryCode = z
  .string()
  .regex(/^[A-Z]{2}$/, 'must be an ISO 3166-1 alpha-2 code, e.g. CR');
export const currencyCode = z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code, e.g. USD');
export const cityRef = z.object({ country: countryCode, city: z.string().trim().min(1).max(120) });
const isoDate = z.iso.date();

export const campaignFields = z.object({
  brand: z.string().trim().min(1).max(120),
  name: z.string().trim().min(1).max(200),
  objective: z.enum(objectives),
  countries: z.array(countryCode).min(1).max(100),
  cities: z.array(cityRef).max(200).default([]),
  budget: z.object({
    amount_minor: z.number().int().min(1).max(1e13).describe('Total budget in minor units'),
    currency: currencyCode,
  }),
  start_date: isoDate,
  end_date: isoDate,
});

export const datesInOrder = <T extends { start_date?: string | null; end_date?: string | null }>(
  value: T,
  context: z.RefinementCtx,
) => {
  if (value.start_date && value.end_date && value.end_date < value.start_date)
    context.addIssue({
      code: 'custom',
      path: ['end_date'],
      message: 'must not be before start_date',
    });
};

export const campaignSchema = z.object({
  id: z.string(),
  object: z.literal('campaign'),
  brand: z.string(),
  name: z.string(),
  objective: z.string(),
  status: z.enum(campaignStates),
  countries: z.array(z.string()),
  cities: z.array(z.object({ country: z.string(), city: z.string() })),
  budget: z.object({ amount_minor: z.number(), currency: z.string() }),
  start_date: z.string(),
  end_date: z.string(),
  approved_by: z.string().nullable(),
  approved_at: z.string().nullable(),
  created_at: z.string(),
  updated_at: z.string(),
});

export const campaignResource = (row: CampaignRow): z.infer<typeof campaignSchema> => ({
  id: row.id,
  object: 'campaign',
  brand: row.brand,
  name: row.name,
  objective: row.objective,
  status: row.status as (typeof campaignStates)[number],
  countries: row.countries,
  cities: row.cities,
  budget: { amount_minor: row.budgetMinor, currency: row.currency },
  start_date: row.startDate,
  end_date: row.endDate,
  approved_by: row.approvedBy,
  approved_at: row.approvedAt,
  created_at: row.createdAt,
  updated_at: row.updatedAt,
});

export const targetingSchema = z
  .object({
    age_min: z.number().int().min(13).max(100).default(18),
    age_max: z.number().int().min(13).max(100).default(65),
    genders: z.array(z.enum(genders)).max(3).default([]),
    countries: z.array(countryCode).max(100).default([]),
    cities: z.array(cityRef).max(200).default([]),
    languages: z
      .array(z.string().regex(/^[a-z]{2}$/, 'ISO 639-1, e.g. es'))
      .max(20)
      .default([]),
    interests: z.array(z.string().trim().min(1).max(80)).max(50).default([]),
  })
  .refine((t) => t.age_min <= t.age_max, { path: ['age_max'], message: 'must be ≥ age_min' });

export const adSetFields = z.object({
  campaign_id: z.uuid(),
  name: z.string().trim().min(1).max(200),
  channel: z.enum(channels),
  targeting: targetingSchema.default({
    age_min: 18,
    age_max: 65,
    genders: [],
    countries: [],
    cities: [],
    languages: [],
    interests: [],
  }),
  daily_budget_minor: z.number().int().min(1).max(1e12),
  pacing: z.enum(['standard', 'accelerated']).default('standard'),
  start_date: isoDate.nullable().default(null),
  end_date: isoDate.nullable().default(null),
  crm_segment_id: z.uuid().nullable().default(null).describe('A CRM segment to target'),
  audience_id: z
    .uuid()
    .nullable()
    .default(null)
    .describe('A saved audience: its targeting (and CRM segment) replace `targeting`'),
});

export const targetingResourceSchema = z.object({
  age_min: z.number(),
  age_max: z.number(),
  genders: z.array(z.string()),
  countries: z.array(z.string()),
  cities: z.array(z.object({ country: z.string(), city: z.string() })),
  languages: z.array(z.string()),
  interests: z.array(z.string()),
});

export const targetingResource = (t: Targeting): z.infer<typeof targetingResourceSchema> => ({
  age_min: t.ageMin,
  age_max: t.ageMax,
  genders: t.genders,
  countries: t.countries,
  cities: t.cities,
  languages: t.languages,
  interests: t.interests,
});

export const targetingOf = (t: z.infer<typeof targetingSchema>): Targeting => ({
  ageMin: t.age_min,
  ageMax: t.age_max,
  genders: t.genders,
  countries: t.countries,
  cities: t.cities,
  languages: t.languages,
  interests: t.interests,
});

export const adSetSchema = z.object({
  id: z.string(),
  object: z.literal('ad_set'),
  campaign_id: z.string(),
  name: z.string(),
  channel: z.string(),
  targeting: targetingResourceSchema,
  daily_budget_minor: z.number(),
  pacing: z.string(),
  start_date: z.string().nullable(),
  end_date: z.string().nullable(),
  crm_segment_id: z.string().nullable(),
  audience_id: z.string().nullable(),
  created_at: z.string(),
});

export const adSetResource = (row: AdSetRow): z.infer<typeof adSetSchema> => ({
  id: row.id,
  object: 'ad_set',
  campaign_id: row.campaignId,
  name: row.name,
  channel: row.channel,
  targeting: targetingResource(row.targeting),
  daily_budget_minor: row.dailyBudgetMinor,
  pacing: row.pacing,
  start_date: row.startDate,
  end_date: row.endDate,
  crm_segment_id: row.crmSegmentId,
  audience_id: row.audienceId,
  created_at: row.createdAt,
});

export const audienceSchema = z.object({
  id: z.string(),
  object: z.literal('audience'),
  name: z.string(),
  targeting: targetingResourceSchema,
  crm_segment_id: z.string().nullable(),
  created_at: z.string(),
  updated_at: z.string(),
});

export const audienceResource = (row: AudienceRow): z.infer<typeof audienceSchema> => ({
  id: row.id,
  object: 'audience',
  name: row.name,
  targeting: targetingResource(row.targeting),
  crm_segment_id: row.crmSegmentId,
  created_at: row.createdAt,
  updated_at: row.updatedAt,
});

export const adFields = z.object({
  ad_set_id: z.uuid(),
  variant: z
    .string()
    .regex(/^[A-Z]$/, 'one capital letter: A, B, …')
    .default('A'),
  headline: z.string().trim().min(1).max(300),
  body: z.string().trim().min(1).max(5000),
  call_to_action: z.string().trim().min(1).max(60),
  content_asset_id: z.uuid().nullable().default(null).describe('A PromptContent asset'),
});

export const adSchema = z.object({
  id: z.string(),
  object: z.literal('ad'),
  campaign_id: z.string(),
  ad_set_id: z.string(),
  variant: z.string(),
  headline: z.string(),
  body: z.string(),
  call_to_action: z.string(),
  content_asset_id: z.string().nullable(),
  status: z.string(),
  external_id: z.string().nullable(),
  channel_status: z
    .string()
    .nullable()
    .describe('What the channel last reported by webhook (in_review, active, rejected, …)'),
  created_at: z.string(),
});

export const adResource = (row: AdRow): z.infer<typeof adSchema> => ({
  id: row.id,
  object: 'ad',
  campaign_id: row.campaignId,
  ad_set_id: row.adSetId,
  variant: row.variant,
  headline: row.headline,
  body: row.body,
  call_to_action: row.callToAction,
  content_asset_id: row.contentAssetId,
  status: row.status,
  external_id: row.externalId,
  channel_status: row.channelStatus,
  created_at: row.createdAt,
});

export const idParams = z.object({ id: z.uuid() });
