import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { send } from '../api/client';
import { apiKey, useApiQuery, useInvalidate } from '../api/queries';
import { FormField } from '../components/form-field';
import { useMemberName } from '../components/member-names';
import { usePermissions } from '../components/permissions';
import { Card, Empty, ErrorNotice, Loading } from '../components/ui';
import { SuccessNotice } from '../components/widgets';
import { formatDate } from '../i18n/format';
import { ContactDeals, Consents, ScoreCard, Timeline } from './crm-lead-sections';
import { countryName } from './markets';
import {
  ClassificationBadge,
  classifications,
  lifecycleStages,
  ScoreBar,
  useCrmLabels,
  useDisplayName,
  type Contact,
} from './crm-shared';

type Change = { field: 'lifecycle_stage' | 'classification'; value: string };

export function CrmLeadPage({ param }: { param?: string }) {
  const { t } = useTranslation();
  const permissions = usePermissions();
  const labels = useCrmLabels();
  const displayName = useDisplayName();
  const memberName = useMemberName();
  const client = useQueryClient();
  const invalidate = useInvalidate();
  const path = `/api/v1/contacts/${param ?? ''}`;
  const contact = useApiQuery<Contact>(param ? path : null);
  const [message, setMessage] = useState('');
  const change = useMutation({
    mutationFn: ({ field, value }: Change) => send<Contact>('PATCH', path, { [field]: value }),
    onSuccess: async (updated, { field, value }) => {
      client.setQueryData(apiKey(path), updated);
      setMessage(
        field === 'classification'
          ? t('crm.temperatureChanged', { value: labels.temperature(value) })
          : t('crm.stageChanged', { value: labels.stage(value) }),
      );
      await invalidate('/api/v1/contacts');
    },
  });

  if (!param) return <Empty>{t('crm.noLeadChosen')}</Empty>;
  if (contact.isLoading) return <Loading />;
  if (contact.error) return <ErrorNotice error={contact.error} />;
  const current = contact.data;
  if (!current) return null;
  const canWrite = permissions.can('crm:write');
  const country = current.country ? countryName(current.country) : null;

  const utm = Object.entries(current.utm);
  return (
    <div className="stack">
      <p>
        <Link to="/crm-leads">← {t('nav.crm-leads')}</Link>
      </p>
      <SuccessNotice>{message}</SuccessNotice>
      <ErrorNotice error={change.error} />
      {current.merged_into_id ? (
        <p className="notice">
          {t('crm.mergedInto')}{' '}
          <Link to={`/crm-leads/${current.merged_into_id}`}>{t('crm.otherRecord')}</Link>.
        </p>
      ) : null}
      <div className="grid">
        <Card title={displayName(current)}>
          <div className="row">
            <ClassificationBadge value={current.classification} />
            <span className="badge">{labels.stage(current.lifecycle_stage)}</span>
            <ScoreBar score={current.score} />
          </div>
          <dl className="facts">
            <dt>{t('crm.email')}</dt>
            <dd>{current.email ?? '—'}</dd>
            <dt>{t('crm.phone')}</dt>
            <dd>{current.phone ?? '—'}</dd>
            <dt>{t('crm.location')}</dt>
            <dd>{[current.city, country].filter(Boolean).join(', ') || '—'}</dd>
            <dt>{t('crm.language')}</dt>
            <dd>{current.language ?? '—'}</dd>
            <dt>{t('crm.interests')}</dt>
            <dd>{current.interests.join(', ') || '—'}</dd>
            <dt>{t('crm.tags')}</dt>
            <dd>{current.tags.join(', ') || '—'}</dd>
            <dt>{t('crm.owner')}</dt>
            <dd>{memberName(current.owner_user_id, '—')}</dd>
            <dt>{t('crm.source')}</dt>
            <dd>
              {labels.source(current.source)}
              {current.medium ? ` · ${current.medium}` : ''}
            </dd>
            {utm.length > 0 ? (
              <>
                <dt>UTM</dt>
                <dd>{utm.map(([k, v]) => `${k}=${v}`).join(' · ')}</dd>
              </>
            ) : null}
            {current.campaign_id ? (
              <>
                <dt>{t('crm.campaign')}</dt>
                <dd>
                  <Link to={`/ads-campaigns/${current.campaign_id}`}>{t('crm.campaignLink')}</Link>
                </dd>
              </>
            ) : null}
            <dt>{t('crm.lastTouch')}</dt>
            <dd>{formatDate(current.last_interaction_at)}</dd>
            <dt>{t('crm.added')}</dt>
            <dd>{formatDate(current.created_at)}</dd>
          </dl>
          {canWrite ? (
            <div className="form-grid">
              <FormField label={t('crm.stage')}>
                {(control) => (
                  <select
                    {...control}
                    value={current.lifecycle_stage}
                    disabled={change.isPending}
                    onChange={(e) =>
                      change.mutate({ field: 'lifecycle_stage', value: e.target.value })
                    }
                  >
                    {lifecycleStages.map((value) => (
                      <option key={value} value={value}>
                        {labels.stage(value)}
                      </option>
                    ))}
                  </select>
                )}
              </FormField>
              <FormField label={t('crm.temperature')}>
                {(control) => (
                  <select
                    {...control}
                    value={current.classification}
                    disabled={change.isPending}
                    onChange={(e) =>
                      change.mutate({ field: 'classification', value: e.target.value })
                    }
                  >
                    {classifications.map((value) => (
                      <option key={value} value={value}>
                        {labels.temperature(value)}
                      </option>
                    ))}
                  </select>
                )}
              </FormField>
            </div>
          ) : null}
        </Card>
        <div className="stack">
          <Card title={t('crm.purchaseIntent')}>
            <ScoreCard contactId={current.id} canWrite={canWrite} />
          </Card>
          <Card title={t('crm.consent')}>
            <Consents contactId={current.id} />
          </Card>
          <Card title={t('crm.deals')}>
            <ContactDeals contactId={current.id} />
          </Card>
        </div>
      </div>
      <Card title={t('crm.timeline.title')}>
        <Timeline contactId={current.id} canWrite={canWrite} />
      </Card>
    </div>
  );
}
