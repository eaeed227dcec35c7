import { planFeature } from '../../billing/index.js';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { authOf, requirePermission } from '../../../platform/http/authentication.js';
import { tenantOf } from '../../../platform/http/tenant.js';
import type { Runtime } from '../../../platform/runtime.js';
import { campaignBudgetSuggestions } from '../application/budget-suggestions.js';
import { createDraftFromPlan } from '../application/draft-from-plan.js';
import { proposeCampaign } from '../domain/campaign-planner.js';
import { countryCode, currencyCode, datesInOrder, idParams } from './ads-schemas.js';

const dayOffset = (days: number) =>
  new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

/** Proposals that need approval: a campaign for a sales goal, budget moves from results. */
export const proposalRoutes: FastifyPluginAsyncZod<{ runtime: Runtime }> = async (
  app,
  { runtime },
) => {
  planFeature(app, 'ad_campaigns');
  app.post(
    '/campaign-proposals',
    {
      preHandler: requirePermission('ads:write'),
      config: { idempotent: true },
      schema: {
        tags: ['ads'],
        summary: 'Propose a campaign for a sales goal (channel mix, budget split, schedule)',
        description:
          'With `create_draft` (default) the proposal becomes a draft campaign with one ad set per channel and A/B ads to edit; it still needs submission and approval.',
        body: z
          .object({
            brand: z.string().trim().min(1).max(120),
            objective: z.enum(['awareness', 'traffic', 'engagement', 'leads', 'sales']),
            goal_revenue_minor: z.number().int().min(100).max(1e13),
            currency: currencyCode,
            countries: z.array(countryCode).min(1).max(50),
            start_date: z.iso.date(),
            end_date: z.iso.date(),
            average_order_minor: z.number().int().min(1).max(1e10).optional(),
            create_draft: z.boolean().default(true),
          })
          .superRefine(datesInOrder),
        response: {
          201: z.object({
            object: z.literal('campaign_proposal'),
            days: z.number(),
            total_budget_minor: z.number(),
            currency: z.string(),
            channels: z.array(
              z.object({
                channel: z.string(),
                expected_roas: z.number(),
                budget_minor: z.number(),
                daily_budget_minor: z.number(),
                expected_revenue_minor: z.number(),
              }),
            ),
            campaign_id: z.string().nullable(),
          }),
        },
      },
    },
    async (request, reply) => {
      const body = request.body;
      const proposal = proposeCampaign({
        brand: body.brand,
        objective: body.objective,
        goalRevenueMinor: body.goal_revenue_minor,
        currency: body.currency,
        countries: body.countries,
        startDate: body.start_date,
        endDate: body.end_date,
        averageOrderMinor: body.average_order_minor,
      });
      let campaignId: string | null = null;
      if (body.create_draft) {
        const draft = await createDraftFromPlan(
          runtime,
          tenantOf(request),
          {
            brand: body.brand,
            name: `${body.brand} · ${body.objective} · ${body.start_date} (proposal)`,
            objective: body.objective,
            countries: body.countries,
            budget: { amountMinor: proposal.totalBudgetMinor, currency: body.currency },
            startDate: body.start_date,
            endDate: body.end_date,
            adSets: proposal.channels.map((c) => ({
              name: `${c.channel} · ${body.countries.join(', ')}`,
              channel: c.channel,
              dailyBudgetMinor: c.dailyBudgetMinor,
              targeting: { countries: body.countries },
              ads: ['A', 'B'].map((variant) => ({
                variant,
                headline: `${body.brand} — ${variant === 'A' ? 'headline to write' : 'alternative headline'}`,
                body: 'Copy to write (PromptContent can generate it).',
                callToAction: body.objective === 'leads' ? 'Sign up' : 'Learn more',
              })),
            })),
          },
          { createdBy: authOf(request).principalId },
        );
        campaignId = draft.campaignId;
      }
      return reply.status(201).send({
        object: 'campaign_proposal' as const,
        days: proposal.days,
        total_budget_minor: proposal.totalBudgetMinor,
        currency: body.currency,
        channels: proposal.channels.map((c) => ({
          channel: c.channel,
          expected_roas: c.expectedRoas,
          budget_minor: c.budgetMinor,
          daily_budget_minor: c.dailyBudgetMinor,
          expected_revenue_minor: c.expectedRevenueMinor,
        })),
        campaign_id: campaignId,
      });
    },
  );

  app.get(
    '/campaigns/:id/budget-suggestions',
    {
      preHandler: requirePermission('ads:read'),
      schema: {
        tags: ['ads'],
        summary: 'Budget moves between the ad sets from their ROI (a proposal; total unchanged)',
        params: idParams,
        querystring: z.object({
          from: z.iso.date().optional().describe('Default: 14 days ago'),
          to: z.iso.date().optional().describe('Default: today'),
        }),
        response: {
          200: z.object({
            object: z.literal('budget_suggestions'),
            campaign_id: z.string(),
            from: z.string(),
            to: z.string(),
            ad_sets: z.array(
              z.object({
                ad_set_id: z.string(),
                channel: z.string(),
                roi: z.number().nullable(),
                current_daily_budget_minor: z.number(),
                proposed_daily_budget_minor: z.number(),
              }),
            ),
          }),
        },
      },
    },
    async (request) => {
      const from = request.query.from ?? dayOffset(-14);
      const to = request.query.to ?? dayOffset(0);
      const moves = await campaignBudgetSuggestions(runtime, tenantOf(request), request.params.id, {
        from,
        to,
      });
      return {
        object: 'budget_suggestions' as const,
        campaign_id: request.params.id,
        from,
        to,
        ad_sets: moves.map((m) => ({
          ad_set_id: m.adSetId,
          channel: m.channel,
          roi: m.roi,
          current_daily_budget_minor: m.currentDailyBudgetMinor,
          proposed_daily_budget_minor: m.proposedDailyBudgetMinor,
        })),
      };
    },
  );
};
