import { z } from 'zod';
import { AppError } from '../../../platform/errors/app-error.js';
import { requireOrgId } from '../../../platform/mcp/mcp-caller.js';
import type { McpRegistry } from '../../../platform/mcp/mcp-registry.js';
import { salesSummary } from '../infrastructure/deals.repository.js';

const day = z.iso.date();
const dayOffset = (days: number) =>
  new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

/** Sales for AI assistants: won deals by campaign or month over a period. */
export function registerSalesMcp(registry: McpRegistry): void {
  registry.tool({
    name: 'crm_get_sales',
    title: 'Sales achieved by campaign or period',
    description:
      'Sales achieved (won deals) between two days inclusive (UTC), grouped by PromptAds campaign, by month or in total, for one campaign or all: number of orders and amount per currency (minor units; currencies are never added together). Leads without a campaign group under campaignId null.',
    input: {
      from: day.optional().describe('YYYY-MM-DD, first day; default 30 days ago'),
      to: day.optional().describe('YYYY-MM-DD, last day; default today'),
      campaignId: z.uuid().optional().describe('Only this campaign'),
      groupBy: z.enum(['campaign', 'month', 'none']).default('campaign'),
    },
    readOnly: true,
    permission: 'crm:read',
    run: async ({ from = dayOffset(-30), to = dayOffset(0), campaignId, groupBy }, context) => {
      if (to < from)
        throw AppError.validation('The period ends before it starts', [
          { field: 'to', message: 'must not be before from' },
        ]);
      const rows = await salesSummary(context.runtime.db, requireOrgId(context.caller), {
        from: `${from}T00:00:00Z`,
        to: new Date(Date.parse(`${to}T00:00:00Z`) + 86_400_000).toISOString(),
        campaignId,
        groupBy,
      });
      const keyName = groupBy === 'campaign' ? 'campaignId' : groupBy;
      return {
        from,
        to,
        groupBy,
        rows: rows.map((row) => ({
          ...(groupBy === 'none' ? {} : { [keyName]: row.key }),
          currency: row.currency,
          orders: row.orders,
          amountMinor: row.amountMinor,
        })),
      };
    },
  });
}
