import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { send, type Page } from '../api/client';
import { useApiQuery, useInvalidate } from '../api/queries';
import { useConfirm } from '../components/confirm-dialog';
import { usePermissions } from '../components/permissions';
import { Card, Empty, ErrorNotice, Loading } from '../components/ui';
import { isoDay, StatusBadge, SuccessNotice, useStatusLabel } from '../components/widgets';
import { formatDate, formatDay, formatMoney } from '../i18n/format';
import { AdSetBlock } from './ads-ad-set-block';
import { AdSetForm } from './ads-campaign-forms';
import {
  campaignActions,
  KpiRow,
  useAdsLabels,
  type Ad,
  type AdSet,
  type Campaign,
  type Performance,
} from './ads-shared';
import { countryName } from './markets';

/** Structure changes are allowed before approval only (the API answers 409 afterwards). */
const editableStates = new Set(['draft', 'pending_approval']);

type Action = (typeof campaignActions)[number]['action'];

export function AdsCampaignPage({ param }: { param?: string }) {
  const { t } = useTranslation();
  const labels = useAdsLabels();
  const statusLabel = useStatusLabel();
  const confirm = useConfirm();
  const navigate = useNavigate();
  const invalidate = useInvalidate();
  const permissions = usePermissions();
  const campaign = useApiQuery<Campaign>(param ? `/api/v1/campaigns/${param}` : null);
  const adSets = useApiQuery<Page<AdSet>>(
    param ? `/api/v1/ad-sets?campaign_id=${param}&limit=100` : null,
  );
  const ads = useApiQuery<Page<Ad>>(param ? `/api/v1/ads?campaign_id=${param}&limit=100` : null);
  const from =
    campaign.data?.start_date && campaign.data.start_date < isoDay()
      ? campaign.data.start_date
      : isoDay(-30);
  const performance = useApiQuery<Performance>(
    param && campaign.data
      ? `/api/v1/ads/performance?campaign_id=${param}&group_by=channel&from=${from}&to=${isoDay()}`
      : null,
  );
  const [message, setMessage] = useState('');
  const [addingAdSet, setAddingAdSet] = useState(false);
  const act = useMutation({
    mutationFn: (action: Action) =>
      send<Campaign>('POST', `/api/v1/campaigns/${param ?? ''}/${action}`),
    onSuccess: async (updated) => {
      setMessage(t('ads.campaignNow', { status: statusLabel(updated.status) }));
      await invalidate('/api/v1/campaigns', '/api/v1/ads');
    },
  });
  const remove = useMutation({
    mutationFn: () => send('DELETE', `/api/v1/campaigns/${param ?? ''}`),
    onSuccess: async () => {
      await invalidate('/api/v1/campaigns');
      void navigate('/ads-campaigns');
    },
  });

  if (!param) return <Empty>{t('ads.noCampaignChosen')}</Empty>;
  if (campaign.isLoading) return <Loading />;
  if (campaign.error) return <ErrorNotice error={campaign.error} />;
  const c = campaign.data;
  if (!c) return null;

  async function run(action: Action) {
    if (
      (action === 'finish' || action === 'reject') &&
      !(await confirm({
        title: t('ads.confirmAction', { action: labels.action(action), name: c!.name }),
        confirmLabel: labels.action(action),
      }))
    )
      return;
    act.mutate(action);
  }

  async function askRemove() {
    if (
      await confirm({
        title: t('ads.deleteDraftTitle', { name: c!.name }),
        confirmLabel: t('ads.delete'),
      })
    )
      remove.mutate();
  }

  const editable = editableStates.has(c.status) && permissions.can('ads:write');
  const available = campaignActions.filter(
    (a) => (a.from as readonly string[]).includes(c.status) && permissions.can(a.permission),
  );
  const waitingForApproval =
    c.status === 'pending_approval' && !permissions.can('ads:publish') && permissions.ready;
  const adsBySet = new Map<string, Ad[]>();
  for (const ad of ads.data?.data ?? [])
    adsBySet.set(ad.ad_set_id, [...(adsBySet.get(ad.ad_set_id) ?? []), ad]);

  return (
    <div className="stack">
      <p>
        <Link to="/ads-campaigns">← {t('nav.ads-campaigns')}</Link> ·{' '}
        <Link to={`/ads-performance/${c.id}`}>{t('nav.ads-performance')}</Link>
      </p>
      <SuccessNotice>{message}</SuccessNotice>
      <Card
        title={c.name}
        actions={
          <div className="row">
            {available.map((a) => (
              <button
                key={a.action}
                type="button"
                className={
                  a.action === 'reject' || a.action === 'finish'
                    ? 'danger'
                    : a.action === 'pause'
                      ? 'secondary'
                      : undefined
                }
                disabled={act.isPending}
                onClick={() => void run(a.action)}
              >
                {labels.action(a.action)}
              </button>
            ))}
            {c.status === 'draft' && permissions.can('ads:write') ? (
              <button type="button" className="link danger-link" onClick={() => void askRemove()}>
                {t('ads.deleteDraft')}
              </button>
            ) : null}
          </div>
        }
      >
        <ErrorNotice error={act.error ?? remove.error} />
        {waitingForApproval ? <p className="muted">{t('ads.waitingForApproval')}</p> : null}
        <dl className="facts">
          <dt>{t('ads.status')}</dt>
          <dd>
            <StatusBadge status={c.status} />
          </dd>
          <dt>{t('ads.brand')}</dt>
          <dd>{c.brand}</dd>
          <dt>{t('form.objective')}</dt>
          <dd>{labels.objective(c.objective)}</dd>
          <dt>{t('form.budget')}</dt>
          <dd>{formatMoney(c.budget.amount_minor, c.budget.currency)}</dd>
          <dt>{t('ads.dates')}</dt>
          <dd>
            {formatDay(c.start_date)} → {formatDay(c.end_date)}
          </dd>
          <dt>{t('form.markets')}</dt>
          <dd>
            {[
              ...c.countries.map(countryName),
              ...c.cities.map((city) => `${city.city} (${countryName(city.country)})`),
            ].join(', ')}
          </dd>
          <dt>{t('ads.approved')}</dt>
          <dd>{c.approved_at ? formatDate(c.approved_at) : '—'}</dd>
        </dl>
      </Card>
      <Card title={t('ads.resultsSoFar')}>
        {performance.isLoading ? <Loading /> : null}
        <ErrorNotice error={performance.error} />
        {performance.data ? (
          performance.data.total.impressions === 0 ? (
            <Empty>{t('ads.noDeliveryYet')}</Empty>
          ) : (
            <KpiRow total={performance.data.total} currency={c.budget.currency} />
          )
        ) : null}
      </Card>
      <Card
        title={t('ads.adSetsAndAds')}
        actions={
          editable ? (
            <button type="button" className="secondary" onClick={() => setAddingAdSet((v) => !v)}>
              {addingAdSet ? t('app.close') : t('ads.addAdSet')}
            </button>
          ) : null
        }
      >
        {addingAdSet ? (
          <AdSetForm
            campaign={c}
            onCreated={() => {
              setAddingAdSet(false);
              void invalidate('/api/v1/ad-sets');
            }}
          />
        ) : null}
        {adSets.isLoading || ads.isLoading ? <Loading /> : null}
        <ErrorNotice error={adSets.error ?? ads.error} />
        {adSets.data && adSets.data.data.length === 0 ? <Empty>{t('ads.noAdSets')}</Empty> : null}
        {adSets.data?.data.map((adSet) => (
          <AdSetBlock
            key={adSet.id}
            adSet={adSet}
            ads={adsBySet.get(adSet.id) ?? []}
            currency={c.budget.currency}
            canPublish={
              permissions.can('ads:publish') && (c.status === 'active' || c.status === 'paused')
            }
            editable={editable}
            onChanged={() => void invalidate('/api/v1/ad-sets', '/api/v1/ads')}
          />
        ))}
      </Card>
    </div>
  );
}
