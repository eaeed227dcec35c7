import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { routeMissing, send, type Page } from '../api/client';
import { apiKey, useApiInfiniteList, useApiQuery, useInvalidate } from '../api/queries';
import { LoadMore } from '../components/load-more';
import { Empty, ErrorNotice, Loading } from '../components/ui';
import { StatusBadge } from '../components/widgets';
import { formatDate, formatMoney, formatNumber } from '../i18n/format';
import { InteractionForm, timelineChannels } from './crm-interaction-form';
import {
  ScoreBar,
  useCrmLabels,
  type ContactScore,
  type Deal,
  type Interaction,
  type Pipeline,
} from './crm-shared';
import type { ApiItem } from '../api/resources';

/** The contact's interactions, newest first, by channel, with a form to add one. */
export function Timeline({ contactId, canWrite }: { contactId: string; canWrite: boolean }) {
  const { t } = useTranslation();
  const labels = useCrmLabels();
  const invalidate = useInvalidate();
  const [channel, setChannel] = useState('');
  const [adding, setAdding] = useState(false);
  const items = useApiInfiniteList<Interaction>(
    `/api/v1/contacts/${contactId}/interactions?limit=20${channel ? `&channel=${channel}` : ''}`,
  );
  if (routeMissing(items.error)) return <p className="muted">{t('app.notAvailable')}</p>;
  const rows = items.items ?? [];
  return (
    <div className="stack">
      <div className="row">
        <select
          aria-label={t('crm.channel')}
          value={channel}
          onChange={(e) => setChannel(e.target.value)}
        >
          <option value="">{t('crm.timeline.allChannels')}</option>
          {timelineChannels.map((c) => (
            <option key={c} value={c}>
              {labels.channel(c)}
            </option>
          ))}
        </select>
        {canWrite ? (
          <button type="button" className="secondary" onClick={() => setAdding((v) => !v)}>
            {adding ? t('app.close') : t('crm.timeline.addInteraction')}
          </button>
        ) : null}
      </div>
      {adding ? (
        <InteractionForm
          contactId={contactId}
          onDone={() => {
            setAdding(false);
            void invalidate(`/api/v1/contacts/${contactId}/interactions`);
          }}
        />
      ) : null}
      {items.isLoading ? <Loading /> : null}
      <ErrorNotice error={items.error} />
      {items.data && rows.length === 0 ? (
        <Empty>
          {channel
            ? t('crm.timeline.nothingOn', { channel: labels.channel(channel) })
            : t('crm.timeline.empty')}
        </Empty>
      ) : null}
      {rows.length > 0 ? (
        <ol className="timeline" data-testid="timeline">
          {rows.map((item) => (
            <li key={item.id}>
              <div className="row">
                <span className="badge">{labels.channel(item.channel)}</span>
                <span className="muted small">
                  {item.direction === 'inbound'
                    ? t('crm.timeline.fromThem')
                    : t('crm.timeline.toThem')}{' '}
                  · {formatDate(item.occurred_at)}
                </span>
                <StatusBadge status={item.status} />
              </div>
              {item.subject ? <strong>{item.subject}</strong> : null}
              {item.body ? <p className="copy">{item.body}</p> : null}
              {item.error ? <p className="field-error small">{item.error}</p> : null}
            </li>
          ))}
        </ol>
      ) : null}
      <LoadMore
        hasNextPage={items.hasNextPage}
        isFetchingNextPage={items.isFetchingNextPage}
        fetchNextPage={items.fetchNextPage}
        shown={rows.length}
      />
    </div>
  );
}

export function ContactDeals({ contactId }: { contactId: string }) {
  const { t } = useTranslation();
  const deals = useApiQuery<Page<Deal>>(`/api/v1/deals?contact_id=${contactId}&limit=50`);
  const pipelines = useApiQuery<{ data: Pipeline[] }>('/api/v1/pipelines');
  const stageName = new Map(
    (pipelines.data?.data ?? []).flatMap((p) => p.stages.map((st) => [st.id, st.name] as const)),
  );
  if (routeMissing(deals.error)) return <p className="muted">{t('app.notAvailable')}</p>;
  return (
    <div>
      {deals.isLoading ? <Loading /> : null}
      <ErrorNotice error={deals.error} />
      {deals.data && deals.data.data.length === 0 ? <Empty>{t('crm.noContactDeals')}</Empty> : null}
      {deals.data && deals.data.data.length > 0 ? (
        <div className="table-scroll">
          <table aria-label={t('crm.deals')}>
            <tbody>
              {deals.data.data.map((deal) => (
                <tr key={deal.id}>
                  <td>{deal.title}</td>
                  <td>{stageName.get(deal.stage_id) ?? '—'}</td>
                  <td>
                    <StatusBadge status={deal.status} />
                  </td>
                  <td className="num">
                    {formatMoney(deal.amount.amount_minor, deal.amount.currency)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      <p>
        <Link to="/crm-pipeline">{t('crm.toBoard')}</Link>
      </p>
    </div>
  );
}

type Consent = ApiItem<'/api/v1/contacts/{id}/consents'>;

export function Consents({ contactId }: { contactId: string }) {
  const { t } = useTranslation();
  const labels = useCrmLabels();
  const consents = useApiQuery<{ data: Consent[] }>(`/api/v1/contacts/${contactId}/consents`);
  if (routeMissing(consents.error) || consents.error?.problem.status === 404)
    return <p className="muted">{t('app.notAvailable')}</p>;
  return (
    <div>
      {consents.isLoading ? <Loading /> : null}
      <ErrorNotice error={consents.error} />
      {consents.data && consents.data.data.length === 0 ? (
        <Empty>{t('crm.noConsent')}</Empty>
      ) : null}
      {consents.data && consents.data.data.length > 0 ? (
        <table aria-label={t('crm.consent')}>
          <tbody>
            {consents.data.data.map((consent) => (
              <tr key={consent.channel}>
                <td>{labels.channel(consent.channel)}</td>
                <td>
                  <StatusBadge status={consent.status} />
                </td>
                <td className="muted small">
                  {consent.source} · {formatDate(consent.recorded_at)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </div>
  );
}

/** The contact's purchase intent with the factors behind it; writers may rescore it now. */
export function ScoreCard({ contactId, canWrite }: { contactId: string; canWrite: boolean }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const path = `/api/v1/contacts/${contactId}/score`;
  const score = useApiQuery<ContactScore>(path);
  const rescore = useMutation({
    mutationFn: () => send<ContactScore>('POST', path),
    onSuccess: (fresh) => {
      client.setQueryData(apiKey(path), fresh);
      void client.invalidateQueries({
        queryKey: apiKey(`/api/v1/contacts/${contactId}`),
        exact: true,
      });
    },
  });
  const current = score.data;
  if (routeMissing(score.error)) return <p className="muted">{t('app.notAvailable')}</p>;
  return (
    <div className="stack" data-testid="score">
      {score.isLoading ? <Loading /> : null}
      <ErrorNotice error={score.error ?? rescore.error} />
      {current ? (
        <>
          <div className="row">
            <ScoreBar score={current.score} />
            <span className="muted small">
              {current.model.kind === 'logistic'
                ? t('crm.scoreModel', { version: current.model.version ?? '?' })
                : t('crm.scoreRules')}
              {current.scored_at
                ? ` · ${t('crm.scoredAt', { when: formatDate(current.scored_at) })}`
                : ''}
            </span>
          </div>
          {current.explain.length === 0 ? (
            <Empty>{t('crm.noFactors')}</Empty>
          ) : (
            <table aria-label={t('crm.scoreFactors')}>
              <tbody>
                {current.explain.map((factor) => (
                  <tr key={factor.feature}>
                    <td>{factor.feature.replace(/_/g, ' ')}</td>
                    <td className={`num ${factor.contribution >= 0 ? 'positive' : 'negative'}`}>
                      {factor.contribution >= 0 ? '+' : '−'}
                      {formatNumber(Math.abs(factor.contribution), 2)}
                    </td>
                    <td className="muted small">{factor.detail ?? ''}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      ) : null}
      {canWrite ? (
        <div>
          <button
            type="button"
            className="secondary"
            disabled={rescore.isPending}
            onClick={() => rescore.mutate()}
          >
            {t('crm.rescore')}
          </button>
        </div>
      ) : null}
    </div>
  );
}
