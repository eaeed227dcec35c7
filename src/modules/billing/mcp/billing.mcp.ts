import { requireOrgId } from '../../../platform/mcp/mcp-caller.js';
import type { McpRegistry } from '../../../platform/mcp/mcp-registry.js';
import { subscriptionOf } from '../application/entitlements.js';
import { assertFeature } from '../application/feature-guard.js';
import { assertWritable } from '../application/quota-guard.js';
import { usageReport } from '../application/usage.js';
import { catalogueVersion, plans } from '../domain/catalogue.js';

export function registerBillingMcp(registry: McpRegistry): void {
  // The MCP side of the HTTP hooks: a write tool is refused while the organisation is read-only
  // and when its plan lacks the tool's feature; read-only tools always run.
  registry.guard(async (tool, { runtime, caller }) => {
    if (tool.readOnly || !caller.orgId) return;
    await assertWritable(runtime, caller.orgId);
    if (tool.feature) await assertFeature(runtime, caller.orgId, tool.feature);
  });

  registry.tool({
    name: 'billing_list_plans',
    title: 'Plans and prices',
    description:
      'The plans on sale (PromptContent, PromptAds, PromptCRM and the PromptSales bundle; Starter, Growth, Enterprise): monthly and yearly prices in USD and EUR minor units, features and quotas.',
    input: {},
    readOnly: true,
    run: async () => ({
      catalogueVersion,
      plans: plans.map((plan) => ({
        id: plan.id,
        product: plan.product,
        tier: plan.tier,
        name: plan.name,
        prices: plan.prices,
        extraSeatPrices: plan.extraSeatPrices,
        trialDays: plan.trialDays,
        features: [...plan.features],
        quotas: plan.quotas,
      })),
    }),
  });

  registry.tool({
    name: 'billing_get_usage',
    title: 'Usage against the plan',
    description:
      "The organisation's plan and subscription status, and each quota's usage against its limit (seats, campaign requests, active campaigns, AI generations, media storage, CRM contacts, messages); per-period quotas count the current month.",
    input: {},
    readOnly: true,
    permission: 'billing:read',
    run: async (_input, { runtime, caller }) => {
      const orgId = requireOrgId(caller);
      const row = await subscriptionOf(runtime, orgId);
      const usage = await usageReport(runtime, orgId);
      return {
        planId: row.planId,
        status: row.status,
        usage: usage.map((quota) => ({
          quota: quota.quota,
          used: quota.used,
          limit: quota.limit,
          periodStart: quota.periodStart,
          periodEnd: quota.periodEnd,
        })),
      };
    },
  });
}
