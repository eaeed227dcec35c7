import { uuidv7 } from 'uuidv7';
import { z } from 'zod';
import { AppError } from '../../../platform/errors/app-error.js';
import type { Database } from '../../../platform/db/database.js';
import type { Runtime } from '../../../platform/runtime.js';
import { channels } from '../domain/channels.js';
import { insertAds, insertAdSets, insertCampaign } from '../infrastructure/campaigns.repository.js';

const isoDate = z.iso.date();
const country = z.string().regex(/^[A-Z]{2}$/);
const city = z.object({ country, city: z.string().min(1).max(120) });

/** A campaign plan as the portal's campaign request produces it. */
export const campaignPlanSchema = z
  .object({
    brand: z.string().trim().min(1).max(120),
    name: z.string().trim().min(1).max(200),
    objective: z.enum(['awareness', 'traffic', 'engagement', 'leads', 'sales', 'app_installs']),
    countries: z.array(country).min(1),
    cities: z.array(city).default([]),
    budget: z.object({
      amountMinor: z.number().int().min(1),
      currency: z.string().regex(/^[A-Z]{3}$/),
    }),
    startDate: isoDate,
    endDate: isoDate,
    adSets: z
      .array(
        z.object({
          name: z.string().trim().min(1).max(200),
          channel: z.enum(channels),
          dailyBudgetMinor: z.number().int().min(1),
          pacing: z.enum(['standard', 'accelerated']).default('standard'),
          targeting: z
            .object({
              ageMin: z.number().int().min(13).max(100).default(18),
              ageMax: z.number().int().min(13).max(100).default(65),
              genders: z.array(z.enum(['female', 'male', 'other'])).default([]),
              countries: z.array(country).default([]),
              cities: z.array(city).default([]),
              languages: z.array(z.string().regex(/^[a-z]{2}$/)).default([]),
              interests: z.array(z.string().min(1).max(80)).default([]),
            })
            .default({
              ageMin: 18,
              ageMax: 65,
              genders: [],
              countries: [],
              cities: [],
              languages: [],
              interests: [],
            }),
          crmSegmentId: z.uuid().nullable().default(null),
          ads: z
            .array(
              z.object({
                variant: z
                  .string()
                  .regex(/^[A-Z]$/)
                  .default('A'),
                headline: z.string().trim().min(1).max(300),
                body: z.string().trim().min(1).max(5000),
                callToAction: z.string().trim().min(1).max(60),
                contentAssetId: z.uuid().nullable().default(null),
              }),
            )
            .min(1),
        }),
      )
      .min(1),
  })
  .refine((plan) => plan.endDate >= plan.startDate, {
    path: ['endDate'],
    message: 'must not be before startDate',
  })
  .refine((plan) => plan.adSets.every((set) => set.targeting.ageMin <= set.targeting.ageMax), {
    path: ['adSets'],
    message: 'ageMin must be ≤ ageMax',
  });

export type CampaignPlan = z.input<typeof campaignPlanSchema>;

/**
 * Creates a draft campaign with its ad sets and ads from a plan, inside the caller's transaction
 * when given (the campaign request runs in one). The draft still needs submission and approval.
 */
export async function createDraftFromPlan(
  runtime: Runtime,
  orgId: string,
  input: CampaignPlan,
  options: { transaction?: Database; createdBy?: string } = {},
): Promise<{ campaignId: string; adSetIds: string[]; adIds: string[] }> {
  const parsed = campaignPlanSchema.safeParse(input);
  if (!parsed.success)
    throw AppError.validation(
      'The campaign plan is invalid',
      parsed.error.issues.map((issue) => ({ field: issue.path.join('.'), message: issue.message })),
    );
  const plan = parsed.data;
  const run = async (tx: Database) => {
    const campaignId = uuidv7();
    await insertCampaign(tx, orgId, {
      id: campaignId,
      brand: plan.brand,
      name: plan.name,
      objective: plan.objective,
      countries: plan.countries,
      cities: plan.cities,
      budgetMinor: plan.budget.amountMinor,
      currency: plan.budget.currency,
      startDate: plan.startDate,
      endDate: plan.endDate,
      status: 'draft',
      approvedBy: null,
      approvedAt: null,
      createdBy: options.createdBy ?? 'portal',
    });
    // All ad sets in one INSERT, then all ads in one (the hot campaign-request path).
    const setRows: Parameters<typeof insertAdSets>[2] = [];
    const adRows: Parameters<typeof insertAds>[2] = [];
    for (const set of plan.adSets) {
      const adSetId = uuidv7();
      setRows.push({
        id: adSetId,
        campaignId,
        name: set.name,
        channel: set.channel,
        targeting: set.targeting,
        dailyBudgetMinor: set.dailyBudgetMinor,
        pacing: set.pacing,
        startDate: null,
        endDate: null,
        crmSegmentId: set.crmSegmentId,
        audienceId: null,
      });
      for (const ad of set.ads)
        adRows.push({
          id: uuidv7(),
          campaignId,
          adSetId,
          variant: ad.variant,
          headline: ad.headline,
          body: ad.body,
          callToAction: ad.callToAction,
          contentAssetId: ad.contentAssetId,
          status: 'active',
          externalId: null,
          channelStatus: null,
          channelStatusAt: null,
        });
    }
    await insertAdSets(tx, orgId, setRows);
    await insertAds(tx, orgId, adRows);
    const adSetIds = setRows.map((row) => row.id);
    const adIds = adRows.map((row) => row.id);
    return { campaignId, adSetIds, adIds };
  };
  return options.transaction ? run(options.transaction) : runtime.db.transaction(run);
}
