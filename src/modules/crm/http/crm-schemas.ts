import { z } from 'zod';
import type { ContactInput, ContactView } from '../application/contact-fields.js';
import { classifications, leadSources, lifecycleStages } from '../domain/lead-vocabulary.js';
import type { CompanyRow } from '../infrastructure/companies.repository.js';

export const idParams = z.object({ id: z.uuid() });
export const countryCode = z
  .string()
  .regex(/^[A-Z]{2}$/, 'must be an ISO 3166-1 alpha-2 code, e.g. CR');
export const currencyCode = z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code, e.g. USD');
export const genders = ['female', 'male', 'other'] as const;
export const messageChannels = ['email', 'whatsapp', 'sms', 'voice', 'chat'] as const;

const text = (max: number) => z.string().trim().min(1).max(max);
const label = z
  .string()
  .trim()
  .min(1)
  .max(60)
  .transform((value) => value.toLowerCase());
export const utmSchema = z
  .object({
    source: text(200).optional(),
    medium: text(200).optional(),
    campaign: text(200).optional(),
    term: text(200).optional(),
    content: text(200).optional(),
  })
  .describe('UTM parameters without the `utm_` prefix');
export const phoneSchema = z
  .string()
  .trim()
  .regex(/^\+?[0-9 ().-]{7,24}$/, 'must be a phone number, e.g. +506 8888 1234');

/** Fields of a contact/lead as the API takes them (snake_case). */
export const contactFields = z.object({
  first_name: text(120).nullable().optional(),
  last_name: text(120).nullable().optional(),
  email: z.email().max(254).nullable().optional(),
  phone: phoneSchema.nullable().optional(),
  national_id: text(40).nullable().optional(),
  company_id: z.uuid().nullable().optional(),
  country: countryCode.nullable().optional(),
  city: text(120).nullable().optional(),
  language: z
    .string()
    .regex(/^[a-z]{2}$/, 'must be an ISO 639-1 code, e.g. es')
    .nullable()
    .optional(),
  birth_year: z.number().int().min(1900).max(2030).nullable().optional(),
  gender: z.enum(genders).nullable().optional(),
  interests: z.array(label).max(50).optional(),
  tags: z.array(label).max(50).optional(),
  lifecycle_stage: z.enum(lifecycleStages).optional(),
  classification: z.enum(classifications).optional(),
  source: z.enum(leadSources).optional(),
  medium: text(60).nullable().optional(),
  utm: utmSchema.optional(),
  campaign_id: z.uuid().nullable().optional(),
  ad_id: z.uuid().nullable().optional(),
  owner_user_id: z.uuid().nullable().optional(),
});

export type ContactFields = z.infer<typeof contactFields>;

/** A create needs something to recognise the person by. */
export const identifiable = (value: ContactFields, context: z.RefinementCtx) => {
  if (!value.email && !value.phone && !value.first_name && !value.last_name)
    context.addIssue({
      code: 'custom',
      path: ['email'],
      message: 'give at least one of email, phone, first_name or last_name',
    });
};

export function contactInputOf(body: ContactFields): ContactInput {
  const input: ContactInput = {
    firstName: body.first_name,
    lastName: body.last_name,
    email: body.email,
    phone: body.phone,
    nationalId: body.national_id,
    companyId: body.company_id,
    country: body.country,
    city: body.city,
    language: body.language,
    birthYear: body.birth_year,
    gender: body.gender,
    interests: body.interests,
    tags: body.tags,
    lifecycleStage: body.lifecycle_stage,
    classification: body.classification,
    source: body.source,
    medium: body.medium,
    utm: body.utm as Record<string, string> | undefined,
    campaignId: body.campaign_id,
    adId: body.ad_id,
    ownerUserId: body.owner_user_id,
  };
  return Object.fromEntries(
    Object.entries(input).filter(([, value]) => value !== undefined),
  ) as ContactInput;
}

const scoreFactorSchema = z.object({
  name: z.string(),
  weight: z.number(),
  detail: z.string().optional(),
});

export const contactSchema = z.object({
  id: z.string(),
  object: z.literal('contact'),
  first_name: z.string().nullable(),
  last_name: z.string().nullable(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  national_id_last4: z.string().nullable(),
  company_id: z.string().nullable(),
  country: z.string().nullable(),
  city: z.string().nullable(),
  language: z.string().nullable(),
  birth_year: z.number().nullable(),
  gender: z.string().nullable(),
  interests: z.array(z.string()),
  tags: z.array(z.string()),
  lifecycle_stage: z.string(),
  classification: z.string(),
  source: z.string(),
  medium: z.string().nullable(),
  utm: z.record(z.string(), z.string()),
  campaign_id: z.string().nullable(),
  ad_id: z.string().nullable(),
  owner_user_id: z.string().nullable(),
  score: z.number().nullable(),
  score_factors: z.array(scoreFactorSchema).nullable(),
  scored_at: z.string().nullable(),
  merged_into_id: z.string().nullable(),
  last_interaction_at: z.string().nullable(),
  created_at: z.string(),
  updated_at: z.string(),
});

export function contactResource(view: ContactView): z.infer<typeof contactSchema> {
  return {
    id: view.id,
    object: 'contact',
    first_name: view.firstName,
    last_name: view.lastName,
    email: view.email,
    phone: view.phone,
    national_id_last4: view.nationalIdLast4,
    company_id: view.companyId,
    country: view.country,
    city: view.city,
    language: view.language,
    birth_year: view.birthYear,
    gender: view.gender,
    interests: view.interests,
    tags: view.tags,
    lifecycle_stage: view.lifecycleStage,
    classification: view.classification,
    source: view.source,
    medium: view.medium,
    utm: view.utm,
    campaign_id: view.campaignId,
    ad_id: view.adId,
    owner_user_id: view.ownerUserId,
    score: view.score,
    score_factors: view.scoreFactors,
    scored_at: view.scoredAt,
    merged_into_id: view.mergedIntoId,
    last_interaction_at: view.lastInteractionAt,
    created_at: view.createdAt,
    updated_at: view.updatedAt,
  };
}

const money = z.number().int().min(0).max(1e13);
export const productSchema = z.object({
  name: text(200),
  price_minor: money.optional(),
  currency: currencyCode.optional(),
});

export const companyFields = z.object({
  name: text(200),
  domain: text(253).nullable().optional(),
  industry: text(120).nullable().optional(),
  country: countryCode.nullable().optional(),
  city: text(120).nullable().optional(),
  products: z.array(productSchema).max(200).default([]),
  sales_goal_minor: money.nullable().optional().describe('Sales goal in minor units'),
  budget_minor: money.nullable().optional().describe('Marketing budget in minor units'),
  currency: currencyCode.nullable().optional(),
  owner_user_id: z.uuid().nullable().optional(),
});

export const moneyNeedsCurrency = (
  value: {
    sales_goal_minor?: number | null;
    budget_minor?: number | null;
    currency?: string | null;
  },
  context: z.RefinementCtx,
) => {
  if ((value.sales_goal_minor != null || value.budget_minor != null) && !value.currency)
    context.addIssue({
      code: 'custom',
      path: ['currency'],
      message: 'is required with sales_goal_minor or budget_minor',
    });
};

export const companySchema = z.object({
  id: z.string(),
  object: z.literal('company'),
  name: z.string(),
  domain: z.string().nullable(),
  industry: z.string().nullable(),
  country: z.string().nullable(),
  city: z.string().nullable(),
  products: z.array(
    z.object({
      name: z.string(),
      price_minor: z.number().optional(),
      currency: z.string().optional(),
    }),
  ),
  sales_goal_minor: z.number().nullable(),
  budget_minor: z.number().nullable(),
  currency: z.string().nullable(),
  owner_user_id: z.string().nullable(),
  created_at: z.string(),
  updated_at: z.string(),
});

export function companyResource(row: CompanyRow): z.infer<typeof companySchema> {
  return {
    id: row.id,
    object: 'company',
    name: row.name,
    domain: row.domain,
    industry: row.industry,
    country: row.country,
    city: row.city,
    products: row.products.map((product) => ({
      name: product.name,
      ...(product.priceMinor !== undefined ? { price_minor: product.priceMinor } : {}),
      ...(product.currency !== undefined ? { currency: product.currency } : {}),
    })),
    sales_goal_minor: row.salesGoalMinor,
    budget_minor: row.budgetMinor,
    currency: row.currency,
    owner_user_id: row.ownerUserId,
    created_at: row.createdAt,
    updated_at: row.updatedAt,
  };
}
