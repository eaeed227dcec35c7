import { z } from 'zod';
import { AppError } from '../../../platform/errors/app-error.js';
import { requireOrgId } from '../../../platform/mcp/mcp-caller.js';
import type { McpRegistry } from '../../../platform/mcp/mcp-registry.js';
import type { Runtime } from '../../../platform/runtime.js';
import { adsServicesFor } from '../application/ads-services.js';
import { setAdPaused } from '../application/campaign-workflow.js';
import { queryPerformance } from '../application/performance-query.js';
import { sentimentAlerts } from '../application/sentiment-alerts.js';
import { channelProfiles, channels } from '../domain/channels.js';
import { findCampaign, findCampaignsByName } from '../infrastructure/campaigns.repository.js';
import { metricsOf } from '../application/performance-view.js';

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const day = z.iso.date();
const dayOffset = (days: number) =>
  new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

/** A campaign by id or exact name (the newest of that name). */
async function campaignByRef(runtime: Runtime, orgId: string, ref: string) {
  const campaign = uuidPattern.test(ref)
    ? await findCampaign(runtime.db, orgId, ref)
    : (await findCampaignsByName(runtime.db, orgId, ref))[0];
  if (!campaign) throw AppError.notFound('Campaign', ref);
  return campaign;
}

export function registerAdsMcp(registry: McpRegistry): void {
  registry.tool({
    name: 'ads_get_campaign_performance',
    title: 'Campaign performance',
    description:
      'Impressions, reach, clicks, CTR, conversions, conversion rate, spend, revenue, ROI, CPC, CPL and CPA of a campaign (by id or exact name) over a date range, grouped by day, channel, country, city or ad. Money in minor units of the campaign currency.',
    input: {
      campaign: z.string().min(1).max(200).describe('Campaign id or exact name'),
      from: day.optional().describe('YYYY-MM-DD, default 30 days ago'),
      to: day.optional().describe('YYYY-MM-DD, default today'),
      groupBy: z.enum(['day', 'channel', 'country', 'city', 'ad']).default('channel'),
    },
    readOnly: true,
    permission: 'ads:read',
    run: async ({ campaign: ref, from, to, groupBy }, { runtime, caller }) => {
      const orgId = requireOrgId(caller);
      const campaign = await campaignByRef(runtime, orgId, ref);
      const range = { from: from ?? dayOffset(-30), to: to ?? dayOffset(0) };
      const result = await queryPerformance(
        runtime,
        { orgId, campaignId: campaign.id, ...range },
        groupBy,
      );
      return {
        campaign: {
          id: campaign.id,
          name: campaign.name,
          brand: campaign.brand,
          status: campaign.status,
        },
        currency: campaign.currency,
        ...range,
        groupBy,
        rows: result.rows.map((row) => ({ [groupBy]: row.key[groupBy], ...metricsOf(row) })),
        total: metricsOf(result.total),
      };
    },
  });

  registry.tool({
    name: 'ads_get_reach_by_geography',
    title: 'Reach by geography',
    description:
      'Impressions, reach, clicks and conversions per country or city over a date range, for one campaign (id or name) or all of them.',
    input: {
      campaign: z
        .string()
        .min(1)
        .max(200)
        .optional()
        .describe('Campaign id or exact name; all when absent'),
      level: z.enum(['country', 'city']).default('country'),
      from: day.optional(),
      to: day.optional(),
    },
    readOnly: true,
    permission: 'ads:read',
    run: async ({ campaign: ref, level, from, to }, { runtime, caller }) => {
      const orgId = requireOrgId(caller);
      const campaign = ref ? await campaignByRef(runtime, orgId, ref) : undefined;
      const range = { from: from ?? dayOffset(-30), to: to ?? dayOffset(0) };
      const result = await queryPerformance(
        runtime,
        { orgId, campaignId: campaign?.id, ...range },
        level,
      );
      return {
        ...range,
        level,
        campaignId: campaign?.id ?? null,
        rows: result.rows.map((row) => ({
          [level]: row.key[level],
          impressions: row.totals.impressions,
          reach: row.totals.reach,
          clicks: row.totals.clicks,
          conversions: row.totals.conversions,
        })),
      };
    },
  });

  registry.tool({
    name: 'ads_list_channels',
    title: 'Advertising channels',
    description:
      'The channels PromptAds delivers to, whether each adapter is live or simulated, and their typical CTR, CPC and conversion-rate ranges.',
    input: {},
    readOnly: true,
    permission: 'ads:read',
    run: async (_input, { runtime, caller }) => {
      const services = adsServicesFor(runtime);
      const adapters = services.adapters;
      // A live adapter delivers live only for organisations connected to its vendor.
      const connected = caller.orgId ? await services.connections.list(caller.orgId) : [];
      const meta = connected.some((c) => c.provider === 'meta' && c.status === 'active');
      const modeOf = (channel: (typeof channels)[number]) => {
        const mode = adapters.get(channel)?.mode ?? 'unavailable';
        return mode === 'live' && !meta ? 'simulated' : mode;
      };
      return {
        channels: channels.map((channel) => {
          const p = channelProfiles[channel];
          return {
            channel,
            label: p.label,
            kind: p.kind,
            mode: modeOf(channel),
            ctrRange: p.ctr,
            cpcMinorRange: p.cpcMinor,
            conversionRateRange: p.conversionRate,
          };
        }),
      };
    },
  });

  registry.tool({
    name: 'ads_find_sentiment_alerts',
    title: 'Negative sentiment, falling influencer reactions',
    description:
      'Ads of a brand whose social sentiment (mean score of their comments, −1 to 1) is negative and whose influencer reactions are falling: the current window of `windowDays` days ending on `asOf` (default yesterday) against the same number of days just before. Returns the ad, its channel, the sentiment and the % drop in reactions, largest drop first.',
    input: {
      brand: z.string().min(1).max(200).optional().describe('Exact brand; all brands when absent'),
      windowDays: z.number().int().min(1).max(90).default(7),
      asOf: day.optional().describe('YYYY-MM-DD, last day of the current window'),
      minDropPercent: z.number().min(0).max(100).default(0),
      minComments: z.number().int().min(1).max(100_000).default(3),
    },
    readOnly: true,
    permission: 'ads:read',
    run: async ({ brand, windowDays, asOf, minDropPercent, minComments }, { runtime, caller }) => {
      const result = await sentimentAlerts(runtime, requireOrgId(caller), {
        brand,
        windowDays,
        asOf,
        maxSentiment: -0.05,
        minComments,
        minDropPercent,
        limit: 50,
      });
      return {
        brand: brand ?? null,
        window: result.windows,
        ads: result.rows.map((row) => ({
          adId: row.adId,
          campaign: row.campaignName,
          brand: row.brand,
          channel: row.channel,
          variant: row.variant,
          sentiment: row.sentiment,
          sentimentLabel: row.label,
          comments: row.comments,
          influencerReactionsCurrent: row.currentReactions,
          influencerReactionsPrevious: row.previousReactions,
          reactionsDropPercent: row.dropPercent,
        })),
      };
    },
  });

  for (const [name, paused] of [
    ['ads_pause_ad', true],
    ['ads_resume_ad', false],
  ] as const) {
    registry.tool({
      name,
      title: paused ? 'Pause an ad' : 'Resume an ad',
      description: paused
        ? 'Pauses one ad at its channel (its campaign keeps running).'
        : 'Resumes a paused ad at its channel.',
      input: { adId: z.uuid().describe('The ad id') },
      readOnly: false,
      permission: 'ads:publish',
      run: async ({ adId }, { runtime, caller }) => {
        const ad = await setAdPaused(runtime, requireOrgId(caller), adId, paused);
        return { id: ad.id, status: ad.status, campaignId: ad.campaignId, variant: ad.variant };
      },
    });
  }
}
