import type { ApiItem, ApiResponse } from '../api/resources';
import {
  formatCompact,
  formatCompactMoney,
  formatMoney,
  formatNumber,
  formatPercent,
} from '../i18n/format';
import { useTranslation } from 'react-i18next';
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

export type Campaign = ApiItem<'/api/v1/campaigns'>;

export type AdSet = ApiItem<'/api/v1/ad-sets'>;

export type Ad = ApiResponse<'/api/v1/ads/{id}'>;

export type Metrics = Performance['total'];

export type Performance = ApiResponse<'/api/v1/ads/performance'>;

export const campaignHref = (id: string) => `/ads-campaigns/${id}`;

/** Who may take a campaign action, and from which states (mirrors domain/campaign-state.ts). */
export const campaignActions = [
  { action: 'submit', from: ['draft'], permission: 'ads:write' },
  { action: 'approve', from: ['pending_approval'], permission: 'ads:publish' },
  { action: 'reject', from: ['pending_approval'], permission: 'ads:publish' },
  { action: 'pause', from: ['active'], permission: 'ads:write' },
  { action: 'resume', from: ['paused'], permission: 'ads:publish' },
  { action: 'finish', from: ['scheduled', 'active', 'paused'], permission: 'ads:write' },
] as const;

export const campaignObjectives = [
  'awareness',
  'traffic',
  'engagement',
  'leads',
  'sales',
  'app_installs',
] as const;

/** Labels of PromptAds' fixed values in the reader's language. */
export function useAdsLabels() {
  const { t } = useTranslation();
  return {
    objective: (value: string) =>
      t(`ads.objectives.${value as 'sales'}`, { defaultValue: value.replace(/_/g, ' ') }),
    action: (value: (typeof campaignActions)[number]['action']) => t(`ads.actions.${value}`),
    pacing: (value: string) => t(`ads.pacings.${value as 'standard'}`, { defaultValue: value }),
  };
}

export function KpiRow({ total, currency }: { total: Metrics; currency: string }) {
  const { t } = useTranslation();
  return (
    <div className="kpis" data-testid="kpis">
      <Kpi
        label={t('ads.impressions')}
        value={formatCompact(total.impressions)}
        full={formatNumber(total.impressions)}
        testId="kpi-impressions"
      />
      <Kpi
        label={t('ads.clicks')}
        value={formatNumber(total.clicks)}
        hint={t('ads.tracked', { tracked: formatNumber(total.tracked_clicks) })}
        testId="kpi-clicks"
      />
      <Kpi label={t('ads.ctr')} value={formatPercent(total.ctr)} testId="kpi-ctr" />
      <Kpi
        label={t('ads.conversions')}
        value={formatNumber(total.conversions)}
        hint={t('ads.ofClicks', { rate: formatPercent(total.conversion_rate) })}
        testId="kpi-conversions"
      />
      <Kpi
        label={t('ads.spend')}
        value={formatCompactMoney(total.spend_minor, currency)}
        full={formatMoney(total.spend_minor, currency)}
        testId="kpi-spend"
      />
      <Kpi
        label={t('ads.revenue')}
        value={formatCompactMoney(total.revenue_minor, currency)}
        full={formatMoney(total.revenue_minor, currency)}
        testId="kpi-revenue"
      />
      <Kpi
        label={t('ads.roi')}
        value={formatPercent(total.roi, 0)}
        hint={t('ads.roiHint')}
        testId="kpi-roi"
      />
      <Kpi
        label={t('ads.cpa')}
        value={formatMoney(total.cpa_minor, currency)}
        hint={t('ads.cpaHint')}
        testId="kpi-cpa"
      />
    </div>
  );
}

export function BreakdownTable({
  title,
  rows,
  currency,
  labelOf = (key) => key,
}: {
  title: string;
  rows: (Metrics & { key: string })[];
  currency: string;
  /** How a row's key reads (a channel's or country's name). */
  labelOf?: (key: string) => string;
}) {
  const { t } = useTranslation();
  const sorted = [...rows].sort((a, b) => b.spend_minor - a.spend_minor);
  return (
    <table aria-label={title}>
      <thead>
        <tr>
          <th>{title}</th>
          <th className="num">{t('ads.impressions')}</th>
          <th className="num">{t('ads.clicks')}</th>
          <th className="num">{t('ads.ctr')}</th>
          <th className="num">{t('ads.conversionsShort')}</th>
          <th className="num">{t('ads.spend')}</th>
          <th className="num">{t('ads.revenue')}</th>
          <th className="num">{t('ads.roi')}</th>
          <th className="num">{t('ads.cpa')}</th>
        </tr>
      </thead>
      <tbody>
        {sorted.map((row) => (
          <tr key={row.key}>
            <td>{labelOf(row.key)}</td>
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
