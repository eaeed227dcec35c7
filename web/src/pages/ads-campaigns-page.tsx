import * as Tabs from '@radix-ui/react-tabs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { useApiInfiniteList } from '../api/queries';
import { LoadMore } from '../components/load-more';
import { usePermissions } from '../components/permissions';
import { SortHeader } from '../components/sort-header';
import { Card, Empty, ErrorNotice, Loading } from '../components/ui';
import { StatusBadge, useStatusLabel } from '../components/widgets';
import { formatDay, formatMoney } from '../i18n/format';
import { NewCampaignForm } from './ads-new-campaign-form';
import { campaignHref, campaignStates, useAdsLabels, type Campaign } from './ads-shared';
import { countryName } from './markets';

/** Campaigns by status (Radix tabs) and brand, sorted by the server, read page by page. */
export function AdsCampaignsPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const permissions = usePermissions();
  const labels = useAdsLabels();
  const statusLabel = useStatusLabel();
  const [status, setStatus] = useState('all');
  const [brand, setBrand] = useState('');
  const [sort, setSort] = useState('-created');
  const [creating, setCreating] = useState(false);
  const query = new URLSearchParams({ limit: '25', sort });
  if (status !== 'all') query.set('status', status);
  if (brand.trim()) query.set('brand', brand.trim());
  const campaigns = useApiInfiniteList<Campaign>(`/api/v1/campaigns?${query}`);
  const rows = campaigns.items ?? [];

  const list = (
    <>
      {campaigns.isLoading ? <Loading /> : null}
      <ErrorNotice error={campaigns.error} />
      {campaigns.data && rows.length === 0 ? (
        <Empty>{status !== 'all' || brand ? t('ads.noMatch') : t('ads.noCampaigns')}</Empty>
      ) : null}
      {rows.length > 0 ? (
        <div className="table-scroll">
          <table>
            <thead>
              <tr>
                <SortHeader
                  label={t('ads.campaign')}
                  field="name"
                  sort={sort}
                  onSort={setSort}
                  descendingFirst={false}
                />
                <th>{t('ads.brand')}</th>
                <th>{t('form.objective')}</th>
                <th>{t('ads.status')}</th>
                <th className="num">{t('form.budget')}</th>
                <SortHeader label={t('ads.dates')} field="start" sort={sort} onSort={setSort} />
                <th>{t('form.markets')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((campaign) => (
                <tr key={campaign.id}>
                  <td>
                    <Link to={campaignHref(campaign.id)}>{campaign.name}</Link>
                  </td>
                  <td>{campaign.brand}</td>
                  <td>{labels.objective(campaign.objective)}</td>
                  <td>
                    <StatusBadge status={campaign.status} />
                  </td>
                  <td className="num">
                    {formatMoney(campaign.budget.amount_minor, campaign.budget.currency)}
                  </td>
                  <td>
                    {formatDay(campaign.start_date)} → {formatDay(campaign.end_date)}
                  </td>
                  <td>{campaign.countries.map(countryName).join(', ')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      <LoadMore
        hasNextPage={campaigns.hasNextPage}
        isFetchingNextPage={campaigns.isFetchingNextPage}
        fetchNextPage={campaigns.fetchNextPage}
        shown={rows.length}
      />
    </>
  );

  return (
    <div className="stack">
      {creating ? (
        <Card title={t('ads.newCampaign')}>
          <NewCampaignForm onCreated={(campaign) => void navigate(campaignHref(campaign.id))} />
        </Card>
      ) : null}
      <Card
        title={t('nav.ads-campaigns')}
        actions={
          <div className="row">
            <input
              aria-label={t('ads.filterBrand')}
              placeholder={t('ads.brand')}
              value={brand}
              onChange={(event) => setBrand(event.target.value)}
            />
            {permissions.can('ads:write') && !creating ? (
              <button type="button" onClick={() => setCreating(true)}>
                {t('ads.newCampaign')}
              </button>
            ) : null}
          </div>
        }
      >
        <Tabs.Root value={status} onValueChange={setStatus}>
          <Tabs.List className="tabs" aria-label={t('ads.status')}>
            {['all', ...campaignStates].map((s) => (
              <Tabs.Trigger key={s} value={s}>
                {s === 'all' ? t('ads.all') : statusLabel(s)}
              </Tabs.Trigger>
            ))}
          </Tabs.List>
          {/* One panel for every tab: the list follows the chosen status. */}
          <Tabs.Content value={status}>{list}</Tabs.Content>
        </Tabs.Root>
      </Card>
    </div>
  );
}
