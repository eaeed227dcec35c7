import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { useApiInfiniteList } from '../api/queries';
import { LoadMore } from '../components/load-more';
import { usePermissions } from '../components/permissions';
import { Card, Empty, ErrorNotice, Loading } from '../components/ui';
import { SelectField, StatusBadge, useStatusLabel } from '../components/widgets';
import { formatDate, formatDay, formatMoney } from '../i18n/format';
import { NewCampaignRequest } from './campaign-request-forms';
import type { CampaignRequest } from './campaign-requests-shared';

const statuses = [
  'planning',
  'awaiting_approval',
  'approved',
  'rejected',
  'scheduled',
  'active',
  'completed',
  'failed',
];

/** Campaign requests: the list (filter by status, read page by page) and a new request. */
export function CampaignRequestsPage() {
  const navigate = useNavigate();
  const { t } = useTranslation();
  const statusLabel = useStatusLabel();
  const [status, setStatus] = useState('');
  const permissions = usePermissions();
  const query = new URLSearchParams({ limit: '25' });
  if (status) query.set('status', status);
  const list = useApiInfiniteList<CampaignRequest>(`/api/v1/campaign-requests?${query}`);
  const rows = list.items ?? [];
  return (
    <>
      <Card
        title={t('requests.title')}
        actions={
          <SelectField
            label={t('requests.status')}
            name="status"
            value={status}
            onChange={setStatus}
            options={statuses.map((value) => ({ value, label: statusLabel(value) }))}
            allowEmpty={t('app.any')}
          />
        }
      >
        {list.isLoading ? <Loading /> : null}
        <ErrorNotice error={list.error} />
        {list.data && rows.length === 0 ? (
          <Empty>
            {status
              ? t('requests.emptyStatus', { status: statusLabel(status) })
              : t('requests.empty')}
          </Empty>
        ) : null}
        {rows.length > 0 ? (
          <div className="table-scroll">
            <table>
              <thead>
                <tr>
                  <th>{t('requests.name')}</th>
                  <th>{t('requests.objective')}</th>
                  <th>{t('requests.status')}</th>
                  <th className="num">{t('requests.budget')}</th>
                  <th>{t('requests.dates')}</th>
                  <th>{t('requests.requested')}</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((request) => (
                  <tr key={request.id}>
                    <td>
                      <Link to={`/campaign-requests/${request.id}`}>{request.name}</Link>
                    </td>
                    <td>{t(`intents.${request.objective as 'leads'}`)}</td>
                    <td>
                      <StatusBadge status={request.status} />
                    </td>
                    <td className="num">
                      {formatMoney(request.budget.amount, request.budget.currency)}
                    </td>
                    <td>
                      {formatDay(request.startsAt)} → {formatDay(request.endsAt)}
                    </td>
                    <td>{formatDate(request.createdAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
        <LoadMore
          hasNextPage={list.hasNextPage}
          isFetchingNextPage={list.isFetchingNextPage}
          fetchNextPage={list.fetchNextPage}
          shown={rows.length}
        />
      </Card>
      {permissions.can('campaigns:request') ? (
        <Card title={t('requests.new')}>
          <NewCampaignRequest
            onCreated={(id) => {
              void navigate(`/campaign-requests/${id}`);
            }}
          />
        </Card>
      ) : null}
    </>
  );
}
