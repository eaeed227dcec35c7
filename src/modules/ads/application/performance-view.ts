import { z } from 'zod';
import type { PerformanceRow } from './performance-query.js';

// How performance reads to API and MCP clients alike: snake_case figures, money in minor units.

export const groupByValues = ['day', 'channel', 'country', 'city', 'ad', 'campaign'] as const;

const metricsSchema = z.object({
  impressions: z.number(),
  reach: z.number(),
  clicks: z.number().describe('Channel-reported clicks plus tracked-link clicks'),
  tracked_clicks: z.number(),
  reactions: z.number(),
  interactions: z.number(),
  exposure_hours: z.number(),
  conversions: z.number().describe('Channel-attributed plus first-party conversions'),
  tracked_conversions: z.number(),
  spend_minor: z.number(),
  revenue_minor: z.number(),
  ctr: z.number().nullable(),
  conversion_rate: z.number().nullable(),
  roi: z.number().nullable(),
  cpc_minor: z.number().nullable(),
  cpl_minor: z.number().nullable(),
  cpa_minor: z.number().nullable(),
});

export const performanceResponse = z.object({
  object: z.literal('performance'),
  from: z.string(),
  to: z.string(),
  group_by: z.enum(groupByValues),
  data: z.array(metricsSchema.extend({ key: z.string() })),
  total: metricsSchema,
});

export function metricsOf(row: PerformanceRow): z.infer<typeof metricsSchema> {
  const t = row.totals;
  return {
    impressions: t.impressions,
    reach: t.reach,
    clicks: t.clicks,
    tracked_clicks: t.trackedClicks,
    reactions: t.reactions,
    interactions: t.interactions,
    exposure_hours: row.rates.exposureHours,
    conversions: t.conversions,
    tracked_conversions: t.trackedConversions,
    spend_minor: t.costMinor,
    revenue_minor: t.revenueMinor,
    ctr: row.rates.ctr,
    conversion_rate: row.rates.conversionRate,
    roi: row.rates.roi,
    cpc_minor: row.rates.cpcMinor,
    cpl_minor: row.rates.cplMinor,
    cpa_minor: row.rates.cpaMinor,
  };
}
