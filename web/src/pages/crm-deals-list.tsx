import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { downloadFile } from '../api/client';
import { useApiInfiniteList } from '../api/queries';
import { LoadMore } from '../components/load-more';
import { SortHeader } from '../components/sort-header';
import { Empty, ErrorNotice, Loading } from '../components/ui';
import { StatusBadge, useStatusLabel } from '../components/widgets';
import { formatDate, formatDay, formatMoney } from '../i18n/format';
import { leadHref, type Deal, type Pipeline } from './crm-shared';

const statuses = ['open', 'won', 'lost'] as const;

/**
 * The pipeline's deals as one list: filtered by status, sorted by the server (amount, expected
 * close, created, updated), read page by page, exported as CSV with the same filter and order.
 */
export function DealsList({ pipeline, canExport }: { pipeline: Pipeline; canExport: boolean }) {
  const { t } = useTranslation();
  const statusLabel = useStatusLabel();
  const [status, setStatus] = useState('');
  const [sort, setSort] = useState('-created');
  const query = new URLSearchParams({ pipeline_id: pipeline.id, sort });
  if (status) query.set('status', status);
  const deals = useApiInfiniteList<Deal>(`/api/v1/deals?limit=25&${query}`);
  const exported = useMutation({
    mutationFn: () => downloadFile(`/api/v1/deals/export?${query}`, 'deals.csv'),
  });
  const stageName = new Map(pipeline.stages.map((stage) => [stage.id, stage.name]));
  const rows = deals.items ?? [];
  return (
    <div className="stack">
      <div className="row wrap">
        <label className="field">
          <span>{t('crm.status')}</span>
          <select value={status} onChange={(event) => setStatus(event.target.value)}>
            <option value="">{t('app.any')}</option>
            {statuses.map((value) => (
              <option key={value} value={value}>
                {statusLabel(value)}
              </option>
            ))}
          </select>
        </label>
        {canExport ? (
          <button
            type="button"
            className="secondary"
            disabled={exported.isPending}
            onClick={() => exported.mutate()}
          >
            {t('crm.exportCsv')}
          </button>
        ) : null}
      </div>
      <ErrorNotice error={exported.error ?? deals.error} />
      {deals.isLoading ? <Loading /> : null}
      {deals.data && rows.length === 0 ? <Empty>{t('crm.noDeals')}</Empty> : null}
      {rows.length > 0 ? (
        <div className="table-scroll">
          <table data-testid="deals">
            <thead>
              <tr>
                <th>{t('crm.dealTitle')}</th>
                <th>{t('crm.stage')}</th>
                <th>{t('crm.status')}</th>
                <SortHeader
                  label={t('crm.amount')}
                  field="amount"
                  sort={sort}
                  onSort={setSort}
                  className="num"
                />
                <SortHeader
                  label={t('crm.expectedClose')}
                  field="expected_close"
                  sort={sort}
                  onSort={setSort}
                  descendingFirst={false}
                />
                <th>{t('crm.owner')}</th>
                <SortHeader label={t('crm.added')} field="created" sort={sort} onSort={setSort} />
                <SortHeader label={t('crm.updated')} field="updated" sort={sort} onSort={setSort} />
              </tr>
            </thead>
            <tbody>
              {rows.map((deal) => (
                <tr key={deal.id}>
                  <td>
                    {deal.contact_id ? (
                      <Link to={leadHref(deal.contact_id)}>{deal.title}</Link>
                    ) : (
                      deal.title
                    )}
                  </td>
                  <td>{stageName.get(deal.stage_id) ?? '—'}</td>
                  <td>
                    <StatusBadge status={deal.status} />
                  </td>
                  <td className="num">
                    {formatMoney(deal.amount.amount_minor, deal.amount.currency)}
                  </td>
                  <td>{formatDay(deal.expected_close_on)}</td>
                  <td>{deal.owner_name ?? '—'}</td>
                  <td>{formatDate(deal.created_at)}</td>
                  <td>{formatDate(deal.updated_at)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      <LoadMore
        hasNextPage={deals.hasNextPage}
        isFetchingNextPage={deals.isFetchingNextPage}
        fetchNextPage={deals.fetchNextPage}
        shown={rows.length}
      />
    </div>
  );
}
