import {
  formatCompact,
  formatCompactMoney,
  formatMoney,
  formatNumber,
  formatPercent,
} from '../i18n/format';
import { Kpi } from '../components/widgets';

/** PromptAds resources as the API returns them (docs/ads.md). */
export const campaignStates = [
  'draft',
  'pending_approval',
  'scheduled',
  'active',
  'paused',
  'finished',
] as const;

export const adChannels = [
  'facebook',
  'instagram',
  'tiktok',
  'linkedin',
  'x',
  'google_ads',
  'email',
  'sms',
  'whatsapp',
  'influencer',
] as const;

export interface Campaign {
  id: string;
  brand: string;
  name: string;
  objective: string;
  status: (typeof campaignStates)[number];
  countries: string[];
  cities: { country: string; city: string }[];
  budget: { amount_minor: number; currency: string };
  start_date: string;
  end_date: string;
  approved_by: string | null;
  approved_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface AdSet {
  id: string;
  campaign_id: string;
  name: string;
  channel: string;
  targeting: {
    age_min: number;
    age_max: number;
    genders: string[];
    countries: string[];
    cities: { country: string; city: string }[];
    languages: string[];
    interests: string[];
  };
  daily_budget_minor: number;
  pacing: string;
  start_date: string | null;
  end_date: string | null;
}

export interface Ad {
  id: string;
  campaign_id: string;
  ad_set_id: string;
  variant: string;
  headline: string;
  body: string;
  call_to_action: string;
  content_asset_id: string | null;
  status: string;
  external_id: string | null;
}

export interface Metrics {
  impressions: number;
  reach: number;
  clicks: number;
  tracked_clicks: number;
  conversions: number;
  tracked_conversions: number;
  spend_minor: number;
  revenue_minor: number;
  ctr: number | null;
  conversion_rate: number | null;
  roi: number | null;
  cpc_minor: number | null;
  cpa_minor: number | null;
}

export interface Performance {
  from: string;
  to: string;
  group_by: string;
  data: (Metrics & { key: string })[];
  total: Metrics;
}

export const campaignHref = (id: string) => `/ads-campaigns/${id}`;

/** Who may take a campaign action, and from which states (mirrors domain/campaign-state.ts). */
export const campaignActions = [
  { action: 'submit', label: 'Submit for approval', from: ['draft'], permission: 'ads:write' },
  { action: 'approve', label: 'Approve', from: ['pending_approval'], permission: 'ads:publish' },
  { action: 'reject', label: 'Reject', from: ['pending_approval'], permission: 'ads:publish' },
  { action: 'pause', label: 'Pause', from: ['active'], permission: 'ads:write' },
  { action: 'resume', label: 'Resume', from: ['paused'], permission: 'ads:publish' },
  {
    action: 'finish',
    label: 'Finish',
    from: ['scheduled', 'active', 'paused'],
    permission: 'ads:write',
  },
] as const;

export function KpiRow({ total, currency }: { total: Metrics; currency: string }) {
  return (
    <div className="kpis" data-testid="kpis">
      <Kpi
        label="Impressions"
        value={formatCompact(total.impressions)}
        full={formatNumber(total.impressions)}
        testId="kpi-impressions"
      />
      <Kpi
        label="Clicks"
        value={formatNumber(total.clicks)}
        hint={`${formatNumber(total.tracked_clicks)} tracked`}
        testId="kpi-clicks"
      />
      <Kpi label="CTR" value={formatPercent(total.ctr)} testId="kpi-ctr" />
      <Kpi
        label="Conversions"
        value={formatNumber(total.conversions)}
        hint={`${formatPercent(total.conversion_rate)} of clicks`}
        testId="kpi-conversions"
      />
      <Kpi
        label="Spend"
        value={formatCompactMoney(total.spend_minor, currency)}
        full={formatMoney(total.spend_minor, currency)}
        testId="kpi-spend"
      />
      <Kpi
        label="Revenue"
        value={formatCompactMoney(total.revenue_minor, currency)}
        full={formatMoney(total.revenue_minor, currency)}
        testId="kpi-revenue"
      />
      <Kpi
        label="ROI"
        value={formatPercent(total.roi, 0)}
        hint="(revenue − spend) / spend"
        testId="kpi-roi"
      />
      <Kpi
        label="CPA"
        value={formatMoney(total.cpa_minor, currency)}
        hint="spend per conversion"
        testId="kpi-cpa"
      />
    </div>
  );
}

export function BreakdownTable({
  title,
  rows,
  currency,
}: {
  title: string;
  rows: (Metrics & { key: string })[];
  currency: string;
}) {
  const sorted = [...rows].sort((a, b) => b.spend_minor - a.spend_minor);
  return (
    <table aria-label={title}>
      <thead>
        <tr>
          <th>{title}</th>
          <th className="num">Impressions</th>
          <th className="num">Clicks</th>
          <th className="num">CTR</th>
          <th className="num">Conv.</th>
          <th className="num">Spend</th>
          <th className="num">Revenue</th>
          <th className="num">ROI</th>
          <th className="num">CPA</th>
        </tr>
      </thead>
      <tbody>
        {sorted.map((row) => (
          <tr key={row.key}>
            <td>{row.key}</td>
            <td className="num">{formatNumber(row.impressions)}</td>
            <td className="num">{formatNumber(row.clicks)}</td>
            <td className="num">{formatPercent(row.ctr)}</td>
            <td className="num">{formatNumber(row.conversions)}</td>
            <td className="num">{formatMoney(row.spend_minor, currency)}</td>
            <td className="num">{formatMoney(row.revenue_minor, currency)}</td>
            <td className="num">{formatPercent(row.roi, 0)}</td>
            <td className="num">{formatMoney(row.cpa_minor, currency)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
